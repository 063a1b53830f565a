from django.apps import AppConfig


class MedalsConfig(AppConfig):
    name = "medals"
    verbose_name = "Претенденты на медаль"

    def ready(self) -> None:
        # The tasks register under their names at start-up: importers/background.py queues them by name
        # and never imports tasks.py (which imports it).
        from . import tasks  # noqa: F401
