"""Kept pages (common.kept_pages): the dashboard is served as it was rendered while nothing it shows has
changed, and rendered again after any change of a row it shows, whatever wrote it. On PostgreSQL (the
fingerprint reads its xmin and ctid); on SQLite nothing is kept."""

from __future__ import annotations

import io
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

from assessments.kept_rows import objectivity_rows, observer_rows, region_page_rows
from assessments.models import Observer, ObserverConflict, VprTest
from common.kept_pages import code_version, may_keep
from medals.kept_rows import medal_rows
from medals.models import Candidate
from portal.home import dashboard_rows
from reports.kept_rows import report_rows
from reports.models import DigestPreference, Meeting, ReportJob
from roadmaps.kept_rows import plan_rows
from roadmaps.models import Evidence, Measure, Progress, ProgressStatus, Roadmap, Section
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
    # The overdue measure stands in a section, and its rows were last changed by a methodist.
    overdue.section = Section.objects.create(roadmap=roadmap, number="2", title="Аналитическая работа")
    overdue.save()
    author = UserFactory(role=User.Role.METHODIST, municipality=roadmap.municipality, last_name="Авторова")
    Progress.objects.filter(measure=overdue).update(updated_by=author, comment="Проверено 10 журналов")
    # The observers' page has one observer; the reports page, one meeting.
    Observer.objects.create(municipality=roadmap.municipality, last_name="Смирнова", first_name="Елена")
    Meeting.objects.create(
        municipality=roadmap.municipality,
        roadmap=roadmap,
        number="1",
        date=TODAY,
        place="с. Коркмаскала",
        year=2024,
    )
    return overdue, soon


def _client(user, url: str = "/", **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    client.get(url)  # the CSRF cookie a browser has after its first page
    client.page_url = url
    return client


TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]{64}')


def _page(client: Client) -> str:
    """The dashboard, its CSRF tokens blanked: each rendering masks the session's secret anew."""
    response = client.get(getattr(client, "page_url", "/"))
    assert response.status_code == 200
    return TOKEN.sub(r"\1…", response.content.decode())


def _fresh(client: Client, settings) -> str:
    settings.KEPT_PAGES = False
    try:
        return _page(client)
    finally:
        settings.KEPT_PAGES = True


def _served_kept(client: Client) -> tuple[str, bool]:
    """The page, and whether it was served kept: nothing was asked after the fingerprint (before it, the
    session where the cache lacks it, the person and, for the analyst, the municipality of the top bar)."""
    with CaptureQueriesContext(connection) as queries:
        page = _page(client)
    sql = [q["sql"] for q in queries.captured_queries]
    return page, len(sql) <= 4 and sql[-1].startswith("SELECT (SELECT count(*)")


@pytest.fixture
def analyst(municipality):
    """The regional analyst: their dashboard is of the municipality chosen in the top bar (the first)."""
    return UserFactory(username="analyst", role=User.Role.REGIONAL_ANALYST, municipality=None)


PEOPLE = ["department_head", "methodist_a", "head_a", "analyst"]

# The kept pages: their address (given the plan's two measures) and what names their rows.
KEPT = {
    "dashboard": (lambda plan: reverse("dashboard"), dashboard_rows),
    "measure_list": (lambda plan: reverse("roadmaps:measure_list") + "?overdue=on", plan_rows),
    "measure_detail": (lambda plan: reverse("roadmaps:measure_detail", args=[plan[0].pk]), plan_rows),
    "observers": (lambda plan: reverse("assessments:observer_list"), observer_rows),
    "reports": (lambda plan: reverse("reports:index"), report_rows),
}
# Who opens the pages that not every one of PEOPLE may.
OPENED_BY = {
    "observers": ["department_head", "analyst"],
    "reports": ["department_head", "methodist_a", "analyst"],
}
OPENINGS = [(page, who) for page in KEPT for who in OPENED_BY.get(page, PEOPLE)]


@pytest.mark.parametrize(("page", "who"), OPENINGS)
@time_machine.travel(TODAY, tick=False)
def test_an_unchanged_page_is_served_as_it_was_rendered(page, who, request, plan, settings):
    client = _client(request.getfixturevalue(who), KEPT[page][0](plan))
    first = _page(client)
    again, kept = _served_kept(client)
    assert kept and again == first == _fresh(client, settings)
    if page not in OPENED_BY:  # the plan's pages
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
SEEN_BY_EVERYBODY = {
    "dashboard": {_status_saved, _measure_renamed, _measure_added, _plan_archived, _person_renamed},
    "measure_list": {_status_saved, _measure_renamed, _plan_archived, _person_renamed},
    "measure_detail": {_status_saved, _measure_renamed, _person_renamed},
}

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


