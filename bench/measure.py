"""Timing harness of the benchmark: the key pages, the journal import, the documents and the reminder run
of a generated region, each beside its floor measured in the same run.

Times are reported, never asserted (a busy machine must not fail a build); what a run on a shared
machine can be judged by is the ratio of a figure to its floor. Query counts are printed beside them
and asserted at two sizes by tests/test_bench.py and tests/test_query_counts.py.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

from django.core import mail
from django.core.files import File
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import Workbook

from assessments.models import VprResult
from common.cache import cache_delete
from config.heap import freeze_loaded_heap
from medals.importers import background
from medals.importers.journal_read import COLUMNS as JOURNAL_COLUMNS
from medals.importers.journal_read import TITLES as JOURNAL_TITLES
from medals.importers.uploads import upload_check, upload_confirm, upload_create
from medals.models import Candidate, Upload
from reports.builders import build_document
from reports.digests import digest_for_user
from reports.documents import protocol_document
from reports.mail import send_templated_mail
from reports.pdf import html_to_pdf, protocol_html
from reports.reminders import (
    DigestRunResult,
    digest_mail_context,
    digest_recipients,
    digests_send_for_municipalities,
)
from schools.models import User
from schools.school_import import iter_table_rows

from .floors import same_cells
from .generate import (
    DATED_WORKS,
    JOURNAL_SUBJECTS,
    BenchError,
    BenchSizes,
    Region,
    region_generate,
)
from .posts import POST_RUNS, form_floor, timed_posts, upload_floor

MEMORY_ROWS = 20_000  # the journal check watched by tracemalloc: at most this many rows
DOCUMENT_RUNS = 3  # documents change nothing and can be built again; an import cannot


@dataclass
class Figure:
    key: str
    name: str
    median_ms: float | None = None
    queries: int | None = None
    floor_ms: float | None = None
    note: str = ""
    ratio: float | None = None
    # Imports: the peak of Python memory while the figure ran once more under tracemalloc, and the size of
    # the file's rows parsed and held in memory (the floor of the issue: peak ≤ 2× that).
    peak_kib: int | None = None
    rows_kib: int | None = None

    def ratio_set(self) -> None:
        """The figure over its floor, measured in the same run: what a shared machine can be judged by."""
        if self.median_ms is not None and self.floor_ms:
            self.ratio = round(self.median_ms / self.floor_ms, 2)


@dataclass
class BenchResult:
    sizes: BenchSizes
    region: Region
    generation_seconds: float
    figures: list[Figure]

    def as_json(self) -> dict:
        return {
            "database": {"vendor": connection.vendor, "version": _server_version()},
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "municipality": self.region.municipality.name,
            "sizes": asdict(self.sizes),
            "counts": self.region.counts,
            "generation_seconds": round(self.generation_seconds, 1),
            "generation_steps": {name: round(s, 1) for name, s in self.region.steps.items()},
            "figures": {f.key: asdict(f) for f in self.figures},
        }


def _server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def _table_shape(html: str) -> tuple[int, int]:
    """Rows and cells per row of the tables of a page, as the baseline should show them."""
    rows = html.count("<tr")
    cells = html.count("<td") + html.count("<th")
    return rows, max(1, round(cells / rows)) if rows else 1


def time_page(*, key: str, name: str, user: User, url: str, repeat: int) -> Figure:
    """The median server time of ``repeat`` requests (after one that warms the caches, and renders a kept
    page: common.kept_pages; its time is in the note), their queries,
    and the floor: the baseline page (bench/baseline.py) with a table of the same shape, its requests
    interleaved with the page's so that both see the same machine."""
    client = Client()
    client.force_login(user)
    with override_settings(ROOT_URLCONF="bench.urls"):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as first:
            response = client.get(url)
        first_ms = _ms(start)
        first_queries = len(first.captured_queries)  # now: the log is emptied when a request starts
        if response.status_code != 200:
            return Figure(key=key, name=name, note=f"ответ {response.status_code} на {url}")
        rows, cells = _table_shape(response.content.decode("utf-8", "replace"))
        baseline = f"{reverse('bench_baseline')}?rows={rows}&cells={cells}"
        client.get(baseline)
        samples, floors = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            samples.append(_ms(start))
            start = time.perf_counter()
            client.get(baseline)
            floors.append(_ms(start))
        with CaptureQueriesContext(connection) as context:
            client.get(url)
    return Figure(
        key=key,
        name=name,
        median_ms=round(statistics.median(samples), 1),
        queries=len(context.captured_queries),
        floor_ms=round(statistics.median(floors), 1),
        note=(
            f"{len(response.content) // 1024} КиБ HTML, {rows} строк таблиц; "
            f"первый запрос {first_ms:.0f} мс, {first_queries} запросов к базе"
        ),
    )


