"""The in-app list of the same notifications the digest e-mail carries, for the dashboard."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..digests import Digest, digest_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def user_notifications(context: template.Context) -> Digest | None:
    """Today's digest for the person looking at the page (in their municipality's time zone)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return None
    return digest_for_user(user=user, local_date=timezone.localdate())
