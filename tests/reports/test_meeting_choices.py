"""The new meeting's form checks its chair, secretary, attendees and meeting row against the lists it
loaded once (not a query per field): what is not offered is refused with Django's Russian message, as
a query per field refused it, and nothing is prepared."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import Meeting, ReportJob
from schools.models import User
from tests.factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory

from .conftest import measure_numbered

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger():
    """A methodist of another municipality: not one of the people the form offers."""
    return UserFactory(role=User.Role.METHODIST, municipality=MunicipalityFactory(name="Другой район"))


def _send(client, department_head, medal_plan, **changes):
    client.force_login(department_head)
    data = {
        "measure": measure_numbered(medal_plan, "10.").pk, "first": 1, "last": 11, "title": "совещания",
        "number": "3", "date": "2024-03-15", "place": "с. Коркмаскала", "chair": department_head.pk,
        "all_school_heads": "on",
    }  # fmt: skip
    data.update(changes)
    return client.post(reverse("reports:meeting_new") + f"?roadmap={medal_plan.pk}", data)


@pytest.mark.parametrize(
    ("field", "who"),
    [
        ("chair", "stranger"),
        ("chair", "head_a"),  # a school head is an attendee, not the chair
        ("secretary", "stranger"),
        ("attendees", "stranger"),
    ],
)
def test_a_person_not_offered_is_refused_and_nothing_is_prepared(
    client, request, department_head, medal_plan, head_a, field, who
):
    person = request.getfixturevalue(who)
    response = _send(
        client, department_head, medal_plan, **{field: [person.pk] if field == "attendees" else person.pk}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in " ".join(response.context["form"].errors[field])
    assert not Meeting.objects.exists() and not ReportJob.objects.exists()
    # Sent, the form checked only the people named; shown again, it offers everyone as before.
    page = response.content.decode()
    assert f'<option value="{department_head.pk}"' in page and f'<option value="{head_a.pk}"' in page
    assert "Присутствовали все руководители ОО (1)" in page


def test_a_row_of_another_plan_and_a_malformed_attendee_are_refused(client, department_head, medal_plan):
    other_plan = RoadmapFactory(municipality=medal_plan.municipality)
    response = _send(
        client, department_head, medal_plan, measure=MeasureFactory(roadmap=other_plan).pk, attendees=["x"]
    )
    errors = response.context["form"].errors
    assert "Выберите корректный вариант" in " ".join(errors["measure"])
    assert "“x” является неверным значением" in " ".join(errors["attendees"])
    assert not Meeting.objects.exists()


def test_the_people_offered_are_those_of_the_municipality_without_commission_members(
    client, department_head, medal_plan, methodist_a, head_a, stranger
):
    member = UserFactory(
        role=User.Role.COMMISSION_MEMBER,
        municipality=medal_plan.municipality,
        school=SchoolFactory(municipality=medal_plan.municipality),
    )
    client.force_login(department_head)
    form = client.get(reverse("reports:meeting_new"), {"roadmap": medal_plan.pk}).context["form"]
    chairs = {value for value, _ in form.fields["chair"].choices if value}
    attendees = {value for value, _ in form.fields["attendees"].choices}
    assert chairs == {department_head.pk, methodist_a.pk}
    assert attendees == {department_head.pk, methodist_a.pk, head_a.pk}
    assert member.pk not in attendees and stranger.pk not in attendees


def test_the_chosen_people_and_row_make_the_meeting(
    client, department_head, medal_plan, methodist_a, head_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the preparation job writes the attendees
        response = _send(
            client, department_head, medal_plan, secretary=methodist_a.pk, attendees=[methodist_a.pk]
        )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.chair, meeting.secretary, meeting.measure) == (
        department_head,
        methodist_a,
        measure_numbered(medal_plan, "10."),
    )
    assert set(meeting.attendees.all()) == {methodist_a, head_a}
