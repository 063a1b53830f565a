"""The department head's page of locked logins: who of their municipality is locked out, and unlocking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .login_locks import locked_people, lockout_minutes, unlock
from .models import User


def _require_department_head(user: User) -> None:
    if not (user.role == User.Role.DEPARTMENT_HEAD and user.municipality_id):
        raise PermissionDenied("Блокировки входа снимает начальник УО.")


@login_required
def login_locks(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_department_head(user)
    if request.method == "POST":
        username = request.POST.get("username", "")
        if unlock(user, username):
            messages.success(request, f"Блокировка входа для «{username}» снята.")
        else:
            messages.error(
                request, f"Пользователь «{username}» не найден среди сотрудников вашего муниципалитета."
            )
        return redirect("schools:login_locks")
    return render(
        request,
        "schools/login_locks.html",
        {"locked": locked_people(user), "minutes": lockout_minutes()},
    )
