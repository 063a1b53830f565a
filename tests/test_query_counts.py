"""The number of SQL queries a key page makes does not grow with the data behind it, and stays at most
KEY_PAGE_QUERIES on every key page.

The roadmap pages (and the dashboards of the department head, a methodist and a school head) are measured
at two sizes of schools and measures; the medal pages at two sizes of schools, candidates and marks; the
objectivity and observers pages at two sizes of schools, ВПР, participants and observers; the reports page
at two sizes of jobs and meetings; the new meeting's page and the request that prepares the meeting at two
sizes of schools, their heads and the plan's rows.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from assessments.models import ObserverAssignment, OfficialFlag, Subject
from assessments.objectivity_kept import keep_analyses_cached
from assessments.views import region as region_view
from medals.models import ExtractVersion, Period, Recheck, Source, Upload, WorkKind
from reports.jobs import job_run
from reports.meetings import meeting_create
from reports.models import Meeting, ReportJob
from roadmaps.models import Evidence, Progress, ProgressStatus
from roadmaps.progress import progress_sync_for_measure
from schools.models import User

from .assessments.factories import (
    EgeResultFactory,
    ObserverFactory,
    ProcedureFactory,
    VprResultFactory,
    VprTestFactory,
)
from .factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory
from .medals.factories import CandidateFactory, GradeFactory, PupilFactory, RecheckFactory

pytestmark = pytest.mark.django_db

# Issue 16: every key page makes at most this many queries, whatever the size of the data.
KEY_PAGE_QUERIES = 15


def build(n_schools: int, n_measures: int) -> dict:
    municipality = MunicipalityFactory(name=f"Район на {n_schools} школ")
    schools = [SchoolFactory(municipality=municipality) for _ in range(n_schools)]
    roadmap = RoadmapFactory(municipality=municipality)
    measures = []
    for index in range(n_measures):
        measure = MeasureFactory(
            roadmap=roadmap, number=str(index + 1), deadline_end=date(2024, 1 + index % 12, 10)
        )
        progress_sync_for_measure(measure=measure)
        measures.append(measure)
    statuses = list(ProgressStatus.values)
    rows = list(Progress.objects.filter(measure__roadmap=roadmap))
    for index, row in enumerate(rows):
        row.status = statuses[index % len(statuses)]
    Progress.objects.bulk_update(rows, ["status"])
    head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=municipality)
    methodist = UserFactory(role=User.Role.METHODIST, municipality=municipality)
    methodist.curated_schools.set(schools[: max(1, n_schools // 2)])
    school_head = UserFactory(role=User.Role.SCHOOL_HEAD, municipality=municipality, school=schools[0])
    for row in rows[:: max(1, len(rows) // 5)]:
        Evidence.objects.create(
            progress=row, file="evidence/x.pdf", original_name="x.pdf", size=1, content_type="application/pdf"
        )
    return {
        "head": head,
        "methodist": methodist,
        "school_head": school_head,
        "roadmap": roadmap,
        "measure": measures[0],
        "school": schools[0],
        "progress": rows[0],
    }


PAGES: dict[str, Callable[[dict], str]] = {
    "dashboard": lambda d: reverse("dashboard"),
    "dashboard, methodist": lambda d: reverse("dashboard"),
    "dashboard, school head": lambda d: reverse("dashboard"),
    "roadmap list": lambda d: reverse("roadmaps:roadmap_list"),
    "roadmap detail": lambda d: reverse("roadmaps:roadmap_detail", args=[d["roadmap"].pk]),
    "measure list filtered": lambda d: reverse("roadmaps:measure_list") + "?overdue=on",
    "measure list by school": lambda d: reverse("roadmaps:measure_list") + f"?school={d['school'].pk}",
    "measure detail": lambda d: reverse("roadmaps:measure_detail", args=[d["measure"].pk]),
    # A methodist may change only the schools they curate: asked once, not per row.
    "measure detail, methodist": lambda d: reverse("roadmaps:measure_detail", args=[d["measure"].pk]),
    "progress detail": lambda d: reverse("roadmaps:progress_detail", args=[d["progress"].pk]),
    "school list": lambda d: reverse("schools:school_list"),
    "school detail": lambda d: reverse("schools:school_detail", args=[d["school"].pk]),
}


# Key pages opened by someone other than the department head: page -> the person in the built data.
OPENED_BY = {
    "dashboard, methodist": "methodist",
    "dashboard, school head": "school_head",
    "measure detail, methodist": "methodist",
    "candidate list, school head": "school_head",
}
KEY_PAGES = {
    "dashboard",
    "dashboard, methodist",
    "dashboard, school head",
    "measure list filtered",
    "measure detail",
    "candidate list",
    "candidate list, school head",
    "candidate card",
    "risk groups",
    "objectivity",
    "observers",
    "reports page",
    "new meeting form",
    "meeting preparation",
}


def queries(client, data: dict, page: str, pages: dict[str, Callable[[dict], str]] = PAGES) -> int:
    client.force_login(data[OPENED_BY.get(page, "head")])
    url = pages[page](data)
    # The page as it is rendered: a kept page (common.kept_pages) would be served in three queries.
    with override_settings(KEPT_PAGES=False):
        client.get(url)  # warm caches that are per process, not per request (content types, sessions)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_schools_and_measures(client, page):
    small = build(n_schools=3, n_measures=3)
    large = build(n_schools=15, n_measures=12)
    assert queries(client, large, page) == queries(client, small, page)
    _at_most_for_a_key_page(page, queries(client, large, page))


def _at_most_for_a_key_page(page: str, count: int) -> None:
    if page in KEY_PAGES:
        assert count <= KEY_PAGE_QUERIES, f"{page}: {count} запросов"


# --- medal candidates -----------------------------------------------------------------------------------

JOURNAL_SUBJECTS = ["Русский язык", "Математика", "История", "Физика"]


def _candidate_marks(candidate, version: ExtractVersion, subjects: list[Subject], works: int) -> None:
    """Half-year and year marks, dated written works with notebook marks (one of them disagreeing)."""
    for subject in subjects:
        for period in (Period.H1, Period.H2, Period.YEAR):
            kind = WorkKind.YEAR if period == Period.YEAR else WorkKind.PERIOD
            GradeFactory(
                candidate=candidate,
                version=version,
                subject=subject,
                period=period,
                work_kind=kind,
                work_date=None,
            )
        for n in range(works):
            day = date(2023, 10, 2 + n)
            GradeFactory(candidate=candidate, version=version, subject=subject, work_date=day, mark="5")
            GradeFactory(
                candidate=candidate,
                source=Source.NOTEBOOK,
                subject=subject,
                work_date=day,
                mark="4" if n == 0 else "5",
            )
    RecheckFactory(
        candidate=candidate, subject=subjects[0], work_date=date(2023, 10, 2), status=Recheck.Status.DONE,
        recheck_mark="4", recheck_value=4,
    )  # fmt: skip


def build_medals(n_schools: int, per_school: int, works: int) -> dict:
    municipality = MunicipalityFactory(name=f"Район претендентов на {n_schools} школ")
    schools = [SchoolFactory(municipality=municipality) for _ in range(n_schools)]
    subjects = list(Subject.objects.filter(name__in=JOURNAL_SUBJECTS))
    candidates = []
    for school in schools:
        upload = Upload.objects.create(
            school=school, kind=Upload.Kind.JOURNAL, status=Upload.Status.SAVED, original_name="journal.xlsx"
        )
        version = ExtractVersion.objects.create(
            upload=upload, school=school, source=Source.JOURNAL, academic_year=2023, is_current=True
        )
        for n in range(per_school):
            pupil = PupilFactory(school=school)
            transferred = n == 0 and school != schools[0]
            candidate = CandidateFactory(
                pupil=pupil,
                previous_school=schools[0] if transferred else None,
                transfer_date=date(2022, 9, 1) if transferred else None,
            )
            _candidate_marks(candidate, version, subjects, works)
            EgeResultFactory(pupil=pupil, subject=subjects[0], score_100=65)
            candidates.append(candidate)
    head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=municipality)
    school_head = UserFactory(role=User.Role.SCHOOL_HEAD, municipality=municipality, school=schools[0])
    return {"head": head, "school_head": school_head, "candidate": candidates[0]}


MEDAL_PAGES: dict[str, Callable[[dict], str]] = {
    "candidate list": lambda d: reverse("medals:candidate_list"),
    "candidate list, risk group only": lambda d: reverse("medals:candidate_list") + "?risk=on",
    "candidate list, school head": lambda d: reverse("medals:candidate_list"),
    "candidate card": lambda d: reverse("medals:candidate_detail", args=[d["candidate"].pk]),
    "risk groups": lambda d: reverse("medals:risk_groups"),
}


@pytest.mark.parametrize("page", MEDAL_PAGES)
def test_query_count_of_medal_pages_does_not_grow_with_candidates_and_marks(client, page):
    small = build_medals(n_schools=2, per_school=2, works=1)
    large = build_medals(n_schools=5, per_school=4, works=4)
    assert queries(client, large, page, MEDAL_PAGES) == queries(client, small, page, MEDAL_PAGES)
    _at_most_for_a_key_page(page, queries(client, large, page, MEDAL_PAGES))


# --- objectivity of ВПР ---------------------------------------------------------------------------------


def build_vpr(
    n_schools: int,
    participants: int,
    tests: list[tuple[str, int]],
    years: tuple[int, ...] = (2024,),
    name: str = "",
) -> dict:
    municipality = MunicipalityFactory(name=name or f"Район ВПР на {n_schools} школ, {len(years)} г.")
    schools = [SchoolFactory(municipality=municipality) for _ in range(n_schools)]
    for (name, grade), year in ((t, y) for t in tests for y in years):
        test = VprTestFactory(
            municipality=municipality, subject=Subject.objects.get(name=name), grade=grade, year=year
        )
        for index, school in enumerate(schools):
            for n in range(participants):
                mark = 2 + (n + index) % 4
                VprResultFactory(
                    test=test,
                    school=school,
                    mark=mark,
                    journal_mark=min(5, mark + n % 2),
                    primary_score=mark * 2,
                )
    for school in schools:
        EgeResultFactory(pupil=PupilFactory(school=school), subject=Subject.objects.get(name="Русский язык"))
        observer = ObserverFactory(municipality=municipality, school=school)
        procedure = ProcedureFactory(municipality=municipality, schools=schools)
        ObserverAssignment.objects.create(procedure=procedure, school=schools[-1], observer=observer)
    head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=municipality)
    return {"head": head}


VPR_PAGES: dict[str, Callable[[dict], str]] = {
    "objectivity": lambda d: reverse("assessments:objectivity"),
    "objectivity of one subject and grade": lambda d: (
        reverse("assessments:objectivity")
        + f"?year=2024&subject={Subject.objects.get(name='Математика').pk}&grade=5"
    ),
    "observers": lambda d: reverse("assessments:observer_list"),
}


@pytest.mark.parametrize("page", VPR_PAGES)
def test_query_count_of_the_objectivity_page_does_not_grow_with_schools_and_participants(client, page):
    small = build_vpr(n_schools=2, participants=3, tests=[("Математика", 5)])
    large = build_vpr(
        n_schools=6, participants=8, tests=[("Математика", 5), ("Русский язык", 5), ("Математика", 6)]
    )
    assert queries(client, large, page, VPR_PAGES) == queries(client, small, page, VPR_PAGES)
    _at_most_for_a_key_page(page, queries(client, large, page, VPR_PAGES))


@pytest.mark.parametrize("page", [p for p in VPR_PAGES if p.startswith("objectivity")])
def test_query_count_of_the_objectivity_page_does_not_grow_with_years(client, page):
    """The years side by side read every loaded year's analysis: their states come from one query."""
    one_year = build_vpr(n_schools=2, participants=3, tests=[("Математика", 5)])
    three_years = build_vpr(n_schools=2, participants=3, tests=[("Математика", 5)], years=(2022, 2023, 2024))
    assert queries(client, three_years, page, VPR_PAGES) == queries(client, one_year, page, VPR_PAGES)


