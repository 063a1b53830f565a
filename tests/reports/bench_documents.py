"""How long the big documents take: run by hand, not a test.

    cd /work/main && .venv/bin/python tests/reports/bench_documents.py

Builds a fresh SQLite database in a temporary folder with 1,500 schools (each with a school head),
a 60-measure roadmap with 90,000 progress rows and a prepared March meeting, then times:

- the protocol end to end (queries + template + WeasyPrint) against WeasyPrint alone on the same
  finished HTML — the budget is at most 20% more — and the queries and template on their own;
- the execution matrix 60 × 1,500 end to end, and its two halves (reading, writing the workbook).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

if os.environ.get("DATABASE_URL"):
    sys.exit("Unset DATABASE_URL: the benchmark builds its own throwaway SQLite database.")
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="reports-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from reports.builders import build_document  # noqa: E402
from reports.documents import progress_matrix, protocol_document  # noqa: E402
from reports.meetings import meeting_create, share_percent  # noqa: E402
from reports.models import Meeting, MeetingSchoolRow  # noqa: E402
from reports.pdf import html_to_pdf, protocol_html  # noqa: E402
from reports.xlsx import progress_matrix_xlsx  # noqa: E402
from roadmaps.models import DeadlineKind, Measure, Progress, ProgressStatus, Roadmap  # noqa: E402
from schools.models import Municipality, School, User  # noqa: E402

SCHOOLS = 1500
MEASURES = 60


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest CPU time of a few runs: the work is single-threaded, and CPU time does not count
    what other processes on a shared machine take."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def build_data() -> tuple[int, Roadmap]:
    rng = random.Random(2024)
    municipality = Municipality.objects.create(name="Тестовый район", department_name="МКУ «Тестовое УО»")
    School.objects.bulk_create(
        School(
            municipality=municipality, code=f"B{n:05d}", short_name=f"МКОУ «СОШ №{n}»", full_name=f"СОШ №{n}"
        )
        for n in range(1, SCHOOLS + 1)
    )
    schools = list(School.objects.filter(municipality=municipality))
    User.objects.bulk_create(
        User(
            username=f"head{s.pk}",
            last_name=f"Руководитель{s.pk}",
            first_name="Анна",
            middle_name="Петровна",
            role=User.Role.SCHOOL_HEAD,
            municipality=municipality,
            school=s,
            password="!",
        )
        for s in schools
    )
    chair = User.objects.create(
        username="chair", last_name="Председателева", first_name="Ирина", role="department_head"
    )
    roadmap = Roadmap.objects.create(
        municipality=municipality, title="План", period_start=date(2023, 9, 1), period_end=date(2024, 8, 31)
    )
    Measure.objects.bulk_create(
        Measure(
            roadmap=roadmap,
            number=str(n),
            order=n,
            title=f"Мероприятие {n}: анализ результатов и посещение уроков",
            deadline_text="до 15 марта 2024 г.",
            deadline_kind=DeadlineKind.DATE,
            deadline_end=date(2023, 10, 1) + timedelta(days=5 * n),
            responsible_text="Методисты УО, руководители ОО",
        )
        for n in range(1, MEASURES + 1)
    )
    statuses = ProgressStatus.values
    Progress.objects.bulk_create(
        (
            Progress(measure=m, school=s, status=rng.choice(statuses))
            for m in roadmap.measures.all()
            for s in schools
        ),
        batch_size=5000,
    )
    meeting = meeting_create(
        roadmap=roadmap,
        created_by=chair,
        date=date(2024, 3, 15),
        number="3",
        place="с. Тестовое",
        chair=chair,
        secretary=chair,
        attendees=list(User.objects.filter(role=User.Role.SCHOOL_HEAD)),
        meeting_measure=None,
        first=1,
        last=11,
    )
    rows = list(meeting.school_rows.all())
    for row in rows:
        row.graduates = rng.randint(10, 60)
        row.candidates = rng.randint(0, 8)
        row.candidates_at_risk = rng.randint(0, row.candidates)
        row.share = share_percent(candidates=row.candidates, graduates=row.graduates)
        row.corrected_share = row.share - Decimal(1) if row.share else row.share
    MeetingSchoolRow.objects.bulk_update(
        rows, ["graduates", "candidates", "candidates_at_risk", "share", "corrected_share"], batch_size=1000
    )
    return meeting.pk, roadmap


def main() -> None:
    call_command("migrate", verbosity=0)
    meeting_id, roadmap = build_data()
    meeting = Meeting.objects.get(pk=meeting_id)
    html = protocol_html(document=protocol_document(meeting=meeting))
    pdf = html_to_pdf(html)
    print(f"protocol: {len(html) // 1024} KiB of HTML, {len(pdf) // 1024} KiB of PDF")
    prepare = best_of(3, lambda: protocol_html(document=protocol_document(meeting=meeting)))
    weasy = best_of(2, lambda: html_to_pdf(html))
    full = best_of(2, lambda: build_document(kind="protocol-pdf", params={"meeting": meeting_id}, owner=None))
    print(f"protocol, queries + template alone: {prepare:.2f} s")
    print(f"protocol, WeasyPrint alone on the finished HTML: {weasy:.2f} s")
    print(f"protocol, end to end (queries + template + WeasyPrint): {full:.2f} s = {100 * full / weasy:.0f}%")

    schools = School.objects.all()
    as_of = date(2024, 3, 15)
    read = best_of(3, lambda: progress_matrix(roadmap=roadmap, schools=schools, as_of=as_of))
    document = progress_matrix(roadmap=roadmap, schools=schools, as_of=as_of)
    write = best_of(3, lambda: progress_matrix_xlsx(document=document))
    whole = best_of(
        3, lambda: build_document(kind="progress-xlsx", params={"roadmap": roadmap.pk}, owner=None)
    )
    print(f"matrix {MEASURES} × {SCHOOLS}: reading {read:.2f} s, writing {write:.2f} s, total {whole:.2f} s")


if __name__ == "__main__":
    main()
