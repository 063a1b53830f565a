from django.apps import AppConfig


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"
    verbose_name = "Общие инструменты"

    def ready(self) -> None:
        from .lookups import register

        register()
