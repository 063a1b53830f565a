"""Login throttling with django-axes: the client's address, the page a locked-out person gets, and the
department head's unlocking of their municipality's people.

After ``AXES_FAILURE_LIMIT`` failed logins for one account, or from one address, that account or address
is locked for ``AXES_COOLOFF_TIME``; the login page then says so in Russian (``lockout_response``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .access import people_to_choose
from .models import User


def client_ip(request: HttpRequest) -> str:
    """The address failures are counted for: behind ``TRUSTED_PROXY_COUNT`` proxies, the one they saw."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def lockout_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message() -> str:
    minutes = lockout_minutes()
    wait = f"Попробуйте через {minutes} мин." if minutes else "Обратитесь к начальнику УО."
    return (
        "Слишком много неудачных попыток входа: вход для этой учётной записи или с этого адреса временно "
        f"закрыт. {wait} Если вы забыли пароль, нажмите «Забыли пароль?» или попросите начальника УО "
        "снять блокировку."
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The login page again, with the reason, and 429 Too Many Requests."""
    form = AuthenticationForm(request, data=request.POST or None)
    # Not validated: validating would try the password again. Only the reason is shown.
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, lockout_message())
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": request.POST.get("next", request.GET.get("next", "")), "locked_out": True},
        status=429,
    )


@dataclass
class LockedPerson:
    user: User
    failures: int
    last_attempt: datetime.datetime


def locked_people(user: User) -> list[LockedPerson]:
    """People of the department head's municipality whose account is locked now."""
    people = {p.username: p for p in people_to_choose(user.municipality_id)}
    attempts = AccessAttempt.objects.filter(username__in=list(people))
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    rows = attempts.values("username").annotate(failures=Sum("failures_since_start")).order_by("username")
    locked = []
    for row in rows:
        if row["failures"] >= settings.AXES_FAILURE_LIMIT:
            last = attempts.filter(username=row["username"]).order_by("-attempt_time").first()
            locked.append(LockedPerson(people[row["username"]], row["failures"], last.attempt_time))
    return locked


def unlock(user: User, username: str) -> bool:
    """Clear the failures of one of the department head's people; False when the person is not theirs."""
    if not people_to_choose(user.municipality_id).filter(username=username).exists():
        return False
    reset(username=username)
    return True