def _evidence_attached(plan, school_a, person, **_):
    row = Progress.objects.get(measure=plan[0], school=school_a)
    Evidence.objects.create(
        progress=row,
        file="evidence/act.pdf",
        original_name="Акт проверки.pdf",
        size=1024,
        content_type="application/pdf",
        uploaded_by=person,
    )


def _section_renamed(plan, **_):
    Section.objects.filter(pk=plan[0].section_id).update(title="Работа с результатами ВПР")


def _author_renamed(plan, **_):
    author = Progress.objects.filter(measure=plan[0]).first().updated_by_id
    User.objects.filter(pk=author).update(last_name="Авторова-Петрова")


def _targeted(plan, school_b, **_):
    plan[1].target_schools.add(school_b)


def _comment_changed(plan, **_):
    Progress.objects.filter(measure=plan[0]).update(comment="Проверено 12 журналов")


# What the measure pages read and the dashboard does not, and the other way round (its notifications card).
MEASURE_WRITES = [_evidence_attached, _section_renamed, _author_renamed, _targeted, _comment_changed]
SEEN_BY_EVERYBODY["measure_detail"] |= {_comment_changed}


def _observer_added(municipality, school_a, **_):
    observer = Observer.objects.create(
        municipality=municipality, last_name="Наблюдателева", first_name="Анна"
    )
    ObserverConflict.objects.create(observer=observer, school=school_a, reason=ObserverConflict.Reason.CHILD)


def _observer_renamed(municipality, **_):
    Observer.objects.filter(municipality=municipality).update(last_name="Наблюдателева-Смирнова")


def _job_ordered(person, **_):
    ReportJob.objects.create(owner=person, kind=ReportJob.Kind.PROGRESS_XLSX, params={})


def _meeting_renamed(municipality, **_):
    Meeting.objects.filter(municipality=municipality).update(title="Совещание руководителей ОО, март")


# The other pages: who opens them, and the writes of what they show.
OPENED_BY = {
    "observers": ["department_head", "analyst"],
    "reports": ["department_head", "methodist_a", "analyst"],
}
OTHER_WRITES = {
    "observers": [
        _observer_added,
        _observer_renamed,
        _school_renamed,
        _person_renamed,
        _municipality_renamed,
    ],
    "reports": [_job_ordered, _meeting_renamed, _plan_archived, _school_renamed, _person_renamed],
}
SEEN_BY_EVERYBODY["observers"] = {_observer_renamed, _observer_added}
SEEN_BY_EVERYBODY["reports"] = {_job_ordered}


def _writes_of(page: str) -> list:
    if page in OTHER_WRITES:
        return OTHER_WRITES[page]
    plan_writes = WRITES + MEASURE_WRITES
    if page == "dashboard":
        return [w for w in plan_writes if w not in MEASURE_WRITES]
    return [w for w in plan_writes if w is not _digest_settings_changed]


PAGE_WRITES = [
    (page, write, who) for page in KEPT for write in _writes_of(page) for who in OPENED_BY.get(page, PEOPLE)
]


@pytest.mark.parametrize(
    ("page", "write", "who"), PAGE_WRITES, ids=lambda v: v if isinstance(v, str) else v.__name__
)
@time_machine.travel(TODAY, tick=False)
def test_after_any_write_of_a_row_it_shows_the_page_is_rendered_again(
    page, who, write, request, plan, roadmap, municipality, school_a, school_b, settings
):
    person = request.getfixturevalue(who)
    client = _client(person, KEPT[page][0](plan))
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
    if write in SEEN_BY_EVERYBODY.get(page, ()):
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


@pytest.mark.parametrize("who", ["head_a", "methodist_a"])
@pytest.mark.parametrize("page", ["measure_list", "measure_detail"])
@time_machine.travel(TODAY, tick=False)
def test_another_schools_status_and_evidence_keep_a_school_heads_or_methodists_plan_pages(
    page, who, request, plan, school_a, school_b, settings
):
    """A school head's plan pages show their own school's rows, a methodist's their curated schools' (here
    school A): what another school saves or attaches changes nothing there, and the page stays kept; a save
    at school A renders it again."""
    person = request.getfixturevalue(who)
    client = _client(person, KEPT[page][0](plan))
    before = _page(client)
    Progress.objects.filter(measure=plan[0], school=school_b).update(status=ProgressStatus.DONE)
    _evidence_attached(plan, school_b, person)
    after, kept = _served_kept(client)
    assert kept and after == before == _fresh(client, settings)
    Progress.objects.filter(measure=plan[0], school=school_a).update(comment="Проверено 12 журналов")
    after, kept = _served_kept(client)
    assert not kept and after == _fresh(client, settings)


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
    assert len(queries.captured_queries) == 2  # kept: the person, then the fingerprint
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