def baseline_floor(client: Client, *, repeat: int) -> float:
    """The median of the baseline page with an empty table: the floor of a request that answers with a
    redirect or a short page (the job it queues is timed apart)."""
    baseline = reverse("bench_baseline") + "?rows=0&cells=1"
    client.get(baseline)
    floors = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(baseline)
        floors.append(_ms(start))
    return round(statistics.median(floors), 1)


def time_call(
    *,
    key: str,
    name: str,
    call: Callable[[], object],
    floor: Callable[[], object] | None = None,
    runs: int = 1,
    floor_runs: int = 1,
) -> tuple[Figure, object]:
    """The median of ``runs`` runs of ``call``, the queries of its first run, and the median of ``floor``
    (the part nothing can beat) alone. ``floor_runs`` floor runs follow each run of the call, so that both
    see the same machine; a job that changes data can be run once only, and the median of a few runs of
    its floor keeps one slow or fast parse from deciding its ratio."""
    samples, floors, outcome, queries = [], [], None, 0
    for run in range(runs):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            result = call()
            samples.append(_ms(start))
        if run == 0:
            outcome, queries = result, len(context.captured_queries)
        for _ in range(floor_runs if floor is not None else 0):
            start = time.perf_counter()
            floor()
            floors.append(_ms(start))
    figure = Figure(key=key, name=name, median_ms=statistics.median(samples), queries=queries)
    figure.floor_ms = statistics.median(floors) if floors else None
    return figure, outcome


