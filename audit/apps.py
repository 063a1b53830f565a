from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Персональные данные: журнал выгрузок и сроки хранения"
