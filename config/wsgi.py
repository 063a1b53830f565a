import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Each gunicorn worker loads this module once it is forked: its loaded heap is left out of collections.
from config.heap import freeze_loaded_heap  # noqa: E402 - Django is set up only by the line above

freeze_loaded_heap()
