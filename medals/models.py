"""Medal candidates, their marks from the journal and the notebooks, re-checks and school indicators.

Journal, notebook and re-check marks are separate sources for the same pupil and subject: the
objectivity checks compare them (see ``medals.comparison`` and ``medals.risks``).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models import Subject
from schools.models import Pupil, School


class MedalDegree(models.IntegerChoices):
    FIRST = 1, "I степени"
    SECOND = 2, "II степени"


class ExamForm(models.TextChoices):
    EGE = "ЕГЭ", "ЕГЭ"
    GVE = "ГВЭ", "ГВЭ"


class IssuedMedal(models.TextChoices):
    UNKNOWN = "", "не внесено"
    FIRST = "1", "медаль I степени"
    SECOND = "2", "медаль II степени"
    NONE = "none", "медаль не выдана"


GVE_MARKS = [(m, f"«{m}»") for m in (5, 4, 3, 2)]


class Source(models.TextChoices):
    JOURNAL = "journal", "электронный журнал"
    NOTEBOOK = "notebook", "тетрадь"


class Period(models.TextChoices):
    NONE = "", "—"
    Q1 = "q1", "1 четверть"
    Q2 = "q2", "2 четверть"
    Q3 = "q3", "3 четверть"
    Q4 = "q4", "4 четверть"
    H1 = "h1", "1 полугодие"
    H2 = "h2", "2 полугодие"
    YEAR = "year", "год"
    FINAL = "final", "итоговая"


class WorkKind(models.TextChoices):
    CURRENT = "current", "текущая"
    CONTROL = "control", "контрольная работа"
    INDEPENDENT = "independent", "самостоятельная работа"
    CHECK = "check", "проверочная работа"
    PERIOD = "period", "четвертная (полугодовая)"
    YEAR = "year", "годовая"
    FINAL = "final", "итоговая"


# Works written in a notebook: these are compared with the journal and re-checked.
WRITTEN_WORKS = (WorkKind.CONTROL, WorkKind.INDEPENDENT, WorkKind.CHECK)


def academic_year_label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


def academic_year_of(day: date) -> int:
    """The year the school year containing ``day`` starts: it runs from 1 September to 31 August."""
    return day.year if day.month >= 9 else day.year - 1


def upload_file_path(instance: Upload, filename: str) -> str:
    # A random stored name: nobody can guess another school's file, and files are served by a checked view.
    suffix = PurePath(filename).suffix.lower()
    return f"medals/{instance.kind}/{uuid.uuid4().hex}{suffix}"


class Upload(models.Model):
    """One uploaded file and what became of it: the history every upload page shows."""

    class Kind(models.TextChoices):
        CANDIDATES = "candidates", "реестр претендентов"
        JOURNAL = "journal", "выгрузка из электронного журнала"
        NOTEBOOK = "notebook", "отметки из тетрадей"
        ISSUED = "issued", "выданные медали"

    class Status(models.TextChoices):
        PREVIEW = "preview", "проверен, ждёт подтверждения"
        SAVED = "saved", "сохранён"
        REJECTED = "rejected", "есть ошибки, ничего не сохранено"
        REPLACED = "replaced", "заменён более новой загрузкой"
        # A file too large for a request is checked, then saved, by the workers (medals.importers.background).
        CHECKING = "checking", "проверяется"
        SAVING = "saving", "сохраняется"

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="medal_uploads", verbose_name="школа"
    )
    kind = models.CharField("что загружено", max_length=16, choices=Kind.choices)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.PREVIEW)
    file = models.FileField(upload_to=upload_file_path, max_length=255, blank=True)
    original_name = models.CharField("имя файла", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)
    saved_at = models.DateTimeField("сохранён", null=True, blank=True)
    busy_since = models.DateTimeField(
        "в работе с", null=True, blank=True, help_text="Когда файл отдан на проверку или сохранение в фоне."
    )
    rows = models.PositiveIntegerField("строк", default=0)
    saved = models.PositiveIntegerField("сохранено", default=0)
    replaced = models.PositiveIntegerField("заменено", default=0)
    skipped = models.PositiveIntegerField("пропущено", default=0)
    error_count = models.PositiveIntegerField("ошибок", default=0)
    errors = models.JSONField("ошибки", default=list, blank=True)
    report = models.JSONField(
        "итог проверки",
        default=dict,
        blank=True,
        help_text="Что ещё нашла проверка: вид таблицы, предупреждения, пропущенные и чего нет в файле.",
    )

    class Meta:
        verbose_name = "загрузка файла"
        verbose_name_plural = "загрузки файлов"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["school", "kind", "-uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.SAVING)


class Candidate(models.Model):
    """A pupil who claims a medal in a given graduation year."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="medal_candidacies", verbose_name="обучающийся"
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="medal_candidates", verbose_name="школа"
    )
    graduation_year = models.PositiveSmallIntegerField("год выпуска")
    degree = models.PositiveSmallIntegerField("претендует на медаль", choices=MedalDegree.choices)
    previous_school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="предыдущая школа (из списка)",
    )
    previous_school_name = models.CharField(
        "предыдущая школа", max_length=255, blank=True, help_text="Как написано в реестре."
    )
    transfer_date = models.DateField("дата перевода", null=True, blank=True)
    exam_form = models.CharField(
        "форма ГИА",
        max_length=3,
        choices=ExamForm.choices,
        default=ExamForm.EGE,
        help_text="ГВЭ вместо ЕГЭ: медаль по отметкам «5» ГВЭ по русскому языку и математике.",
    )
    gve_russian = models.PositiveSmallIntegerField(
        "ГВЭ: русский язык", choices=GVE_MARKS, null=True, blank=True
    )
    gve_math = models.PositiveSmallIntegerField("ГВЭ: математика", choices=GVE_MARKS, null=True, blank=True)
    issued_medal = models.CharField(
        "выданная медаль",
        max_length=4,
        choices=IssuedMedal.choices,
        blank=True,
        help_text="Вносится школой после выпуска.",
    )
    is_active = models.BooleanField(
        "в реестре", default=True, help_text="Снимается, когда претендента нет в новой версии реестра."
    )
    register_upload = models.ForeignKey(
        Upload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="реестр"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "претендент на медаль"
        verbose_name_plural = "претенденты на медаль"
        ordering = ["pupil__last_name", "pupil__first_name", "pupil__middle_name"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "graduation_year"], name="candidate_once_per_year")
        ]
        indexes = [models.Index(fields=["school", "graduation_year", "is_active"])]

    def __str__(self) -> str:
        return self.pupil.full_name

    @property
    def has_transfer(self) -> bool:
        return bool(self.transfer_date or self.previous_school_id or self.previous_school_name)

    @property
    def gve_marks(self) -> dict[str, int | None]:
        from .eligibility import MATH, RUSSIAN

        return {RUSSIAN: self.gve_russian, MATH: self.gve_math}

    @property
    def issued_degree(self) -> int | None:
        return (
            int(self.issued_medal) if self.issued_medal in (IssuedMedal.FIRST, IssuedMedal.SECOND) else None
        )

    def grade_in(self, academic_year: int) -> int:
        """The grade (10, 11) the candidate is in during the school year that starts in ``academic_year``."""
        return 11 - (self.graduation_year - 1 - academic_year)


