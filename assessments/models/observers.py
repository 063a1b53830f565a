"""Public observers, procedures, bookings, conflicts of interest and acts."""

from django.conf import settings
from django.db import models

from .subjects import Subject


class Observer(models.Model):
    municipality = models.ForeignKey(
        "schools.Municipality", on_delete=models.PROTECT, related_name="observers"
    )
    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    organisation = models.CharField(
        "кого представляет", max_length=255, blank=True, help_text="Например: родительская общественность."
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employed_observers",
        verbose_name="работает в школе",
        help_text="В этой школе наблюдателем быть нельзя.",
    )
    phone = models.CharField("телефон", max_length=32, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observer_record",
        verbose_name="учётная запись",
        help_text="С учётной записью наблюдатель сам видит свои выезды и заполняет акты.",
    )

    class Meta:
        verbose_name = "общественный наблюдатель"
        verbose_name_plural = "общественные наблюдатели"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def short_name(self) -> str:
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()


class Procedure(models.Model):
    """An assessment day in the schools: ВПР, ОГЭ, ЕГЭ, a mock exam…, with the schools that hold it."""

    class Kind(models.TextChoices):
        VPR = "vpr", "ВПР"
        OGE = "oge", "ОГЭ"
        EGE = "ege", "ЕГЭ"
        MOCK = "mock", "пробный экзамен"
        NIKO = "niko", "НИКО"
        OTHER = "other", "другая процедура"

    municipality = models.ForeignKey(
        "schools.Municipality", on_delete=models.PROTECT, related_name="procedures"
    )
    kind = models.CharField("вид", max_length=8, choices=Kind.choices, default=Kind.VPR)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="предмет"
    )
    grade = models.PositiveSmallIntegerField("класс", null=True, blank=True)
    held_on = models.DateField("дата проведения")
    schools = models.ManyToManyField("schools.School", related_name="procedures", verbose_name="школы")
    window_start = models.DateField(
        "федеральный период: с",
        null=True,
        blank=True,
        help_text="ВПР с 2025 года: школа выбирает дату внутри периода. Пусто — одна дата для всех.",
    )
    window_end = models.DateField("федеральный период: по", null=True, blank=True)
    federal_sample = models.ManyToManyField(
        "schools.School",
        related_name="+",
        blank=True,
        verbose_name="федеральная выборка «с контролем объективности»",
        help_text="Школы, где ВПР пишут под наблюдением федеральных наблюдателей.",
    )

    class Meta:
        verbose_name = "оценочная процедура"
        verbose_name_plural = "оценочные процедуры"
        ordering = ["-held_on", "kind"]

    def __str__(self) -> str:
        parts = [self.get_kind_display()]
        if self.subject_id:
            parts.append(str(self.subject))
        if self.grade:
            parts.append(f"{self.grade} класс")
        return " ".join(parts)

    @property
    def has_window(self) -> bool:
        return self.window_start is not None and self.window_end is not None


class ObserverAssignment(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="assignments")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="observer_assignments"
    )
    observer = models.ForeignKey(Observer, on_delete=models.PROTECT, related_name="assignments")
    held_on = models.DateField(
        "дата в школе", null=True, blank=True, help_text="Дата, выбранная школой; пусто — дата процедуры."
    )
    violations = models.BooleanField(
        "нарушения выявлены", null=True, blank=True, help_text="Пусто — отчёт ещё не представлен."
    )
    report_text = models.TextField("отчёт наблюдателя", blank=True)
    reported_at = models.DateTimeField("отчёт внесён", null=True, blank=True)

    class Meta:
        verbose_name = "назначение наблюдателя"
        verbose_name_plural = "назначения наблюдателей"
        ordering = ["procedure", "school__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "school", "observer"], name="observer_once_per_school"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observer} — {self.school}"

    @property
    def day(self):
        return self.held_on or self.procedure.held_on


class ObserverConflict(models.Model):
    """A school where the observer has a conflict of interest: they are never booked there."""

    class Reason(models.TextChoices):
        CHILD = "child", "учится ребёнок наблюдателя"
        RELATIVE = "relative", "работает родственник наблюдателя"

    observer = models.ForeignKey(Observer, on_delete=models.CASCADE, related_name="conflicts")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("конфликт интересов", max_length=16, choices=Reason.choices)

    class Meta:
        verbose_name = "конфликт интересов наблюдателя"
        verbose_name_plural = "конфликты интересов наблюдателей"
        constraints = [
            models.UniqueConstraint(fields=["observer", "school", "reason"], name="observer_conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.observer}: {self.school} ({self.get_reason_display()})"


class SchoolProcedureDay(models.Model):
    """A date a school chose for a procedure inside its federal window (ВПР since 2025)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="school_days")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="procedure_days")
    held_on = models.DateField("дата в школе")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "дата процедуры в школе"
        verbose_name_plural = "даты процедур в школах"
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "school", "held_on"], name="school_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.procedure} · {self.school} · {self.held_on:%d.%m.%Y}"


class ObserverAct(models.Model):
    """The observer's structured act for one booking: the stages observed, a checklist of violations,
    remarks. Any violation marked flags the school (``ObserverAssignment.violations``)."""

    assignment = models.OneToOneField(ObserverAssignment, on_delete=models.CASCADE, related_name="act")
    stages = models.JSONField("этапы, при которых присутствовал наблюдатель", default=list, blank=True)
    violations = models.JSONField("отмеченные нарушения", default=list, blank=True)
    remarks = models.TextField("замечания и предложения", blank=True, max_length=4000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("заполнен", auto_now=True)

    class Meta:
        verbose_name = "акт наблюдателя"
        verbose_name_plural = "акты наблюдателей"

    def __str__(self) -> str:
        return f"Акт: {self.assignment}"
