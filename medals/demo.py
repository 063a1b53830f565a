"""Demo data for the medal pages: generated candidates (never real people) that go through the real imports.

Each school gets a register, a journal extract for grades 10 and 11 and notebook marks with a few
disagreements, uploaded as a school head and a methodist would; one candidate per school came by
transfer; the school's graduates and last year's medalists are filled in; the re-check list is
proposed and partly assigned and checked. Running it again changes nothing.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from assessments.models import EgeResult, Subject
from schools.grades import has_grade
from schools.models import Municipality, Pupil, School, User

from .importers import journal, journal_read, register
from .importers.issued import issued_save
from .importers.uploads import upload_create
from .models import (
    Candidate,
    ExamForm,
    IssuedMedal,
    Recheck,
    SchoolYearIndicator,
    Upload,
    academic_year_of,
)
from .rechecks import recheck_members, recheck_propose, recheck_record, recheck_update

LAST_NAMES = ["Абдуллаев", "Гасанов", "Исмаилов", "Керимов", "Магомедов", "Нуриев", "Рамазанов", "Салихов"]
FIRST_NAMES = {
    "m": ["Арсен", "Руслан", "Тимур", "Шамиль", "Эльдар", "Камиль", "Мурад"],
    "f": ["Амина", "Диана", "Зарема", "Мадина", "Патимат", "Сабина", "Эльмира"],
}
PATRONYMICS = {
    "m": ["Маратович", "Расулович", "Ахмедович", "Исаевич"],
    "f": ["Маратовна", "Расуловна", "Ахмедовна", "Исаевна"],
}
TEACHERS = ["Демонова А.Р.", "Примерова З.М.", "Образцов К.А.", "Учебнова С.Г.", "Пробнова Л.И."]
SUBJECTS = [
    "Русский язык",
    "Литература",
    "Математика",
    "Физика",
    "История",
    "Обществознание",
    "Английский язык",
]
CONTROL_MONTHS = [(10, 15), (12, 12), (3, 5), (4, 20)]  # (month, day) of the control works of a school year
JOURNAL_HEADER = [journal_read.TITLES[key] for key in journal_read.COLUMNS]
REGISTER_HEADER = list(register.TITLES.values())


def _xlsx(rows: list[list]) -> ContentFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Лист1")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return ContentFile(buffer.getvalue())


def _work_date(year: int, month: int, day: int) -> date:
    return date(year if month >= 9 else year + 1, month, day)


class _SchoolDemo:
    """The generated register and marks of one school."""

    def __init__(self, *, school: School, others: list[School], rng: random.Random, today: date) -> None:
        self.school, self.rng, self.today = school, rng, today
        self.year = academic_year_of(today)
        self.others = others
        self.register: list[list] = [REGISTER_HEADER]
        self.journal: list[list] = [JOURNAL_HEADER]
        self.notebook: list[list] = [JOURNAL_HEADER]

    def build(self) -> None:
        count = self.rng.randint(5, 8)
        for index in range(count):
            grade = 10 if index >= count - 2 else 11
            self._candidate(index=index, grade=grade)

    def _candidate(self, *, index: int, grade: int) -> None:
        rng = self.rng
        sex = rng.choice("mf")
        surname = rng.choice(LAST_NAMES) + ("" if sex == "m" else "а")
        name = f"{surname} {rng.choice(FIRST_NAMES[sex])} {rng.choice(PATRONYMICS[sex])}"
        letter = rng.choice("АБ")
        born = date(self.year - 6 - grade, rng.randint(1, 12), rng.randint(1, 28))
        degree = "I" if rng.random() < 0.6 else "II"
        previous, transfer = "", ""
        if index == 1 and self.others:
            previous = rng.choice(self.others).code
            transfer = date(self.year, 9, 2).strftime("%d.%m.%Y")
        exam = "ГВЭ-11" if index == 3 else ""  # the register says who takes ГВЭ; empty is ЕГЭ
        self.register.append(
            [name, f"{grade}{letter}", born, degree, f"{self.year}-{self.year + 1}", previous, transfer, exam]
        )
        years = [self.year - 1, self.year] if grade == 11 else [self.year]
        weak_subject = rng.choice(SUBJECTS) if index == 2 else None
        # In each school one candidate's notebooks and journal disagree, one came by transfer, one is weaker.
        mismatch = 0.08 if index == 0 else 0.0
        for year in years:
            school_grade = grade - (self.year - year)
            for subject in SUBJECTS:
                self._marks(
                    name,
                    f"{school_grade}{letter}",
                    year,
                    subject,
                    weak=subject == weak_subject,
                    mismatch=mismatch,
                )

    def _marks(
        self, name: str, class_name: str, year: int, subject: str, *, weak: bool, mismatch: float
    ) -> None:
        rng, label = self.rng, f"{year}-{year + 1}"
        teacher = TEACHERS[SUBJECTS.index(subject) % len(TEACHERS)]
        for month, day in CONTROL_MONTHS:
            when = _work_date(year, month, day)
            if when > self.today:
                continue
            mark = rng.choice("4445" if weak else "5555554")
            self.journal.append(
                [name, class_name, label, subject, "", "контрольная работа", when, mark, teacher]
            )
            in_notebook = str(int(mark) - 1) if rng.random() < mismatch else mark
            self.notebook.append(
                [name, class_name, label, subject, "", "контрольная работа", when, in_notebook, teacher]
            )
            for shift in (3, 10):
                current = when + timedelta(days=shift)
                if current <= self.today:
                    self.journal.append(
                        [
                            name,
                            class_name,
                            label,
                            subject,
                            "",
                            "текущая",
                            current,
                            rng.choice("5554"),
                            teacher,
                        ]
                    )
        closing = {
            "1 полугодие": date(year, 12, 28),
            "2 полугодие": date(year + 1, 5, 25),
            "год": date(year + 1, 5, 25),
        }
        for period, closes in closing.items():
            if closes <= self.today:
                mark = "4" if weak and rng.random() < 0.7 else "5"
                self.journal.append([name, class_name, label, subject, period, "", "", mark, teacher])


def _indicators(*, school: School, year: int, candidates: int, rng: random.Random) -> None:
    SchoolYearIndicator.objects.get_or_create(
        school=school, year=year, defaults={"graduates": max(candidates * 2, rng.randint(8, 40))}
    )
    medalists = rng.randint(0, 6)
    SchoolYearIndicator.objects.get_or_create(
        school=school,
        year=year - 1,
        defaults={
            "graduates": rng.randint(10, 40),
            "medalists": medalists,
            "medalists_ege_below_70": rng.randint(0, medalists // 2),
        },
    )


# Last year's graduates: (issued medal, claimed degree, exam form, ЕГЭ Russian, ЕГЭ second subject).
# One gold medal below 70 in Russian makes the issued-medal check and seed 000 item 1 show a finding.
# The school uploads the medals issued as a list, written the way schools write it.
LAST_YEAR_GRADUATES = (
    (IssuedMedal.FIRST, 1, ExamForm.EGE, 68, 81),
    (IssuedMedal.FIRST, 1, ExamForm.EGE, 86, 78),
    (IssuedMedal.SECOND, 2, ExamForm.EGE, 64, 72),
    (IssuedMedal.SECOND, 2, ExamForm.GVE, None, None),
    (IssuedMedal.NONE, 1, ExamForm.EGE, 55, 49),
)


ISSUED_WRITTEN = {IssuedMedal.FIRST: "золотая", IssuedMedal.SECOND: "II степени", IssuedMedal.NONE: "нет"}


def _last_year_graduates(*, school: School, year: int, rng: random.Random) -> None:
    """Graduates of ``year`` with their ЕГЭ, and the medals the school uploaded; once per school."""
    if Candidate.objects.filter(school=school, graduation_year=year).exists():
        return
    russian, physics = Subject.objects.get(name="Русский язык"), Subject.objects.get(name="Физика")
    medals = [["Фамилия", "Имя", "Отчество", "Класс", "Медаль"]]
    start = rng.randrange(len(LAST_NAMES))  # one surname each: the uploaded list names them unambiguously
    for index, (issued, degree, exam_form, russian_points, other_points) in enumerate(LAST_YEAR_GRADUATES):
        sex = "f" if index % 2 else "m"
        pupil = Pupil.objects.create(
            school=school,
            last_name=LAST_NAMES[(start + index) % len(LAST_NAMES)] + ("а" if sex == "f" else ""),
            first_name=rng.choice(FIRST_NAMES[sex]),
            middle_name=rng.choice(PATRONYMICS[sex]),
            birth_date=date(year - 18, rng.randint(1, 12), rng.randint(1, 28)),
        )
        Candidate.objects.create(
            pupil=pupil,
            school=school,
            graduation_year=year,
            degree=degree,
            exam_form=exam_form,
            gve_russian=5 if exam_form == ExamForm.GVE else None,
            gve_math=5 if exam_form == ExamForm.GVE else None,
            is_active=False,  # graduated: the register of a later year no longer names them
        )
        medals.append([pupil.last_name, pupil.first_name, pupil.middle_name, "11А", ISSUED_WRITTEN[issued]])
        if russian_points is not None:
            for subject, points, day in ((russian, russian_points, 27), (physics, other_points, 4)):
                EgeResult.objects.create(
                    pupil=pupil,
                    subject=subject,
                    year=year,
                    exam_date=date(year, 5 if day == 27 else 6, day),
                    score_100=points,
                )
    head = school.staff.filter(role=User.Role.SCHOOL_HEAD).first()
    upload = upload_create(
        school=school, kind=Upload.Kind.ISSUED, name="медали выпуск.xlsx", content=_xlsx(medals), user=head
    )
    upload.report = {"graduation_year": year}
    result = issued_save(upload=upload)
    if result.errors:
        raise RuntimeError(f"Демо-данные: выданные медали {school}: {result.errors[:3]}")


def _one_gve_candidate(*, school: School, year: int) -> None:
    """One of this year's candidates takes ГВЭ (a graduate with a health condition may)."""
    candidates = Candidate.objects.filter(school=school, graduation_year=year, is_active=True)
    chosen = candidates.filter(exam_form=ExamForm.GVE).first() or candidates.order_by("-pk").first()
    if chosen is not None and chosen.gve_russian is None:
        Candidate.objects.filter(pk=chosen.pk).update(exam_form=ExamForm.GVE, gve_russian=5, gve_math=4)


