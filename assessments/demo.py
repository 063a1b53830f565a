"""Demo data for the assessments pages: generated people only, numbers chosen so every page shows something.

The mock-exam schedule and the commission follow seed 000 (Приложения №2 и №3): Русский язык and
Математика, first and second rounds, at one venue, on the dates of the order — including 20.12.2024,
which lies outside the 2023-2024 plan and must show its warning. ВПР results are made so that some
schools clearly «повысили» and one has a peak at a mark boundary; one school has no observer.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.db import transaction
from django.utils import timezone

from schools.models import Municipality, Pupil, School, User

from .aggregates import refresh_aggregates
from .commissions import DistributionError, commission_distribute
from .demo_observer_login import load_observer_login_demo
from .demo_parts import vpr_mark, vpr_participant, vpr_procedure, vpr_test
from .demo_recheck import load_recheck_demo
from .demo_vpr_dates import load_vpr_dates_demo
from .demo_years import load_years_demo
from .mock_exams import exam_save
from .models import (
    Commission,
    EgeResult,
    MockExam,
    MockExamSchedule,
    Observer,
    ObserverAssignment,
    ObserverConflict,
    OfficialFlag,
    ScoreScale,
    Subject,
    VprMarkStatistics,
    VprResult,
)
from .observer_acts import act_record
from .observers import observer_assign
from .vpr_dates import school_day_add

DEMO_PASSWORD = "demo-pass-2024"
SCHOOLS_NEEDED = 5
SURNAMES = ("Соколов", "Орлов", "Белов", "Ветров", "Лесной", "Полев", "Зорин", "Светлов", "Ручьёв", "Озеров")
FIRST_NAMES_M = ("Артём", "Тимур", "Руслан", "Марат", "Илья", "Камиль")
FIRST_NAMES_F = ("Амина", "Дарья", "Зарина", "Алина", "Мадина", "Ева")
PATRONYMICS_M = ("Русланович", "Маратович", "Ильич", "Тимурович")
PATRONYMICS_F = ("Руслановна", "Маратовна", "Ильинична", "Тимуровна")

# (subject, round, day, hour) as in Приложение №2 of seed 000.
SEED_SCHEDULE = (
    ("Русский язык", MockExam.Round.FIRST, datetime.date(2024, 12, 20), 11),
    ("Математика", MockExam.Round.FIRST, datetime.date(2024, 1, 16), 10),
    ("Русский язык", MockExam.Round.SECOND, datetime.date(2024, 3, 6), 10),
    ("Математика", MockExam.Round.SECOND, datetime.date(2024, 3, 12), 10),
)
# Commission members by subject: (generated surname, first name, patronymic, index of their school).
SEED_COMMISSION = {
    "Русский язык": (("Грамотеева", "Лейла", "Ахмедовна", 1), ("Словарёва", "Умукусум", "Алиевна", 2),
                     ("Падежова", "Заира", "Магомедовна", 3)),
    "Математика": (("Числова", "Наида", "Арсеновна", 0), ("Формулова", "Зульфия", "Гасановна", 2),
                   ("Дробеева", "Патимат", "Муратовна", 4)),
}  # fmt: skip

# ВПР of 2024: subject, grade, tasks («max level»), boundaries of «3», «4», «5».
VPR_TESTS = (
    ("Русский язык", 5, "4Б 3Б 2Б 3Б 2Б 2П 3П 2П", (8, 13, 18)),
    ("Математика", 5, "1Б 1Б 2Б 2Б 1Б 2П 2П 3П", (5, 8, 11)),
    ("Русский язык", 7, "4Б 4Б 3Б 2Б 3П 3П 2П", (8, 12, 17)),
)


def _scale(max_primary: int) -> list[int]:
    """A monotone generated table, 0 → 0 and max → 100: demo data, to be replaced by the official one."""
    return [round(100 * (p / max_primary) ** 0.8) for p in range(max_primary + 1)]


def _schools(municipality: Municipality) -> list[School]:
    schools = list(municipality.schools.filter(is_active=True).order_by("code")[:SCHOOLS_NEEDED])
    for n in range(len(schools), SCHOOLS_NEEDED):
        school, _ = School.objects.get_or_create(
            code=f"DEMO-AS-{municipality.pk}-{n + 1}",
            defaults={
                "municipality": municipality,
                "short_name": f"МКОУ «Учебная СОШ №{n + 1}»",
                "full_name": f"Муниципальное казённое общеобразовательное учреждение «Учебная СОШ №{n + 1}»",
                "fis_oko_login": f"edu9{municipality.pk:03d}{n + 1:02d}",
            },
        )
        schools.append(school)
    venue = next((s for s in schools if "Баймурзаева" in s.short_name or "Баймурзаева" in s.full_name), None)
    if venue is not None:
        schools.remove(venue)
        schools.insert(0, venue)
    return schools


def _pupils(schools: list[School], rng: random.Random) -> list[Pupil]:
    pupils = []
    for school_index, school in enumerate(schools):
        existing = list(Pupil.objects.filter(school=school, grade=11).order_by("pk")[:4])
        for n in range(len(existing), 4):
            female = (school_index + n) % 2 == 0
            surname = SURNAMES[(school_index * 4 + n) % len(SURNAMES)] + ("а" if female else "")
            pupil, _ = Pupil.objects.get_or_create(
                school=school,
                last_name=surname,
                first_name=(FIRST_NAMES_F if female else FIRST_NAMES_M)[(school_index + n) % 6],
                defaults={
                    "middle_name": (PATRONYMICS_F if female else PATRONYMICS_M)[n % 4],
                    "grade": 11,
                    "letter": "А",
                    "birth_date": datetime.date(2006, 1 + (n * 3 + school_index) % 12, 1 + rng.randrange(27)),
                },
            )
            existing.append(pupil)
        pupils += existing
    return pupils


def _members(municipality: Municipality, schools: list[School]) -> dict[str, list[User]]:
    members: dict[str, list[User]] = {}
    for subject, people in SEED_COMMISSION.items():
        members[subject] = []
        for last, first, middle, school_index in people:
            user, created = User.objects.get_or_create(
                username=f"demo-{municipality.pk}-{last.lower()}",
                defaults={
                    "last_name": last,
                    "first_name": first,
                    "middle_name": middle,
                    "role": User.Role.COMMISSION_MEMBER,
                    "municipality": municipality,
                    "school": schools[school_index],
                    "position": "учитель",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            members[subject].append(user)
    return members


def _mock_exams(
    municipality: Municipality, schools: list[School], pupils: list[Pupil], rng: random.Random
) -> None:
    zone = zoneinfo.ZoneInfo(municipality.timezone)
    schedule, _ = MockExamSchedule.objects.get_or_create(
        municipality=municipality,
        order_number="312",
        period_start=datetime.date(2023, 9, 1),
        defaults={"order_date": datetime.date(2023, 11, 27), "period_end": datetime.date(2024, 8, 31)},
    )
    members = _members(municipality, schools)
    for subject_name, people in members.items():
        commission, _ = Commission.objects.get_or_create(
            schedule=schedule, subject=Subject.objects.get(name=subject_name)
        )
        commission.members.add(*people)
    for subject_name, max_primary in (("Русский язык", 50), ("Математика", 32)):
        ScoreScale.objects.get_or_create(
            subject=Subject.objects.get(name=subject_name),
            year=2024,
            municipality=None,  # shared by every municipality: reference data
            defaults={"points": _scale(max_primary)},
        )
    for subject_name, round_, day, hour in SEED_SCHEDULE:
        subject = Subject.objects.get(name=subject_name)
        exam, created = MockExam.objects.get_or_create(
            schedule=schedule,
            subject=subject,
            round=round_,
            defaults={
                "venue": schools[0],
                "starts_at": datetime.datetime.combine(day, datetime.time(hour), zone),
            },
        )
        if not created:
            continue
        exam_save(exam=exam, pupils=pupils)
        try:
            commission_distribute(exam=exam)
        except DistributionError:
            continue
        if round_ == MockExam.Round.FIRST:
            maximum = 50 if subject_name == "Русский язык" else 32
            for work in exam.works.order_by("code"):
                work.primary_score = rng.randint(maximum // 2, maximum)
                work.scored_by = work.checker
                work.scored_at = timezone.now()
                work.save(update_fields=["primary_score", "scored_by", "scored_at"])


def _vpr(
    municipality: Municipality,
    schools: list[School],
    rng: random.Random,
    *,
    year: int = 2024,
    styles: dict[int, int] | None = None,
    pushing: int | None = 3,
) -> None:
    # Per school: how the journal relates to the ВПР mark. 0 = honest, +1 = journal lower (ВПР «повысили»),
    # -1 = journal inflated («понизили»), and school ``pushing`` (3 in 2024) pushes scores onto the «4»
    # boundary. Other years (demo_years) pass their own styles.
    styles = styles if styles is not None else {0: 0, 1: +1, 2: -1, 3: 0, 4: 0}
    written = []
    for subject_name, grade, tasks, boundaries in VPR_TESTS:
        test, created, task_spec = vpr_test(
            municipality,
            year=year,
            subject_name=subject_name,
            grade=grade,
            tasks=tasks,
            held_on=datetime.date(year, 4, 16 + grade),
        )
        if not created and test.results.exists():
            continue
        results = []
        for school_index, school in enumerate(schools):
            style = styles[school_index % len(styles)]
            count = 36 if (subject_name, grade) == ("Русский язык", 5) else 18 + 2 * school_index
            for n in range(count):
                ability = rng.random()
                if style == +1:
                    ability = min(1.0, ability + 0.25)
                scores = [
                    None if rng.random() < 0.05 else min(m, round(m * ability * rng.uniform(0.6, 1.2)))
                    for m, _ in task_spec
                ]
                if school_index == pushing and n % 3 == 0:
                    scores = _pushed_to(boundaries[1], task_spec)
                mark = vpr_mark(sum(s or 0 for s in scores), boundaries)
                shift = style if rng.random() < 0.55 else 0
                journal = min(5, max(2, mark - shift)) if rng.random() > 0.05 else None
                code = f"{grade}{school_index + 1}{n + 1:03d}"
                results.append(
                    vpr_participant(test, school, code=code, n=n, scores=scores, mark=mark, journal=journal)
                )
        VprResult.objects.bulk_create(results)
        written.append(test)
    refresh_aggregates(tests=written)  # no signal recounts them: the analysis reads these lines


def _pushed_to(target: int, task_spec: list) -> list[int | None]:
    """Task scores that add up to exactly ``target``, filling tasks in order."""
    scores: list[int | None] = []
    left = target
    for m, _ in task_spec:
        take = min(m, left)
        scores.append(take)
        left -= take
    return scores


def _ege(pupils: list[Pupil], schools: list[School], rng: random.Random) -> None:
    for pupil in pupils:
        weak = pupil.school_id == schools[1].pk  # the school whose ВПР «повысили»: ЕГЭ does not back it
        for subject_name in ("Русский язык", "Математика"):
            EgeResult.objects.get_or_create(
                pupil=pupil,
                subject=Subject.objects.get(name=subject_name),
                year=2024,
                defaults={
                    "exam_date": datetime.date(2024, 5, 30)
                    if subject_name == "Математика"
                    else datetime.date(2024, 6, 3),
                    "score_100": rng.randint(45, 62) if weak else rng.randint(58, 92),
                },
            )


def _observers(municipality: Municipality, schools: list[School]) -> None:
    people = (
        ("Наблюдаева", "Седа", "Руслановна", "родительская общественность", None),
        ("Контролев", "Айдемир", "Маратович", "специалист управления образования", None),
        ("Смотрова", "Хадижат", "Ильинична", "родительская общественность", 1),
        ("Честнов", "Рамазан", "Тимурович", "общественная палата района", 2),
        ("Внимательная", "Луиза", "Маратовна", "родительская общественность", 3),
    )
    observers = []
    for last, first, middle, organisation, school_index in people:
        observer, _ = Observer.objects.get_or_create(
            municipality=municipality,
            last_name=last,
            first_name=first,
            defaults={
                "middle_name": middle,
                "organisation": organisation,
                "school": schools[school_index] if school_index is not None else None,
            },
        )
        observers.append(observer)
    procedure, created = vpr_procedure(
        municipality, subject_name="Русский язык", grade=5, held_on=datetime.date(2024, 4, 21)
    )
    if not created:
        return
    procedure.schools.set(schools[:4])
    # School 3 stays without an observer: the gap the page must show.
    for observer, school in (
        (observers[0], schools[0]),
        (observers[2], schools[2]),
        (observers[3], schools[1]),
    ):
        ObserverAssignment.objects.create(procedure=procedure, school=school, observer=observer)
    first = ObserverAssignment.objects.get(procedure=procedure, school=schools[0])
    first.violations = False
    first.report_text = (
        "Процедура проведена в соответствии с регламентом; рассадка по одному, телефоны сданы."
    )
    first.save()


def _vpr_held_now(municipality: Municipality, schools: list[School]) -> None:
    """ВПР with a federal window: each school's own date, observers booked on them (one with a conflict
    of interest recorded), their acts (two schools flagged), the federal sample against the rest."""
    observers = list(Observer.objects.filter(municipality=municipality).order_by("pk")[:5])
    if len(observers) < 5:
        return
    procedure, created = vpr_procedure(
        municipality,
        subject_name="Математика",
        grade=5,
        held_on=datetime.date(2024, 4, 15),
        window=(datetime.date(2024, 4, 15), datetime.date(2024, 5, 17)),
    )
    if not created:
        return
    procedure.schools.set(schools)
    # The honest schools write under federal observers; the others are compared with them.
    procedure.federal_sample.set([schools[0], schools[4]])
    coordinator = User.objects.filter(municipality=municipality, role=User.Role.COORDINATOR).first()
    ObserverConflict.objects.get_or_create(
        observer=observers[0], school=schools[2], reason=ObserverConflict.Reason.CHILD
    )
    # (school index, observer index, the school's dates, violations marked in the act)
    plan = (
        (0, 2, (datetime.date(2024, 4, 17),), []),
        (1, 3, (datetime.date(2024, 4, 18), datetime.date(2024, 4, 25)), ["conduct_hints"]),
        (2, 4, (datetime.date(2024, 4, 18),), []),
        (3, 0, (datetime.date(2024, 4, 23),), ["checking_teacher", "upload_mismatch"]),
        (4, 1, (datetime.date(2024, 5, 14),), []),
    )
    for school_index, observer_index, days, violations in plan:
        school = schools[school_index]
        for day in days:
            school_day_add(procedure=procedure, school=school, day=day, user=None)
        booking = observer_assign(
            procedure=procedure, school=school, observer=observers[observer_index], held_on=days[0]
        )
        act_record(
            assignment=booking,
            stages=["materials", "conduct", "checking", "upload"] if violations else ["conduct"],
            violations=violations,
            remarks=(
                "Учитель класса подсказывал участникам; работы проверял один учитель, без комиссии."
                if violations
                else ""
            ),
            user=coordinator,
        )


# The official lists the region forwarded: (year, index of the demo school, subjects). School 1 writes
# journal marks below its ВПР marks and school 3 pushes scores onto a boundary (see _vpr): both were on
# the 2023 list, school 1 again in 2024, together with school 2 (journal inflated).
OFFICIAL_LISTS = (
    (2023, 1, ["Математика, 5 класс"]),
    (2023, 3, ["Русский язык, 5 класс", "Русский язык, 7 класс"]),
    (2024, 1, ["Русский язык, 5 класс"]),
    (2024, 2, ["Математика, 5 класс"]),
)


def _official_lists(municipality: Municipality, schools: list[School], lists: tuple = OFFICIAL_LISTS) -> None:
    """The lists (year, index of the school, subjects) the region forwarded; demo_years adds 2025's."""
    for year, index, subjects in lists:
        OfficialFlag.objects.get_or_create(
            year=year,
            school=schools[index],
            defaults={"municipality": municipality, "subjects": subjects, "source": f"перечень-{year}.xlsx"},
        )


