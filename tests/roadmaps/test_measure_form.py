"""Issue 13, trap 5: a hand-typed deadline is read by the importer's parser and shown before saving.

«До 15 марта 2027 года» typed in the measure form showed «срок не распознан» and never became overdue.
The form asks no «Вид срока» and no «Порядок»; two measures with the same number in one roadmap are
refused with a message.
"""

from __future__ import annotations

import datetime

import lxml.html
import pytest
from django.urls import reverse

from roadmaps.models import DeadlineKind, Measure, Roadmap
from roadmaps.progress import overdue_q
from tests.factories import MeasureFactory, RoadmapFactory


@pytest.fixture
def plan(municipality):
    return RoadmapFactory(
        municipality=municipality,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
        status=Roadmap.Status.APPROVED,
    )


def _data(**overrides) -> dict:
    return {
        "number": "12",
        "title": "Проверка тетрадей претендентов",
        "deadline_text": "До 15 марта 2027 года",
        "responsible_text": "Методисты УО",
        "per_school": "on",
    } | overrides


def test_the_form_asks_no_technical_fields(client, plan, department_head):
    client.force_login(department_head)
    page = client.get(reverse("roadmaps:measure_create", args=[plan.pk])).content.decode()
    names = set(lxml.html.fromstring(page).xpath("//form//*[@name]/@name"))
    assert not names & {"deadline_kind", "order", "deadline_start", "deadline_end"}
    assert "Вид срока" not in page and "Порядок" not in page


def test_a_typed_deadline_is_shown_as_understood_before_saving_then_saved(
    client, plan, department_head, school_a
):
    client.force_login(department_head)
    url = reverse("roadmaps:measure_create", args=[plan.pk])
    first = client.post(url, _data())
    assert first.status_code == 200
    assert not Measure.objects.exists()  # nothing saved on the first post
    shown = lxml.html.fromstring(first.content.decode())
    understood = shown.xpath('string(//*[@data-testid="deadline-understood"])')
    assert "до 15 марта 2027 г." in understood and "Ещё не сохранено" in understood
    assert shown.xpath('//input[@name="deadline_seen"]/@value') == ["До 15 марта 2027 года"]
    second = client.post(url, _data(deadline_seen="До 15 марта 2027 года"))
    assert second.status_code == 302
    measure = Measure.objects.get()
    assert (measure.deadline_kind, measure.deadline_end) == (DeadlineKind.DATE, datetime.date(2027, 3, 15))
    # …and so it becomes overdue the next day, like an imported one.
    assert measure.progress.filter(overdue_q(datetime.date(2027, 3, 16))).count() == 1


def test_a_changed_deadline_is_shown_again(client, plan, department_head):
    client.force_login(department_head)
    url = reverse("roadmaps:measure_create", args=[plan.pk])
    response = client.post(url, _data(deadline_text="Февраль-март", deadline_seen="До 15 марта 2027 года"))
    assert response.status_code == 200 and not Measure.objects.exists()
    assert "1 февраля 2027 г. – 31 марта 2027 г." in response.content.decode()


def test_an_unreadable_deadline_is_named_before_saving(client, plan, department_head):
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:measure_create", args=[plan.pk]), _data(deadline_text="когда получится")
    )
    text = lxml.html.fromstring(response.content.decode()).xpath(
        'string(//*[@data-testid="deadline-understood"])'
    )
    assert "срок не распознан" in text and "никогда не станет просроченным" in text


def test_a_new_measure_goes_to_the_end_of_the_plan(client, plan, department_head):
    MeasureFactory(roadmap=plan, number="1", order=7)
    client.force_login(department_head)
    client.post(
        reverse("roadmaps:measure_create", args=[plan.pk]), _data(deadline_seen="До 15 марта 2027 года")
    )
    assert Measure.objects.get(number="12").order == 8


@pytest.mark.parametrize("number", ["7.1", "7.1.", " 7.1 "])
def test_the_same_number_twice_in_one_roadmap_is_refused(client, plan, department_head, number):
    MeasureFactory(roadmap=plan, number="7.1", title="Проверка журналов")
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:measure_create", args=[plan.pk]),
        _data(number=number, deadline_seen="До 15 марта 2027 года"),
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["number"]
    assert "Мероприятие № 7.1 уже есть в этой дорожной карте: «Проверка журналов»" in error
    assert Measure.objects.filter(roadmap=plan).count() == 1


def test_the_same_number_in_another_roadmap_is_fine(client, plan, department_head, municipality):
    MeasureFactory(roadmap=RoadmapFactory(municipality=municipality), number="12")
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:measure_create", args=[plan.pk]), _data(deadline_seen="До 15 марта 2027 года")
    )
    assert response.status_code == 302


def test_an_imported_repeated_number_may_be_edited_without_renumbering(client, plan, department_head):
    """Seed 000 numbers «10» twice: editing one of them keeps its number; only a new clash is refused."""
    MeasureFactory(roadmap=plan, number="10", deadline_text="До 15 марта 2027 года")
    second = MeasureFactory(roadmap=plan, number="10", deadline_text="До 15 марта 2027 года")
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:measure_edit", args=[second.pk]),
        _data(number="10", title="Новое название", deadline_seen="До 15 марта 2027 года"),
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.title == "Новое название"


def test_editing_with_the_saved_deadline_needs_no_second_look(client, plan, department_head):
    measure = MeasureFactory(roadmap=plan, number="3", deadline_text="До 15 марта 2027 года")
    client.force_login(department_head)
    page = client.get(reverse("roadmaps:measure_edit", args=[measure.pk])).content.decode()
    assert lxml.html.fromstring(page).xpath('//input[@name="deadline_seen"]/@value') == [
        "До 15 марта 2027 года"
    ]
