"""Who is logged in, read in one query.

Every page asks for the person's municipality (its time zone, the top bar) and a school head's school
(what they may see): with Django's ModelBackend those were two more queries after the person's own, on
every request. ``UserBackend`` reads them with the person; logging in, passwords and permissions are
ModelBackend's. A session names the backend that logged its person in, and Django logs out a session whose
backend is no longer listed: migration 0007 moved the sessions of ModelBackend to this one, so nobody
was logged out by the change.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from .models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
USER_BACKEND = "schools.backends.UserBackend"


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("municipality", "school").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
