"""Region generator of the benchmark: a region as regions are, written fast.

``region_generate`` builds 40 municipalities of about 40 schools each (1,500 in all), each with its own
department head, methodist, school heads, a 60-measure roadmap with a progress row per school, and ВПР
results; 25,000 medal candidates with 2,000,000 journal marks spread over all the schools; a regional
analyst who reads them all; and a prepared March meeting in the municipality whose pages are timed. The
big tables are written with PostgreSQL COPY from generators, so memory does not grow with them.

A development tool: it lives outside the shipped apps (see bench/measure.py for the timing harness).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, models, transaction
from django.utils import timezone

from assessments.aggregates import refresh_aggregates
from assessments.models import Subject, VprResult, VprTest
from medals.importers.journal_store import INSERT_FIELDS
from medals.models import (
    Candidate,
    ExtractVersion,
    Grade,
    MedalDegree,
    Period,
    Recheck,
    SchoolYearIndicator,
    Source,
    Upload,
    WorkKind,
    academic_year_of,
)
from reports.meetings import meeting_create
from reports.models import Meeting
from roadmaps.models import DeadlineKind, Measure, Progress, ProgressStatus, Roadmap, Section
from schools.models import Municipality, Pupil, School, User

BENCH_MUNICIPALITY = "Регион (бенчмарк)"
MUNICIPALITIES = 40
SECTIONS = 6
NOTEBOOK_EVERY = 4  # every fourth candidate has notebook marks too, some disagreeing with the journal
# Plain strings, not the choices enums: COPY writes values as they are.
STATUSES = [s.value for s in ProgressStatus]
JOURNAL, NOTEBOOK = Source.JOURNAL.value, Source.NOTEBOOK.value
JOURNAL_SUBJECTS = (
    "Русский язык",
    "Литература",
    "Математика",
    "Физика",
    "Химия",
    "История",
    "Обществознание",
    "Английский язык",
)
# Dated works cycle through these: the written ones are compared with the notebooks.
DATED_WORKS = (
    (WorkKind.CURRENT.value, "Ответ на уроке"),
    (WorkKind.CONTROL.value, "Контрольная работа"),
    (WorkKind.CURRENT.value, "Домашняя работа"),
    (WorkKind.INDEPENDENT.value, "Самостоятельная работа"),
    (WorkKind.CURRENT.value, "Ответ на уроке"),
    (WorkKind.CHECK.value, "Проверочная работа"),
)
WRITTEN = {WorkKind.CONTROL.value, WorkKind.INDEPENDENT.value, WorkKind.CHECK.value}
# Grade 10 (the year before): half-year and year marks; grade 11 (this year): the first quarter.
GRADE10_PERIODS = (
    (Period.H1.value, WorkKind.PERIOD.value),
    (Period.H2.value, WorkKind.PERIOD.value),
    (Period.YEAR.value, WorkKind.YEAR.value),
)
GRADE11_PERIODS = ((Period.Q1.value, WorkKind.PERIOD.value),)
# ВПР of last spring: subject, grade, task maxima with levels.
VPR_TESTS = (
    ("Русский язык", 5, [(2, "Б"), (3, "Б"), (2, "Б"), (1, "Б"), (2, "Б"), (2, "П"), (3, "П"), (2, "П")]),
    ("Математика", 5, [(1, "Б"), (1, "Б"), (2, "Б"), (1, "Б"), (2, "Б"), (2, "П"), (2, "П"), (1, "П")]),
    ("Русский язык", 7, [(3, "Б"), (2, "Б"), (2, "Б"), (2, "Б"), (3, "Б"), (2, "П"), (3, "П"), (2, "П")]),
    ("Математика", 8, [(1, "Б"), (2, "Б"), (1, "Б"), (2, "Б"), (2, "Б"), (2, "П"), (3, "П"), (2, "П")]),
)
SURNAMES = (
    "Абдуллаев", "Алиев", "Баранов", "Васильев", "Гаджиев", "Григорьев", "Давыдов", "Егоров", "Жуков",
    "Зайцев", "Ибрагимов", "Козлов", "Лебедев", "Магомедов", "Никитин", "Орлов", "Павлов", "Романов",
    "Соколов", "Тихонов",
)  # fmt: skip
MALE_NAMES = ("Александр", "Арсен", "Дмитрий", "Ибрагим", "Кирилл", "Максим", "Руслан")
FEMALE_NAMES = ("Алина", "Амина", "Дарья", "Зарина", "Мария", "Полина", "Софья")
PATRONYMICS = (
    ("Алиевич", "Алиевна"),
    ("Андреевич", "Андреевна"),
    ("Магомедович", "Магомедовна"),
    ("Олегович", "Олеговна"),
    ("Петрович", "Петровна"),
    ("Русланович", "Руслановна"),
)


# Generated names are all different within any 40 candidates in a row (see ``pupil_name``): a school
# with more would have namesakes, and the journal import would rightly refuse the file.
MAX_CANDIDATES_PER_SCHOOL = 40


class BenchError(Exception):
    """The benchmark cannot go on; the message says why, in Russian."""


@dataclass(frozen=True)
class BenchSizes:
    municipalities: int = MUNICIPALITIES
    schools: int = 1500
    measures: int = 60
    candidates: int = 25_000
    marks: int = 2_000_000
    import_rows: int = 100_000
    # A page of a few milliseconds on a shared machine: with ten requests one busy moment moved a median, and
    # the ratio, by a third (the kept candidate list read 1.58x-2.25x in five runs of one code; with thirty,
    # 1.30x-1.57x in three runs of the same code).
    repeat: int = 30


@dataclass
class Region:
    """The generated region; ``municipality`` and the people and plan beside it are those of the
    municipality whose own pages are timed (the first), ``municipalities`` and ``all_schools`` the whole."""

    municipality: Municipality
    schools: list[School]
    head: User
    methodist: User
    school_head: User
    roadmap: Roadmap
    measures: list[Measure]
    meeting: Meeting
    card_candidate: Candidate
    academic_year: int
    municipalities: list[Municipality] = field(default_factory=list)
    all_schools: list[School] = field(default_factory=list)
    analyst: User | None = None
    counts: dict[str, int] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def import_school(self) -> School:
        return self.school_head.school


# --- writing rows fast ---------------------------------------------------------------------------------


def copy_rows(*, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write ``rows`` (values of ``fields``, ready for the database) with PostgreSQL COPY, streaming.

    The model's other columns take their defaults; ``auto_now`` columns take the current time.
    """
    meta = model._meta
    rest = [f for f in meta.concrete_fields if not f.primary_key and f.name not in fields]
    now = timezone.now()
    fixed = []
    for f in rest:
        value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        if value is None and not f.null:
            raise ValueError(f"{meta.label}.{f.name}: нет значения по умолчанию, передайте его в fields")
        fixed.append(f.get_db_prep_save(value, connection))
    columns = [meta.get_field(name).column for name in fields] + [f.column for f in rest]
    quote = connection.ops.quote_name
    sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    tail = tuple(fixed)
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *tail))
            written += 1
    return written


