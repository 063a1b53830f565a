"""Pages of the mock-exam schedule, the commission and the members' score entry, for each role."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.forms import MockExamForm
from assessments.models import Commission, MockExam, MockExamSchedule, MockWork
from schools.models import User

from ..factories import UserFactory
from .factories import MockExamFactory, MockWorkFactory, PupilFactory, ScoreScaleFactory, subject


@pytest.fixture
def exam(schedule, school_a):
    return MockExamFactory(schedule=schedule, venue=school_a)


@pytest.fixture
def works(exam, school_a, school_b):
    return {
        "a": MockWorkFactory(
            exam=exam, pupil=PupilFactory(school=school_a, last_name="Альфина"), code="111111"
        ),
        "b": MockWorkFactory(
            exam=exam, pupil=PupilFactory(school=school_b, last_name="Бетина"), code="222222"
        ),
    }


def test_the_coordinator_creates_a_schedule(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:schedule_create"),
        {"title": "График", "order_number": "312", "period_start": "2023-09-01", "period_end": "2024-08-31"},
    )
    schedule = MockExamSchedule.objects.get()
    assert response.status_code == 302 and schedule.municipality == coordinator.municipality


def test_a_methodist_may_not_create_a_schedule(client, methodist_a):
    client.force_login(methodist_a)
    assert client.get(reverse("assessments:schedule_create")).status_code == 403


def test_an_exam_is_created_with_coded_works_and_the_out_of_period_date_is_warned(
    client, coordinator, schedule, school_a
):
    pupils = [PupilFactory(school=school_a), PupilFactory(school=school_a)]
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:exam_create", args=[schedule.pk]),
        {
            "subject": subject().pk,
            "round": 1,
            "venue": school_a.pk,
            "starts_at": "2024-12-20T11:00",
            "duration_minutes": 235,
            "pupils": [p.pk for p in pupils],
        },
        follow=True,
    )
    exam = MockExam.objects.get()
    assert exam.works.count() == 2
    assert timezone.localtime(exam.starts_at).hour == 11
    assert (
        "Дата 20.12.2024 вне периода плана (01.09.2023 – 31.08.2024): проверьте год."
        in response.content.decode()
    )


def test_a_venue_time_clash_is_refused_on_the_form(client, coordinator, exam, school_a):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:exam_create", args=[exam.schedule_id]),
        {
            "subject": subject("Математика").pk,
            "round": 1,
            "venue": school_a.pk,
            "starts_at": "2024-01-16T12:00",
            "duration_minutes": 235,
        },
    )
    assert response.status_code == 200
    assert (
        "в это время уже идёт экзамен: Русский язык (первый пробный), 16.01.2024 с 10:00 до 13:55"
        in response.content.decode()
    )
    assert MockExam.objects.count() == 1


def test_the_same_subject_and_round_twice_in_a_schedule_is_refused(client, coordinator, exam, school_b):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:exam_create", args=[exam.schedule_id]),
        {
            "subject": subject().pk,
            "round": 1,
            "venue": school_b.pk,
            "starts_at": "2024-02-16T10:00",
            "duration_minutes": 235,
        },
    )
    assert "уже есть Русский язык (первый пробный)" in response.content.decode()


def test_the_commission_is_set_and_the_works_are_distributed(
    client, coordinator, exam, works, member, member_a
):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:commission_edit", args=[exam.schedule_id, exam.subject_id]),
        {"members": [member.pk, member_a.pk]},
    )
    assert response.status_code == 302
    assert set(Commission.objects.get().members.all()) == {member, member_a}
    client.post(reverse("assessments:exam_distribute", args=[exam.pk]))
    works["a"].refresh_from_db()
    works["b"].refresh_from_db()
    # member is from school B, member_a from school A: each checks the other school's work.
    assert (works["a"].checker, works["b"].checker) == (member, member_a)


def test_an_impossible_distribution_is_explained_and_nothing_changes(
    client, coordinator, exam, works, member
):
    Commission.objects.create(schedule=exam.schedule, subject=exam.subject).members.add(member)
    client.force_login(coordinator)
    response = client.post(reverse("assessments:exam_distribute", args=[exam.pk]), follow=True)
    assert "Распределить работы нельзя" in response.content.decode()
    assert not MockWork.objects.filter(checker__isnull=False).exists()


def test_the_print_version_shows_both_appendices(client, department_head, exam, works, member):
    Commission.objects.create(schedule=exam.schedule, subject=exam.subject).members.add(member)
    client.force_login(department_head)
    page = client.get(reverse("assessments:schedule_print", args=[exam.schedule_id])).content.decode()
    assert "Приложение №2" in page and "Приложение №3" in page and member.short_name in page
    assert "16.01.2024 г." in page


def test_a_school_head_sees_only_their_own_pupils_works(client, head_a, exam, works):
    client.force_login(head_a)
    page = client.get(reverse("assessments:exam_detail", args=[exam.pk])).content.decode()
    assert "Альфина" in page and "Бетина" not in page


def test_a_methodist_sees_only_works_of_curated_schools(client, methodist_b, exam, works):
    client.force_login(methodist_b)
    page = client.get(reverse("assessments:exam_detail", args=[exam.pk])).content.decode()
    assert "Бетина" in page and "Альфина" not in page


def test_the_exam_of_another_municipality_is_404(client, coordinator):
    other = MockExamFactory()
    client.force_login(coordinator)
    assert client.get(reverse("assessments:exam_detail", args=[other.pk])).status_code == 404


def test_scores_convert_and_medal_lines_are_flagged_on_the_exam_page(client, coordinator, exam, works):
    ScoreScaleFactory(year=2024, points=[min(100, p * 2) for p in range(51)])
    MockWork.objects.filter(code="111111").update(primary_score=34)  # 68 points: below the 70 line
    client.force_login(coordinator)
    page = client.get(reverse("assessments:exam_detail", args=[exam.pk])).content.decode()
    assert "68" in page and "ниже 70 (I степени)" in page


# --- members ------------------------------------------------------------------------------------------


@pytest.fixture
def assigned(works, member):
    """member (school B) checks the work of school A."""
    MockWork.objects.filter(code="111111").update(checker=member)
    ScoreScaleFactory(year=2024, points=list(range(0, 51)))
    return works["a"]


def test_a_member_sees_assigned_works_by_code_only(client, member, assigned):
    client.force_login(member)
    page = client.get(reverse("assessments:my_works")).content.decode()
    assert "111111" in page and "222222" not in page
    assert "Альфина" not in page and "Школа А" not in page


def test_a_member_enters_a_score_by_code_and_gets_the_row_back(client, member, assigned):
    client.force_login(member)
    response = client.post(
        reverse("assessments:work_score", args=["111111"]), {"primary_score": 41}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'value="41"' in response.content.decode()
    assigned.refresh_from_db()
    assert (assigned.primary_score, assigned.scored_by) == (41, member)


def test_a_score_above_the_maximum_is_refused(client, member, assigned):
    client.force_login(member)
    response = client.post(
        reverse("assessments:work_score", args=["111111"]), {"primary_score": 51}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and "от 0 до 50" in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.primary_score is None


def test_a_member_may_not_score_a_work_not_assigned_to_them(client, member, member_a, assigned):
    client.force_login(member_a)
    assert (
        client.post(reverse("assessments:work_score", args=["111111"]), {"primary_score": 3}).status_code
        == 404
    )


def test_a_member_never_reaches_a_work_of_their_own_school_even_if_assigned(client, member, works):
    MockWork.objects.filter(code="222222").update(checker=member)  # school B's work to the school-B member
    client.force_login(member)
    assert "222222" not in client.get(reverse("assessments:my_works")).content.decode()
    assert (
        client.post(reverse("assessments:work_score", args=["222222"]), {"primary_score": 3}).status_code
        == 404
    )


def test_a_member_may_not_open_schedules_or_results(client, member, exam):
    client.force_login(member)
    assert client.get(reverse("assessments:exam_detail", args=[exam.pk])).status_code == 403
    assert client.get(reverse("assessments:vpr_results")).status_code == 403


def test_other_roles_may_not_enter_scores(client, coordinator, assigned):
    client.force_login(coordinator)
    assert (
        client.post(reverse("assessments:work_score", args=["111111"]), {"primary_score": 3}).status_code
        == 403
    )


def test_a_member_without_a_scale_is_told_to_ask_the_coordinator(client, municipality, works, school_b):
    checker = UserFactory(role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_b)
    MockWork.objects.filter(code="111111").update(checker=checker)
    client.force_login(checker)
    response = client.post(
        reverse("assessments:work_score", args=["111111"]), {"primary_score": 3}, follow=True
    )
    assert "нет шкалы перевода баллов" in response.content.decode()


def test_the_scale_page_saves_points_typed_as_text(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("assessments:scale_create"),
        {"subject": subject().pk, "year": 2025, "points_text": "0 4 8 12"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("assessments:scale_create"), {"subject": subject().pk, "year": 2026, "points_text": "0 9 8"}
    )
    assert "тестовый балл 8 меньше, чем у предыдущего (9)" in response.content.decode()


def test_exam_times_are_shown_in_the_municipalitys_zone(
    client, coordinator, municipality, schedule, school_a
):
    municipality.timezone = "Asia/Tomsk"
    municipality.save()
    MockExamFactory(
        schedule=schedule,
        venue=school_a,
        starts_at=timezone.make_aware(datetime.datetime(2024, 1, 16, 3, 0), datetime.UTC),
    )
    client.force_login(coordinator)
    page = client.get(reverse("assessments:schedule_detail", args=[schedule.pk])).content.decode()
    assert "16.01.2024 в 10:00" in page


def test_medal_candidates_of_the_year_come_first_and_are_marked(coordinator, schedule, school_a):
    graduate = PupilFactory(school=school_a, last_name="Абрамова")
    candidate = PupilFactory(school=school_a, last_name="Яковлева", grade=None)
    candidate.medal_candidacies.create(school=school_a, graduation_year=2024, degree=1)
    PupilFactory(school=school_a, last_name="Девятова", grade=9)
    form = MockExamForm(schedule=schedule)
    choices = [label for _, label in form.fields["pupils"].choices]
    assert [c.split(",")[0] for c in choices] == [candidate.full_name, graduate.full_name]
    assert choices[0].endswith("· претендент на медаль") and "претендент" not in choices[1]
