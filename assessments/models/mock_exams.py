"""Mock exams in ЕГЭ format (seed 000, Приложения №2 и №3): schedules, exams, works, commissions, scales."""

from django.conf import settings
from django.db import models

from .subjects import Subject


class MockExamSchedule(models.Model):
    """One schedule of mock exams, as approved by a department order (Приложение №2 к приказу)."""

    municipality = models.ForeignKey(
        "schools.Municipality", on_delete=models.PROTECT, related_name="mock_exam_schedules"
    )
    title = models.CharField(
        "наименование",
        max_length=500,
        default="График проведения пробного экзамена в форме ЕГЭ для выпускников, "
        "претендентов на медаль «За особые успехи в учении»",
    )
    order_number = models.CharField("номер приказа", max_length=64, blank=True)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    period_start = models.DateField("начало периода плана", help_text="Учебный год: с 1 сентября.")
    period_end = models.DateField("конец периода плана", help_text="Учебный год: по 31 августа.")
    source_appendix = models.ForeignKey(
        "roadmaps.Appendix",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mock_exam_schedules",
        verbose_name="создан по приложению",
        help_text="Приложение к дорожной карте, из которого график построен: второй раз его не строим.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "график пробных экзаменов"
        verbose_name_plural = "графики пробных экзаменов"
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return f"{self.title[:80]} ({self.period_start.year}-{self.period_end.year})"


class MockExam(models.Model):
    class Round(models.IntegerChoices):
        FIRST = 1, "первый пробный"
        SECOND = 2, "второй пробный"
        THIRD = 3, "третий пробный"

    schedule = models.ForeignKey(MockExamSchedule, on_delete=models.CASCADE, related_name="exams")
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="mock_exams", verbose_name="предмет"
    )
    round = models.PositiveSmallIntegerField("этап", choices=Round.choices, default=Round.FIRST)
    venue = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="hosted_mock_exams",
        verbose_name="место проведения",
    )
    starts_at = models.DateTimeField("дата и время начала")
    duration_minutes = models.PositiveSmallIntegerField(
        "продолжительность, минут", default=235, help_text="ЕГЭ по русскому языку и математике: 3 ч 55 мин."
    )
    pupils = models.ManyToManyField(
        "schools.Pupil", through="MockWork", related_name="mock_exams", verbose_name="участники"
    )
    results_published_at = models.DateTimeField(
        "результаты опубликованы",
        null=True,
        blank=True,
        help_text="До публикации коды работ и проверяющих видят только организаторы.",
    )

    class Meta:
        verbose_name = "пробный экзамен"
        verbose_name_plural = "пробные экзамены"
        ordering = ["starts_at", "subject__order"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "subject", "round"], name="mock_exam_once_per_round")
        ]
        indexes = [models.Index(fields=["venue", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_round_display()})"


class MockWork(models.Model):
    """One pupil's work at a mock exam. Checkers know it by its code only."""

    exam = models.ForeignKey(MockExam, on_delete=models.CASCADE, related_name="works")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="mock_works")
    code = models.CharField("код работы", max_length=16, unique=True)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checked_mock_works",
        verbose_name="проверяющий",
    )
    primary_score = models.PositiveSmallIntegerField("первичный балл", null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField("когда внесён балл", null=True, blank=True)

    class Meta:
        verbose_name = "работа пробного экзамена"
        verbose_name_plural = "работы пробного экзамена"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["exam", "pupil"], name="mock_work_once_per_pupil")]

    def __str__(self) -> str:
        return self.code


class Commission(models.Model):
    """The checking commission of one subject in a schedule (Приложение №3)."""

    schedule = models.ForeignKey(MockExamSchedule, on_delete=models.CASCADE, related_name="commissions")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mock_commissions", verbose_name="члены комиссии"
    )

    class Meta:
        verbose_name = "комиссия по проверке"
        verbose_name_plural = "комиссии по проверке"
        ordering = ["subject__order"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "subject"], name="commission_once_per_subject")
        ]

    def __str__(self) -> str:
        return f"Комиссия: {self.subject}"


class ScoreScale(models.Model):
    """Primary → 100-point conversion of one subject for one exam year, kept as data.

    A scale without a municipality is shared by all of them and changed by operators only; a municipality
    that needs its own gets its own copy, which it alone reads and changes (assessments.scales).
    """

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="scales", verbose_name="предмет"
    )
    year = models.PositiveSmallIntegerField("год экзамена", help_text="Календарный год ЕГЭ, например 2024.")
    municipality = models.ForeignKey(
        "schools.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="муниципалитет",
        help_text="Пусто — общая шкала всех муниципалитетов.",
    )
    points = models.JSONField(
        "тестовые баллы",
        default=list,
        help_text="Тестовый балл для каждого первичного балла, начиная с 0.",
    )

    class Meta:
        verbose_name = "шкала перевода баллов"
        verbose_name_plural = "шкалы перевода баллов"
        ordering = ["subject__order", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "year"],
                condition=models.Q(municipality__isnull=True),
                name="one_shared_scale_per_subject_year",
            ),
            models.UniqueConstraint(
                fields=["subject", "year", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="one_own_scale_per_subject_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}, {self.year}" + (f" ({self.municipality})" if self.municipality_id else "")

    @property
    def is_shared(self) -> bool:
        return self.municipality_id is None

    @property
    def max_primary(self) -> int:
        return len(self.points) - 1