@pytest.mark.parametrize(("page", "who"), OPENINGS)
@time_machine.travel(TODAY, tick=False)
def test_every_table_a_kept_page_reads_is_in_its_fingerprint(page, who, request, plan, settings, rf):
    """The rows a page shows are named by its ``depends`` (portal.home.dashboard_rows, roadmaps.kept_rows.
    plan_rows): a table read by the page and missing there would be a change the kept page does not see."""
    person = request.getfixturevalue(who)
    url, depends = KEPT[page][0](plan), KEPT[page][1]
    client = _client(person, url)
    settings.KEPT_PAGES = False
    with CaptureQueriesContext(connection) as queries:
        _page(client)
    read = set().union(*(_tables(q["sql"]) for q in queries.captured_queries))
    http = rf.get("/")
    http.user = person
    if person.municipality_id is None:  # the analyst: the municipality the top bar chose for them
        http.user.municipality = Municipality.objects.order_by("name").first()
    named = {qs.model._meta.db_table for qs in depends(http)}
    # The session, and the person (every kept page has them in its fingerprint).
    assert read - named <= {"django_session", User._meta.db_table}, read - named


def test_a_change_of_a_template_or_a_module_makes_a_new_code_version(tmp_path, settings):
    app, templates = tmp_path / "app", tmp_path / "templates"
    app.mkdir()
    templates.mkdir()
    (app / "__init__.py").write_text("")
    (app / "views.py").write_text("DAYS = 14\n")
    (templates / "page.html").write_text("<p>{{ x }}</p>")
    settings.BASE_DIR = tmp_path
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [templates]}]
    versions = []
    try:
        for change in (None, (templates / "page.html", "<p>{{ y }}</p>"), (app / "views.py", "DAYS = 7\n")):
            if change:
                change[0].write_text(change[1])
            code_version.cache_clear()
            versions.append(code_version())
    finally:
        code_version.cache_clear()
    assert len(set(versions)) == 3


@time_machine.travel(TODAY, tick=False)
def test_a_page_rendered_again_replaces_the_kept_one(plan, department_head):
    """Under constant writes the cache holds one page per person and address, not one per change."""
    from django.core.cache import cache

    client = _client(department_head)
    for comment in ("первый", "второй", "третий"):
        Progress.objects.filter(measure=plan[0]).update(comment=comment)
        assert not _served_kept(client)[1]
    assert _served_kept(client)[1]
    assert sum("kept-page:" in key for key in cache._cache) == 1


DEMO_PEOPLE = ["nachalnik", "metodist", "direktor01", "analitik"]


