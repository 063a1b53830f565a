"""The sessions logged in through Django's ModelBackend now name schools.backends.UserBackend (the same
backend, reading the person with their municipality and school): without this, every person logged in
when the change was deployed would have been logged out."""

from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations

BACKEND_KEY = "_auth_user_backend"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
USER_BACKEND = "schools.backends.UserBackend"


def _move(apps, old: str, new: str) -> None:
    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.all().iterator(chunk_size=1000):
        data = store.decode(session.session_data)  # {} for a session that cannot be read
        if data.get(BACKEND_KEY) == old:
            data[BACKEND_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forward(apps, schema_editor):
    _move(apps, MODEL_BACKEND, USER_BACKEND)


def backward(apps, schema_editor):
    _move(apps, USER_BACKEND, MODEL_BACKEND)


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0006_roles_regional_analyst_observer"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
