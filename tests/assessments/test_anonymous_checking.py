"""Anonymous checking stays anonymous to the school until the results are published.

Before: a school head's page of a mock exam (and its Excel) listed «Код | Ученик | … | Проверяющий» while
checking was under way, and a candidate's card showed the re-check code.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schools.models import User

from ..factories import UserFactory
from ..medals.factories import CandidateFactory, RecheckFactory
from .factories import MockExamFactory, MockWorkFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked_exam(schedule, school_a, school_b, municipality):
    checker = UserFactory(
        username="proveryayushchaya",
        last_name="Проверяющая",
        role=User.Role.COMMISSION_MEMBER,
        municipality=municipality,
        school=school_b,
    )
    exam = MockExamFactory(schedule=schedule, venue=school_a)
    MockWorkFactory(
        exam=exam, pupil=PupilFactory(school=school_a, last_name="Альфина"), code="731904", checker=checker
    )
    return exam


def _page(client, user, exam) -> str:
    client.force_login(user)
    return client.get(reverse("assessments:exam_detail", args=[exam.pk])).content.decode()


def _sheet(client, user, exam) -> list[list]:
    client.force_login(user)
    response = client.get(reverse("assessments:exam_detail", args=[exam.pk]), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_school_sees_neither_codes_nor_checkers_while_checking(client, checked_exam, head_a, methodist_a):
    for user in (head_a, methodist_a):
        page = _page(client, user, checked_exam)
        assert "Альфина" in page
        assert "731904" not in page and "Проверяющая" not in page and "Проверяющий" not in page
        rows = _sheet(client, user, checked_exam)
        assert "Код" not in rows[0] and "Проверяющий" not in rows[0] and "Ученик" in rows[0]
        assert not any("731904" in str(v) or "Проверяющая" in str(v) for row in rows for v in row)


def test_the_organisers_see_them_and_publish_the_results(client, checked_exam, coordinator, head_a):
    page = _page(client, coordinator, checked_exam)
    assert "731904" in page and "Проверяющая" in page
    assert _sheet(client, coordinator, checked_exam)[0][:4] == ["Код", "Ученик", "Школа", "Проверяющий"]
    response = client.post(reverse("assessments:exam_publish", args=[checked_exam.pk]))
    assert response.status_code == 302
    checked_exam.refresh_from_db()
    assert checked_exam.results_published_at is not None
    page = _page(client, head_a, checked_exam)
    assert "731904" in page and "Проверяющая" in page


def test_a_school_head_cannot_publish(client, checked_exam, head_a):
    client.force_login(head_a)
    assert client.post(reverse("assessments:exam_publish", args=[checked_exam.pk])).status_code == 403
    checked_exam.refresh_from_db()
    assert checked_exam.results_published_at is None


def test_the_candidate_card_hides_the_recheck_code_from_the_school(client, school_a, head_a, methodist_a):
    candidate = CandidateFactory(pupil=PupilFactory(school=school_a))
    RecheckFactory(code="24-TAINA1", candidate=candidate)
    url = reverse("medals:candidate_detail", args=[candidate.pk])
    client.force_login(head_a)
    assert "24-TAINA1" not in client.get(url).content.decode()
    client.force_login(methodist_a)
    assert "24-TAINA1" in client.get(url).content.decode()
