from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Оценочные процедуры"

    def ready(self) -> None:
        from . import aggregates  # noqa: F401  (its signals keep the per school × ВПР counts up to date)
