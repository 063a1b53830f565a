"""The ЕГЭ/ГВЭ form on the candidate's card and the issued-medals page, for every role, with bad input."""

import pytest
from django.urls import reverse

from medals.models import Candidate, ExamForm, IssuedMedal
from tests.assessments.factories import EgeResultFactory

from .factories import CandidateFactory, PupilFactory, subject


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("department_head", 302),
        ("methodist_a", 302),
        ("head_a", 302),
        ("methodist_b", 404),
        ("head_b", 404),
        ("member", 404),
        ("coordinator", 403),
    ],
)
def test_who_may_set_ege_or_gve(client, request, candidate_a, user, status):
    response = login(client, request.getfixturevalue(user)).post(
        reverse("medals:candidate_exam", args=[candidate_a.pk]),
        {"exam_form": "ГВЭ", "gve_russian": "5", "gve_math": "5"},
    )
    assert response.status_code == status
    candidate_a.refresh_from_db()
    assert (candidate_a.exam_form == ExamForm.GVE) is (status == 302)


def test_gve_on_the_card_changes_the_verdict_reasons(client, head_a, candidate_a):
    login(client, head_a).post(
        reverse("medals:candidate_exam", args=[candidate_a.pk]),
        {"exam_form": "ГВЭ", "gve_russian": "5", "gve_math": "4"},
    )
    page = client.get(reverse("medals:candidate_detail", args=[candidate_a.pk])).content.decode()
    assert "ГВЭ: математика «4», нужно «5»" in page
    assert 'data-testid="exam-form-edit"' in page


@pytest.mark.parametrize(
    "data",
    [
        {"exam_form": "ОГЭ"},
        {"exam_form": "ЕГЭ", "gve_russian": "5"},
        {"exam_form": "ГВЭ", "gve_math": "7"},
        {"exam_form": "ГВЭ", "gve_math": "\x00"},
    ],
)
def test_bad_exam_input_saves_nothing_and_says_why(client, head_a, candidate_a, data):
    response = login(client, head_a).post(
        reverse("medals:candidate_exam", args=[candidate_a.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert "Форма ГИА не сохранена" in response.content.decode()
    candidate_a.refresh_from_db()
    assert (candidate_a.exam_form, candidate_a.gve_russian, candidate_a.gve_math) == ("ЕГЭ", None, None)


@pytest.fixture
def graduate_a(school_a):
    pupil = PupilFactory(school=school_a, last_name="Выпускникова")
    EgeResultFactory(pupil=pupil, subject=subject("Русский язык"), year=2024, score_100=69)
    EgeResultFactory(pupil=pupil, subject=subject("Физика"), year=2024, score_100=90)
    return CandidateFactory(pupil=pupil, graduation_year=2024)


@pytest.mark.parametrize(
    ("user", "status"),
    [("department_head", 200), ("methodist_a", 200), ("head_a", 200), ("member", 403), ("coordinator", 403)],
)
def test_who_opens_the_issued_medals_page(client, request, graduate_a, user, status):
    response = login(client, request.getfixturevalue(user)).get(
        reverse("medals:issued_medals"), {"school": graduate_a.school_id, "year": 2024}
    )
    assert response.status_code == status
    if status == 200:
        assert "Выпускникова" in response.content.decode()


@pytest.mark.parametrize("user", ["head_b", "methodist_b"])
def test_another_schools_graduates_are_neither_shown_nor_changed(client, request, graduate_a, user):
    client = login(client, request.getfixturevalue(user))
    page = client.get(reverse("medals:issued_medals"), {"school": graduate_a.school_id, "year": 2024})
    assert page.status_code == 200
    assert "Выпускникова" not in page.content.decode()
    assert "Школа не найдена среди ваших школ" in page.content.decode()
    client.post(
        reverse("medals:issued_medals"),
        {"school": graduate_a.school_id, "year": 2024, f"issued-{graduate_a.pk}": "1"},
    )
    graduate_a.refresh_from_db()
    assert graduate_a.issued_medal == ""


def test_a_gold_medal_issued_below_70_is_shown_as_a_finding(client, head_a, graduate_a):
    response = login(client, head_a).post(
        reverse("medals:issued_medals"),
        {"school": graduate_a.school_id, "year": 2024, f"issued-{graduate_a.pk}": "1"},
        follow=True,
    )
    graduate_a.refresh_from_db()
    assert graduate_a.issued_medal == IssuedMedal.FIRST
    page = response.content.decode()
    assert "Выданные медали сохранены (изменено: 1)" in page
    assert "ЕГЭ по русскому языку 69 б., нужно не менее 70" in page


def test_a_silver_medal_at_69_is_no_finding(client, head_a, graduate_a):
    login(client, head_a).post(
        reverse("medals:issued_medals"),
        {"school": graduate_a.school_id, "year": 2024, f"issued-{graduate_a.pk}": "2"},
    )
    page = client.get(reverse("medals:issued_medals"), {"school": graduate_a.school_id, "year": 2024})
    assert 'data-testid="issued-findings"' not in page.content.decode()


@pytest.mark.parametrize(
    "extra",
    [
        {"issued-{pk}": "3"},
        {"issued-{pk}": "1", "issued-999999": "1"},
        {"issued-{pk}": "1", "issued-abc": "2"},
    ],
)
def test_bad_issued_input_saves_nothing(client, head_a, graduate_a, candidate_b, extra):
    data = {"school": graduate_a.school_id, "year": 2024}
    data.update({k.format(pk=graduate_a.pk): v for k, v in extra.items()})
    data[f"issued-{candidate_b.pk}"] = "1"  # another school's graduate in the same form
    response = login(client, head_a).post(reverse("medals:issued_medals"), data)
    assert response.status_code == 200
    assert "Ничего не сохранено" in response.content.decode()
    assert not Candidate.objects.exclude(issued_medal="").exists()


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "99999"}, {"school": "x"}, {"school": "\x00"}])
def test_bad_query_gets_the_page_with_a_message(client, head_a, graduate_a, query):
    response = login(client, head_a).get(reverse("medals:issued_medals"), query)
    assert response.status_code == 200
