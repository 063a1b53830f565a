"""The person's profile page with the private calendar address, and the calendar feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from schools.models import CalendarToken

from .calendar_feed import build_calendar, token_issue, token_revoke, user_for_token


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    record = CalendarToken.objects.filter(user=request.user).first()
    address = request.build_absolute_uri(reverse("calendar_feed", args=[record.token])) if record else None
    return render(request, "registration/profile.html", {"calendar_address": address})


@login_required
@require_POST
def calendar_issue(request: HttpRequest) -> HttpResponse:
    had = CalendarToken.objects.filter(user=request.user).exists()
    token_issue(request.user)
    messages.success(
        request,
        "Выдан новый адрес календаря; прежний больше не работает." if had else "Адрес календаря выдан.",
    )
    return redirect("profile")


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if token_revoke(request.user):
        messages.success(request, "Адрес календаря отключён: календарь больше не получит сроки.")
    return redirect("profile")


@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = user_for_token(token)
    if user is None:
        raise Http404("Такого адреса календаря нет: его отключили или выдали новый.")
    response = HttpResponse(build_calendar(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sroki.ics"'
    return response
