from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from schools.admin_scope import MunicipalityScopedMixin, is_operator

from .models import Municipality, School, User


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["name", "department_name", "timezone"]


@admin.register(School)
class SchoolAdmin(MunicipalityScopedMixin, admin.ModelAdmin):
    list_display = ["code", "short_name", "kind", "municipality", "is_active"]
    list_filter = ["municipality", "kind", "is_active"]
    search_fields = ["code", "short_name", "full_name", "fis_oko_login"]


@admin.register(User)
class UserAdmin(MunicipalityScopedMixin, BaseUserAdmin):
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

    # Rights an operator alone gives: a department head can neither make an operator nor open the admin
    # to someone else.
    operator_fields = ("is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if is_operator(request.user) else (*readonly, *self.operator_fields)
