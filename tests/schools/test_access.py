from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from roadmaps.access import may_manage_roadmaps
from roadmaps.models import Evidence, Progress
from schools.access import (
    NAVIGATION,
    is_department_head,
    is_department_staff,
    may_change_school_data,
    may_open,
    may_view_school,
    school_for_user_or_404,
    school_q,
    schools_visible,
)
from schools.models import User
from tests.factories import MeasureFactory, MunicipalityFactory, SchoolFactory, UserFactory

SECTIONS = ["roadmaps", "schools", "medals", "assessments", "reports"]


@pytest.fixture
def other_municipality_school(db):
    return SchoolFactory(
        municipality=MunicipalityFactory(name="Томский район"), short_name="МАОУ «Лицей Томск»"
    )


def test_department_head_sees_every_school_of_their_municipality_only(
    department_head, school_a, school_b, other_municipality_school
):
    assert set(schools_visible(department_head)) == {school_a, school_b}


def test_coordinator_sees_every_school_of_their_municipality_only(
    coordinator, school_a, school_b, other_municipality_school
):
    assert set(schools_visible(coordinator)) == {school_a, school_b}


def test_superuser_without_a_municipality_sees_every_school(school_a, other_municipality_school):
    admin = UserFactory(is_superuser=True, municipality=None, role=User.Role.METHODIST)
    assert set(schools_visible(admin)) == {school_a, other_municipality_school}


def test_methodist_sees_only_curated_schools(methodist_a, school_a, school_b):
    assert list(schools_visible(methodist_a)) == [school_a]


def test_methodist_without_curated_schools_sees_none(municipality, school_a):
    methodist = UserFactory(role=User.Role.METHODIST, municipality=municipality)
    assert not schools_visible(methodist).exists()


def test_school_head_sees_only_own_school(head_a, school_a, school_b):
    assert list(schools_visible(head_a)) == [school_a]


def test_school_head_without_a_school_sees_nothing(municipality, school_a):
    head = UserFactory(role=User.Role.SCHOOL_HEAD, municipality=municipality, school=None)
    assert not schools_visible(head).exists()
    assert not Progress.objects.filter(school_q(head)).exists()


def test_commission_member_sees_no_school_not_even_their_own(member, school_b):
    assert member.school == school_b
    assert not schools_visible(member).exists()


def test_anonymous_sees_nothing(school_a):
    assert not schools_visible(AnonymousUser()).exists()
    assert may_view_school(AnonymousUser(), school_a) is False
    assert may_change_school_data(AnonymousUser(), school_a) is False
    assert may_manage_roadmaps(AnonymousUser()) is False
    assert not any(may_open(AnonymousUser(), s) for s in SECTIONS)


@pytest.fixture
def rows(measure, progress_a, progress_b):
    """A school row for A, one for B and one row of the department itself."""
    department_measure = MeasureFactory(roadmap=measure.roadmap, per_school=False)
    department_row = Progress.objects.create(measure=department_measure, school=None)
    return {"a": progress_a, "b": progress_b, "department": department_row}


def _visible_rows(user, rows, **kwargs):
    visible = set(Progress.objects.filter(school_q(user, **kwargs)))
    return {name for name, row in rows.items() if row in visible}


def test_school_q_gives_the_department_head_every_row_including_the_departments(department_head, rows):
    assert _visible_rows(department_head, rows) == {"a", "b", "department"}


def test_school_q_can_leave_out_the_department_rows(department_head, rows):
    assert _visible_rows(department_head, rows, include_department_rows=False) == {"a", "b"}


def test_school_q_gives_a_methodist_curated_schools_and_department_rows(methodist_a, rows):
    assert _visible_rows(methodist_a, rows) == {"a", "department"}


def test_school_q_gives_a_school_head_only_their_school_never_department_rows(head_a, rows):
    assert _visible_rows(head_a, rows) == {"a"}


def test_school_q_gives_a_commission_member_nothing(member, rows):
    assert _visible_rows(member, rows) == set()


def test_school_q_leaves_out_another_municipalitys_schools(department_head, rows, other_municipality_school):
    foreign = Progress.objects.create(measure=rows["a"].measure, school=other_municipality_school)
    assert foreign not in Progress.objects.filter(school_q(department_head))


def test_school_q_filters_through_a_longer_path_such_as_evidence_of_a_row(head_a, rows):
    for name in ("a", "b", "department"):
        Evidence.objects.create(
            progress=rows[name],
            file=f"evidence/{name}.pdf",
            original_name=f"{name}.pdf",
            size=1,
            content_type="x",
        )
    visible = Evidence.objects.filter(school_q(head_a, "progress__school"))
    assert [e.original_name for e in visible] == ["a.pdf"]


