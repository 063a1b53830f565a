"""Kept pages (common.kept_pages): the dashboard is served as it was rendered while nothing it shows has
changed, and rendered again after any change of a row it shows, whatever wrote it. On PostgreSQL (the
fingerprint reads its xmin and ctid); on SQLite nothing is kept."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.kept_pages import may_keep
from portal.home import dashboard_rows
from reports.models import DigestPreference
from roadmaps.models import Measure, Progress, ProgressStatus, Roadmap
from roadmaps.progress import progress_sync_for_measure
from schools.models import Municipality, School, User
from tests.factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory

TODAY = date(2024, 2, 20)


@pytest.fixture
def plan(postgres, roadmap, school_a, school_b):
    """Two measures of the municipality's plan for both schools, one overdue, one due in a week."""
    overdue = MeasureFactory(
        roadmap=roadmap, number="1", title="Мониторинг журналов", deadline_end=TODAY - timedelta(days=5)
    )
    soon = MeasureFactory(
        roadmap=roadmap,
        number="2",
        title="Совещание с руководителями",
        deadline_end=TODAY + timedelta(days=7),
    )
    for measure in (overdue, soon):
        progress_sync_for_measure(measure=measure)
    return overdue, soon


def _client(user, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    client.get(reverse("dashboard"))  # the CSRF cookie a browser has after its first page
    return client


TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]{64}')


def _page(client: Client) -> str:
    """The dashboard, its CSRF tokens blanked: each rendering masks the session's secret anew."""
    return TOKEN.sub(r"\1…", client.get(reverse("dashboard")).content.decode())


def _fresh(client: Client, settings) -> str:
    settings.KEPT_PAGES = False
    try:
        return _page(client)
    finally:
        settings.KEPT_PAGES = True


def _served_kept(client: Client) -> tuple[str, bool]:
    """The page, and whether it was served kept: nothing was asked after the fingerprint (before it, the
    session, the person and, for the analyst, the municipality of the top bar)."""
    with CaptureQueriesContext(connection) as queries:
        page = _page(client)
    sql = [q["sql"] for q in queries.captured_queries]
    return page, len(sql) <= 4 and sql[-1].startswith("SELECT (SELECT count(*)")


@pytest.fixture
def analyst(municipality):
    """The regional analyst: their dashboard is of the municipality chosen in the top bar (the first)."""
    return UserFactory(username="analyst", role=User.Role.REGIONAL_ANALYST, municipality=None)


PEOPLE = ["department_head", "methodist_a", "head_a", "analyst"]


@pytest.mark.parametrize("who", PEOPLE)
@time_machine.travel(TODAY, tick=False)
def test_an_unchanged_dashboard_is_served_as_it_was_rendered(who, request, plan, settings):
    client = _client(request.getfixturevalue(who))
    first = _page(client)
    again, kept = _served_kept(client)
    assert kept and again == first == _fresh(client, settings)
    assert "Мониторинг журналов" in first


def _status_saved(plan, **_):
    Progress.objects.filter(measure=plan[0]).update(status=ProgressStatus.DONE)


def _measure_renamed(plan, **_):
    Measure.objects.filter(pk=plan[0].pk).update(title="Анализ журналов за первое полугодие")


def _measure_added(plan, roadmap, **_):
    measure = MeasureFactory(roadmap=roadmap, number="3", title="Новое мероприятие", deadline_end=TODAY)
    progress_sync_for_measure(measure=measure)


def _row_deleted(plan, school_a, **_):
    Progress.objects.filter(measure=plan[0], school=school_a).delete()


def _plan_archived(roadmap, **_):
    Roadmap.objects.filter(pk=roadmap.pk).update(status=Roadmap.Status.ARCHIVED)


def _school_renamed(school_a, **_):
    School.objects.filter(pk=school_a.pk).update(short_name="МКОУ «Школа А имени А. С. Пушкина»")


def _person_renamed(person, **_):
    User.objects.filter(pk=person.pk).update(last_name="Переименованная")


def _municipality_renamed(municipality, **_):
    Municipality.objects.filter(pk=municipality.pk).update(name="Карабудахкентский район")


def _curated_school_added(person, school_b, **_):
    if person.role == User.Role.METHODIST:
        person.curated_schools.add(school_b)
    else:
        School.objects.filter(pk=school_b.pk).update(short_name="МКОУ «Школа Б (новая)»")


def _responsible_named(plan, person, **_):
    plan[1].responsible_users.add(person)


def _digest_settings_changed(person, **_):
    DigestPreference.objects.update_or_create(user=person, defaults={"frequency": "off"})


# Writes every one of the three dashboards shows (the others may change nothing a given person sees).
SEEN_BY_EVERYBODY = {_status_saved, _measure_renamed, _measure_added, _plan_archived, _person_renamed}