class ExtractVersion(models.Model):
    """One school's journal (or notebook) marks for one school year, as one upload brought them.

    Re-uploading the same extract makes a new current version; the old one stays, no longer current.
    """

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="versions")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=16, choices=Source.choices)
    academic_year = models.PositiveSmallIntegerField("учебный год (начало)")
    is_current = models.BooleanField(default=False)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marks = models.PositiveIntegerField("отметок", default=0)

    class Meta:
        verbose_name = "версия выгрузки"
        verbose_name_plural = "версии выгрузок"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "source", "academic_year"],
                condition=Q(is_current=True),
                name="extract_one_current_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.get_source_display()} · {academic_year_label(self.academic_year)}"


class Grade(models.Model):
    """One mark: from the journal or a notebook (uploaded, or entered by hand when ``version`` is empty)."""

    # No index of its own: both indexes below start with the candidate, and every mark a journal
    # extract saves paid for a third one (`make bench`).
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="grades", db_index=False)
    version = models.ForeignKey(
        ExtractVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="grades"
    )
    source = models.CharField("источник", max_length=16, choices=Source.choices)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет")
    academic_year = models.PositiveSmallIntegerField("учебный год (начало)")
    class_name = models.CharField("класс", max_length=8)
    period = models.CharField("период", max_length=8, choices=Period.choices, blank=True)
    work_kind = models.CharField("вид работы", max_length=16, choices=WorkKind.choices)
    work_title = models.CharField("работа (как в файле)", max_length=100, blank=True)
    work_date = models.DateField("дата", null=True, blank=True)
    mark = models.CharField("отметка", max_length=4)
    value = models.PositiveSmallIntegerField("отметка числом", null=True, blank=True)
    teacher = models.CharField("учитель", max_length=150, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed below where it is set: by hand, not on the marks of an extract
    )

    class Meta:
        verbose_name = "отметка"
        verbose_name_plural = "отметки"
        indexes = [
            models.Index(fields=["candidate", "subject", "work_date"]),
            models.Index(fields=["candidate", "source", "period"]),
            models.Index(
                fields=["entered_by"], name="medals_grade_entered_by", condition=Q(entered_by__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.work_date or self.get_period_display()}: {self.mark}"


CURRENT_GRADES = Q(version__isnull=True) | Q(version__is_current=True)


class Recheck(models.Model):
    """A work chosen for re-check; the commission member sees it by ``code`` only."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "предложена"
        ASSIGNED = "assigned", "назначена"
        DONE = "done", "перепроверена"
        EXCLUDED = "excluded", "исключена из списка"

    code = models.CharField("шифр работы", max_length=16, unique=True)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="rechecks")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет")
    academic_year = models.PositiveSmallIntegerField("учебный год (начало)")
    class_name = models.CharField("класс", max_length=8, blank=True)
    work_kind = models.CharField("вид работы", max_length=16, choices=WorkKind.choices)
    work_title = models.CharField("работа", max_length=100, blank=True)
    work_date = models.DateField("дата работы")
    original_mark = models.CharField("отметка учителя", max_length=4, blank=True)
    original_value = models.PositiveSmallIntegerField(null=True, blank=True)
    teacher = models.CharField("учитель", max_length=150, blank=True)
    reasons = models.JSONField("почему предложена", default=list, blank=True)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.PROPOSED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_rechecks",
        verbose_name="член комиссии",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    recheck_mark = models.CharField("отметка при перепроверке", max_length=4, blank=True)
    recheck_value = models.PositiveSmallIntegerField(null=True, blank=True)
    recheck_comment = models.TextField("комментарий проверяющего", blank=True)
    checked_at = models.DateTimeField("перепроверена", null=True, blank=True)
    closed_at = models.DateTimeField(
        "перепроверка закрыта",
        null=True,
        blank=True,
        help_text="После закрытия методистом член комиссии больше не может исправить отметку.",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField("примечание методиста", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "работа на перепроверку"
        verbose_name_plural = "работы на перепроверку"
        ordering = ["work_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "subject", "work_date", "work_kind"], name="recheck_once_per_work"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def lowered(self) -> bool:
        return (
            self.recheck_value is not None
            and self.original_value is not None
            and self.recheck_value < self.original_value
        )


class SchoolYearIndicator(models.Model):
    """What the department knows of a school's graduating year: kept as data, edited by the department."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="medal_indicators")
    year = models.PositiveSmallIntegerField("год выпуска")
    graduates = models.PositiveIntegerField("выпускников 11 классов", default=0)
    medalists = models.PositiveIntegerField("медалистов", default=0)
    medalists_ege_below_70 = models.PositiveIntegerField(
        "медалистов с ЕГЭ ниже 70 баллов", default=0, help_text="Хотя бы по одному предмету."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "показатели выпуска школы"
        verbose_name_plural = "показатели выпуска школ"
        ordering = ["-year", "school__short_name"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="indicator_once_per_year")]

    def __str__(self) -> str:
        return f"{self.school} · {self.year}"


class MedalBenchmark(models.Model):
    """The national reference the schools are measured against (17.5% of graduates were medalists in 2024)."""

    year = models.PositiveSmallIntegerField("год выпуска", unique=True)
    national_share = models.DecimalField(
        "доля медалистов по России, %", max_digits=5, decimal_places=2, help_text="17,5 в 2024 году."
    )
    ege_below_70_limit = models.DecimalField(
        "допустимая доля медалистов с ЕГЭ ниже 70, %",
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text="Школа попадает в группу риска, если доля прошлогодних медалистов с ЕГЭ ниже 70 "
        "баллов больше.",
    )
    source = models.CharField("источник", max_length=255, blank=True)

    class Meta:
        verbose_name = "ориентир доли медалистов"
        verbose_name_plural = "ориентиры доли медалистов"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.national_share}%"
