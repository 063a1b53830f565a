from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Оценочные процедуры"

    def ready(self) -> None:
        # The tasks register under their names at start-up, so that objectivity_kept.py queues the keep
        # task by name and never imports tasks.py (which imports objectivity_kept.py).
        from . import tasks  # noqa: F401