def build_region(n_municipalities: int) -> dict:
    """Municipalities each with schools, ВПР results, an official list and a booked observer."""
    for n in range(n_municipalities):
        name = f"Район {n + 1} из {n_municipalities}"
        data = build_vpr(n_schools=2, participants=3, tests=[("Математика", 5)], name=name)
        school = data["head"].municipality.schools.first()
        OfficialFlag.objects.create(municipality=school.municipality, year=2024, school=school, subjects=[])
    analyst = UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None)
    return {"head": analyst}


def test_query_count_of_the_region_page_does_not_grow_with_municipalities(client):
    """The regional analyst's «Регион» reads every municipality's figures at once (``muko.region_counts``),
    with the analyses kept in the cache by the keep task (beat, or queued by a page that missed them)."""
    url = reverse("assessments:region") + "?year=2024"
    two = build_region(2)
    keep_analyses_cached()
    two = queries(client, two, "region", {"region": lambda d: url})
    five = build_region(5)
    keep_analyses_cached()
    five = queries(client, five, "region", {"region": lambda d: url})
    assert five == two <= KEY_PAGE_QUERIES


def test_the_region_page_computes_a_few_missing_analyses_at_most(client, monkeypatch):
    """With the cache empty (a restart, a region's results loaded at once) the page computes at most
    COMPUTE_IN_REQUEST analyses and leaves the rest to the keep task: its queries do not grow either."""
    monkeypatch.setattr("assessments.objectivity_kept.keep_queued", lambda: True)  # no worker here

    def cold(data: dict) -> int:
        client.force_login(data["head"])
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    url = reverse("assessments:region") + "?year=2024"
    assert region_view.COMPUTE_IN_REQUEST < 5
    assert cold(build_region(5)) == cold(build_region(7))


