"""Issue 13, trap 2: the re-check form recorded «2» when the expert touched nothing.

No mark field anywhere starts with a value; a re-check mark is confirmed on a second screen that shows
the teacher's mark beside it; the member may correct it until the methodist closes the re-check.
"""

from __future__ import annotations

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.forms import ScoreForm
from medals.forms import MemberRecheckForm, NotebookMarkForm
from medals.models import Recheck
from medals.rechecks import recheck_close, recheck_record

from .factories import RecheckFactory

# Every form field in which a person gives a mark or a score.
MARK_FIELDS = [(MemberRecheckForm, "mark"), (NotebookMarkForm, "mark"), (ScoreForm, "primary_score")]


def _value_a_browser_sends(html: str, name: str) -> str:
    """What an untouched field submits: the selected option, else the first one; an input's value."""
    tree = lxml.html.fromstring(html)
    (field,) = tree.xpath(f'//*[@name="{name}"]')
    if field.tag == "select":
        options = field.xpath(".//option")
        chosen = [o for o in options if o.get("selected") is not None] or options[:1]
        return chosen[0].get("value", chosen[0].text_content()) if chosen else ""
    return field.get("value") or ""


@pytest.mark.parametrize(("form_class", "name"), MARK_FIELDS)
def test_no_mark_field_starts_with_a_value(form_class, name, db):
    form = form_class()
    assert _value_a_browser_sends(str(form[name]), name) == ""
    assert not form_class({name: ""}).is_valid()


@pytest.fixture
def assigned(candidate_a, member):
    return RecheckFactory(
        candidate=candidate_a,
        assigned_to=member,
        status=Recheck.Status.ASSIGNED,
        original_mark="5",
        original_value=5,
    )


def test_the_page_of_an_untouched_work_submits_no_mark(client, member, assigned):
    client.force_login(member)
    url = reverse("medals:member_recheck", args=[assigned.pk])
    assert _value_a_browser_sends(client.get(url).content.decode(), "mark") == ""
    response = client.post(url, {"mark": "", "comment": ""})
    assert response.status_code == 400
    assert "Выберите отметку" in response.content.decode()
    assigned.refresh_from_db()
    assert (assigned.status, assigned.recheck_mark) == (Recheck.Status.ASSIGNED, "")


def test_a_mark_is_confirmed_beside_the_teachers_before_it_is_saved(client, member, assigned):
    client.force_login(member)
    url = reverse("medals:member_recheck", args=[assigned.pk])
    response = client.post(url, {"mark": "3", "comment": "ошибка в задании 4"})
    assert response.status_code == 200
    html = lxml.html.fromstring(response.content.decode())
    assert html.xpath('string(//*[@data-testid="confirm-mark"])').strip() == "3"
    assert html.xpath('string(//*[@data-testid="teacher-mark"])').strip() == "5"
    assert "ниже отметки учителя на 2" in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.status == Recheck.Status.ASSIGNED and assigned.recheck_mark == ""  # nothing saved yet
    back = client.post(url, {"mark": "3", "comment": "", "back": "1"})
    assert 'data-testid="recheck-confirm"' not in back.content.decode()
    response = client.post(url, {"mark": "3", "comment": "ошибка в задании 4", "confirm": "1"})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert (assigned.status, assigned.recheck_mark, assigned.recheck_value) == (Recheck.Status.DONE, "3", 3)


def test_the_member_corrects_the_mark_until_the_methodist_closes_it(
    client, member, assigned, department_head
):
    url = reverse("medals:member_recheck", args=[assigned.pk])
    client.force_login(member)
    client.post(url, {"mark": "3", "confirm": "1"})
    page = client.get(url).content.decode()
    assert "Записана ваша отметка" in page and _value_a_browser_sends(page, "mark") == ""
    client.post(url, {"mark": "4", "confirm": "1"})
    assigned.refresh_from_db()
    assert assigned.recheck_mark == "4"

    client.force_login(department_head)
    edit = reverse("medals:recheck_edit", args=[assigned.pk])
    response = client.post(edit, {"assigned_to": member.pk, "note": "", "close": "on"})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.is_closed and assigned.closed_by == department_head

    client.force_login(member)
    response = client.post(url, {"mark": "2", "confirm": "1"})
    assert response.status_code == 409
    assert "закрыта методистом" in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.recheck_mark == "4"
    assert 'name="mark"' not in client.get(url).content.decode()


def test_only_a_rechecked_work_can_be_closed(assigned, department_head):
    with pytest.raises(ValidationError, match="только перепроверенную"):
        recheck_close(recheck=assigned, user=department_head)
    recheck_record(recheck=assigned, mark="5", comment="")
    recheck_close(recheck=assigned, user=department_head)
    with pytest.raises(ValidationError, match="закрыта"):
        recheck_record(recheck=assigned, mark="2", comment="")


def test_the_close_box_is_offered_for_a_rechecked_work_only(client, assigned, department_head):
    client.force_login(department_head)
    edit = reverse("medals:recheck_edit", args=[assigned.pk])
    assert 'name="close"' not in client.get(edit).content.decode()
    recheck_record(recheck=assigned, mark="4", comment="")
    assert 'name="close"' in client.get(edit).content.decode()
