"""``{{ field|plain_field }}``: a form field as ``{{ field|as_crispy_field }}`` writes it, without the
templates for the plain fields (``common.plain_fields``)."""

from django import template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from ..plain_fields import plain_field as _plain_field

register = template.Library()


@register.filter
def plain_field(field: BoundField) -> SafeString:
    return _plain_field(field)