WRITES = [
    _status_saved,
    _measure_renamed,
    _measure_added,
    _row_deleted,
    _plan_archived,
    _school_renamed,
    _person_renamed,
    _municipality_renamed,
    _curated_school_added,
    _responsible_named,
    _digest_settings_changed,
]


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__.strip("_"))
@time_machine.travel(TODAY, tick=False)
def test_after_any_write_of_a_row_it_shows_the_dashboard_is_rendered_again(
    who, write, request, plan, roadmap, municipality, school_a, school_b, settings
):
    person = request.getfixturevalue(who)
    client = _client(person)
    before = _page(client)
    assert _served_kept(client)[1]
    # In the same transaction as the page that was kept (the test's): xmin alone would not change.
    write(
        plan=plan,
        roadmap=roadmap,
        municipality=municipality,
        school_a=school_a,
        school_b=school_b,
        person=person,
    )
    after, kept = _served_kept(client)
    assert not kept
    assert after == _fresh(client, settings)
    if write in SEEN_BY_EVERYBODY:
        assert after != before


@time_machine.travel(TODAY, tick=False)
def test_a_change_in_another_municipality_keeps_the_page(plan, department_head):
    client = _client(department_head)
    _page(client)
    elsewhere = MunicipalityFactory(name="Другой район")
    other = MeasureFactory(roadmap=RoadmapFactory(municipality=elsewhere), deadline_end=TODAY)
    SchoolFactory(municipality=elsewhere)
    progress_sync_for_measure(measure=other)
    Progress.objects.filter(measure=other).update(status=ProgressStatus.IN_PROGRESS)
    # Only the top bar's list of municipalities is read region-wide: a new one is a change.
    _page(client)
    assert _served_kept(client)[1]


def test_a_new_day_renders_the_page_again(plan, department_head):
    with time_machine.travel(TODAY, tick=False):
        client = _client(department_head)
        _page(client)
        assert _served_kept(client)[1]
    with time_machine.travel(TODAY + timedelta(days=6), tick=False):
        page, kept = _served_kept(client)
    assert not kept and "Совещание с руководителями" in page


@time_machine.travel(TODAY, tick=False)
def test_a_kept_page_carries_tokens_of_its_own_session(plan, department_head):
    first = _client(department_head, enforce_csrf_checks=True)
    _page(first)
    second = _client(department_head, enforce_csrf_checks=True)
    _page(second)  # rendered for this session and kept
    with CaptureQueriesContext(connection) as queries:
        page = second.get(reverse("dashboard")).content.decode()
    assert len(queries.captured_queries) == 3  # kept
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    # «Выйти» with the token of the kept page: accepted, as from a page rendered for this session.
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_waiting_message_makes_the_page_rendered(rf, department_head, postgres):
    request = rf.get("/", HTTP_COOKIE="csrftoken=x")
    request.META["CSRF_COOKIE"] = "x" * 32
    request.user = department_head
    request.session = {}
    request._messages = FallbackStorage(request)
    assert may_keep(request)
    messages.success(request, "Статус сохранён.")
    assert not may_keep(request)


def test_nothing_is_kept_without_a_csrf_cookie_or_for_a_post(rf, department_head, postgres):
    request = rf.get("/")
    request.user = department_head
    request.session = {}
    request._messages = FallbackStorage(request)
    assert not may_keep(request)
    request = rf.post("/")
    request.META["CSRF_COOKIE"] = "x" * 32
    request.user = department_head
    request.session = {}
    request._messages = FallbackStorage(request)
    assert not may_keep(request)


@time_machine.travel(TODAY, tick=False)
def test_people_of_two_municipalities_see_their_own(plan, department_head):
    other_head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=MunicipalityFactory(name="Другой"))
    client = _client(department_head)
    ours = _page(client)
    theirs = _page(_client(other_head))
    assert "Мониторинг журналов" in ours and "Мониторинг журналов" not in theirs


def _tables(sql: str) -> set[str]:
    return set(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))


@pytest.mark.parametrize("who", PEOPLE)
@time_machine.travel(TODAY, tick=False)
def test_every_table_a_dashboard_reads_is_in_its_fingerprint(who, request, plan, settings, rf):
    """The rows a dashboard shows are named in portal.home.dashboard_rows: a table read by the page and
    missing there would be a change the kept page does not see."""
    person = request.getfixturevalue(who)
    client = _client(person)
    settings.KEPT_PAGES = False
    with CaptureQueriesContext(connection) as queries:
        _page(client)
    read = set().union(*(_tables(q["sql"]) for q in queries.captured_queries))
    http = rf.get("/")
    http.user = person
    if person.municipality_id is None:  # the analyst: the municipality the top bar chose for them
        http.user.municipality = Municipality.objects.order_by("name").first()
    named = {qs.model._meta.db_table for qs in dashboard_rows(http)}
    # The session, and the person (every kept page has them in its fingerprint).
    assert read - named <= {"django_session", User._meta.db_table}, read - named
