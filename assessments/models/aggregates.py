"""Per school × ВПР counts kept up to date when results are saved, so the objectivity analysis reads one
line per school instead of counting every participant when someone looks."""

from django.db import models

from .results import VprTest


class VprAggregate(models.Model):
    """The counts of one school's participants of one ВПР (``assessments.aggregates`` writes them)."""

    test = models.ForeignKey(VprTest, on_delete=models.CASCADE, related_name="aggregates")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    participants = models.PositiveIntegerField("участников")
    compared = models.PositiveIntegerField("с отметкой по журналу")
    lowered = models.PositiveIntegerField("ВПР ниже журнала")
    raised = models.PositiveIntegerField("ВПР выше журнала")
    mark_sum = models.PositiveIntegerField("сумма отметок")
    primary_sum = models.PositiveIntegerField("сумма первичных баллов")
    vpr_marks = models.JSONField("отметки ВПР", default=dict, help_text='{"2": n, "3": n, "4": n, "5": n}')
    journal_marks = models.JSONField("отметки по журналу", default=dict)
    task_sums = models.JSONField("сумма баллов по заданиям", default=list)
    score_marks = models.JSONField(
        "участники по баллу и отметке", default=list, help_text="[[балл, отметка, n]]"
    )
    updated_at = models.DateTimeField("пересчитано", auto_now=True)

    class Meta:
        verbose_name = "итоги школы по ВПР"
        verbose_name_plural = "итоги школ по ВПР"
        constraints = [models.UniqueConstraint(fields=["test", "school"], name="one_vpr_aggregate")]

    def __str__(self) -> str:
        return f"{self.test}: {self.school_id} ({self.participants})"

    @property
    def equal(self) -> int:
        return self.compared - self.lowered - self.raised
