"""Every role's access to the candidates of another school: 404 for another school's data, 403 for a role."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from medals.importers.uploads import upload_create
from medals.models import Grade, Recheck, SchoolYearIndicator, Source, Upload

from .factories import GradeFactory, RecheckFactory


@pytest.fixture
def upload_a(school_a, head_a):
    return upload_create(
        school=school_a,
        kind=Upload.Kind.JOURNAL,
        name="a.csv",
        content=ContentFile("ФИО;Класс\n".encode()),
        user=head_a,
    )


def get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {})


def test_anonymous_visitors_are_sent_to_the_login_page(client, candidate_a):
    response = client.get(reverse("medals:candidate_detail", args=[candidate_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("user", "sees_a", "sees_b"),
    [
        ("department_head", True, True),
        ("methodist_a", True, False),
        ("methodist_b", False, True),
        ("head_a", True, False),
        ("head_b", False, True),
    ],
)
def test_the_candidate_list_shows_only_the_schools_a_user_may_see(
    client, request, candidate_a, candidate_b, user, sees_a, sees_b
):
    content = get(client, request.getfixturevalue(user), "medals:candidate_list").content.decode()
    assert ("Арсланова Динара" in content) is sees_a
    assert ("Бекова Зарина" in content) is sees_b


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("department_head", 200),
        ("methodist_a", 200),
        ("head_a", 200),
        ("methodist_b", 404),
        ("head_b", 404),
        ("member", 404),
    ],
)
def test_the_candidate_card_is_404_for_another_schools_user(client, request, candidate_a, user, status):
    assert (
        get(client, request.getfixturevalue(user), "medals:candidate_detail", candidate_a.pk).status_code
        == status
    )


def test_the_coordinator_may_not_open_the_medal_section(client, coordinator, candidate_a):
    assert get(client, coordinator, "medals:candidate_list").status_code == 403
    assert get(client, coordinator, "medals:candidate_detail", candidate_a.pk).status_code == 403


def test_a_commission_member_is_sent_to_their_works_from_every_list(client, member):
    for name in ("medals:candidate_list", "medals:comparison", "medals:risk_groups"):
        response = get(client, member, name)
        assert response.status_code == 302
        assert response["Location"] == reverse("medals:member_rechecks")


@pytest.mark.parametrize(
    ("user", "status"), [("head_a", 200), ("methodist_a", 200), ("head_b", 404), ("methodist_b", 404)]
)
def test_an_upload_and_its_file_are_404_for_another_school(client, request, upload_a, user, status):
    who = request.getfixturevalue(user)
    assert get(client, who, "medals:upload_detail", upload_a.pk).status_code == status
    assert get(client, who, "medals:upload_file", upload_a.pk).status_code == status


def test_the_extract_download_returns_the_file_as_uploaded(client, head_a, upload_a):
    response = get(client, head_a, "medals:upload_file", upload_a.pk)
    assert b"".join(response.streaming_content) == "ФИО;Класс\n".encode()
    assert "a.csv" in response["Content-Disposition"]


def test_another_schools_head_cannot_save_its_upload(client, head_b, upload_a):
    assert post(client, head_b, "medals:upload_save", upload_a.pk).status_code == 404
    upload_a.refresh_from_db()
    assert upload_a.status != Upload.Status.SAVED


def test_a_school_head_cannot_upload_for_another_school(client, head_a, school_b, tmp_path):
    client.force_login(head_a)
    response = client.post(
        reverse("medals:upload", args=["journal"]),
        {"school": school_b.pk, "file": ContentFile(b"x", name="j.csv")},
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Upload.objects.exists()


def test_notebook_uploads_are_for_the_department_not_school_heads(client, head_a, methodist_a):
    assert get(client, head_a, "medals:upload", "notebook").status_code == 403
    assert get(client, methodist_a, "medals:upload", "notebook").status_code == 200


def test_a_school_head_cannot_enter_notebook_marks(client, head_a, candidate_a):
    data = {"subject": 1, "work_date": "2023-10-12", "work_kind": "control", "mark": "5"}
    assert post(client, head_a, "medals:notebook_add", candidate_a.pk, data=data).status_code == 403
    assert not Grade.objects.exists()


def test_another_schools_methodist_gets_404_entering_notebook_marks(client, methodist_b, candidate_a):
    data = {"subject": 1, "work_date": "2023-10-12", "work_kind": "control", "mark": "5"}
    assert post(client, methodist_b, "medals:notebook_add", candidate_a.pk, data=data).status_code == 404


def test_the_curator_enters_a_notebook_mark(client, methodist_a, candidate_a):
    data = {
        "subject": 1,
        "work_date": "2023-10-12",
        "work_kind": "control",
        "mark": "4",
        "teacher": "Учителева М.А.",
    }
    response = post(client, methodist_a, "medals:notebook_add", candidate_a.pk, data=data)
    assert response.status_code == 302
    grade = Grade.objects.get()
    assert (grade.source, grade.mark, grade.class_name, grade.entered_by) == (
        Source.NOTEBOOK,
        "4",
        "11А",
        methodist_a,
    )


def test_a_notebook_mark_outside_grades_10_11_is_refused_with_a_message(client, methodist_a, candidate_a):
    data = {"subject": 1, "work_date": "2021-10-12", "work_kind": "control", "mark": "4"}
    response = post(client, methodist_a, "medals:notebook_add", candidate_a.pk, data=data)
    assert response.status_code == 302
    assert not Grade.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "не приходится на 10–11 классы" in messages[0]


@pytest.mark.parametrize("user", ["head_a", "member", "coordinator"])
def test_the_recheck_list_is_not_for_schools_or_members(client, request, user):
    assert get(client, request.getfixturevalue(user), "medals:recheck_list").status_code == 403


def test_the_recheck_list_shows_only_the_curated_schools(client, methodist_a, candidate_a, candidate_b):
    RecheckFactory(candidate=candidate_a, code="24-AAAAA")
    RecheckFactory(candidate=candidate_b, code="24-BBBBB")
    content = get(client, methodist_a, "medals:recheck_list").content.decode()
    assert "24-AAAAA" in content
    assert "24-BBBBB" not in content


def test_another_schools_methodist_gets_404_on_a_recheck(client, methodist_b, candidate_a):
    recheck = RecheckFactory(candidate=candidate_a)
    assert get(client, methodist_b, "medals:recheck_edit", recheck.pk).status_code == 404


def test_sending_a_work_to_recheck_is_for_the_curator(client, head_a, methodist_b, methodist_a, candidate_a):
    grade = GradeFactory(candidate=candidate_a)
    assert post(client, head_a, "medals:recheck_add", grade.pk).status_code == 403
    assert post(client, methodist_b, "medals:recheck_add", grade.pk).status_code == 404
    assert post(client, methodist_a, "medals:recheck_add", grade.pk).status_code == 302
    assert Recheck.objects.get().reasons == ["Добавлена методистом"]


def test_proposing_rechecks_touches_only_the_methodists_schools(client, methodist_b, candidate_a):
    GradeFactory(candidate=candidate_a, mark="5")
    GradeFactory(candidate=candidate_a, mark="4", source=Source.NOTEBOOK)
    post(client, methodist_b, "medals:recheck_propose")
    assert not Recheck.objects.exists()


def test_the_comparison_shows_only_visible_schools(client, head_b, candidate_a, candidate_b):
    GradeFactory(candidate=candidate_a, mark="5")
    GradeFactory(candidate=candidate_a, mark="4", source=Source.NOTEBOOK)
    content = get(client, head_b, "medals:comparison").content.decode()
    assert "Арсланова" not in content


def test_the_risk_groups_show_only_visible_schools(client, head_b, candidate_a, candidate_b):
    candidate_a.previous_school_name = "СОШ №9"
    candidate_a.save()
    content = get(client, head_b, "medals:risk_groups").content.decode()
    assert "Арсланова" not in content


def test_school_indicators_are_for_the_department(client, head_a, methodist_b, methodist_a, school_a):
    assert get(client, head_a, "medals:indicator_list").status_code == 403
    assert get(client, methodist_b, "medals:indicator_edit", school_a.pk, 2024).status_code == 404
    response = post(
        client,
        methodist_a,
        "medals:indicator_edit",
        school_a.pk,
        2024,
        data={"graduates": 30, "medalists": 4, "medalists_ege_below_70": 1},
    )
    assert response.status_code == 302
    assert SchoolYearIndicator.objects.get(school=school_a, year=2024).graduates == 30
