"""The regional analyst: reads every municipality, one chosen at a time, and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.access import (
    is_read_only,
    may_change_school_data,
    may_open,
    may_read_region,
    may_view_school,
    municipalities_visible,
    schools_visible,
)
from schools.middleware import ANALYST_MUNICIPALITY_KEY
from schools.models import User

from ..factories import MunicipalityFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    first = MunicipalityFactory(name="Аналитический район")
    second = MunicipalityFactory(name="Бюджетный район")
    school_1 = SchoolFactory(municipality=first, short_name="МКОУ «Первая СОШ»")
    school_2 = SchoolFactory(municipality=second, short_name="МКОУ «Вторая СОШ»")
    analyst = UserFactory(username="analyst", role=User.Role.REGIONAL_ANALYST, municipality=None)
    return first, second, school_1, school_2, analyst


def test_the_analyst_without_a_chosen_municipality_sees_every_school_and_every_municipality(region):
    first, second, school_1, school_2, analyst = region
    assert set(schools_visible(analyst)) == {school_1, school_2}
    assert list(municipalities_visible(analyst)) == [first, second]
    assert may_read_region(analyst) and is_read_only(analyst)
    assert may_view_school(analyst, school_2) and may_view_school(analyst, None)


def test_the_analyst_changes_no_school_and_manages_nothing(region):
    _, _, school_1, school_2, analyst = region
    assert not may_change_school_data(analyst, school_1)
    assert not may_change_school_data(analyst, school_2)
    assert not may_change_school_data(analyst, None)
    assert all(may_open(analyst, s) for s in ("roadmaps", "schools", "medals", "assessments", "reports"))


def test_department_people_see_their_own_municipality_only_and_no_region(region):
    first, second, school_1, _, _ = region
    head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=second)
    school_head = UserFactory(role=User.Role.SCHOOL_HEAD, municipality=None, school=school_1)
    assert list(municipalities_visible(head)) == [second]
    assert list(municipalities_visible(school_head)) == [first]
    assert not may_read_region(head) and not is_read_only(head)


def test_the_observer_opens_the_assessments_section_only(region):
    observer = UserFactory(role=User.Role.OBSERVER)
    sections = ("roadmaps", "schools", "medals", "assessments", "reports")
    assert [s for s in sections if may_open(observer, s)] == ["assessments"]
    assert not schools_visible(observer).exists()


def test_the_analyst_reads_the_chosen_municipality_and_it_is_kept(region, client):
    _, second, school_1, school_2, analyst = region
    client.force_login(analyst)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert school_1.short_name in page.text and school_2.short_name not in page.text  # the first by name
    page = client.get(reverse("dashboard"), {"municipality": second.pk})
    assert school_2.short_name in page.text and school_1.short_name not in page.text
    assert client.session[ANALYST_MUNICIPALITY_KEY] == second.pk
    page = client.get(reverse("dashboard"))
    assert school_2.short_name in page.text and school_1.short_name not in page.text
    analyst.refresh_from_db()
    assert analyst.municipality_id is None  # the choice lives in the session, never in the account


def test_every_change_by_the_analyst_is_refused_before_the_view(region, client):
    analyst = region[-1]
    client.force_login(analyst)
    for name, kwargs in (
        ("roadmaps:roadmap_create", None),
        ("schools:school_import", None),
        ("assessments:procedure_create", None),
        ("reports:preferences", None),
        ("calendar_issue", None),
    ):
        response = client.post(reverse(name, kwargs=kwargs), {"title": "x"})
        assert response.status_code == 403, name
        assert "только просматривает" in response.text
    # Their own sign-in is theirs: signing out still works.
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.parametrize("asked", ["abc", "²", "99999999999999999999", "-1", ""])
def test_a_bad_choice_of_municipality_keeps_the_one_shown(region, client, asked):
    _, _, school_1, _, analyst = region
    client.force_login(analyst)
    page = client.get(reverse("dashboard"), {"municipality": asked})
    assert page.status_code == 200 and school_1.short_name in page.text
    assert ANALYST_MUNICIPALITY_KEY not in client.session
