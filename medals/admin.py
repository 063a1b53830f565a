from django.contrib import admin

from schools.admin_scope import MunicipalityScopedMixin

from .models import Candidate, ExtractVersion, MedalBenchmark, Recheck, SchoolYearIndicator, Upload


@admin.register(MedalBenchmark)
class MedalBenchmarkAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["year", "national_share", "ege_below_70_limit", "source"]


@admin.register(SchoolYearIndicator)
class SchoolYearIndicatorAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["school", "year", "graduates", "medalists", "medalists_ege_below_70", "updated_by"]
    list_filter = ["year", "school__municipality"]
    raw_id_fields = ["school", "updated_by"]


@admin.register(Candidate)
class CandidateAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["pupil", "school", "graduation_year", "degree", "transfer_date", "is_active"]
    list_filter = ["graduation_year", "degree", "is_active", "school__municipality"]
    search_fields = ["pupil__last_name", "pupil__first_name"]
    raw_id_fields = ["pupil", "school", "previous_school", "register_upload"]


@admin.register(Upload)
class UploadAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = [
        "original_name",
        "kind",
        "school",
        "status",
        "rows",
        "saved",
        "error_count",
        "uploaded_at",
    ]
    list_filter = ["kind", "status"]
    raw_id_fields = ["school", "uploaded_by"]
    readonly_fields = ["errors"]


@admin.register(ExtractVersion)
class ExtractVersionAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["school", "source", "academic_year", "is_current", "marks", "upload"]
    list_filter = ["source", "is_current"]
    raw_id_fields = ["school", "upload", "replaced_by"]


@admin.register(Recheck)
class RecheckAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["code", "subject", "work_date", "status", "assigned_to", "original_mark", "recheck_mark"]
    list_filter = ["status"]
    search_fields = ["code"]
    raw_id_fields = ["candidate", "assigned_to", "created_by"]
