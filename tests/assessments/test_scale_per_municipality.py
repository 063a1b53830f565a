"""Conversion scales are shared; a municipality changes only its own copy.

Before: scales were shared rows and the edit view fetched them by id only, so a coordinator of one
municipality lowering every score by 30 changed the test scores and medal flags another municipality saw.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import ScoreScale
from assessments.scales import scale_book
from schools.models import User

from ..factories import MunicipalityFactory, SchoolFactory, UserFactory
from .factories import (
    MockExamFactory,
    MockExamScheduleFactory,
    MockWorkFactory,
    PupilFactory,
    ScoreScaleFactory,
)
from .factories import subject as subject_named

pytestmark = pytest.mark.django_db

SHARED = [min(100, p * 2) for p in range(51)]  # primary 36 → 72: above both medal lines


@pytest.fixture
def places():
    x = MunicipalityFactory(name="Район Икс")
    y = MunicipalityFactory(name="Район Игрек")
    scale = ScoreScaleFactory(subject=subject_named("Русский язык"), year=2024, points=SHARED)
    coordinator_x = UserFactory(username="koord_x", role=User.Role.COORDINATOR, municipality=x)
    school_x = SchoolFactory(municipality=x)
    school_y = SchoolFactory(municipality=y)
    head_y = UserFactory(username="direktor_y", role=User.Role.SCHOOL_HEAD, municipality=y, school=school_y)
    exams = {}
    for key, municipality, school in (("x", x, school_x), ("y", y, school_y)):
        exam = MockExamFactory(schedule=MockExamScheduleFactory(municipality=municipality), venue=school)
        MockWorkFactory(
            exam=exam, pupil=PupilFactory(school=school, last_name=f"Ученикова{key}"), primary_score=36
        )
        exams[key] = exam
    return {"x": x, "y": y, "scale": scale, "coordinator_x": coordinator_x, "head_y": head_y, "exams": exams}


def lowered_by_30(points: list[int]) -> str:
    return " ".join(str(max(0, p - 30)) for p in points)


def exam_row(client, exam) -> list:
    response = client.get(reverse("assessments:exam_detail", args=[exam.pk]), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    return [row[header.index("Тестовый балл")], row[header.index("Ниже порога")]]


def test_lowering_scores_in_one_municipality_changes_nothing_another_sees(client, places):
    client.force_login(places["head_y"])
    before = exam_row(client, places["exams"]["y"])
    assert before == [72, None]

    client.force_login(places["coordinator_x"])
    url = reverse("assessments:scale_edit", args=[places["scale"].pk])
    assert "ваши изменения сохранятся как своя шкала" in client.get(url).content.decode()
    response = client.post(
        url, {"subject": places["scale"].subject_id, "year": 2024, "points_text": lowered_by_30(SHARED)}
    )
    assert response.status_code == 302
    # X's own copy lowers X's scores and raises X's medal flags ...
    assert exam_row(client, places["exams"]["x"]) == [42, "ниже 70 (I степени), ниже 60 (II степени)"]

    # ... while the shared scale, and what Y's school head sees, stay as they were.
    places["scale"].refresh_from_db()
    assert places["scale"].points == SHARED and places["scale"].municipality is None
    client.force_login(places["head_y"])
    assert exam_row(client, places["exams"]["y"]) == before
    page = client.get(reverse("assessments:exam_detail", args=[places["exams"]["y"].pk])).content.decode()
    assert "70 и выше" in page and "ниже 70" not in page


def test_a_second_edit_changes_the_copy_not_a_new_one(client, places):
    client.force_login(places["coordinator_x"])
    url = reverse("assessments:scale_edit", args=[places["scale"].pk])
    data = {"subject": places["scale"].subject_id, "year": 2024, "points_text": lowered_by_30(SHARED)}
    client.post(url, data)
    client.post(url, {**data, "points_text": " ".join(str(p) for p in range(51))})
    own = ScoreScale.objects.get(municipality=places["x"])
    assert own.points == list(range(51))
    assert ScoreScale.objects.count() == 2


def test_another_municipality_s_copy_is_not_found(client, places):
    own_y = ScoreScaleFactory(
        subject=places["scale"].subject, year=2024, municipality=places["y"], points=SHARED
    )
    client.force_login(places["coordinator_x"])
    url = reverse("assessments:scale_edit", args=[own_y.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"subject": own_y.subject_id, "year": 2024, "points_text": "0 1 2"})
    assert response.status_code == 404
    own_y.refresh_from_db()
    assert own_y.points == SHARED
    listing = client.get(reverse("assessments:scale_list")).content.decode()
    assert "Район Игрек" not in listing


def test_a_new_scale_of_a_coordinator_is_their_municipality_s(client, places):
    client.force_login(places["coordinator_x"])
    client.post(
        reverse("assessments:scale_create"),
        {"subject": subject_named("Математика").pk, "year": 2024, "points_text": "0 5 10"},
    )
    assert ScoreScale.objects.get(subject=subject_named("Математика")).municipality == places["x"]
    # The same subject and year again is refused with a message, not a database error.
    response = client.post(
        reverse("assessments:scale_create"),
        {"subject": subject_named("Математика").pk, "year": 2024, "points_text": "0 6 12"},
    )
    assert response.status_code == 200
    assert (
        "Шкала вашего муниципалитета по предмету «Математика» на 2024 год уже есть"
        in response.content.decode()
    )


def test_an_operator_changes_the_shared_scale_for_everyone(client, places):
    operator = UserFactory(username="operator", municipality=None, is_staff=True, is_superuser=True)
    client.force_login(operator)
    client.post(
        reverse("assessments:scale_edit", args=[places["scale"].pk]),
        {"subject": places["scale"].subject_id, "year": 2024, "points_text": lowered_by_30(SHARED)},
    )
    places["scale"].refresh_from_db()
    assert places["scale"].points[36] == 42 and ScoreScale.objects.count() == 1


def test_the_book_prefers_the_own_copy_only_in_its_municipality(places):
    russian = places["scale"].subject_id
    ScoreScaleFactory(subject=places["scale"].subject, year=2024, municipality=places["x"], points=[0, 1, 2])
    book = scale_book(subject_ids=[russian], municipality_ids=[places["x"].pk, places["y"].pk])
    assert book.convert(subject_id=russian, year=2024, primary=2, municipality_id=places["x"].pk) == 2
    assert book.convert(subject_id=russian, year=2024, primary=2, municipality_id=places["y"].pk) == 4
    assert book.convert(subject_id=russian, year=2025, primary=2, municipality_id=places["x"].pk) == 2
