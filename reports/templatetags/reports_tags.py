"""The in-app list of the same notifications the digest e-mail carries, for the dashboard."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..digests import Digest, digest_for_user

register = template.Library()

# The lines of a bucket the dashboard's card lists (the rest are behind the bucket's «все (N)» link).
NOTIFICATION_LINES = 5


@register.simple_tag(takes_context=True)
def user_notifications(context: template.Context) -> Digest | None:
    """Today's digest for the person looking at the page (in their municipality's time zone), as much of it
    as the card shows: five lines a bucket (reports/partials/notifications.html), no table of schools."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return None
    return digest_for_user(
        user=user, local_date=timezone.localdate(), items=NOTIFICATION_LINES, school_lines=False, page=True
    )
