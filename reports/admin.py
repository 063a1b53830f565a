from django.contrib import admin

from schools.admin_scope import MunicipalityScopedMixin

from .models import DigestDelivery, DigestPreference, Meeting, MeetingAgendaItem, ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["pk", "kind", "owner", "status", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["file", "filename", "content_type", "error", "attempts", "started_at", "finished_at"]


class AgendaItemInline(MunicipalityScopedMixin, admin.StackedInline):
    model = MeetingAgendaItem
    extra = 0
    fields = ["order", "title", "speaker", "heard", "spoke", "decided", "shows_school_table"]


@admin.register(Meeting)
class MeetingAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["date", "number", "municipality", "place", "chair"]
    list_filter = ["municipality"]
    inlines = [AgendaItemInline]
    filter_horizontal = ["attendees"]
    raw_id_fields = ["roadmap", "measure"]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["user", "frequency", "weekday"]
    list_filter = ["frequency"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["user", "local_date", "status", "attempts", "item_count", "claimed_at", "sent_at"]
    list_filter = ["status", "local_date"]
    readonly_fields = ["claim_token", "claimed_at", "sent_at", "attempts", "item_count", "error"]
