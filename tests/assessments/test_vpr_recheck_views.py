"""Pages of the municipal re-check of ВПР works, for each role: who sees what, and bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.aggregates import refresh_aggregates
from assessments.models import OfficialFlag, VprGradingScale, VprRecheck, VprRecheckWork
from assessments.vpr_recheck import recheck_select
from schools.models import User

from ..conftest import login
from ..factories import SchoolFactory, UserFactory
from .factories import PupilFactory, VprResultFactory, VprTestFactory


@pytest.fixture
def school_c(municipality):
    return SchoolFactory(municipality=municipality, short_name="МКОУ «Школа В»", code="C001")


@pytest.fixture
def vpr(municipality, school_a, school_b):
    test = VprTestFactory(municipality=municipality, year=2024)
    VprGradingScale.objects.create(
        municipality=municipality, subject=test.subject, grade=5, year=2024, min_3=4, min_4=6, min_5=8
    )
    for school, marks in ((school_a, [4, 4, 5]), (school_b, [3, 3])):
        for i, mark in enumerate(marks):
            VprResultFactory(
                test=test,
                school=school,
                participant_code=f"P-{school.code}-{i}",
                class_name="5Щ",
                primary_score={3: 5, 4: 7, 5: 9}[mark],
                mark=mark,
            )
    return test


@pytest.fixture
def member_c(municipality, school_c):
    return UserFactory(
        username="member_c",
        role=User.Role.COMMISSION_MEMBER,
        municipality=municipality,
        school=school_c,
        last_name="Проверяева",
    )


@pytest.fixture
def recheck(vpr, member, member_c):
    """Every work re-checked by two members: the one from B and the one from C."""
    chosen = recheck_select(
        test=vpr, mode=VprRecheck.Mode.SAMPLE, percent=100, seed=5, user=None, members=[member, member_c]
    )
    from assessments.vpr_recheck import recheck_distribute

    recheck_distribute(recheck=chosen)
    return chosen


def test_the_coordinator_chooses_and_shares_out_in_one_step(client, coordinator, vpr, member, member_c):
    OfficialFlag.objects.create(municipality=vpr.municipality, year=2024, school=vpr.results.first().school)
    login(client, coordinator)
    page = client.get(reverse("assessments:vpr_recheck_create"), {"test": vpr.pk})
    assert page.status_code == 200 and "в официальном списке" in page.content.decode()
    response = client.post(
        reverse("assessments:vpr_recheck_create"),
        {
            "test": vpr.pk,
            "mode": "sample",
            "share_percent": "50",
            "seed": "42",
            "members": [member.pk, member_c.pk],
        },
    )
    recheck = VprRecheck.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessments:vpr_recheck_detail", args=[recheck.pk]
    )
    # 50% of 3 works is 2, of 2 works 1; all given out, none to its own school.
    assert recheck.works.count() == 3 and recheck.seed == 42
    assert not recheck.works.filter(checker__isnull=True).exists()
    assert not recheck.works.filter(checker=member, school=member.school).exists()


def test_an_impossible_distribution_is_refused_in_russian_and_saves_nothing(
    client, coordinator, municipality, school_a, vpr
):
    only = UserFactory(
        username="only", role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_a
    )
    vpr.results.exclude(school=school_a).delete()
    refresh_aggregates(tests=[vpr])
    login(client, coordinator)
    response = client.post(
        reverse("assessments:vpr_recheck_create"),
        {"test": vpr.pk, "mode": "sample", "share_percent": "100", "members": [only.pk]},
    )
    assert response.status_code == 400
    assert "Включите в комиссию членов из других школ" in response.content.decode()
    assert not VprRecheck.objects.exists() and not VprRecheckWork.objects.exists()


def test_a_sample_without_a_share_is_refused_next_to_the_field(client, coordinator, vpr, member):
    login(client, coordinator)
    response = client.post(
        reverse("assessments:vpr_recheck_create"), {"test": vpr.pk, "mode": "sample", "members": [member.pk]}
    )
    assert response.status_code == 400
    assert "укажите долю работ" in response.content.decode()
    assert not VprRecheck.objects.exists()


def test_the_member_sees_codes_only(client, recheck, member, school_a, school_b):
    PupilFactory(school=school_a, last_name="Секретова")
    login(client, member)
    body = client.get(reverse("assessments:vpr_recheck_works")).content.decode()
    mine = list(VprRecheckWork.objects.filter(checker=member))
    assert mine and all(work.code in body for work in mine)
    assert all(work.school != school_b for work in mine)
    work = mine[0]
    page = client.get(reverse("assessments:vpr_recheck_score", args=[work.code]))
    assert page.status_code == 200
    text = page.content.decode()
    for secret in (
        school_a.short_name,
        work.result.participant_code,
        "5Щ",
        "Секретова",
        f"«{work.original_mark}»",
    ):
        assert secret not in body and secret not in text, secret
    # The header names the member's own school (B): no work of B is among theirs.
    assert VprRecheckWork.objects.filter(checker=member, school=school_b).count() == 0


def test_another_members_work_or_one_of_their_own_school_is_not_found(
    client, recheck, member, member_c, school_b
):
    login(client, member)
    other = VprRecheckWork.objects.filter(checker=member_c).first()
    assert client.get(reverse("assessments:vpr_recheck_score", args=[other.code])).status_code == 404
    own = VprRecheckWork.objects.filter(school=school_b).first()
    own.checker = member
    own.save()
    assert client.get(reverse("assessments:vpr_recheck_score", args=[own.code])).status_code == 404


def test_the_member_enters_task_scores_and_the_mark_follows(client, recheck, member):
    work = VprRecheckWork.objects.filter(checker=member).first()
    login(client, member)
    response = client.post(
        reverse("assessments:vpr_recheck_score", args=[work.code]),
        {"task_0": "2", "task_1": "X", "task_2": "3"},
    )
    work.refresh_from_db()
    assert (work.task_scores, work.primary_score, work.mark) == ([2, None, 3], 5, 3)
    # On to the next work without scores; after the last one, back to the list.
    following = (
        VprRecheckWork.objects.filter(checker=member, primary_score__isnull=True).order_by("code").first()
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:vpr_recheck_score", args=[following.code])
    VprRecheckWork.objects.filter(checker=member).exclude(pk=following.pk).update(primary_score=1, mark=2)
    last = client.post(
        reverse("assessments:vpr_recheck_score", args=[following.code]),
        {"task_0": "0", "task_1": "0", "task_2": "0"},
    )
    assert last["Location"] == reverse("assessments:vpr_recheck_works")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"task_0": "7", "task_1": "1", "task_2": "1"}, "Задание 1: балл 7 больше максимального (4)."),
        ({"task_0": "два", "task_1": "1", "task_2": "1"}, "Задание 1: «два» — не целое число."),
        ({"task_0": "1", "task_1": "1"}, "Задание 3: укажите балл"),
    ],
)
def test_bad_scores_get_a_russian_message_and_nothing_is_saved(client, recheck, member, data, message):
    work = VprRecheckWork.objects.filter(checker=member).first()
    login(client, member)
    response = client.post(reverse("assessments:vpr_recheck_score", args=[work.code]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Баллы не сохранены" in body
    work.refresh_from_db()
    assert work.primary_score is None and work.task_scores is None and work.mark is None


def _score_all(recheck, marks_by_school):
    for school_id, marks in marks_by_school.items():
        for work, mark in zip(recheck.works.filter(school=school_id).order_by("pk"), marks, strict=True):
            work.mark, work.primary_score = mark, 5
            work.save()


def test_the_department_reads_the_shares_per_school(client, department_head, recheck, school_a, school_b):
    # A: «4»,«4»,«5» re-checked as «3»,«4»,«5» (1 of 3 lowered); B: «3»,«3» as «3»,«3».
    _score_all(recheck, {school_a.pk: [3, 4, 5], school_b.pk: [3, 3]})
    login(client, department_head)
    body = client.get(reverse("assessments:vpr_recheck_list"), {"year": 2024}).content.decode()
    assert "Доля объективно оцененных работ по итогам перепроверки" in body
    assert "80,0%" in body  # 4 of 5 works kept their mark
    assert "66,7%" in body and "33,3%" in body and "100,0%" in body
    detail = client.get(reverse("assessments:vpr_recheck_detail", args=[recheck.pk])).content.decode()
    assert all(work.code in detail for work in recheck.works.all())  # the organisers know the codes


def test_a_methodist_reads_their_schools_results_without_codes(
    client, methodist_a, recheck, school_a, school_b
):
    _score_all(recheck, {school_a.pk: [3, 4, 5], school_b.pk: [3, 3]})
    login(client, methodist_a)
    body = client.get(reverse("assessments:vpr_recheck_detail", args=[recheck.pk])).content.decode()
    assert school_a.short_name in body and school_b.short_name not in body
    assert not any(work.code in body for work in recheck.works.all())
    listing = client.get(reverse("assessments:vpr_recheck_list")).content.decode()
    assert school_a.short_name in listing and school_b.short_name not in listing


def test_a_school_head_sees_nothing_of_it(client, head_a, recheck, school_a):
    _score_all(
        recheck, {school_a.pk: [3, 4, 5], recheck.works.exclude(school=school_a).first().school_id: [3, 3]}
    )
    login(client, head_a)
    assert client.get(reverse("assessments:vpr_recheck_list")).status_code == 403
    assert client.get(reverse("assessments:vpr_recheck_detail", args=[recheck.pk])).status_code == 403
    assert client.get(reverse("assessments:vpr_recheck_works")).status_code == 403
    objectivity = client.get(reverse("assessments:objectivity"), {"year": 2024}).content.decode()
    assert "перепроверка понизила" not in objectivity.lower() and "Перепроверка работ" not in objectivity


def test_a_recheck_that_lowered_marks_is_a_flag_on_the_objectivity_page(
    client, coordinator, recheck, school_a, school_b
):
    _score_all(recheck, {school_a.pk: [3, 4, 5], school_b.pk: [3, 3]})
    login(client, coordinator)
    body = client.get(reverse("assessments:objectivity"), {"year": 2024}).content.decode()
    assert 'data-testid="recheck-flags"' in body
    assert "перепроверка понизила отметку в 1 из 3 работ (33,3%)" in body


def test_the_member_index_links_the_recheck_works(client, recheck, member):
    login(client, member)
    body = client.get(reverse("assessments:index")).content.decode()
    assert reverse("assessments:vpr_recheck_works") in body


def test_choosing_another_vpr_reloads_its_flagged_schools(client, coordinator, vpr, school_a):
    OfficialFlag.objects.create(municipality=vpr.municipality, year=2024, school=school_a)
    login(client, coordinator)
    page = client.get(reverse("assessments:vpr_recheck_create")).content.decode()
    assert 'hx-select="#flagged-schools"' in page and 'id="flagged-schools"' in page
    part = client.get(
        reverse("assessments:vpr_recheck_create"), {"test": vpr.pk}, headers={"HX-Request": "true"}
    )
    assert f"<strong>{school_a.short_name}</strong>: в официальном списке" in part.content.decode()


def test_the_schools_objectivity_page_shows_its_recheck_to_staff_only(
    client, coordinator, head_a, recheck, school_a, school_b
):
    _score_all(recheck, {school_a.pk: [3, 4, 5], school_b.pk: [3, 3]})
    url = reverse("assessments:objectivity_detail", args=[recheck.test_id, school_a.pk])
    login(client, coordinator)
    body = client.get(url).content.decode()
    assert 'data-testid="school-recheck"' in body
    assert "Перепроверено работ: 3 из 3 выбранных" in body and "<strong>66,7%</strong>" in body
    login(client, head_a)
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="school-recheck"' not in page.content.decode()