def cold_queries(client, data: dict, page: str) -> int:
    """Queries of the objectivity page when its analysis is not cached: the first visit after an upload."""
    client.force_login(data["head"])
    url = VPR_PAGES[page](data)
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("page", [p for p in VPR_PAGES if p.startswith("objectivity")])
def test_query_count_of_the_objectivity_analysis_does_not_grow_when_it_is_not_cached(client, page):
    small = build_vpr(n_schools=2, participants=3, tests=[("Математика", 5)])
    large = build_vpr(
        n_schools=6, participants=8, tests=[("Математика", 5), ("Русский язык", 5), ("Математика", 6)]
    )
    assert cold_queries(client, large, page) == cold_queries(client, small, page)


# --- the reports page -----------------------------------------------------------------------------------


def build_reports(n_jobs: int, n_meetings: int) -> dict:
    data = build(n_schools=2, n_measures=2)
    head, roadmap = data["head"], data["roadmap"]
    for n in range(n_meetings):
        meeting_create(
            roadmap=roadmap, created_by=head, date=date(2024, 3, 15), number=str(n + 1), place="с. К",
            chair=head, secretary=None, attendees=[], meeting_measure=None, first=1, last=2,
            school_rows=False,
        )  # fmt: skip
    for n in range(n_jobs):
        ReportJob.objects.create(
            owner=head,
            kind=ReportJob.Kind.PROGRESS_XLSX if n % 2 else ReportJob.Kind.PROTOCOL_PDF,
            params={"roadmap": roadmap.pk},
            status=ReportJob.Status.DONE if n % 3 else ReportJob.Status.FAILED,
        )
    return data


