"""The commission member's depersonalised page: a code, a subject, a work kind and a date — nothing else."""

import pytest
from django.urls import reverse

from medals.models import Recheck
from schools.models import User
from tests.factories import UserFactory

from .factories import RecheckFactory


@pytest.fixture
def assigned(candidate_a, member):
    return RecheckFactory(
        candidate=candidate_a,
        code="24-K7Q2M",
        assigned_to=member,
        status=Recheck.Status.ASSIGNED,
        teacher="Учителева Мадина Ахмедовна",
        original_mark="5",
    )


def test_the_member_sees_the_work_by_code_without_the_pupils_name_or_school(
    client, member, assigned, candidate_a
):
    client.force_login(member)
    for url in (reverse("medals:member_rechecks"), reverse("medals:member_recheck", args=[assigned.pk])):
        content = client.get(url).content.decode()
        assert "24-K7Q2M" in content
        assert "Русский язык" in content
        assert assigned.work_date.strftime("%d.%m.%Y") in content
        school = candidate_a.school
        for secret in ("Арсланова", "Динара", school.short_name, "Школа А", school.code, "Учителева"):
            assert secret not in content, secret


def test_the_member_enters_the_recheck_mark(client, member, assigned):
    client.force_login(member)
    url = reverse("medals:member_recheck", args=[assigned.pk])
    assert client.post(url, {"mark": "4", "comment": "снижено"}).status_code == 200  # the confirmation
    response = client.post(url, {"mark": "4", "comment": "снижено", "confirm": "1"})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert (assigned.status, assigned.recheck_mark, assigned.recheck_comment) == (
        Recheck.Status.DONE,
        "4",
        "снижено",
    )


def test_a_member_never_sees_a_work_from_their_own_school_even_if_assigned(client, member, candidate_b):
    own = RecheckFactory(
        candidate=candidate_b, code="24-OWN01", assigned_to=member, status=Recheck.Status.ASSIGNED
    )
    client.force_login(member)
    assert "24-OWN01" not in client.get(reverse("medals:member_rechecks")).content.decode()
    assert client.get(reverse("medals:member_recheck", args=[own.pk])).status_code == 404
    assert client.post(reverse("medals:member_recheck", args=[own.pk]), {"mark": "2"}).status_code == 404


def test_a_member_sees_only_works_assigned_to_them(client, member, candidate_a, municipality):
    other_member = UserFactory(role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=None)
    theirs = RecheckFactory(
        candidate=candidate_a, code="24-OTHER", assigned_to=other_member, status=Recheck.Status.ASSIGNED
    )
    proposed = RecheckFactory(
        candidate=candidate_a, code="24-PROPO", assigned_to=member, status=Recheck.Status.PROPOSED
    )
    client.force_login(member)
    content = client.get(reverse("medals:member_rechecks")).content.decode()
    assert "24-OTHER" not in content
    assert "24-PROPO" not in content
    assert client.get(reverse("medals:member_recheck", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("medals:member_recheck", args=[proposed.pk])).status_code == 404


@pytest.mark.parametrize("user", ["head_a", "methodist_a", "department_head"])
def test_the_members_page_is_for_members_only(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("medals:member_rechecks")).status_code == 403
