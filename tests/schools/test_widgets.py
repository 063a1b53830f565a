"""The long select renders exactly what Django's select renders, only without a template per option."""

from __future__ import annotations

import re

import pytest
from django import forms

from schools.models import School
from schools.widgets import LongSelect
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _form(widget: type[forms.Select]) -> type[forms.Form]:
    class SchoolForm(forms.Form):
        school = forms.ModelChoiceField(
            queryset=School.objects.order_by("short_name"), required=False, empty_label="все", widget=widget
        )

    return SchoolForm


@pytest.mark.parametrize("chosen", [None, 1])
def test_a_long_select_is_the_same_html_as_djangos_select(chosen):
    schools = [SchoolFactory(short_name=f"МКОУ «СОШ №{n}»") for n in range(3)]
    data = {"school": schools[chosen].pk} if chosen is not None else None
    fast, slow = _form(LongSelect)(data), _form(forms.Select)(data)
    fast.is_valid(), slow.is_valid()
    assert str(fast["school"]) == re.sub(r">\s+<", "><", str(slow["school"]))
    assert ("selected>МКОУ «СОШ №1»" in str(fast["school"])) is (chosen == 1)


def test_a_long_select_escapes_names_and_keeps_the_field_attributes():
    SchoolFactory(short_name='<b>"СОШ" & лицей</b>')
    field = _form(LongSelect)()["school"]
    html = field.as_widget(attrs={"class": "form-select", "required": True})
    assert "&lt;b&gt;&quot;СОШ&quot; &amp; лицей&lt;/b&gt;" in html
    assert 'class="form-select"' in html and " required" in html and 'id="id_school"' in html