def test_may_view_school_follows_the_visible_schools(
    head_a, methodist_a, coordinator, member, school_a, school_b
):
    assert may_view_school(head_a, school_a) is True
    assert may_view_school(head_a, school_b) is False
    assert may_view_school(methodist_a, school_b) is False
    assert may_view_school(coordinator, school_b) is True
    assert may_view_school(member, school_b) is False


def test_only_department_staff_may_view_department_rows(
    department_head, methodist_a, coordinator, head_a, member
):
    assert may_view_school(department_head, None) is True
    assert may_view_school(methodist_a, None) is True
    assert may_view_school(coordinator, None) is True
    assert may_view_school(head_a, None) is False
    assert may_view_school(member, None) is False


def test_department_head_may_change_every_school_of_the_municipality_but_not_another(
    department_head, school_a, other_municipality_school
):
    assert may_change_school_data(department_head, school_a) is True
    assert may_change_school_data(department_head, None) is True
    assert may_change_school_data(department_head, other_municipality_school) is False


def test_methodist_may_change_curated_schools_and_department_rows_only(methodist_a, school_a, school_b):
    assert may_change_school_data(methodist_a, school_a) is True
    assert may_change_school_data(methodist_a, None) is True
    assert may_change_school_data(methodist_a, school_b) is False


def test_school_head_may_change_own_school_only(head_a, school_a, school_b):
    assert may_change_school_data(head_a, school_a) is True
    assert may_change_school_data(head_a, school_b) is False
    assert may_change_school_data(head_a, None) is False


def test_coordinator_and_commission_member_change_nothing(coordinator, member, school_a, school_b):
    for user in (coordinator, member):
        assert may_change_school_data(user, school_a) is False
        assert may_change_school_data(user, school_b) is False
        assert may_change_school_data(user, None) is False


def test_only_the_department_head_manages_roadmaps(department_head, methodist_a, coordinator, head_a, member):
    assert may_manage_roadmaps(department_head) is True
    assert not any(may_manage_roadmaps(u) for u in (methodist_a, coordinator, head_a, member))


def test_department_staff_and_the_department_head_have_one_definition_each(
    department_head, methodist_a, coordinator, head_a, member
):
    """schools.access is the one home of both: plans, the school list and meetings ask is_department_head;
    assessments and medals build on is_department_staff (medals narrows it to is_medal_staff)."""
    from medals.access import is_medal_staff

    analyst = UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None)
    observer = UserFactory(role=User.Role.OBSERVER, municipality=department_head.municipality)
    assert [is_department_head(u) for u in (department_head, methodist_a, coordinator, analyst)] == [
        True,
        False,
        False,
        False,
    ]
    staff = (department_head, methodist_a, coordinator, analyst)
    assert all(is_department_staff(u) for u in staff)
    assert not any(is_department_staff(u) for u in (head_a, member, observer, AnonymousUser()))
    assert [is_medal_staff(u) for u in staff] == [True, True, False, True]


def test_superuser_manages_roadmaps_and_opens_every_section(db):
    admin = UserFactory(is_superuser=True, role=User.Role.COMMISSION_MEMBER)
    assert may_manage_roadmaps(admin) is True
    assert all(may_open(admin, s) for s in SECTIONS)


@pytest.mark.parametrize(
    ("role", "sections"),
    [
        (User.Role.DEPARTMENT_HEAD, {"roadmaps", "schools", "medals", "assessments", "reports"}),
        (User.Role.METHODIST, {"roadmaps", "schools", "medals", "assessments", "reports"}),
        (User.Role.COORDINATOR, {"roadmaps", "schools", "assessments", "reports"}),
        (User.Role.SCHOOL_HEAD, {"roadmaps", "schools", "medals", "assessments"}),
        (User.Role.COMMISSION_MEMBER, {"medals", "assessments"}),
    ],
)
def test_each_role_opens_exactly_its_sections(db, role, sections):
    user = UserFactory(role=role)
    assert {s for s in SECTIONS if may_open(user, s)} == sections
    assert NAVIGATION[role] == sections


def test_school_for_user_or_404_returns_a_visible_school(head_a, school_a):
    assert school_for_user_or_404(head_a, school_a.pk) == school_a


def test_school_for_user_or_404_refuses_another_school(head_a, school_b):
    with pytest.raises(Http404):
        school_for_user_or_404(head_a, school_b.pk)


def test_school_for_user_or_404_refuses_a_school_that_does_not_exist(department_head):
    with pytest.raises(Http404):
        school_for_user_or_404(department_head, 999_999)
