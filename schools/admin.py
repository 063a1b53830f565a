from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Municipality, School, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "department_name", "timezone"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "kind", "municipality", "is_active"]
    list_filter = ["municipality", "kind", "is_active"]
    search_fields = ["code", "short_name", "full_name", "fis_oko_login"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "school", "is_active"]
    list_filter = ["role", "municipality", "is_active"]
    search_fields = ["username", "last_name", "first_name", "email"]
    filter_horizontal = ["curated_schools", "groups", "user_permissions"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "Роль и школы",
            {"fields": ("role", "middle_name", "position", "municipality", "school", "curated_schools")},
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (
            "Роль и школы",
            {"fields": ("role", "last_name", "first_name", "middle_name", "municipality", "school")},
        ),
    )
