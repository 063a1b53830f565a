"""Demo data: a municipality with generated schools and staff, the three seed plans imported from
their Word files, and progress in mixed states. Generated people only; officials' names that stand
in the seed documents stay as the documents have them. Running it twice changes nothing."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from schools.models import Municipality, School, User

from .importer import parse_roadmap
from .importer.save import roadmap_import_save
from .models import Progress, ProgressChange, ProgressStatus, Roadmap

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
DEMO_PASSWORD = "demo-pass-2024"
DEMO_DISTRICT = "Кумторкалинский район"
SEED_MUNICIPAL = "000_58e98b430dd7557c"
SEED_2021 = "004_88c78374c9d9ce23"
SEED_SCHOOL = "001_15714ccce30c90f6"
# Current-year copies of the seed plans, so the dashboard has this year's deadlines to show.
CURRENT_PLANS = [
    (SEED_MUNICIPAL, 3, "перенесён на 2026-2027 учебный год"),
    (SEED_2021, 5, "перенесён на 2026 год"),
]

SCHOOLS = [
    ("KT01", "МКОУ «Коркмаскалинская СОШ им.М.-З.Баймурзаева»", School.Kind.SOSH),
    ("KT02", "МКОУ «Коркмаскалинская СОШ»", School.Kind.SOSH),
    ("KT03", "МКОУ «Тюбинская СОШ»", School.Kind.SOSH),
    ("KT04", "МКОУ «Алмалинская СОШ»", School.Kind.SOSH),
    ("KT05", "МКОУ «Учкентская СОШ»", School.Kind.SOSH),
    ("KT06", "МКОУ «Лицей №1»", School.Kind.LYCEUM),
    ("KT07", "МКОУ «Гимназия №2»", School.Kind.GYMNASIUM),
    ("KT08", "МКОУ «СОШ №3»", School.Kind.SOSH),
    ("KT09", "МКОУ «СОШ №4»", School.Kind.SOSH),
    ("KT10", "МКОУ «ООШ №5»", School.Kind.OOSH),
    ("KT11", "МКОУ «СОШ №6»", School.Kind.SOSH),
    ("KT12", "МКОУ «Лицей №7»", School.Kind.LYCEUM),
]
FULL_NAME_PREFIX = "Муниципальное казённое общеобразовательное учреждение"

# Generated names for school heads (surname, first name, patronymic).
HEAD_NAMES = [
    ("Алиева", "Марина", "Исаевна"),
    ("Гасанов", "Тимур", "Рашидович"),
    ("Омарова", "Салихат", "Магомедовна"),
    ("Курбанов", "Арсен", "Алиевич"),
    ("Магомедова", "Эльмира", "Гаджиевна"),
    ("Рамазанов", "Шамиль", "Исмаилович"),
    ("Исаева", "Луиза", "Расуловна"),
    ("Абдуллаев", "Руслан", "Камилович"),
    ("Сулейманова", "Диана", "Мурадовна"),
    ("Ахмедов", "Заур", "Набиевич"),
    ("Юсупова", "Камила", "Арсеновна"),
    ("Нурмагомедов", "Ислам", "Тагирович"),
]

# The district's staff besides the school heads: login, role, name, position, index of their school.
# The two methodists named in seed 000 (item 5) keep their names as the document gives them.
DISTRICT_STAFF = [
    ("nachalnik", User.Role.DEPARTMENT_HEAD, ("Исмаилов", "Руслан", "Магомедович"),
     "Начальник МКУ «Кумторкалинское УО»", None),
    ("zav_imc", User.Role.METHODIST, ("Мусаева", "Зарема", "Ахмедовна"), "Заведующая ИМЦ", None),
    ("metodist", User.Role.METHODIST, ("Абулашова", "А", "О"), "Методист УО", None),
    ("metodist2", User.Role.METHODIST, ("Тавекелова", "У", "А"), "Методист УО", None),
    ("koordinator", User.Role.COORDINATOR, ("Гаджиева", "Аминат", "Руслановна"),
     "Муниципальный координатор ВПР", None),
    ("ekspert", User.Role.COMMISSION_MEMBER, ("Керимова", "Наида", "Шамилевна"), "Учитель русского языка", 2),
]  # fmt: skip


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    name: str


def _user(
    username: str,
    *,
    role: str,
    name: tuple[str, str, str],
    municipality: Municipality | None,
    **extra,
) -> User:
    last, first, middle = name
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "last_name": last,
            "first_name": first,
            "middle_name": middle,
            "municipality": municipality,
            "email": f"{username}@demo.example.org",
            **extra,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif user.is_superuser:
        # Earlier demos made the department head a superuser: a role never is one.
        user.is_superuser = False
        user.save(update_fields=["is_superuser"])
    return user


def demo_school(
    code: str, name: str, kind: str, *, municipality: Municipality, login: str
) -> tuple[School, bool]:
    """A generated school, made once by its code; its full name spells out the short name's «МКОУ»."""
    return School.objects.get_or_create(
        code=code,
        defaults={
            "municipality": municipality,
            "short_name": name,
            "full_name": f"{FULL_NAME_PREFIX} {name.removeprefix('МКОУ ')}",
            "kind": kind,
            "fis_oko_login": login,
        },
    )


