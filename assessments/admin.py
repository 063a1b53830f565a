from django.contrib import admin

from schools.admin_scope import MunicipalityScopedMixin

from .aggregates import refresh_lines
from .models import (
    Commission,
    EgeResult,
    MockExamSchedule,
    MockWork,
    ObjectivityThresholds,
    Observer,
    Procedure,
    ResultUpload,
    ScoreScale,
    Subject,
    VprResult,
    VprTest,
)


@admin.register(Subject)
class SubjectAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "has_ege", "order"]
    search_fields = ["name", "short_name"]


class CommissionInline(MunicipalityScopedMixin, admin.TabularInline):
    model = Commission
    extra = 0
    filter_horizontal = ["members"]


@admin.register(MockExamSchedule)
class MockExamScheduleAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["title", "municipality", "period_start", "period_end", "order_number"]
    list_filter = ["municipality"]
    # Exams are added on the schedule page, where a venue/time clash is refused.
    inlines = [CommissionInline]


@admin.register(MockWork)
class MockWorkAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["code", "exam", "pupil", "checker", "primary_score"]
    list_filter = ["exam__schedule__municipality", "exam__subject"]
    search_fields = ["code", "pupil__last_name"]
    raw_id_fields = ["pupil", "checker", "scored_by"]


@admin.register(ScoreScale)
class ScoreScaleAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["subject", "year", "municipality", "max_primary"]
    list_filter = ["subject", "year", "municipality"]


@admin.register(ResultUpload)
class ResultUploadAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "status", "municipality", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "status", "municipality"]
    readonly_fields = ["summary", "errors", "uploaded_at", "imported_at"]


@admin.register(VprTest)
class VprTestAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["title", "municipality", "year", "subject", "grade", "max_score"]
    list_filter = ["municipality", "year", "subject", "grade"]


@admin.register(VprResult)
class VprResultAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["participant_code", "test", "school", "primary_score", "mark", "journal_mark"]
    list_filter = ["test__year", "test__subject", "test__grade"]
    search_fields = ["participant_code", "school__short_name"]
    raw_id_fields = ["test", "school", "upload"]

    # The per school × ВПР lines the objectivity analysis reads are recounted here, for the schools touched
    # (a result moved to another test or school leaves its old line too): no signal does it behind the admin.

    def save_model(self, request, obj, form, change) -> None:
        stored = VprResult.objects.filter(pk=obj.pk).values_list("test_id", "school_id")
        before = list(stored) if change else []  # read before the save overwrites them
        super().save_model(request, obj, form, change)
        refresh_lines([*before, (obj.test_id, obj.school_id)])

    def delete_model(self, request, obj) -> None:
        pair = (obj.test_id, obj.school_id)
        super().delete_model(request, obj)
        refresh_lines([pair])

    def delete_queryset(self, request, queryset) -> None:
        pairs = set(queryset.values_list("test_id", "school_id"))
        super().delete_queryset(request, queryset)
        refresh_lines(pairs)


@admin.register(EgeResult)
class EgeResultAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["pupil", "subject", "year", "score_100", "participant_code"]
    list_filter = ["year", "subject"]
    search_fields = ["pupil__last_name", "participant_code"]
    raw_id_fields = ["pupil", "upload"]


@admin.register(ObjectivityThresholds)
class ObjectivityThresholdsAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["municipality", "raised_share", "lowered_share", "min_participants"]


@admin.register(Observer)
class ObserverAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["short_name", "organisation", "school", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["last_name", "first_name"]


@admin.register(Procedure)
class ProcedureAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["__str__", "held_on", "municipality"]
    list_filter = ["kind", "municipality"]
    filter_horizontal = ["schools"]
