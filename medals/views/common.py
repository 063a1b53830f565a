"""What the views of medals share: who is a commission member only, the staff guard, the graduation year."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from schools.models import User

from ..access import is_medal_staff
from ..models import academic_year_of


def is_member(user: User) -> bool:
    """A commission member sees only their own re-checks: the department's pages send them there."""
    return user.role == User.Role.COMMISSION_MEMBER and not user.is_superuser


def require_staff(user: User) -> None:
    """The guard of the department's own pages (methodists and the head of the department)."""
    if not is_medal_staff(user):
        raise PermissionDenied("Эта страница — для методистов и начальника УО.")


def current_graduation_year() -> int:
    """The year this academic year's 11th grade graduates."""
    return academic_year_of(timezone.localdate()) + 1
