from django.contrib import admin

from .models import Subject


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "has_ege", "order"]
    search_fields = ["name", "short_name"]
