"""`manage.py bench` at a tiny size against the real PostgreSQL: every figure is there, with a number."""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from assessments.models import VprResult, VprTest
from bench.exports import EXPORTS
from bench.generate import VPR_TESTS, region_generate
from bench.measure import page_figures
from medals.models import Candidate, Grade, Source
from reports.models import DigestDelivery
from roadmaps.models import Progress, Roadmap
from schools.models import School, User

TINY = [
    "--municipalities", "3", "--schools", "12", "--measures", "2", "--candidates", "24", "--marks", "1200",
    "--import-rows", "200",
]  # fmt: skip
# Every key page, as the people of one municipality open them.
PAGES = [
    "dashboard",
    "dashboard_methodist",
    "dashboard_school_head",
    "measure_list_filtered",
    "measure_detail",
    "candidate_list",
    "candidate_card",
    "risk_groups",
    "objectivity",
    "observers",
    "reports",
]
JOBS = ["journal_check", "journal_import", "protocol_pdf", "progress_workbook", "reminders"]
# Preparing the March meeting: the request beside the baseline page; the job it queues, timed apart.
MEETING = ["meeting_prepare_request", "meeting_prepare_job"]


@pytest.mark.django_db(transaction=True)
def test_the_bench_prints_the_table_and_writes_every_figure_with_a_number(
    postgres, tmp_path, monkeypatch, settings
):
    monkeypatch.setattr("bench.measure.MEMORY_ROWS", 100)  # memory watched on a shorter file of its own
    settings.EXPORT_ROWS_IN_REQUEST = 5  # the tiny region's lists are as «long» as a region's
    settings.UPLOAD_BYTES_IN_REQUEST = 1000  # ... and its journal extract as large
    out = tmp_path / "bench.json"
    printed = io.StringIO()
    call_command("bench", *TINY, "--repeat", "2", "--out", str(out), stdout=printed)

    result = json.loads(out.read_text(encoding="utf-8"))
    figures = result["figures"]
    for key in PAGES + JOBS:
        assert isinstance(figures[key]["median_ms"], float), key
        assert figures[key]["median_ms"] > 0, key
        assert type(figures[key]["queries"]) is int and figures[key]["queries"] > 0, key
    for key in MEETING:
        assert figures[key]["queries"] > 0 and figures[key]["median_ms"] > 0, key
    for key in ("dashboard", "dashboard_methodist", "dashboard_school_head"):  # kept (common.kept_pages)
        first = re.search(r"первый запрос \d+ мс, (\d+) запросов к базе", figures[key]["note"])
        # Kept: the person, then the fingerprint (the session comes from the cache, common.sessions).
        assert first and int(first[1]) > figures[key]["queries"] == 2, figures[key]["note"]
    for key, _, _ in EXPORTS:  # the longest lists' files: the build beside its cells from memory
        assert figures[key]["median_ms"] > 0 and figures[key]["floor_ms"] > 0, key
        assert re.search(r"медиана 5 сборок после первой \(\d+ мс\)", figures[key]["note"]), key
        assert re.match(r"\d+ строк × \d+ столбцов", figures[key]["note"]), figures[key]["note"]
        assert "в фоне (задача)" in figures[key]["note"]
        request = figures[f"{key}_request"]  # ... and the request, which only offers to build it
        assert request["median_ms"] > 0 and request["floor_ms"] > 0 and request["queries"] > 0, key
        assert request["note"].startswith("ответ — предложение построить файл задачей"), request["note"]
    meeting = figures["meeting_prepare_request"]  # beside the form checked from memory, the same rows written
    assert meeting["note"].startswith("ответ 302") and "те же строки: шапка и задача" in meeting["note"]
    # The region page's first request as production answers it: the rest of the analyses left to the task.
    region_first = re.search(
        r"в рабочем режиме .* первый запрос \d+ мс: «готовится» (\d+) районов", figures["region"]["note"]
    )
    assert region_first, figures["region"]["note"]
    upload = figures["journal_upload_request"]  # the school head's upload only queues the check
    assert upload["note"].startswith("ответ 302; загрузка «проверяется»"), upload["note"]
    assert upload["median_ms"] > 0 and upload["floor_ms"] > 0
    assert "готов, строк школ 4" in figures["meeting_prepare_job"]["note"]
    for key in PAGES + JOBS:  # every figure beside its floor measured in the same run, and their ratio
        floor = figures[key]["floor_ms"]
        assert isinstance(floor, float) and floor > 0, key
        assert figures[key]["ratio"] == round(figures[key]["median_ms"] / floor, 2), key
    # Only the subjects and periods the file covers are replaced (f3c0e05), so not all 200 of the school.
    replaced = re.fullmatch(r"сохранено 200, заменено (\d+)", figures["journal_import"]["note"])
    assert replaced and 0 < int(replaced[1]) <= 200
    check = figures["journal_check"]  # peak memory of the check (tracemalloc) beside the parsed rows
    assert check["peak_kib"] > 0 and check["rows_kib"] > 0
    assert f"пик памяти {check['peak_kib']} КиБ" in check["note"] and "100 строк)" in check["note"]
    note = re.match(r"отправлено (\d+), пропущено (\d+), ошибок 0", figures["reminders"]["note"])
    # In each of the three municipalities: four school heads, the methodist and the department head.
    assert int(note[1]) + int(note[2]) == 3 * 6
    # Timed three times, each run rolled back: every run found everybody due, and none is left as sent.
    assert "медиана 3 прогонов" in figures["reminders"]["note"]
    assert not DigestDelivery.objects.exists()
    assert result["counts"]["journal_marks"] == 1200
    assert result["sizes"]["schools"] == 12 and result["generation_seconds"] >= 0
    text = printed.getvalue()
    header = text.splitlines()[2]
    assert (
        header.index("медиана")
        < header.index("нижняя")
        < header.index("во сколько")
        < header.index("запросов")
    )
    assert f"{figures['dashboard']['ratio']:.2f}×" in text
    assert all(f["name"] in text for f in figures.values())
    assert "Генерация региона" in text and str(out) in text


