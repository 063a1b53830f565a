"""``{{ field|plain_field }}`` (common/plain_fields.py) writes what crispy's ``as_crispy_field`` writes, field
kind by field kind, and hands crispy every field it does not know; ``{% pk_url %}`` writes what ``{% url %}``
writes; ``{% progress_bar %}`` the bar of a share done. If crispy-bootstrap5 changes its markup, these fail
before a page looks different from the forms crispy still draws."""

from __future__ import annotations

import datetime
import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from common.plain_fields import plain_field
from common.templatetags.tables import pk_url, progress_bar
from common.urls import reverse_once, reverse_pk

NASTY = "a < b & \"c\" 'd'"
CHOICES = [("", "— все —"), ("open", "Открыто"), ("done", NASTY)]


class EveryKind(forms.Form):
    text = forms.CharField(label="Текст", required=False)
    required_text = forms.CharField(label="Обязательный текст")
    number = forms.IntegerField(label="Число", required=False)
    day = forms.DateField(label="Дата", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    search = forms.CharField(
        label="Поиск", required=False, widget=forms.TextInput(attrs={"placeholder": NASTY})
    )
    choice = forms.ChoiceField(label="Статус", choices=CHOICES, required=False)
    required_choice = forms.ChoiceField(label="Статус*", choices=CHOICES[1:])
    flag = forms.BooleanField(label="Только просроченные", required=False)
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    classed = forms.CharField(
        label="С классом", required=False, widget=forms.TextInput(attrs={"class": "w-auto"})
    )


BOUND = {
    "text": NASTY,
    "required_text": "x",
    "number": "42",
    "day": "2025-03-11",
    "search": "<script>",
    "choice": "done",
    "required_choice": "open",
    "flag": "on",
    "comment": f"first line\n\n{NASTY}\n",
    "classed": "1",
}


def _normal(html: str) -> str:
    """Crispy's templates leave blank lines between tags; the markup is what must be the same."""
    html = re.sub(r"\s+<", "<", re.sub(r">\s+", ">", str(html)))
    return re.sub(r"\s+", " ", html).strip()


def _both(make_form, name: str) -> tuple[str, str]:
    # Each renderer gets its own form: both add their classes to the widget they draw.
    return _normal(plain_field(make_form()[name])), _normal(as_crispy_field(make_form()[name]))


@pytest.mark.parametrize("name", list(EveryKind.base_fields))
@pytest.mark.parametrize(
    "make_form",
    [
        EveryKind,
        lambda: EveryKind(initial={"text": NASTY, "day": datetime.date(2025, 3, 11)}),
        lambda: EveryKind(BOUND),
    ],
    ids=["unbound", "initial", "bound"],
)
def test_a_plain_field_is_written_as_crispy_writes_it(make_form, name):
    ours, crispys = _both(make_form, name)
    assert ours == crispys


def test_the_text_area_keeps_its_content_byte_for_byte():
    ours = str(plain_field(EveryKind(BOUND)["comment"]))
    crispys = str(as_crispy_field(EveryKind(BOUND)["comment"]))
    content = re.compile(r"<textarea[^>]*>(.*?)</textarea>", re.S)
    assert content.search(ours).group(1) == content.search(crispys).group(1)


def test_a_field_with_an_error_or_a_help_text_goes_to_crispy_itself():
    invalid = EveryKind({**BOUND, "number": "сорок"})
    invalid.is_valid()
    helped = EveryKind()
    helped.fields["text"].help_text = "Подсказка"
    assert "invalid-feedback" in str(plain_field(invalid["number"]))
    assert "Подсказка" in str(plain_field(helped["text"]))


def test_the_progress_form_of_a_school_reads_the_same(db):
    from roadmaps.forms import ProgressForm
    from roadmaps.models import Progress

    for name in ("status", "comment"):
        ours, crispys = _both(lambda: ProgressForm(instance=Progress(comment=NASTY)), name)
        assert ours == crispys


@pytest.mark.parametrize(
    ("view_name", "pk"),
    [("roadmaps:measure_detail", 7), ("roadmaps:progress_detail", 123456), ("schools:school_detail", 1)],
)
def test_pk_url_writes_what_url_writes(view_name, pk):
    assert pk_url(view_name, pk) == reverse_pk(view_name, pk) == reverse(view_name, args=[pk])
    template = Template("{% load tables %}{% pk_url view pk %}|{% url view pk %}")
    ours, django = template.render(Context({"view": view_name, "pk": pk})).split("|")
    assert ours == django


def test_reverse_once_gives_what_reverse_gives_under_any_prefix():
    assert reverse_once("roadmaps:measure_list") == reverse("roadmaps:measure_list")
    try:
        set_script_prefix("/uo/")
        prefixed = reverse_once("roadmaps:measure_list")
        assert prefixed == reverse("roadmaps:measure_list") and prefixed.startswith("/uo/")
    finally:
        set_script_prefix("/")


def test_pk_url_follows_the_script_prefix_the_site_is_served_under():
    try:
        set_script_prefix("/uo/")
        assert pk_url("roadmaps:measure_detail", 5) == reverse("roadmaps:measure_detail", args=[5])
        assert pk_url("roadmaps:measure_detail", 5).startswith("/uo/")
    finally:
        set_script_prefix("/")
    assert pk_url("roadmaps:measure_detail", 5) == reverse("roadmaps:measure_detail", args=[5])


def test_the_progress_bar_shows_the_share_done():
    bar = progress_bar(42)
    assert 'aria-valuenow="42"' in bar and "pct-42" in bar and ">42%<" in bar


def test_a_model_select_reads_its_options_with_one_plain_query_and_writes_what_crispy_writes(postgres):
    """ModelChoiceIterator reads with iterator(): on PostgreSQL a server-side cursor (DECLARE, FETCH,
    CLOSE). The select written here reads the options once, with an ordinary query, and the same options."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schools.models import Municipality, School
    from schools.widgets import LongSelect

    place = Municipality.objects.create(name="Район выбора")
    first = School.objects.create(municipality=place, code="S1", short_name=NASTY)
    School.objects.create(municipality=place, code="S2", short_name="Школа № 2")

    class Pick(forms.Form):
        school = forms.ModelChoiceField(School.objects.order_by("code"), label="Школа", required=False)
        long = forms.ModelChoiceField(
            School.objects.order_by("code"), label="Школа", required=False, widget=LongSelect
        )

    for name in ("school", "long"):
        form = Pick({name: first.pk})
        assert form.is_valid()  # the chosen school is looked up here, before the select is written
        with CaptureQueriesContext(connection) as context:
            ours = _normal(plain_field(form[name]))
        assert [q["sql"] for q in context.captured_queries if "DECLARE" in q["sql"]] == []
        assert len(context.captured_queries) == 1
        assert ours == _normal(as_crispy_field(Pick({name: first.pk})[name]))
        assert "Школа № 2" in ours and "selected" in ours


@pytest.mark.parametrize(
    ("view_name", "pks"),
    [
        ("assessments:objectivity_detail", (12, 3456)),
        ("medals:indicator_edit", (7, 2026)),
        ("assessments:school_dates", (5, 5)),
    ],
)
def test_pk_url_with_several_numbers_writes_what_url_writes(view_name, pks):
    assert pk_url(view_name, *pks) == reverse(view_name, args=list(pks))
    template = Template("{% load tables %}{% pk_url view a b %}|{% url view a b %}")
    ours, django = template.render(Context({"view": view_name, "a": pks[0], "b": pks[1]})).split("|")
    assert ours == django
    # A number that is not an int (a string from a form) is reversed as it is, the way {% url %} does.
    assert pk_url(view_name, str(pks[0]), pks[1]) == reverse(view_name, args=[str(pks[0]), pks[1]])