def shift_years(text: str, years: int) -> str:
    """Move every year 2020-2029 written in the text by ``years``: a current-year copy of a past plan."""
    return re.sub(r"(?<!\d)(202\d)(?!\d)", lambda m: str(int(m.group(1)) + years), text)


def _import_seed(
    data: bytes, filename: str, *, source: str, municipality: Municipality, school: School | None, by: User
) -> tuple[Roadmap, bool]:
    existing = Roadmap.objects.filter(municipality=municipality, source_name=source).first()
    if existing:
        return existing, False
    parsed = parse_roadmap(data, filename)
    roadmap = roadmap_import_save(parsed=parsed, municipality=municipality, created_by=by, school=school)
    roadmap.source_name = source
    roadmap.status = Roadmap.Status.APPROVED if roadmap.approved_by else Roadmap.Status.DRAFT
    roadmap.save(update_fields=["source_name", "status"])
    return roadmap, True


def _fill_progress(roadmap: Roadmap, *, today: date, heads: dict[int, User], department: User) -> None:
    """Mixed states that look like a real year: most past deadlines met, a few late, future ones open."""
    now = timezone.now()
    rows = list(Progress.objects.filter(measure__roadmap=roadmap).select_related("measure", "school"))
    changes = []
    for row in rows:
        # Seeded by what the row is, not by database ids: the demo reads the same in every database.
        school = row.school.code if row.school_id else ""
        rng = random.Random(f"{roadmap.source_name}|{row.measure.number}|{row.measure.order}|{school}")
        end = row.measure.deadline_end
        roll = rng.random()
        if end is not None and end < today:
            status = (
                ProgressStatus.DONE
                if roll < 0.72
                else ProgressStatus.IN_PROGRESS
                if roll < 0.85
                else ProgressStatus.NOT_STARTED
                if roll < 0.95
                else ProgressStatus.NOT_REQUIRED
            )
        elif end is not None and end <= today + timedelta(days=60):
            status = ProgressStatus.IN_PROGRESS if roll < 0.5 else ProgressStatus.NOT_STARTED
            status = ProgressStatus.DONE if roll > 0.9 else status
        else:
            status = ProgressStatus.NOT_STARTED if roll < 0.7 else ProgressStatus.IN_PROGRESS
        if status == ProgressStatus.NOT_STARTED:
            continue
        who = heads.get(row.school_id, department)
        comment = {
            ProgressStatus.DONE: "Выполнено, подтверждающие документы в деле ОО.",
            ProgressStatus.IN_PROGRESS: "Работа ведётся.",
            ProgressStatus.NOT_REQUIRED: "Не требуется: в школе нет выпускников 11 класса.",
        }[status]
        row.status, row.comment, row.updated_by, row.updated_at, row.version = status, comment, who, now, 1
        changes.append(
            ProgressChange(
                progress=row,
                changed_by=who,
                old_status=ProgressStatus.NOT_STARTED,
                new_status=status,
                new_comment=comment,
            )
        )
    Progress.objects.bulk_update(
        [r for r in rows if r.version == 1],
        ["status", "comment", "updated_by", "updated_at", "version"],
        2000,
    )
    ProgressChange.objects.bulk_create(changes, batch_size=2000)