REPORT_PAGES: dict[str, Callable[[dict], str]] = {"reports page": lambda d: reverse("reports:index")}


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_query_count_of_the_reports_page_does_not_grow_with_jobs_and_meetings(client, page):
    small = build_reports(n_jobs=1, n_meetings=1)
    large = build_reports(n_jobs=12, n_meetings=6)
    assert queries(client, large, page, REPORT_PAGES) == queries(client, small, page, REPORT_PAGES)
    _at_most_for_a_key_page(page, queries(client, large, page, REPORT_PAGES))


# --- preparing the March meeting --------------------------------------------------------------------------


def build_meeting(n_schools: int, n_measures: int) -> dict:
    """A plan whose last row is the March meeting («с 1-11 пунктов»), a head for every school."""
    data = build(n_schools=n_schools, n_measures=n_measures)
    municipality, roadmap = data["head"].municipality, data["roadmap"]
    for school in municipality.schools.exclude(pk=data["school"].pk):
        UserFactory(role=User.Role.SCHOOL_HEAD, municipality=municipality, school=school)
    data["meeting_measure"] = MeasureFactory(
        roadmap=roadmap,
        number=str(n_measures + 1),
        title="Рассмотрение результатов мероприятий с 1-11 пунктов данного плана на совещании 15 марта",
    )
    return data


def meeting_form_queries(client, data: dict, *, post: bool) -> int:
    """The new meeting's page, or its form sent as the page fills it (every head as one choice, the
    meeting's row, a secretary and a person picked one by one): the meeting and its job are made."""
    client.force_login(data["head"])
    url = reverse("reports:meeting_new") + f"?roadmap={data['roadmap'].pk}"
    form = {
        "measure": data["meeting_measure"].pk, "first": 1, "last": 11, "title": "совещания руководителей",
        "number": "4", "date": "2024-03-15", "place": "с. К", "chair": data["head"].pk,
        "secretary": data["methodist"].pk, "all_school_heads": "on", "attendees": [data["methodist"].pk],
    }  # fmt: skip
    send = (lambda: client.post(url, form)) if post else (lambda: client.get(url))
    send()
    with CaptureQueriesContext(connection) as context:
        response = send()
    assert response.status_code == (302 if post else 200), url
    if post:
        meeting = Meeting.objects.filter(roadmap=data["roadmap"]).latest("pk")
        # The request wrote the header and queued the job (a worker's, after the commit): run here.
        job_run(
            job_id=ReportJob.objects.get(kind=ReportJob.Kind.MEETING_PREPARE, params__meeting=meeting.pk).pk
        )
        heads = User.objects.filter(role=User.Role.SCHOOL_HEAD, municipality=data["head"].municipality)
        assert meeting.attendees.count() == heads.count() + 1
        assert meeting.items.count() > 1 and meeting.school_rows.count() == heads.count()
    return len(context.captured_queries)


