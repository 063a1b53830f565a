"""The demo of the ВПР re-check: believable, within the rules, idempotent, and every role's pages open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.demo import load_assessments_demo
from assessments.models import VprRecheck, VprRecheckWork, VprTest
from assessments.vpr_recheck import recheck_summary
from schools.models import User

from ..conftest import login


@pytest.fixture
def demo(municipality):
    load_assessments_demo(municipality=municipality)
    return municipality


def test_the_demo_rechecks_every_year_within_the_rules_and_a_second_load_adds_nothing(demo):
    years = set(VprTest.objects.filter(municipality=demo).values_list("year", flat=True))
    assert set(VprRecheck.objects.filter(municipality=demo).values_list("test__year", flat=True)) == years
    works = VprRecheckWork.objects.select_related("checker")
    count = works.count()
    assert count > 0 and not works.filter(checker__isnull=True).exists()
    assert all(work.checker.school_id != work.school_id for work in works)
    for recheck in VprRecheck.objects.all():
        loads = [recheck.works.filter(checker=m).count() for m in recheck.members.all()]
        assert max(loads) - min(loads) <= 1
    load_assessments_demo(municipality=demo)
    assert VprRecheckWork.objects.count() == count


def test_the_demo_has_believable_shares(demo):
    summary = recheck_summary(municipality=demo, year=2024)
    assert summary["works_rechecked"] > 0
    share = summary["objective_after_recheck_share"]
    assert share is not None and 0.5 < share < 1
    assert summary["schools_lowered"], "some school's marks are lowered by the re-check"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (User.Role.DEPARTMENT_HEAD, 200),
        (User.Role.COORDINATOR, 200),
        (User.Role.METHODIST, 200),
        (User.Role.SCHOOL_HEAD, 403),
    ],
)
def test_the_demo_pages_open_for_each_role(client, demo, role, status):
    school = demo.schools.order_by("pk").first()
    user = User.objects.create(
        username=f"demo-{role}",
        role=role,
        municipality=demo,
        school=school if role == "school_head" else None,
    )
    if role == User.Role.METHODIST:
        user.curated_schools.set(demo.schools.all())
    login(client, user)
    recheck = VprRecheck.objects.filter(municipality=demo).first()
    assert client.get(reverse("assessments:vpr_recheck_list")).status_code == status
    assert client.get(reverse("assessments:vpr_recheck_detail", args=[recheck.pk])).status_code == status


def test_a_demo_member_sees_their_works_by_code(client, demo):
    work = VprRecheckWork.objects.select_related("checker", "school").first()
    login(client, work.checker)
    body = client.get(reverse("assessments:vpr_recheck_works")).content.decode()
    assert work.code in body and work.school.short_name not in body
    page = client.get(reverse("assessments:vpr_recheck_score", args=[work.code]))
    assert page.status_code == 200 and work.result.participant_code not in page.content.decode()
