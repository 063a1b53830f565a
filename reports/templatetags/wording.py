"""The document wording helpers as template filters: every template joins texts the same way."""

from __future__ import annotations

from django import template

from .. import wording

register = template.Library()

register.filter("sentence", wording.sentence)
register.filter("without_stop", wording.without_stop)