# --- generation ----------------------------------------------------------------------------------------


def pupil_name(index: int) -> tuple[str, str, str]:
    """A generated name; any MAX_CANDIDATES_PER_SCHOOL consecutive indexes give different names."""
    female = index % 2
    surname = SURNAMES[(index // 2) % len(SURNAMES)] + ("а" if female else "")
    first = (FEMALE_NAMES if female else MALE_NAMES)[(index // 7) % len(MALE_NAMES)]
    middle = PATRONYMICS[(index // 3) % len(PATRONYMICS)][female]
    return surname, first, middle


def _staff(
    municipality: Municipality, schools: list[School], prefix: str
) -> tuple[list[User], list[tuple[User, list[School]]]]:
    """A municipality's people, unsaved: the department head, a methodist curating half of its schools,
    and a head for every school. Returned with the schools each methodist curates."""

    def person(number: int, username: str, role: str, school: School | None = None) -> User:
        last, first, middle = pupil_name(number)
        return User(
            username=f"{prefix}{username}",
            email=f"{prefix}{username}@example.org",
            role=role,
            municipality=municipality,
            school=school,
            last_name=last,
            first_name=first,
            middle_name=middle,
            password="!",  # unusable: nobody logs in to the generated region with a password
        )

    head = person(0, "head", User.Role.DEPARTMENT_HEAD)
    methodist = person(1, "methodist", User.Role.METHODIST)
    heads = [
        person(n, f"director{n:05d}", User.Role.SCHOOL_HEAD, school)
        for n, school in enumerate(schools, start=2)
    ]
    return [head, methodist, *heads], [(methodist, schools[: max(1, len(schools) // 2)])]


def _roadmap(
    municipality: Municipality,
    schools: list[School],
    measures: int,
    year: int,
    updater: User,
    rng: random.Random,
) -> tuple[Roadmap, list[Measure]]:
    roadmap = Roadmap.objects.create(
        municipality=municipality,
        title=f"Дорожная карта по обеспечению объективности оценочных процедур на {year}-{year + 1} "
        "учебный год",
        period_start=date(year, 9, 1),
        period_end=date(year + 1, 8, 31),
        status=Roadmap.Status.APPROVED,
    )
    sections = Section.objects.bulk_create(
        [
            Section(roadmap=roadmap, number=str(n), title=f"Раздел {n}", order=n)
            for n in range(1, SECTIONS + 1)
        ]
    )
    step = max(1, 330 // max(1, measures))
    deadlines = [date(year, 9, 15) + timedelta(days=step * n) for n in range(measures)]
    measure_rows = Measure.objects.bulk_create(
        [
            Measure(
                roadmap=roadmap,
                section=sections[n % SECTIONS],
                number=f"{n % SECTIONS + 1}.{n // SECTIONS + 1}",
                order=n,
                title=f"Мероприятие {n + 1}: анализ объективности оценивания",
                deadline_text=f"до {deadline:%d.%m.%Y}",
                deadline_kind=DeadlineKind.DATE,
                deadline_end=deadline,
                responsible_text="Методисты УО, руководители ОО.",
                per_school=True,
            )
            for n, deadline in enumerate(deadlines)
        ]
    )
    now = timezone.now()

    def rows() -> Iterator[tuple]:
        for measure in measure_rows:
            for school in schools:
                status = rng.choice(STATUSES)
                touched = status != ProgressStatus.NOT_STARTED
                yield measure.pk, school.pk, status, updater.pk if touched else None, now if touched else None

    copy_rows(model=Progress, fields=("measure", "school", "status", "updated_by", "updated_at"), rows=rows())
    return roadmap, measure_rows


def _candidates(schools: list[School], count: int, year: int, rng: random.Random) -> list[Candidate]:
    """``count`` grade-11 candidates in contiguous blocks per school (about 17 each at full size)."""
    pupils = []
    for index in range(count):
        last, first, middle = pupil_name(index)
        pupils.append(
            Pupil(
                school=schools[index * len(schools) // count],
                last_name=last,
                first_name=first,
                middle_name=middle,
                birth_date=date(year - 16, 1, 1) + timedelta(days=index % 365),
                grade=11,
                letter="А",
            )
        )
    pupils = Pupil.objects.bulk_create(pupils, batch_size=5000)
    candidates = []
    for index, pupil in enumerate(pupils):
        transferred = index % 40 == 39 and len(schools) > 1
        candidates.append(
            Candidate(
                pupil=pupil,
                school=pupil.school,
                graduation_year=year + 1,
                degree=MedalDegree.FIRST if rng.random() < 0.7 else MedalDegree.SECOND,
                previous_school=schools[(index + 1) % len(schools)] if transferred else None,
                transfer_date=date(year - 1, 9, 1) if transferred else None,
            )
        )
    return Candidate.objects.bulk_create(candidates, batch_size=5000)


def _journal_versions(schools: list[School], year: int) -> dict[tuple[int, int], ExtractVersion]:
    """One saved journal upload per school with a current version for each of the two school years."""
    uploads = Upload.objects.bulk_create(
        [
            Upload(
                school=school,
                kind=Upload.Kind.JOURNAL,
                status=Upload.Status.SAVED,
                original_name="Выгрузка из журнала.xlsx",
                saved_at=timezone.now(),
            )
            for school in schools
        ],
        batch_size=2000,
    )
    versions = ExtractVersion.objects.bulk_create(
        [
            ExtractVersion(
                upload=upload, school=upload.school, source=Source.JOURNAL, academic_year=y, is_current=True
            )
            for upload in uploads
            for y in (year - 1, year)
        ],
        batch_size=2000,
    )
    return {(v.school_id, v.academic_year): v for v in versions}


# The columns the journal import writes, plus who entered the marks (the import leaves that empty).
GRADE_FIELDS = (*INSERT_FIELDS, "entered_by")


def _mark(rng: random.Random, five: float) -> tuple[str, int]:
    draw = rng.random()
    value = 5 if draw < five else 4 if draw < five + (1 - five) * 0.8 else 3
    return str(value), value


def _grade_rows(
    *,
    candidates: list[Candidate],
    marks: int,
    subjects: list[Subject],
    versions: dict[tuple[int, int], ExtractVersion],
    year: int,
    methodist: User,
    rng: random.Random,
    counts: Counter,
) -> Iterator[tuple]:
    """Exactly ``marks`` journal marks spread over the candidates, plus notebook marks for some of them.

    Each candidate's marks fill slots in a fixed order: the grade-10 half-year and year marks and the
    first quarter of grade 11 in every subject, then dated works in turn across the subjects.
    """
    periods = [(year - 1, "10А", p, k) for p, k in GRADE10_PERIODS] + [
        (year, "11А", p, k) for p, k in GRADE11_PERIODS
    ]
    period_slots = [(s, *p) for p in periods for s in range(len(subjects))]
    first_day = date(year, 9, 2)
    teachers = [f"{SURNAMES[n % len(SURNAMES)]}а Анна Сергеевна" for n in range(len(subjects))]
    per_candidate, extra = divmod(marks, len(candidates))
    for index, candidate in enumerate(candidates):
        quota = per_candidate + (1 if index < extra else 0)
        with_notebook = index % NOTEBOOK_EVERY == 0
        for slot in range(quota):
            if slot < len(period_slots):
                s, y, class_name, period, kind = period_slots[slot]
                mark, value = _mark(rng, 0.9)
                work_date, title = None, ""
            else:
                work, s = divmod(slot - len(period_slots), len(subjects))
                y, class_name, period = year, "11А", ""
                kind, title = DATED_WORKS[work % len(DATED_WORKS)]
                work_date = first_day + timedelta(days=(work * 3 + s) % 270)
                mark, value = _mark(rng, 0.75)
            version = versions[(candidate.school_id, y)].pk
            counts[version] += 1
            subject_id, teacher = subjects[s].pk, teachers[s]
            yield (
                candidate.pk, version, JOURNAL, subject_id, y, class_name, period, kind, title,
                work_date, mark, value, teacher, None,
            )  # fmt: skip
            if with_notebook and kind in WRITTEN:
                if rng.random() < 0.12 and value > 3:
                    mark, value = str(value - 1), value - 1  # the notebook disagrees with the journal
                counts["notebook"] += 1
                yield (
                    candidate.pk, None, NOTEBOOK, subject_id, y, class_name, "", kind, title,
                    work_date, mark, value, teacher, methodist.pk,
                )  # fmt: skip


def _rechecks(candidates: list[Candidate], subject: Subject, year: int, methodist: User) -> int:
    """A done re-check for every 50th candidate; every other one lowered the teacher's mark."""
    chosen = candidates[::50]
    Recheck.objects.bulk_create(
        [
            Recheck(
                code=f"B{candidate.pk}",
                candidate=candidate,
                subject=subject,
                academic_year=year,
                class_name="11А",
                work_kind=WorkKind.CONTROL,
                work_title="Контрольная работа",
                work_date=date(year, 10, 15),
                original_mark="5",
                original_value=5,
                recheck_mark="4" if n % 2 else "5",
                recheck_value=4 if n % 2 else 5,
                status=Recheck.Status.DONE,
                assigned_to=methodist,
                checked_at=timezone.now(),
            )
            for n, candidate in enumerate(chosen)
        ],
        batch_size=2000,
    )
    return len(chosen)


def _indicators(schools: list[School], year: int, rng: random.Random) -> None:
    """Graduates of this year's class, and last year's medalists, of every school."""
    rows = []
    for school in schools:
        rows.append(SchoolYearIndicator(school=school, year=year + 1, graduates=rng.randint(40, 90)))
        rows.append(
            SchoolYearIndicator(
                school=school,
                year=year,
                graduates=rng.randint(40, 90),
                medalists=rng.randint(3, 12),
                medalists_ege_below_70=rng.randint(0, 2),
            )
        )
    SchoolYearIndicator.objects.bulk_create(rows, batch_size=2000)


VPR_FIELDS = (
    "test",
    "school",
    "participant_code",
    "class_name",
    "variant",
    "task_scores",
    "primary_score",
    "mark",
    "journal_mark",
)


def _vpr_rows(*, test: VprTest, schools: list[School], rng: random.Random) -> Iterator[tuple]:
    """15–35 participants per school; every seventh school's journal marks run high."""
    maxima = [task["max"] for task in test.tasks]
    cuts = [round(test.max_score * share) for share in (0.3, 0.55, 0.8)]
    json = connection.ops.adapt_json_value
    for school in schools:
        generous = school.pk % 7 == 0
        ability = rng.uniform(0.35, 0.85)
        for n in range(rng.randint(15, 35)):
            scores = [min(m, max(0, round(rng.gauss(ability * m, m / 3)))) for m in maxima]
            primary = sum(scores)
            mark = 2 + sum(primary >= cut for cut in cuts)
            journal = min(5, mark + 1) if generous and rng.random() < 0.5 else mark
            if rng.random() < 0.15:
                journal = max(2, min(5, journal + rng.choice((-1, 1))))
            code, class_name, variant = f"{n + 1:05d}", f"{test.grade}А", str(1 + n % 2)
            yield test.pk, school.pk, code, class_name, variant, json(scores, None), primary, mark, journal


def _vpr(municipality: Municipality, schools: list[School], year: int, rng: random.Random) -> int:
    """Last spring's ВПР of a few subjects and grades in every school of one municipality."""
    written = 0
    subjects = {s.name: s for s in Subject.objects.filter(name__in={name for name, _, _ in VPR_TESTS})}
    for name, grade, tasks in VPR_TESTS:
        test = VprTest.objects.create(
            municipality=municipality,
            year=year,
            subject=subjects[name],
            grade=grade,
            title=f"ВПР {year} {name} {grade} класс",
            held_on=date(year, 4, 15),
            max_score=sum(m for m, _ in tasks),
            tasks=[{"number": str(n), "max": m, "level": level} for n, (m, level) in enumerate(tasks, 1)],
        )
        written += copy_rows(
            model=VprResult, fields=VPR_FIELDS, rows=_vpr_rows(test=test, schools=schools, rng=rng)
        )
        refresh_aggregates(tests=[test])  # the objectivity analysis reads these lines, as after an import
    return written


def _card_candidate(candidates: list[Candidate], *, import_school: int) -> Candidate:
    """The candidate whose card is timed: one with notebook marks, from a school the import leaves alone."""
    outside = [(i, c) for i, c in enumerate(candidates) if c.school_id != import_school]
    with_notebook = (c for i, c in outside if i % NOTEBOOK_EVERY == 0)
    return next(with_notebook, outside[0][1] if outside else candidates[0])


class _Steps:
    """Seconds per generation step, for the report."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._start = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self._start
        self._start = now


def _split(items: list, parts: int) -> list[list]:
    """``items`` in ``parts`` contiguous runs of sizes differing by at most one."""
    return [items[n * len(items) // parts : (n + 1) * len(items) // parts] for n in range(parts)]


def _regional_analyst(prefix: str) -> User | None:
    """The regional analyst, who reads every municipality (a role that may not exist yet: then none)."""
    role = getattr(User.Role, "REGIONAL_ANALYST", None)
    if role is None:
        return None
    return User.objects.create(
        username=f"{prefix}analyst",
        email=f"{prefix}analyst@example.org",
        role=role,
        last_name="Аналитикова",
        first_name="Анна",
        password="!",
    )


def region_generate(
    *,
    schools: int,
    measures: int,
    candidates: int,
    marks: int,
    municipalities: int = MUNICIPALITIES,
    seed: int = 1,
) -> Region:
    """A whole region: ``municipalities`` of about schools / municipalities schools each, named with a
    timestamp (so repeated runs never collide). The first municipality is the one whose pages are timed."""
    municipalities = max(1, min(municipalities, schools))
    rng = random.Random(seed)
    year = academic_year_of(timezone.localdate())
    steps = _Steps()
    counts: Counter = Counter()
    stamp = f"{timezone.now():%Y-%m-%d %H:%M:%S.%f}"
    with transaction.atomic():
        places = Municipality.objects.bulk_create(
            [
                Municipality(
                    name=f"{BENCH_MUNICIPALITY} {stamp}, район {n + 1}",
                    department_name=f"Управление образования района {n + 1} (бенчмарк)",
                    timezone="Europe/Moscow",
                )
                for n in range(municipalities)
            ]
        )
        tag = places[0].pk
        prefix = f"b{tag}-"
        sizes = [len(part) for part in _split([0] * schools, municipalities)]
        owners = [place for place, size in zip(places, sizes, strict=True) for _ in range(size)]
        school_rows = School.objects.bulk_create(
            [
                School(
                    municipality=place,
                    code=f"B{tag}-{n:05d}",
                    short_name=f"МБОУ «СОШ №{n}»",
                    full_name=f"Муниципальное бюджетное общеобразовательное учреждение «СОШ №{n}»",
                    fis_oko_login=f"edu{tag:03d}{n:05d}",
                )
                for n, place in enumerate(owners, start=1)
            ],
            batch_size=2000,
        )
        by_place = _split(school_rows, municipalities)
        people, curated = [], []
        for n, (place, own) in enumerate(zip(places, by_place, strict=True)):
            staff, curates = _staff(place, own, f"{prefix}m{n + 1}-")
            people += staff
            curated += curates
        people = User.objects.bulk_create(people, batch_size=2000)
        Curated = User.curated_schools.through
        Curated.objects.bulk_create(
            [Curated(user_id=m.pk, school_id=s.pk) for m, own in curated for s in own], batch_size=5000
        )
        staff_of = {}
        for person in people:
            staff_of.setdefault(person.municipality_id, []).append(person)
        analyst = _regional_analyst(prefix)
        steps.done("районы, школы и люди")
        plans = []
        for place, own in zip(places, by_place, strict=True):
            updater = staff_of[place.pk][2]  # the first school's head
            plans.append(_roadmap(place, own, measures, year, updater, rng))
        steps.done("дорожные карты и исполнение")
        candidate_rows = _candidates(school_rows, candidates, year, rng)
        _indicators(school_rows, year, rng)
        versions = _journal_versions(school_rows, year)
        steps.done("претенденты")
        head, methodist, *heads = staff_of[places[0].pk]
        subjects = list(Subject.objects.filter(name__in=JOURNAL_SUBJECTS))
        subjects.sort(key=lambda s: JOURNAL_SUBJECTS.index(s.name))
        copy_rows(
            model=Grade,
            fields=GRADE_FIELDS,
            rows=_grade_rows(
                candidates=candidate_rows,
                marks=marks,
                subjects=subjects,
                versions=versions,
                year=year,
                methodist=methodist,
                rng=rng,
                counts=counts,
            ),
        )
        for version in versions.values():
            version.marks = counts[version.pk]
        ExtractVersion.objects.bulk_update(list(versions.values()), ["marks"], batch_size=2000)
        rechecks = _rechecks(candidate_rows, subjects[0], year, methodist)
        steps.done("отметки (COPY)")
        vpr_results = sum(_vpr(place, own, year, rng) for place, own in zip(places, by_place, strict=True))
        steps.done("результаты ВПР (COPY)")
        roadmap, measure_rows = plans[0]
        meeting = meeting_create(
            roadmap=roadmap,
            created_by=head,
            date=date(year + 1, 3, 15),
            number="3",
            place="г. Бенчмарк",
            chair=head,
            secretary=methodist,
            attendees=heads,
            meeting_measure=None,
            first=1,
            last=11,
        )
        steps.done("совещание")
    with connection.cursor() as cursor:
        # Statistics and visibility maps as a settled database has them, so that the planner sees the
        # real sizes and autovacuum does not wake up in the middle of the measurements.
        cursor.execute("VACUUM (ANALYZE)")
    steps.done("VACUUM ANALYZE")
    own = by_place[0]
    return Region(
        municipality=places[0],
        schools=own,
        head=head,
        methodist=methodist,
        school_head=heads[0],
        roadmap=roadmap,
        measures=measure_rows,
        meeting=meeting,
        # The card is of a school whose marks the journal import does not replace.
        card_candidate=_card_candidate(
            [c for c in candidate_rows if c.school.municipality_id == places[0].pk] or candidate_rows,
            import_school=heads[0].school_id,
        ),
        academic_year=year,
        municipalities=places,
        all_schools=school_rows,
        analyst=analyst,
        counts={
            "municipalities": municipalities,
            "schools": schools,
            "schools_timed": len(own),
            "measures": measures,
            "progress_rows": measures * schools,
            "candidates": candidates,
            "candidates_timed": sum(c.school.municipality_id == places[0].pk for c in candidate_rows),
            "journal_marks": marks,
            "notebook_marks": counts["notebook"],
            "rechecks": rechecks,
            "vpr_results": vpr_results,
            "users": len(people),
        },
        steps=steps.seconds,
    )