@pytest.mark.django_db(transaction=True)
def test_the_generated_region_has_exactly_the_marks_asked_for_and_some_notebook_marks(postgres):
    region = region_generate(municipalities=1, schools=4, measures=3, candidates=12, marks=1000)
    candidates = Candidate.objects.filter(school__municipality=region.municipality)
    marks = Grade.objects.filter(candidate__in=candidates)
    assert candidates.count() == 12
    assert marks.filter(source=Source.JOURNAL).count() == 1000
    assert marks.filter(source=Source.NOTEBOOK).count() == region.counts["notebook_marks"] > 0
    assert region.roadmap.measures.count() == 3
    assert region.meeting.school_rows.count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_region_is_municipalities_each_with_its_own_staff_plan_and_results(postgres):
    region = region_generate(municipalities=3, schools=12, measures=2, candidates=24, marks=600)

    assert len(region.municipalities) == 3 and region.municipality == region.municipalities[0]
    assert region.schools == region.all_schools[:4] and len(region.all_schools) == 12
    for place in region.municipalities:
        schools = School.objects.filter(municipality=place)
        assert schools.count() == 4
        staff = User.objects.filter(municipality=place)
        assert staff.filter(role=User.Role.DEPARTMENT_HEAD).count() == 1
        methodist = staff.get(role=User.Role.METHODIST)
        assert set(methodist.curated_schools.all()) <= set(schools) and methodist.curated_schools.count() == 2
        heads = staff.filter(role=User.Role.SCHOOL_HEAD)
        assert heads.count() == 4 and {h.school for h in heads} == set(schools)
        roadmap = Roadmap.objects.get(municipality=place)
        assert roadmap.measures.count() == 2
        assert Progress.objects.filter(measure__roadmap=roadmap).count() == 2 * 4
        assert not Progress.objects.filter(measure__roadmap=roadmap).exclude(school__in=schools).exists()
        assert VprTest.objects.filter(municipality=place).count() == len(VPR_TESTS)
        assert not VprResult.objects.filter(test__municipality=place).exclude(school__in=schools).exists()
        assert Candidate.objects.filter(school__municipality=place).count() == 8
    assert (
        Grade.objects.filter(candidate__school__in=region.all_schools, source=Source.JOURNAL).count() == 600
    )
    # The March meeting is of the timed municipality, with its own four schools.
    assert region.meeting.roadmap == region.roadmap
    assert set(region.meeting.school_rows.values_list("school", flat=True)) == {s.pk for s in region.schools}
    assert region.analyst is not None and region.analyst.municipality_id is None
    assert region.analyst.role == User.Role.REGIONAL_ANALYST
    assert region.counts["users"] == 3 * 6


@pytest.mark.django_db(transaction=True)
def test_page_query_counts_are_the_same_for_a_small_and_a_larger_region(postgres):
    small = region_generate(municipalities=2, schools=4, measures=2, candidates=10, marks=500)
    large = region_generate(municipalities=2, schools=12, measures=5, candidates=30, marks=2400)
    counts = [{f.key: f.queries for f in page_figures(region, repeat=1)} for region in (small, large)]
    assert counts[0] == counts[1]
    assert all(type(n) is int for n in counts[0].values())


def test_the_bench_refuses_a_database_other_than_postgresql(monkeypatch):
    monkeypatch.setattr("bench.management.commands.bench.connection", SimpleNamespace(vendor="sqlite"))
    with pytest.raises(CommandError, match="только на PostgreSQL"):
        call_command("bench", *TINY)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--repeat", "0"], "--repeat должно быть не меньше 1, получено 0"),
        (["--municipalities", "1", "--schools", "2", "--candidates", "81"], "больше 40 на школу"),
        (["--municipalities", "5", "--schools", "3"], "больше, чем школ 3"),
        (["--marks", "-1"], "--marks не может быть отрицательным"),
    ],
)
def test_the_bench_explains_impossible_sizes(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench", *arguments)


@pytest.mark.django_db
def test_the_baseline_page_is_the_layout_with_a_table_of_the_asked_shape_and_asks_nothing_itself(
    client, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    settings.ROOT_URLCONF = "bench.urls"
    client.force_login(UserFactory(role="methodist"))
    queries = []
    for rows in (1, 300):
        with CaptureQueriesContext(connection) as context:
            response = client.get(f"/bench-baseline/?rows={rows}&cells=4")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<tr") == rows + 1 and html.count("<td") == rows * 4
        assert "Выйти" in html  # the base layout, with its top bar
        queries.append(len(context.captured_queries))
    assert queries[0] == queries[1]
    assert client.get("/bench-baseline/?rows=много").status_code == 200
