"""Who may do what in assessments, per role (assessments/access.py on top of schools.access)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from assessments.access import (
    may_check_works,
    may_manage_assessments,
    may_open_assessments,
    may_view_assessments,
)

from .factories import VprResultFactory, VprTestFactory


@pytest.mark.parametrize(
    ("role", "manage", "view", "check"),
    [
        ("department_head", True, True, False),
        ("coordinator", True, True, False),
        ("methodist_a", False, True, False),
        ("head_a", False, True, False),
        ("member", False, False, True),
    ],
)
def test_each_role_gets_its_rights(request, role, manage, view, check):
    user = request.getfixturevalue(role)
    assert (may_manage_assessments(user), may_view_assessments(user), may_check_works(user)) == (
        manage,
        view,
        check,
    )
    assert may_open_assessments(user)


def test_an_anonymous_visitor_has_no_rights():
    anonymous = AnonymousUser()
    assert not any(f(anonymous) for f in (may_manage_assessments, may_view_assessments, may_check_works))


@pytest.mark.parametrize("role", ["department_head", "coordinator"])
def test_department_head_and_coordinator_see_every_school_of_the_municipality(
    client, request, role, municipality, school_a, school_b
):
    test = VprTestFactory(municipality=municipality)
    VprResultFactory(test=test, school=school_a, participant_code="A-1")
    VprResultFactory(test=test, school=school_b, participant_code="B-2")
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("assessments:vpr_results")).content.decode()
    assert "A-1" in page and "B-2" in page


def test_nobody_sees_results_of_another_municipality(client, coordinator, municipality):
    VprResultFactory(participant_code="FAR-1")
    client.force_login(coordinator)
    assert "FAR-1" not in client.get(reverse("assessments:vpr_results")).content.decode()


def test_a_user_without_a_municipality_is_told_so(client, coordinator):
    coordinator.municipality = None
    coordinator.save()
    client.force_login(coordinator)
    response = client.get(reverse("assessments:schedule_list"))
    assert response.status_code == 403