@transaction.atomic
def load_base_demo(*, today: date | None = None) -> list[DemoLogin]:
    """Municipalities, schools, staff of every role and the roadmaps; returns one login per role."""
    today = today or timezone.localdate()
    district, _ = Municipality.objects.get_or_create(
        name=DEMO_DISTRICT,
        defaults={"department_name": "МКУ «Кумторкалинское УО»", "timezone": "Europe/Moscow"},
    )
    schools = [
        demo_school(code, name, kind, municipality=district, login=f"edu05{code[2:]}01")[0]
        for code, name, kind in SCHOOLS
    ]

    staff: dict[str, User] = {}
    for username, role, name, position, school_index in DISTRICT_STAFF:
        extra: dict[str, object] = {"school": schools[school_index]} if school_index is not None else {}
        if role == User.Role.DEPARTMENT_HEAD:
            # Staff of the municipality in the admin, never a superuser: operators come from createsuperuser.
            extra["is_staff"] = True
        staff[username] = _user(
            username, role=role, name=name, municipality=district, position=position, **extra
        )
    head, imc, methodist, methodist2 = (staff[u] for u in ("nachalnik", "zav_imc", "metodist", "metodist2"))
    coordinator, member = staff["koordinator"], staff["ekspert"]
    imc.curated_schools.add(*schools)
    methodist.curated_schools.add(*schools[:6])
    methodist2.curated_schools.add(*schools[6:])
    heads: dict[int, User] = {}
    for index, (school, name) in enumerate(zip(schools, HEAD_NAMES, strict=True), start=1):
        heads[school.pk] = _user(
            f"direktor{index:02d}",
            role=User.Role.SCHOOL_HEAD,
            name=name,
            municipality=district,
            school=school,
            position=f"Директор {school.short_name}",
        )

    izobilny, _ = Municipality.objects.get_or_create(
        name="Изобильненский городской округ",
        defaults={"department_name": "Отдел образования ИГО СК", "timezone": "Europe/Moscow"},
    )
    school20, _ = School.objects.get_or_create(
        code="IZ20",
        defaults={
            "municipality": izobilny,
            "short_name": "МКОУ «СОШ №20» ИГОСК",
            "full_name": f"{FULL_NAME_PREFIX} «Средняя общеобразовательная школа №20» ИГОСК",
            "fis_oko_login": "edu261020",
        },
    )
    head20 = _user(
        "direktor20",
        role=User.Role.SCHOOL_HEAD,
        name=("Полякова", "Ольга", "Викторовна"),
        municipality=izobilny,
        school=school20,
        position="Директор МКОУ «СОШ №20» ИГОСК",
    )

    seeds = [
        (f"{SEED_MUNICIPAL}.docx", district, None, head),
        (f"{SEED_2021}.docx", district, None, head),
        (f"{SEED_SCHOOL}.docx", izobilny, school20, head20),
    ]
    for filename, municipality, school, by in seeds:
        # Past plans come in as history: executed and archived, out of the dashboard and the reminders.
        roadmap, created = _import_seed(
            (SEEDS_DIR / filename).read_bytes(),
            filename,
            source=filename,
            municipality=municipality,
            school=school,
            by=by,
        )
        if created:
            _fill_progress(roadmap, today=today, heads={**heads, school20.pk: head20}, department=head)
            roadmap.status = Roadmap.Status.ARCHIVED
            roadmap.archived_at = timezone.now()
            roadmap.save(update_fields=["status", "archived_at"])

    for seed, years, note in CURRENT_PLANS:
        text = shift_years((SEEDS_DIR / f"{seed}.txt").read_text(encoding="utf-8"), years)
        roadmap, created = _import_seed(
            text.encode("utf-8"),
            f"{seed}.txt",
            source=f"{seed}.txt ({note})",
            municipality=district,
            school=None,
            by=head,
        )
        if created:
            _fill_progress(roadmap, today=today, heads=heads, department=head)
            roadmap.status = Roadmap.Status.APPROVED
            roadmap.approved_by = roadmap.approved_by or "Начальник МКУ «Кумторкалинское УО» Р.М. Исмаилов"
            roadmap.order_number = roadmap.order_number or "312"
            roadmap.order_date = (
                roadmap.order_date if roadmap.order_date and roadmap.order_date <= today else None
            )
            roadmap.order_date = roadmap.order_date or roadmap.period_start
            roadmap.approved_at = timezone.now()
            roadmap.save(update_fields=["status", "approved_by", "order_number", "order_date", "approved_at"])

    # One installation for a region: the analyst reads every municipality and belongs to none.
    analyst = _user(
        "analitik",
        role=User.Role.REGIONAL_ANALYST,
        name=("Региональная", "Алина", "Сергеевна"),
        municipality=None,
        position="Аналитик регионального центра оценки качества образования",
    )
    # A public observer with a login (assessments.demo links the observer's card and books them).
    observer = _user(
        "nablyudatel",
        role=User.Role.OBSERVER,
        name=("Смотрова", "Хадижат", "Ильинична"),
        municipality=district,
    )

    return [
        DemoLogin(head.username, head.get_role_display(), head.short_name),
        DemoLogin(methodist.username, methodist.get_role_display(), methodist.short_name),
        DemoLogin(heads[schools[0].pk].username, User.Role.SCHOOL_HEAD.label, f"{schools[0].short_name}"),
        DemoLogin(member.username, member.get_role_display(), member.short_name),
        DemoLogin(coordinator.username, coordinator.get_role_display(), coordinator.short_name),
        DemoLogin(analyst.username, analyst.get_role_display(), analyst.short_name),
        DemoLogin(observer.username, observer.get_role_display(), observer.short_name),
    ]
