"""common.forms.IdsField: an id too large for any database integer is an unknown choice, never a 500;
TickedIdsField: the same, ticked in boxes."""

from __future__ import annotations

import pytest
from django import forms

from common.forms import IdsField, TickedIdsField
from schools.models import School

pytestmark = pytest.mark.django_db


class _Pick(forms.Form):
    schools = IdsField(queryset=School.objects.all())


@pytest.mark.parametrize("value", ["99999999999999999999999999", str(2**63), "-99999999999999999999"])
def test_an_id_no_integer_column_holds_is_refused_like_an_unknown_one(value, school_a):
    form = _Pick({"schools": [str(school_a.pk), value]})
    assert not form.is_valid()
    assert form.errors["schools"][0].startswith("Выберите корректный вариант")


def test_known_ids_are_chosen(school_a, school_b):
    form = _Pick({"schools": [str(school_a.pk), str(school_b.pk)]})
    assert form.is_valid() and set(form.cleaned_data["schools"]) == {school_a, school_b}


def test_the_observer_form_refuses_a_huge_school_id_with_a_message(client, coordinator, school_a):
    from django.urls import reverse

    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:observer_create"),
        {"last_name": "Иванова", "first_name": "Анна", "relative_schools": ["99999999999999999999999999"]},
    )
    assert response.status_code == 200 and "relative_schools" in response.context["form"].errors


def test_a_ticked_field_offers_nothing_until_the_form_gives_its_choices(school_a):
    class Tick(forms.Form):
        schools = TickedIdsField(School, label="Школы")

    form = Tick({})
    assert isinstance(form.fields["schools"].widget, forms.CheckboxSelectMultiple)
    assert list(form.fields["schools"].queryset) == []
    assert form.is_valid() and list(form.cleaned_data["schools"]) == []
    form = Tick({"schools": [str(school_a.pk)]})
    form.fields["schools"].queryset = School.objects.all()
    assert form.is_valid() and list(form.cleaned_data["schools"]) == [school_a]