MEETING_REQUESTS = {"new meeting form": False, "meeting preparation": True}


@pytest.mark.parametrize("request_name", MEETING_REQUESTS)
def test_query_count_of_preparing_the_meeting_does_not_grow_with_schools_heads_and_measures(
    client, request_name
):
    post = MEETING_REQUESTS[request_name]
    small = meeting_form_queries(client, build_meeting(n_schools=3, n_measures=3), post=post)
    large = meeting_form_queries(client, build_meeting(n_schools=15, n_measures=12), post=post)
    assert large == small
    _at_most_for_a_key_page(request_name, large)


def test_every_key_page_of_issue_16_is_measured_at_two_sizes():
    measured = {*PAGES, *MEDAL_PAGES, *VPR_PAGES, *REPORT_PAGES, *MEETING_REQUESTS}
    assert not KEY_PAGES - measured, KEY_PAGES - measured


# The «Excel» link of a list too long for a request (common.lists.export_response): the request only
# offers the report job, whatever the length of the list (the file is built by the workers).
LONG_EXPORTS: dict[str, tuple[Callable[..., dict], dict, dict, Callable[[dict], str]]] = {
    "plan rows": (
        build,
        {"n_schools": 3, "n_measures": 3},
        {"n_schools": 15, "n_measures": 12},
        lambda d: reverse("roadmaps:measure_list") + "?export=xlsx",
    ),
    "candidates": (
        build_medals,
        {"n_schools": 2, "per_school": 2, "works": 1},
        {"n_schools": 5, "per_school": 4, "works": 4},
        lambda d: reverse("medals:candidate_list") + "?export=xlsx",
    ),
    "risk group": (
        build_medals,
        {"n_schools": 2, "per_school": 2, "works": 1},
        {"n_schools": 5, "per_school": 4, "works": 4},
        lambda d: reverse("medals:risk_groups") + "?export=xlsx",
    ),
}


@pytest.mark.parametrize("listing", LONG_EXPORTS)
def test_a_long_lists_excel_request_only_offers_the_job_whatever_its_length(client, settings, listing):
    settings.EXPORT_ROWS_IN_REQUEST = 1
    settings.KEPT_PAGES = False  # the request as it runs, not a kept page (common.kept_pages)
    make, small_size, large_size, url = LONG_EXPORTS[listing]
    counts = []
    for size in (small_size, large_size):
        data = make(**size)
        client.force_login(data["head"])
        client.get(url(data))
        with CaptureQueriesContext(connection) as context:
            response = client.get(url(data))
        assert response.status_code == 200 and b'data-testid="export-background"' in response.content
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] <= 15, counts


@pytest.mark.parametrize("listing", LONG_EXPORTS)
def test_the_file_a_report_worker_builds_for_a_long_list_asks_as_much_whatever_its_length(listing):
    """The worker's build of the file itself (reports.list_exports), not only the request: a column or a
    rule that read something per row (a field the rows' reading left out, a school not joined) would show
    here as a count that grows with the list."""
    from openpyxl import load_workbook

    from reports.list_exports import build_list_export

    make, small_size, large_size, url = LONG_EXPORTS[listing]
    counts, files = [], []
    for size in (small_size, large_size):
        data = make(**size)
        params = {"path": url(data).split("?")[0], "query": ""}
        build_list_export(params, data["head"], lambda percent: None)  # warms what a first build reads once
        with CaptureQueriesContext(connection) as context:
            built = build_list_export(params, data["head"], lambda percent: None)
        counts.append(len(context.captured_queries))
        files.append(load_workbook(io.BytesIO(built.content), read_only=True).worksheets[0])
    assert counts[0] == counts[1], counts
    rows = list(files[1].iter_rows(values_only=True))
    assert len(rows) > 1 and all(any(cell not in (None, "") for cell in row) for row in rows[1:])