def _region_url() -> str | None:
    """The regional analyst's region page, if this version of the project has one."""
    for name in ("assessments:region", "region"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def page_figures(region: Region, *, repeat: int) -> list[Figure]:
    """The key pages of the timed municipality as its people open them, at its real size, and
    the regional analyst's region page across every municipality."""
    schools = len(region.schools)
    card = region.card_candidate
    head = region.head
    candidates = Candidate.objects.filter(school__municipality=region.municipality).count()
    curated = region.methodist.curated_schools.count()
    vpr_results = VprResult.objects.filter(test__municipality=region.municipality).count()

    def page(key: str, name: str, url: str, user: User = head) -> Figure:
        return time_page(key=key, name=name, user=user, url=url, repeat=repeat)

    figures = [
        page("dashboard", f"dashboard (начальник УО, {schools} школ)", reverse("dashboard")),
        page(
            "dashboard_methodist",
            f"dashboard (методист, {curated} школ)",
            reverse("dashboard"),
            region.methodist,
        ),
        page(
            "dashboard_school_head", "dashboard (руководитель ОО)", reverse("dashboard"), region.school_head
        ),
        page(
            "measure_list_filtered",
            "measure list filtered (просрочено)",
            reverse("roadmaps:measure_list") + "?overdue=on",
        ),
        page(
            "measure_detail",
            f"measure detail ({schools} строк)",
            reverse("roadmaps:measure_detail", args=[region.measures[0].pk]),
        ),
        page(
            "candidate_list", f"candidate list ({candidates} претендентов)", reverse("medals:candidate_list")
        ),
        page(
            "candidate_card",
            f"candidate card ({card.grades.count()} отметок)",
            reverse("medals:candidate_detail", args=[card.pk]),
        ),
        page("risk_groups", "risk groups", reverse("medals:risk_groups")),
        page(
            "objectivity",
            f"objectivity page ({vpr_results} участников ВПР)",
            reverse("assessments:objectivity"),
        ),
        page("observers", "observers", reverse("assessments:observer_list")),
        page("reports", "reports page", reverse("reports:index")),
    ]
    region_url = _region_url()
    if region_url and region.analyst is not None:
        first = region_first_request(region_url, region.analyst)
        figure = page(
            "region",
            f"region page (аналитик, {len(region.municipalities)} районов)",
            region_url,
            region.analyst,
        )
        figure.note += f"; {first}"
        figures.append(figure)
    return figures


def region_first_request(url: str, analyst: User) -> str:
    """The region page's first request as production answers it, before any analysis is kept: at most
    a few municipalities computed in the request, the rest left to the keep task (published to the broker,
    here to no one) and shown «готовится». The figure's own first request runs that task inline, as the
    embedded mode of `make run` does: forty analyses in one request, which no production request does."""
    from celery import current_app

    from assessments.objectivity_kept import KEEP_QUEUED_KEY, KEEP_TASK

    client = Client()
    client.force_login(analyst)
    eager, current_app.conf.task_always_eager = current_app.conf.task_always_eager, False
    try:
        with (
            override_settings(ROOT_URLCONF="bench.urls"),
            mock.patch.object(current_app.tasks[KEEP_TASK], "apply_async") as published,
        ):
            start = time.perf_counter()
            response = client.get(url)
            ms = _ms(start)
    finally:
        current_app.conf.task_always_eager = eager
        cache_delete(KEEP_QUEUED_KEY)  # the figure's requests queue (and run) the task themselves
    shown = re.search(r'data-testid="region-preparing" data-municipalities="(\d+)"', response.text)
    preparing = int(shown[1]) if shown else 0
    return (
        f"в рабочем режиме (задача через брокер) первый запрос {ms:.0f} мс: «готовится» {preparing} районов, "
        f"расчёт {'поставлен задачей' if published.called else 'не поставлен'}"
    )


TEACHER = "Соколова Анна Сергеевна"


SCHOOL_DAYS = 300  # lesson days from 1 September on, all inside the school year


def journal_file_write(*, path: Path, candidates: list[Candidate], rows: int, year: int) -> Path:
    """A journal extract of ``rows`` marks of the school's candidates over their two school years.

    Row r is candidate r mod n; then subjects, the two school years and lesson days in turn. A written
    work gets one mark a day; past the school's lesson days only current marks, which may repeat.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Выгрузка")
    sheet.append([JOURNAL_TITLES[key] for key in JOURNAL_COLUMNS])
    names = [c.pupil.full_name for c in candidates]
    subjects = len(JOURNAL_SUBJECTS)
    for r in range(rows):
        k, c = divmod(r, len(candidates))
        lesson, y = divmod(k // subjects, 2)
        y = year - 1 + y
        kind = DATED_WORKS[lesson % len(DATED_WORKS)][1] if lesson < SCHOOL_DAYS else DATED_WORKS[0][1]
        day = date(y, 9, 1) + timedelta(days=lesson % SCHOOL_DAYS)
        class_name, school_year, mark = f"{11 if y == year else 10}А", f"{y}-{y + 1}", "5" if r % 10 else "4"
        row = [names[c], class_name, school_year, JOURNAL_SUBJECTS[k % subjects], "", kind, f"{day:%d.%m.%Y}"]
        sheet.append([*row, mark, TEACHER])
    workbook.save(path)
    return path


def _parse_only(path: Path) -> int:
    return sum(1 for _ in iter_table_rows(path=path, name=path.name))


def _peak_kib(call: Callable[[], object]) -> tuple[int, object]:
    """The peak of Python memory allocated while ``call`` runs (tracemalloc), in KiB, and its result."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak // 1024, result


def _rows_kib(path: Path) -> int:
    """The size of the file's rows parsed and held in memory: what the peak of an import is judged by."""
    kib, rows = _peak_kib(lambda: list(iter_table_rows(path=path, name=path.name)))
    del rows
    return kib


# The check reads only, so it is timed three times; the save changes data and runs once; each beside the
# median of three bare parses (one parse of 100,000 rows moved by half between runs on a shared machine).
JOURNAL_RUNS = 3


def journal_figures(region: Region, *, rows: int, workdir: Path) -> list[Figure]:
    """Check and save of a ``rows``-line journal extract, each beside the time to only read the file."""
    school = region.import_school
    candidates = list(Candidate.objects.filter(school=school, is_active=True).select_related("pupil"))
    path = journal_file_write(
        path=workdir / f"journal-{rows}.xlsx", candidates=candidates, rows=rows, year=region.academic_year
    )
    size = path.stat().st_size // 1024
    with override_settings(MEDIA_ROOT=workdir / "media"), path.open("rb") as handle:
        upload = upload_create(
            school=school,
            kind=Upload.Kind.JOURNAL,
            name=path.name,
            content=File(handle),
            user=region.school_head,
        )
        check, checked = time_call(
            key="journal_check",
            name=f"journal check ({rows} строк, предпросмотр)",
            call=lambda: upload_check(upload=upload),
            floor=lambda: _parse_only(path),
            runs=JOURNAL_RUNS,
            floor_runs=JOURNAL_RUNS,
        )
        # Memory apart from time (tracemalloc slows what it watches): the check once more, watched, of
        # at most MEMORY_ROWS rows (the rows are streamed, so the ratio does not depend on the length).
        memory_rows = min(rows, MEMORY_ROWS)
        watched = upload
        if memory_rows < rows:
            small = journal_file_write(
                path=workdir / f"journal-{memory_rows}.xlsx",
                candidates=candidates,
                rows=memory_rows,
                year=region.academic_year,
            )
            with small.open("rb") as small_handle:
                watched = upload_create(
                    school=school,
                    kind=Upload.Kind.JOURNAL,
                    name=small.name,
                    content=File(small_handle),
                    user=region.school_head,
                )
        check.peak_kib, _ = _peak_kib(lambda: upload_check(upload=watched))
        check.rows_kib = _rows_kib(Path(watched.file.path))
        if checked.errors:
            first = checked.errors[0]
            raise BenchError(
                f"Выгрузка для бенчмарка не прошла проверку ({len(checked.errors)} ошибок), первая: "
                f"строка {first['row']}, столбец «{first['column']}»: {first['message']}"
            )
        save, saved = time_call(
            key="journal_import",
            name=f"journal import ({rows} строк, сохранение)",
            call=lambda: upload_confirm(upload=upload),
            floor=lambda: _parse_only(path),
            floor_runs=JOURNAL_RUNS,
        )
    check.note = (
        f"файл {size} КиБ, ошибок нет; пик памяти {check.peak_kib} КиБ — "
        f"{check.peak_kib / max(1, check.rows_kib):.2f}× разобранных строк ({check.rows_kib} КиБ, "
        f"{min(rows, MEMORY_ROWS)} строк)"
    )
    save.note = f"сохранено {saved.saved if saved else 0}, заменено {saved.replaced if saved else 0}"
    with override_settings(MEDIA_ROOT=workdir / "media"):
        request = journal_request_figure(region, path=path, rows=rows)
    return [check, save, request]


def journal_request_figure(region: Region, *, path: Path, rows: int) -> Figure:
    """The school head's upload of the same file: the request stores it and, the file being large, only
    queues its check (medals.importers.background), beside the same file received and stored by a view
    that asks nothing (bench.posts.upload_floor)."""
    client = Client()
    client.force_login(region.school_head)
    url = reverse("medals:upload", args=[Upload.Kind.JOURNAL])
    with override_settings(ROOT_URLCONF="bench.urls"), mock.patch.object(background, "_queue"):

        def post():
            with path.open("rb") as handle:
                return client.post(url, {"school": region.import_school.pk, "file": handle})

        posted = timed_posts(post, client=client, beside=upload_floor(client, path=path))
    upload = Upload.objects.filter(uploaded_by=region.school_head).order_by("-pk").first()
    status = upload.get_status_display() if upload else "нет загрузки"
    return Figure(
        key="journal_upload_request",
        name=f"journal upload: the request ({rows} строк)",
        median_ms=posted.median_ms,
        queries=posted.queries,
        floor_ms=posted.floor_ms,
        note=(
            f"ответ {posted.response.status_code}; загрузка «{status}»: проверка — задача, запрос её "
            f"только ставит; медиана {POST_RUNS} запросов, все кроме последнего откачены; "
            f"первый {posted.first_ms:.0f} мс; нижняя граница — тот же файл, принятый и сохранённый "
            "страницей без запросов, посланный через один с настоящими"
        ),
    )


def protocol_figure(region: Region) -> Figure:
    """The protocol PDF end to end (queries, template, WeasyPrint) beside WeasyPrint on the same HTML."""
    html = protocol_html(document=protocol_document(meeting=region.meeting))
    html_to_pdf(html)  # WeasyPrint loads its fonts once per process: neither side should pay for that
    figure, built = time_call(
        key="protocol_pdf",
        name=f"protocol PDF ({region.meeting.school_rows.count()} школ)",
        call=lambda: build_document(
            kind="protocol-pdf", params={"meeting": region.meeting.pk}, owner=region.head
        ),
        floor=lambda: html_to_pdf(html),
        runs=DOCUMENT_RUNS,
    )
    figure.note = (
        f"{len(built.content) // 1024} КиБ PDF, медиана {DOCUMENT_RUNS} прогонов; "
        "нижняя граница — WeasyPrint на готовом HTML"
    )
    return figure


def workbook_figure(region: Region) -> Figure:
    measures, schools = len(region.measures), len(region.schools)

    def build():
        return build_document(kind="progress-xlsx", params={"roadmap": region.roadmap.pk}, owner=region.head)

    figure, built = time_call(
        key="progress_workbook",
        name=f"progress workbook ({measures} × {schools})",
        call=build,
        floor=same_cells(build().content),  # the workbook's own cells, colours and all
        runs=DOCUMENT_RUNS,
    )
    figure.note = (
        f"{len(built.content) // 1024} КиБ XLSX, медиана {DOCUMENT_RUNS} прогонов; "
        "нижняя граница — те же ячейки файла (значения и цвета) из памяти"
    )
    return figure


REMINDER_RUNS = 3


def _messages_from_memory(contexts: list[tuple[str, dict]]) -> int:
    """The floor of the reminder run: the same messages rendered and handed to the (in-memory) backend
    from digests already built, with no query."""
    for address, context in contexts:
        send_templated_mail(to=[address], template="digest", context=context)
    return len(contexts)


def _dropped(result):
    """``result``, with the messages the memory backend kept let go, as a mail server's connection lets
    them go once sent: 1,580 messages a run, 11,000 over the figure, left in ``mail.outbox`` were walked
    by every full collection of the figures after it (the candidates' file: 60 ms a collection)."""
    mail.outbox = []
    return result


def reminder_figure(region: Region) -> Figure:
    """The run of every municipality of the region, as the hourly beat makes it: every school head, the
    methodist and the department head are due (nobody has a preference yet)."""
    today = timezone.localdate()
    places = region.municipalities or [region.municipality]
    contexts = []
    for user in digest_recipients(municipalities=places, local_date=today):
        digest = digest_for_user(user=user, local_date=today)
        if not digest.is_empty:
            contexts.append((user.email, digest_mail_context(digest=digest)))

    def run() -> DigestRunResult:
        # A digest goes once a day: each run is rolled back, so that the next finds everybody due again
        # and the figure is a median like the others, not one run.
        with transaction.atomic():
            result = digests_send_for_municipalities(municipalities=places, local_date=today)
            transaction.set_rollback(True)
        return _dropped(result)

    def floor() -> int:
        return _dropped(_messages_from_memory(contexts))

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _dropped(_messages_from_memory(contexts[:1]))  # templates compiled once, for both sides
        figure, result = time_call(
            key="reminders",
            name=f"reminder run ({region.counts['users']} получателей, {len(places)} районов)",
            call=run,
            floor=floor,
            runs=REMINDER_RUNS,
        )
        with CaptureQueriesContext(connection) as floor_queries:
            floor()
    figure.note = (
        f"отправлено {result.sent}, пропущено {result.skipped}, ошибок {result.failed}; медиана "
        f"{REMINDER_RUNS} прогонов; "
        f"{figure.queries} запросов на весь прогон ({len(places)} районов); письма в памяти; "
        f"нижняя граница — {len(contexts)} тех же писем из готовых данных "
        f"({len(floor_queries.captured_queries)} запросов)"
    )
    return figure


def meeting_figures(region: Region, *, repeat: int) -> list[Figure]:
    """Preparing the March meeting: the request (the job only queued) beside the baseline page, and the
    job that fills the table of schools, timed apart (nothing that long in a request)."""
    from celery import current_app

    from reports.jobs import job_run
    from reports.meetings import meeting_scope
    from reports.models import ReportJob

    client = Client()
    client.force_login(region.head)
    url = reverse("reports:meeting_new") + f"?roadmap={region.roadmap.pk}"
    heads = User.objects.filter(municipality=region.municipality, role=User.Role.SCHOOL_HEAD).count()
    data = {
        "first": 1,
        "last": 11,
        "title": "совещания руководителей общеобразовательных организаций",
        "number": "4",
        "date": f"{region.academic_year + 1}-03-16",
        "place": "г. Бенчмарк",
        "chair": region.head.pk,
        "all_school_heads": "on",  # as the form offers it: one choice, whatever the number of heads
    }
    # The plan's row the form preselects (the generated plan names none: its last row, as a head picks).
    measure = (
        meeting_scope(roadmap=region.roadmap).measure or region.roadmap.measures.order_by("order").last()
    )
    if measure is not None:
        data["measure"] = measure.pk
    # As in production: the job is published to the broker (here: to no one) and left to a worker, not
    # run inline as the embedded mode of `make run` does.
    eager, current_app.conf.task_always_eager = current_app.conf.task_always_eager, False
    try:
        with (
            override_settings(ROOT_URLCONF="bench.urls"),
            mock.patch("reports.jobs.job_enqueue", return_value=True),
        ):
            floor = form_floor(client, data=data, roadmap=region.roadmap.pk)
            posted = timed_posts(lambda: client.post(url, data), client=client, beside=floor)
    finally:
        current_app.conf.task_always_eager = eager
    response = posted.response
    request = Figure(
        key="meeting_prepare_request",
        name=f"March meeting: the request ({heads} руководителей ОО)",
        median_ms=posted.median_ms,
        queries=posted.queries,
        floor_ms=posted.floor_ms,
        note=(
            f"ответ {response.status_code}; в запросе — шапка совещания, повестка и таблица школ — задача; "
            f"медиана {POST_RUNS} запросов, все кроме последнего откачены; первый {posted.first_ms:.0f} мс; "
            f"нижняя граница — та же форма, проверенная по спискам в памяти, и те же строки: шапка и задача "
            f"({posted.floor_queries} запросов), посланные через один с настоящими"
        ),
    )
    job = ReportJob.objects.filter(kind=ReportJob.Kind.MEETING_PREPARE, owner=region.head).first()
    if job is None:
        request.note = f"ответ {response.status_code}: задача не поставлена"
        return [request]
    figure, _ = time_call(
        key="meeting_prepare_job",
        name=f"March meeting: the job ({len(region.schools)} школ)",
        call=lambda: job_run(job_id=job.pk),
    )
    job.refresh_from_db()
    figure.note = (
        f"задача: {job.get_status_display()}, строк школ {job.params and len(region.schools)}; в фоне"
    )
    return [request, figure]


def bench_run(*, sizes: BenchSizes, workdir: Path | None = None) -> BenchResult:
    """Generate the region, then measure every figure: the key pages first, then the jobs, then the
    region-wide exports a request still builds."""
    from .exports import export_figures  # here: bench.exports builds its figures with Figure from here

    start = time.perf_counter()
    region = region_generate(
        municipalities=sizes.municipalities,
        schools=sizes.schools,
        measures=sizes.measures,
        candidates=sizes.candidates,
        marks=sizes.marks,
    )
    generation = time.perf_counter() - start
    # As a web or report worker is once loaded (config/wsgi.py, config/celery.py): the loaded heap, here
    # with what the generation left, is left out of collections (config.heap).
    freeze_loaded_heap()
    figures = page_figures(region, repeat=sizes.repeat)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=workdir) as folder:
        figures += journal_figures(region, rows=sizes.import_rows, workdir=Path(folder))
    figures += [protocol_figure(region), workbook_figure(region), reminder_figure(region)]
    figures += meeting_figures(region, repeat=sizes.repeat)
    figures += export_figures(region, repeat=sizes.repeat)
    for figure in figures:
        figure.ratio_set()
    return BenchResult(sizes=sizes, region=region, generation_seconds=generation, figures=figures)
