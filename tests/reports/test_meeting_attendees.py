"""The March meeting of a municipality with more school heads than Django takes fields in one request.

The form used to preselect every school head: with 1,500 heads the browser sent 1,500 «attendees» fields
and Django refused the request (DATA_UPLOAD_MAX_NUMBER_FIELDS, 1,000). «All school heads» is now one
choice; people are picked one by one only when not all of them came.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from reports.models import Meeting
from schools.models import School, User

from .conftest import measure_numbered

pytestmark = pytest.mark.django_db

MANY = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 100


class _FormData(HTMLParser):
    """What a browser submits from the page's form as it is offered: every field with its preset value."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[-1] = (self._textarea, self.data[-1][1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _as_offered(html: str) -> dict[str, list[str]]:
    parser = _FormData()
    parser.feed(html)
    fields: dict[str, list[str]] = {}
    for name, value in parser.data:
        fields.setdefault(name, []).append(value)
    return fields


def _many_heads(municipality, count: int) -> list[User]:
    schools = School.objects.bulk_create(
        School(
            municipality=municipality, code=f"M{n:05d}", short_name=f"МБОУ «СОШ №{n}»", full_name=f"СОШ №{n}"
        )
        for n in range(count)
    )
    return User.objects.bulk_create(
        User(
            username=f"director{n:05d}",
            role=User.Role.SCHOOL_HEAD,
            municipality=municipality,
            school=school,
            last_name=f"Директоров{n:05d}",
            password="!",
        )
        for n, school in enumerate(schools)
    )


def test_the_meeting_form_as_offered_posts_with_more_heads_than_django_takes_fields(
    client, department_head, medal_plan, municipality, head_a, head_b, django_capture_on_commit_callbacks
):
    _many_heads(municipality, MANY)
    client.force_login(department_head)
    url = reverse("reports:meeting_new") + f"?roadmap={medal_plan.pk}"
    page = client.get(url).content.decode()
    offered = _as_offered(page)
    assert offered["all_school_heads"] == ["on"]
    assert "attendees" not in offered  # nobody ticked one by one
    assert f"Присутствовали все руководители ОО ({MANY + 2})" in page
    offered.update(title=["совещания руководителей ОО"], place=["с. Коркмаскала"])

    with django_capture_on_commit_callbacks(execute=True):  # the preparation job writes the attendees
        response = client.post(url, offered)

    assert response.status_code == 302, response.content.decode()[:500]
    meeting = Meeting.objects.get()
    assert meeting.attendees.filter(role=User.Role.SCHOOL_HEAD).count() == MANY + 2
    assert meeting.attendees.count() == MANY + 2


def test_all_heads_and_people_picked_one_by_one_are_all_attendees(
    client, department_head, methodist_a, medal_plan, head_a, head_b, django_capture_on_commit_callbacks
):
    client.force_login(department_head)
    data = {
        "measure": measure_numbered(medal_plan, "10."), "first": 1, "last": 11, "title": "совещания",
        "number": "3", "date": "2024-03-15", "place": "с. Коркмаскала", "all_school_heads": "on",
        "attendees": [methodist_a.pk, head_a.pk],  # a head picked as well is not counted twice
    }  # fmt: skip
    data["measure"] = data["measure"].pk
    with django_capture_on_commit_callbacks(execute=True):  # the preparation job writes the attendees
        response = client.post(reverse("reports:meeting_new") + f"?roadmap={medal_plan.pk}", data)
    assert response.status_code == 302
    assert set(Meeting.objects.get().attendees.all()) == {methodist_a, head_a, head_b}


def test_without_the_choice_only_the_heads_picked_attended(
    client, department_head, medal_plan, head_a, head_b, django_capture_on_commit_callbacks
):
    client.force_login(department_head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reports:meeting_new") + f"?roadmap={medal_plan.pk}",
            {"first": 1, "last": 11, "title": "совещания", "number": "3", "date": "2024-03-15",
             "place": "с. К", "attendees": [head_b.pk]},
        )  # fmt: skip
    assert list(Meeting.objects.get().attendees.all()) == [head_b]


def test_editing_a_meeting_all_heads_attended_offers_the_one_choice_and_keeps_them(
    client, department_head, methodist_a, march_meeting, municipality
):
    heads = _many_heads(municipality, MANY)
    march_meeting.attendees.set([*User.objects.filter(role=User.Role.SCHOOL_HEAD), methodist_a])
    client.force_login(department_head)
    url = reverse("reports:meeting_edit", args=[march_meeting.pk])
    offered = _as_offered(client.get(url).content.decode())
    assert offered["all_school_heads"] == ["on"]
    assert offered["attendees"] == [str(methodist_a.pk)]

    response = client.post(url, offered)

    assert response.status_code == 302
    march_meeting.refresh_from_db()
    assert march_meeting.attendees.count() == User.objects.filter(role=User.Role.SCHOOL_HEAD).count() + 1
    assert march_meeting.attendees.filter(pk=heads[-1].pk).exists()


def test_editing_a_meeting_some_heads_attended_shows_them_picked(
    client, department_head, march_meeting, head_a, head_b
):
    march_meeting.attendees.set([head_a])
    client.force_login(department_head)
    offered = _as_offered(
        client.get(reverse("reports:meeting_edit", args=[march_meeting.pk])).content.decode()
    )
    assert "all_school_heads" not in offered
    assert offered["attendees"] == [str(head_a.pk)]
