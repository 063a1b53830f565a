"""Municipal re-check of ВПР works: a round of one ВПР, its depersonalised works and their new scores."""

from django.conf import settings
from django.db import models

from .results import VprResult, VprTest


class VprRecheck(models.Model):
    """One re-check of a ВПР by the municipal commission: which works were chosen, how, and by whom checked.

    The works are chosen once (all works of the flagged schools, or a random share of every school's works
    drawn with ``seed``, so the same seed draws the same works again) and shared out among ``members``.
    """

    class Mode(models.TextChoices):
        FLAGGED = "flagged", "все работы школ с признаками необъективности"
        SAMPLE = "sample", "случайная выборка из каждой школы"

    municipality = models.ForeignKey("schools.Municipality", on_delete=models.PROTECT, related_name="+")
    test = models.OneToOneField(VprTest, on_delete=models.CASCADE, related_name="recheck", verbose_name="ВПР")
    mode = models.CharField("как выбраны работы", max_length=8, choices=Mode.choices)
    share_percent = models.PositiveSmallIntegerField(
        "доля работ каждой школы, %", null=True, blank=True, help_text="Только для случайной выборки."
    )
    seed = models.PositiveIntegerField(
        "зерно выборки", default=0, help_text="С тем же зерном выборка из тех же работ повторяется."
    )
    schools = models.ManyToManyField(
        "schools.School", blank=True, related_name="+", verbose_name="школы, чьи работы перепроверяются"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="vpr_rechecks", verbose_name="члены комиссии"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    distributed_at = models.DateTimeField("работы распределены", null=True, blank=True)

    class Meta:
        verbose_name = "перепроверка ВПР"
        verbose_name_plural = "перепроверки ВПР"
        ordering = ["-test__year", "test__subject__order", "test__grade"]

    def __str__(self) -> str:
        return f"Перепроверка: {self.test}"


class VprRecheckWork(models.Model):
    """One ВПР work in a re-check. Its checker knows it by ``code`` only; the original mark is kept here as
    it was when the work was chosen, so a later upload of results does not change what the re-check found."""

    recheck = models.ForeignKey(VprRecheck, on_delete=models.CASCADE, related_name="works")
    # A re-upload of the school's ВПР results replaces its VprResult rows: the re-check, with its own copy of
    # the school and of the original marks, stays as the commission left it.
    result = models.ForeignKey(
        VprResult,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rechecks",
        verbose_name="работа ВПР",
        help_text="Пусто, если результаты ВПР школы загружены заново: перепроверка остаётся.",
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("код работы", max_length=16, unique=True)
    original_primary = models.PositiveSmallIntegerField("первичный балл школы")
    original_mark = models.PositiveSmallIntegerField("отметка школы")
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vpr_recheck_works",
        verbose_name="проверяющий",
    )
    task_scores = models.JSONField(
        "баллы за задания при перепроверке", null=True, blank=True, help_text="null — задание не выполнялось."
    )
    primary_score = models.PositiveSmallIntegerField("первичный балл перепроверки", null=True, blank=True)
    mark = models.PositiveSmallIntegerField("отметка по итогам перепроверки", null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField("когда внесены баллы", null=True, blank=True)

    class Meta:
        verbose_name = "работа на перепроверке ВПР"
        verbose_name_plural = "работы на перепроверке ВПР"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["recheck", "result"], name="vpr_recheck_work_once")]
        indexes = [models.Index(fields=["recheck", "school"])]

    def __str__(self) -> str:
        return self.code
