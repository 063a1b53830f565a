"""A mock-exam schedule built from the appendices of an imported plan.

Seed 000 appends to its order «Приложение №2» (the schedule: №, Предмет, Место проведения, Дата
проведения) and «Приложение №3» (the checking commission: №, Предмет, ФИО, Наименование ОО, the subject
written on the first row of its group only). ``schedule_appendix_plan`` matches every cell and collects
every problem without writing anything (the preview page shows it); ``schedule_from_appendix`` saves the
plan in one transaction, or refuses with all the problems and saves nothing.

Rows are counted under the header, as the «№» column counts them.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet

from common.imports import cell_text
from common.names import SchoolIndex, name_parts, person_key, person_names
from roadmaps.models import Appendix, Roadmap
from schools.models import Municipality, School, User

# Our name of each column → the column of the synonym table (common.imports.headers) it is found by.
from .appendix_reading import (
    APPENDIX_NUMBER_RE,
    COLUMN_LABELS,
    COMMISSION_COLUMNS,
    SCHEDULE_COLUMNS,
    AppendixImportError,
    Place,
    appendix_columns,
    appendix_header,
    appendix_label,
    cell_at,
    data_rows,
    exam_moment,
    exam_round,
    free_username,
    is_commission_appendix,
    is_schedule_appendix,
    subject_text,
)
from .mock_exams import clash_message, exam_clashes, exam_save, period_warning
from .models import Commission, MockExam, MockExamSchedule, Subject
from .subjects import match_subject, subject_index

# --- the plan -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedExam:
    row: int
    subject: Subject
    round: int
    venue: School
    starts_at: datetime.datetime
    warning: str | None

    @property
    def round_label(self) -> str:
        return MockExam.Round(self.round).label


@dataclass(frozen=True)
class PlannedMember:
    row: int
    subject: Subject
    name: str
    key: str
    school: School
    user: User | None

    @property
    def is_new(self) -> bool:
        return self.user is None


@dataclass
class AppendixPlan:
    appendix: Appendix
    commission_appendix: Appendix | None
    title: str
    exams: list[PlannedExam] = field(default_factory=list)
    members: list[PlannedMember] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new_accounts(self) -> int:
        return len({m.key for m in self.members if m.is_new})


def schedule_title(appendix: Appendix) -> str:
    title = APPENDIX_NUMBER_RE.sub("", cell_text(appendix.title)).rstrip(" .")
    default = MockExamSchedule._meta.get_field("title").default
    return title[: MockExamSchedule._meta.get_field("title").max_length] or default


def _duration() -> int:
    return MockExam._meta.get_field("duration_minutes").default


def _plan_exams(plan: AppendixPlan, municipality: Municipality, schools: SchoolIndex) -> None:
    appendix = plan.appendix
    header = appendix_header(appendix)
    columns = appendix_columns(header, SCHEDULE_COLUMNS)
    label = appendix_label(appendix)
    missing = [COLUMN_LABELS[key] for key in SCHEDULE_COLUMNS if key not in columns]
    if missing:
        plan.errors.append(
            f"{label} не похоже на график пробных экзаменов: в заголовке таблицы нет "
            f"столбц{'а' if len(missing) == 1 else 'ов'} {', '.join(f'«{m}»' for m in missing)}."
        )
        return
    rows = data_rows(appendix)
    if not rows:
        plan.errors.append(f"{label}: в таблице нет ни одной строки с экзаменом.")
        return
    place = Place(appendix, header)
    index = subject_index()
    zone = zoneinfo.ZoneInfo(municipality.timezone)
    period = MockExamSchedule(
        municipality=municipality,
        period_start=appendix.roadmap.period_start,
        period_end=appendix.roadmap.period_end,
    )
    seen: dict[tuple[int, int], int] = {}
    for number, row in rows:
        problems: list[str] = []
        text = cell_at(row, columns["subject"])
        subject = match_subject(subject_text(text), index) if subject_text(text) else None
        round_ = exam_round(text)
        if not subject_text(text):
            problems.append(f"{place(number, columns['subject'], 'subject')}: не указан предмет.")
        elif subject is None:
            problems.append(
                f"{place(number, columns['subject'], 'subject')}: предмет «{subject_text(text)}» "
                "не найден в справочнике предметов."
            )
        if subject_text(text) and round_ is None:
            problems.append(
                f"{place(number, columns['subject'], 'subject')}: в «{text}» не указан этап — "
                "ожидается «(первый пробный)» или «(второй пробный)»."
            )
        venue_text = cell_at(row, columns["venue"])
        venue = None
        if not venue_text:
            problems.append(f"{place(number, columns['venue'], 'venue')}: не указано место проведения.")
        else:
            try:
                venue = schools.match(venue_text)
            except ValueError as exc:
                problems.append(f"{place(number, columns['venue'], 'venue')}: {exc}.")
        moment = None
        try:
            moment = exam_moment(cell_at(row, columns["date"]))
        except ValueError as exc:
            problems.append(f"{place(number, columns['date'], 'date')}: {exc}.")
        if subject and round_ and (subject.pk, round_) in seen:
            problems.append(
                f"{place(number, columns['subject'], 'subject')}: {subject} "
                f"({MockExam.Round(round_).label}) уже есть в строке {seen[(subject.pk, round_)]}."
            )
        if problems or not (subject and round_ and venue and moment):
            plan.errors.extend(problems)
            continue
        seen[(subject.pk, round_)] = number
        starts_at = datetime.datetime.combine(*moment, tzinfo=zone)
        warning = period_warning(schedule=period, starts_at=starts_at)
        plan.exams.append(PlannedExam(number, subject, round_, venue, starts_at, warning))
        if warning:
            plan.warnings.append(f"{place(number, columns['date'], 'date')}: {warning}")
    _check_clashes(plan, place, columns["date"])


def _check_clashes(plan: AppendixPlan, place: Place, date_column: int) -> None:
    duration = datetime.timedelta(minutes=_duration())
    for i, exam in enumerate(plan.exams):
        where = place(exam.row, date_column, "date")
        for earlier in plan.exams[:i]:
            if earlier.venue == exam.venue and abs(earlier.starts_at - exam.starts_at) < duration:
                plan.errors.append(
                    f"{where}: в {exam.venue.short_name} в это время уже идёт экзамен из строки "
                    f"{earlier.row} ({earlier.subject}, {earlier.round_label}). "
                    "Исправьте дату или место в приложении."
                )
        clashes = exam_clashes(venue=exam.venue, starts_at=exam.starts_at, duration_minutes=_duration())
        if clashes:
            plan.errors.append(f"{where}: {clash_message(clashes[0], clashes[0].schedule.municipality)}")


def _member_index(municipality: Municipality) -> dict[str, list[User]]:
    """Commission members of the municipality by «фамилия и.о.»: other roles cannot check works."""
    users = (
        User.objects.filter(role=User.Role.COMMISSION_MEMBER, is_active=True)
        .filter(Q(municipality=municipality) | Q(school__municipality=municipality))
        .select_related("school")
        .distinct()
    )
    index: dict[str, list[User]] = {}
    for user in users:
        key = person_key(user.short_name) if user.last_name and user.first_name else None
        if key:
            index.setdefault(key, []).append(user)
    return index


def _plan_members(plan: AppendixPlan, municipality: Municipality, schools: SchoolIndex) -> None:
    appendix = plan.commission_appendix
    if appendix is None:
        return
    header = appendix_header(appendix)
    columns = appendix_columns(header, COMMISSION_COLUMNS)
    label = appendix_label(appendix)
    missing = [COLUMN_LABELS[key] for key in COMMISSION_COLUMNS if key not in columns]
    if missing or is_schedule_appendix(appendix):
        plan.errors.append(
            f"{label} не похоже на состав комиссии: нужны столбцы «Предмет», «ФИО» и «Наименование ОО»."
        )
        return
    place = Place(appendix, header)
    index = subject_index()
    people = _member_index(municipality)
    planned: dict[str, PlannedMember] = {}
    seen: set[tuple[int, str]] = set()
    subject: Subject | None = None
    subject_unknown = False
    for number, row in data_rows(appendix):
        subject_text = cell_at(row, columns["subject"])
        if subject_text:
            subject = match_subject(subject_text, index)
            subject_unknown = subject is None
            if subject is None:
                plan.errors.append(
                    f"{place(number, columns['subject'], 'subject')}: предмет «{subject_text}» "
                    "не найден в справочнике предметов."
                )
        elif subject is None and not subject_unknown:
            plan.errors.append(
                f"{place(number, columns['subject'], 'subject')}: не указан предмет — он пишется "
                "в первой строке группы членов комиссии."
            )
            subject_unknown = True
        name = cell_at(row, columns["name"])
        key = person_key(name) if name and person_names([name]) else None
        if key is None:
            plan.errors.append(
                f"{place(number, columns['name'], 'name')}: "
                + (f"«{name}» не похоже на «Фамилия И.О.»." if name else "не указан член комиссии.")
            )
        school_text = cell_at(row, columns["school"])
        school = None
        try:
            if not school_text:
                raise ValueError("не указана школа члена комиссии")
            school = schools.match(school_text)
        except ValueError as exc:
            plan.errors.append(f"{place(number, columns['school'], 'school')}: {exc}.")
        if subject is None or key is None or school is None:
            continue
        if (subject.pk, key) in seen:
            plan.warnings.append(
                f"{place(number, columns['name'], 'name')}: {name} уже есть в комиссии по предмету "
                f"«{subject}» — повтор пропущен."
            )
            continue
        seen.add((subject.pk, key))
        member = _place_member(
            plan,
            place(number, columns["name"], "name"),
            people,
            planned,
            PlannedMember(number, subject, name, key, school, None),
        )
        if member is not None:
            plan.members.append(member)
    exam_subjects = {exam.subject for exam in plan.exams}
    for subject_ in dict.fromkeys(m.subject for m in plan.members):
        if plan.exams and subject_ not in exam_subjects:
            plan.warnings.append(
                f"{label}: комиссия по предмету «{subject_}», а экзамена по нему в графике нет."
            )


def _place_member(
    plan: AppendixPlan,
    where: str,
    people: dict[str, list[User]],
    planned: dict[str, PlannedMember],
    member: PlannedMember,
) -> PlannedMember | None:
    """The member with the existing commission member they are, if any; None (and an error) when unsure."""
    found = people.get(member.key, [])
    if len(found) > 1:
        plan.errors.append(
            f"{where}: в системе несколько членов комиссии «{member.name}» — у двух учётных записей "
            "одинаковые фамилия и инициалы; уточните их."
        )
        return None
    user = found[0] if found else None
    if user is not None and user.school_id and user.school_id != member.school.pk:
        plan.warnings.append(
            f"{where}: у {user.short_name} в системе указана школа «{user.school.short_name}», "
            f"а в приложении — «{member.school.short_name}»; остаётся школа из системы."
        )
    earlier = planned.get(member.key)
    if user is None and earlier is not None and earlier.school != member.school:
        plan.errors.append(
            f"{where}: {member.name} уже указан(а) в строке {earlier.row} со школой "
            f"«{earlier.school.short_name}», а здесь — «{member.school.short_name}»."
        )
        return None
    member = PlannedMember(member.row, member.subject, member.name, member.key, member.school, user)
    planned.setdefault(member.key, member)
    return member


def schedule_appendix_plan(
    *, appendix: Appendix, commission_appendix: Appendix | None = None
) -> AppendixPlan:
    """What the appendices would create, with every problem found; nothing is written."""
    roadmap = appendix.roadmap
    municipality = roadmap.municipality
    plan = AppendixPlan(
        appendix=appendix, commission_appendix=commission_appendix, title=schedule_title(appendix)
    )
    existing = MockExamSchedule.objects.filter(source_appendix=appendix).first()
    if existing is not None:
        plan.errors.append(
            f"По приложению «{appendix_label(appendix)}» уже создан график «{existing.title[:80]}» "
            f"({existing.created_at:%d.%m.%Y}): второй раз его не создаём."
        )
    if commission_appendix is not None and (
        commission_appendix.pk == appendix.pk or commission_appendix.roadmap_id != appendix.roadmap_id
    ):
        plan.errors.append(
            "Состав комиссии берётся из другого приложения той же дорожной карты: "
            f"«{appendix_label(commission_appendix)}» для этого не подходит."
        )
        plan.commission_appendix = None
    schools = SchoolIndex(list(School.objects.filter(municipality=municipality, is_active=True)))
    _plan_exams(plan, municipality, schools)
    _plan_members(plan, municipality, schools)
    return plan


# --- saving -------------------------------------------------------------------------------------------


def _member_create(*, member: PlannedMember, municipality: Municipality) -> User:
    last_name, first_name, middle_name = name_parts(member.name)
    user = User(
        username=free_username(last_name, first_name, middle_name),
        role=User.Role.COMMISSION_MEMBER,
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        municipality=municipality,
        school=member.school,
    )
    user.set_unusable_password()
    user.save()
    return user


def schedule_from_appendix(
    *, appendix: Appendix, commission_appendix: Appendix | None = None, created_by: User | None
) -> MockExamSchedule:
    """Create the schedule, its exams and its commissions (with new commission-member accounts for people
    the system does not know yet) in one transaction. AppendixImportError lists every problem; then
    nothing is saved."""
    plan = schedule_appendix_plan(appendix=appendix, commission_appendix=commission_appendix)
    if plan.errors:
        raise AppendixImportError(plan.errors)
    roadmap = appendix.roadmap
    municipality = roadmap.municipality
    try:
        with transaction.atomic():
            schedule = MockExamSchedule.objects.create(
                municipality=municipality,
                title=plan.title,
                order_number=roadmap.order_number,
                order_date=roadmap.order_date,
                period_start=roadmap.period_start,
                period_end=roadmap.period_end,
                source_appendix=appendix,
                created_by=created_by,
            )
            for planned in plan.exams:
                exam = MockExam(
                    schedule=schedule,
                    subject=planned.subject,
                    round=planned.round,
                    venue=planned.venue,
                    starts_at=planned.starts_at,
                )
                exam_save(exam=exam, pupils=[])
            users: dict[str, User] = {}
            commissions: dict[int, Commission] = {}
            for member in plan.members:
                user = member.user or users.get(member.key)
                if user is None:
                    user = _member_create(member=member, municipality=municipality)
                elif user.school_id is None:
                    user.school = member.school
                    user.save(update_fields=["school"])
                users[member.key] = user
                if member.subject.pk not in commissions:
                    commissions[member.subject.pk] = Commission.objects.create(
                        schedule=schedule, subject=member.subject
                    )
                commissions[member.subject.pk].members.add(user)
    except ValidationError as exc:
        raise AppendixImportError([f"{appendix_label(appendix)}: {m}" for m in exc.messages]) from exc
    return schedule


# --- where appendices come from ------------------------------------------------------------------------


def roadmaps_with_appendices(*, municipality: Municipality) -> QuerySet[Roadmap]:
    appendices = Appendix.objects.prefetch_related("mock_exam_schedules").order_by("order", "pk")
    return (
        Roadmap.objects.filter(municipality=municipality, appendices__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("appendices", queryset=appendices))
    )


def commission_appendix_for(appendix: Appendix) -> Appendix | None:
    """The commission appendix that goes with a schedule: the first of the same roadmap."""
    siblings = (
        Appendix.objects.filter(roadmap=appendix.roadmap_id).exclude(pk=appendix.pk).order_by("order", "pk")
    )
    return next((a for a in siblings if is_commission_appendix(a)), None)
