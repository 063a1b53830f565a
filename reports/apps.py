from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Отчёты и совещания"

    def ready(self) -> None:
        # The tasks register under their names at start-up, so that jobs.py queues them by name and
        # never imports tasks.py (which imports jobs.py).
        from . import tasks  # noqa: F401