# «Статистика по отметкам» of the demo ВПР 2024: % of «2», «3», «4», «5» for Russia and the region.
MARK_STATISTICS = {
    ("Русский язык", 5): ((15.9, 38.2, 33.6, 12.3), (10.1, 39.5, 36.8, 13.6)),
    ("Математика", 5): ((9.8, 37.4, 35.5, 17.3), (7.2, 33.9, 38.4, 20.5)),
    ("Русский язык", 7): ((19.5, 42.1, 29.6, 8.8), (14.3, 40.2, 33.1, 12.4)),
}


def _mark_statistics(
    municipality: Municipality, *, year: int = 2024, shift: tuple[float, ...] | None = None
) -> None:
    """2024's figures; another year's (demo_years) are 2024's moved by ``shift`` points, «2» to «5»."""
    scopes = (
        (VprMarkStatistics.Scope.RUSSIA, "Вся выборка", 1_250_000),
        (VprMarkStatistics.Scope.REGION, "Республика Дагестан", 38_000),
    )
    for (subject_name, grade), figures in MARK_STATISTICS.items():
        subject = Subject.objects.get(name=subject_name)
        for (scope, name, participants), shares in zip(scopes, figures, strict=True):
            if shift is not None:
                shares = tuple(round(share + delta, 1) for share, delta in zip(shares, shift, strict=True))
            VprMarkStatistics.objects.get_or_create(
                municipality=municipality,
                year=year,
                subject=subject,
                grade=grade,
                scope=scope,
                defaults={
                    "name": name,
                    "participants": participants,
                    "shares": dict(zip(("2", "3", "4", "5"), shares, strict=True)),
                },
            )


def load_assessments_demo(*, municipality: Municipality) -> None:
    """Idempotent: a second run finds everything in place and adds nothing."""
    rng = random.Random(f"assessments-{municipality.name}")
    with transaction.atomic():
        schools = _schools(municipality)
        pupils = _pupils(schools, rng)
        _mock_exams(municipality, schools, pupils, rng)
        _vpr(municipality, schools, rng)
        _ege(pupils, schools, rng)
        _observers(municipality, schools)
        _vpr_held_now(municipality, schools)
        load_observer_login_demo(municipality=municipality, schools=schools)
        load_vpr_dates_demo(municipality=municipality, schools=schools)
        _official_lists(municipality, schools)
        _mark_statistics(municipality)
        load_years_demo(municipality=municipality, schools=schools)  # 2023 and 2025 beside 2024
        # Last: the re-check takes the ВПР of every year loaded above, with their flags.
        load_recheck_demo(municipality=municipality)
