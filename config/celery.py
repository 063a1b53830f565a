import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
@worker_ready.connect
def _freeze_loaded_heap(**kwargs) -> None:
    """A report worker's loaded heap is left out of collections (config.heap): a forked child when it
    starts, the worker itself (``--pool=solo`` runs the tasks there) once it is ready."""
    from config.heap import freeze_loaded_heap  # Django is set up only once the worker starts

    freeze_loaded_heap()
