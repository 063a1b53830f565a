from django.contrib import admin

from schools.admin_scope import MunicipalityScopedMixin

from .models import Appendix, Evidence, Measure, Progress, ProgressChange, Roadmap, Section


class SectionInline(MunicipalityScopedMixin, admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["title", "municipality", "school", "period_start", "period_end", "status"]
    list_filter = ["status", "municipality"]
    search_fields = ["title"]
    inlines = [SectionInline]


@admin.register(Measure)
class MeasureAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "roadmap",
        "deadline_text",
        "deadline_kind",
        "deadline_end",
        "per_school",
        "scope",
    ]
    list_filter = ["roadmap", "deadline_kind", "per_school", "scope", "target_kind"]
    search_fields = ["title", "responsible_text"]
    filter_horizontal = ["responsible_users", "target_schools"]


@admin.register(Progress)
class ProgressAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["measure", "school", "status", "updated_by", "updated_at"]
    list_filter = ["status", "measure__roadmap"]
    raw_id_fields = ["measure", "school", "updated_by"]
    readonly_fields = ["version"]


@admin.register(ProgressChange)
class ProgressChangeAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["progress", "changed_by", "changed_at", "old_status", "new_status"]
    raw_id_fields = ["progress", "changed_by"]


@admin.register(Evidence)
class EvidenceAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["original_name", "progress", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["progress", "uploaded_by"]


@admin.register(Appendix)
class AppendixAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["title", "roadmap", "order"]
    list_filter = ["roadmap"]