def _upload(*, school: School, kind: str, name: str, rows: list[list], user: User | None) -> None:
    upload = upload_create(school=school, kind=kind, name=name, content=_xlsx(rows), user=user)
    save = register.register_save if kind == Upload.Kind.CANDIDATES else journal.journal_save
    result = save(upload=upload)
    if result.errors:
        raise RuntimeError(f"Демо-данные {name} для {school}: {result.errors[:3]}")


def _rechecks(*, municipality: Municipality, rng: random.Random) -> None:
    candidates = Candidate.objects.filter(school__municipality=municipality, is_active=True)
    if Recheck.objects.filter(candidate__in=candidates).exists():
        return
    methodist = User.objects.filter(municipality=municipality, role=User.Role.METHODIST).first()
    recheck_propose(candidates=candidates.select_related("pupil", "previous_school"), user=methodist)
    for recheck in Recheck.objects.filter(candidate__in=candidates).select_related("candidate__school")[:12]:
        members = list(recheck_members(recheck=recheck))
        if not members:
            continue
        recheck_update(recheck=recheck, member=rng.choice(members), excluded=False, note="")
        if recheck.original_value and rng.random() < 0.5:
            lowered = recheck.original_value > 2 and rng.random() < 0.4
            mark = recheck.original_value - 1 if lowered else recheck.original_value
            recheck_record(recheck=recheck, mark=str(mark), comment="")