def test_on_the_demo_data_every_table_a_kept_page_reads_is_in_its_fingerprint(postgres, settings, rf):
    """The same check on the demo's data, where the plans have sections, targeted and nested measures,
    evidence, history of changes, meetings, observers and report jobs: a table a page reads only when
    such rows exist is read here."""
    from django.core.cache import cache
    from django.core.management import call_command

    with time_machine.travel(date(2026, 11, 24), tick=False):
        call_command("load_demo", stdout=io.StringIO())
        settings.KEPT_PAGES = False
        measures = Measure.objects.filter(progress__evidence__isnull=False).order_by("pk")[:1]
        targeted = Measure.objects.filter(target_schools__isnull=False).order_by("pk")[:1]
        pages = {
            "dashboard": (reverse("dashboard"), dashboard_rows),
            "measure_list": (reverse("roadmaps:measure_list"), plan_rows),
            "observers": (reverse("assessments:observer_list"), observer_rows),
            "reports": (reverse("reports:index"), report_rows),
        }
        for measure in [*measures, *targeted]:
            pages[f"measure {measure.pk}"] = (
                reverse("roadmaps:measure_detail", args=[measure.pk]),
                plan_rows,
            )
        # The results' pages: the medal pages of the candidates with marks, re-checks and ЕГЭ, the
        # objectivity page of the years with ОГЭ and ЕГЭ behind them, the region.
        card = Candidate.objects.filter(grades__isnull=False, rechecks__isnull=False).order_by("pk").first()
        pages |= {
            "candidate_list": (reverse("medals:candidate_list"), medal_rows),
            "candidate_card": (reverse("medals:candidate_detail", args=[card.pk]), medal_rows),
            **{
                f"risk_{tab}": (reverse("medals:risk_groups") + f"?tab={tab}", medal_rows)
                for tab in ("candidates", "teachers", "schools")
            },
            **{
                f"objectivity {year}": (
                    reverse("assessments:objectivity") + f"?year={year}",
                    objectivity_rows,
                )
                for year in VprTest.objects.order_by().values_list("year", flat=True).distinct()
            },
            "region": (reverse("assessments:region"), region_page_rows),
        }
        checked = 0
        for username in DEMO_PEOPLE:
            person = User.objects.get(username=username)
            client = Client()
            client.force_login(person)
            for name, (url, depends) in pages.items():
                cache.clear()  # the marks' facts and the analyses are read from the tables, not kept ones
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                if response.status_code != 200:
                    continue  # a page this person does not open
                read = set().union(*(_tables(q["sql"]) for q in queries.captured_queries))
                http = rf.get(url)
                http.user = person
                if person.municipality_id is None:
                    http.user.municipality = Municipality.objects.order_by("name").first()
                named = {qs.model._meta.db_table for qs in depends(http)}
                missing = read - named - {"django_session", User._meta.db_table}
                assert not missing, (username, name, missing)
                checked += 1
    assert checked >= 40 and any(name.startswith("measure ") for name in pages)
    assert {"candidate_card", "region", "risk_teachers"} <= set(pages)


@time_machine.travel(TODAY, tick=False)
def test_a_person_moved_to_another_municipality_is_kept_by_its_rows(plan, methodist_a):
    """The fingerprint's SQL is put together once a process per person, role and municipality: a person
    moved to another municipality gets that municipality's page, and its changes make it new."""
    other = MunicipalityFactory(name="Другой район")
    theirs = RoadmapFactory(municipality=other)
    MeasureFactory(roadmap=theirs, number="1", title="Совет по качеству образования")
    client = _client(methodist_a)
    _page(client)
    assert _served_kept(client)[1]
    User.objects.filter(pk=methodist_a.pk).update(municipality=other)
    moved, kept = _served_kept(client)
    assert not kept and "Мониторинг журналов" not in moved
    assert _served_kept(client)[1]
    Measure.objects.filter(roadmap=theirs).update(title="Совет по качеству образования района")
    assert not _served_kept(client)[1]


def test_a_part_that_can_find_nothing_counts_as_empty(db):
    """A queryset that finds nothing whatever the rows (``.none()``, an id past any bigint, as a hostile
    address gives a card's ``depends``) is an empty part of the fingerprint, not an error."""
    from common.kept_pages import fingerprint_sql
    from schools.models import School

    parts = [School.objects.none(), School.objects.filter(pk=2**63), School.objects.all()]
    sql, _ = fingerprint_sql(parts)
    assert sql.count("'0:0'") == 2 and sql.count("(SELECT count(*)") == 1


@time_machine.travel(TODAY, tick=False)
def test_the_fingerprint_is_prepared_once_a_connection_and_nothing_else_is(
    plan, department_head, head_a, monkeypatch
):
    """PostgreSQL plans a page's fingerprint once a connection (planning its parts took longer than running
    them), as it does every query of common.prepared (the person, the compiled queries); Django's own
    queries stay unprepared, as Django makes them. The query is still counted."""
    from common import prepared as prepared_module

    through_prepared: set[str] = set()
    run = prepared_module._run

    def recording(sql, params, fetch):
        through_prepared.add(sql)
        return run(sql, params, fetch)

    monkeypatch.setattr(prepared_module, "_run", recording)

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    before = set(prepared())  # the connection may be older than this test
    for person in (department_head, head_a):
        client = _client(person)
        _page(client)
        assert _served_kept(client)[1]
    every = prepared()
    statements = [sql for sql in every if sql not in before]
    fingerprints = [sql for sql in statements if sql.startswith("SELECT (SELECT count(*)")]
    assert fingerprints and any('FROM "schools_user" u' in sql for sql in every)
    # Nothing but what went through common.prepared, each once.
    assert len(every) == len(set(every)) and len(statements) <= len(through_prepared)
    assert all("$1" in sql for sql in statements)
    for person in (department_head, head_a):  # asked again, in new sessions: no new statement
        client = _client(person)
        _page(client)
        assert _served_kept(client)[1]
    assert prepared() == every