def load_medals_demo(*, municipality: Municipality) -> None:
    """Fill each school of the municipality with medal demo data; a school with candidates is left alone."""
    rng = random.Random(f"medals-demo-{municipality.name}")
    today = timezone.localdate()
    schools = list(School.objects.filter(municipality=municipality, is_active=True).order_by("code"))
    with transaction.atomic():
        for school in schools:
            if not has_grade(school.kind, 11):
                continue  # an ООШ ends with grade 9: no graduates of grade 11, no medal candidates
            if Candidate.objects.filter(school=school).exists():
                continue
            demo = _SchoolDemo(
                school=school,
                # A candidate comes from a school that has their grades: never from an ООШ.
                others=[s for s in schools if s != school and has_grade(s.kind, 11)],
                rng=rng,
                today=today,
            )
            demo.build()
            head = school.staff.filter(role=User.Role.SCHOOL_HEAD).first()
            curator = school.curators.first()
            _upload(
                school=school, kind=Upload.Kind.CANDIDATES, name="реестр.xlsx", rows=demo.register, user=head
            )
            _upload(school=school, kind=Upload.Kind.JOURNAL, name="журнал.xlsx", rows=demo.journal, user=head)
            _upload(
                school=school,
                kind=Upload.Kind.NOTEBOOK,
                name="тетради.xlsx",
                rows=demo.notebook,
                user=curator,
            )
            _indicators(school=school, year=demo.year + 1, candidates=len(demo.register) - 1, rng=rng)
        graduation_year = academic_year_of(today) + 1
        for school in schools:
            if has_grade(school.kind, 11):
                _last_year_graduates(school=school, year=graduation_year - 1, rng=rng)
                _one_gve_candidate(school=school, year=graduation_year)
        _rechecks(municipality=municipality, rng=rng)
