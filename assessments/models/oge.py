"""ОГЭ results: one anonymous participant of a grade-9 exam per row, with school, mark and score."""

from django.db import models

from .results import ResultUpload
from .subjects import Subject


class OgeResult(models.Model):
    """One participant's ОГЭ in one subject: the mark «2»…«5» and the primary score, as the РЦОИ lists give
    them. The pupil is not looked up: the objectivity rules need the school's figures only, so no name is
    kept. A re-upload replaces the results of the same schools, subject and year."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="oge_results", verbose_name="школа"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет")
    year = models.PositiveSmallIntegerField("год")
    exam_date = models.DateField("дата экзамена", null=True, blank=True)
    participant_code = models.CharField("код участника ГИА", max_length=32, blank=True)
    class_name = models.CharField("класс", max_length=8, blank=True)
    primary_score = models.PositiveSmallIntegerField("первичный балл", null=True, blank=True)
    mark = models.PositiveSmallIntegerField("отметка")
    upload = models.ForeignKey(
        ResultUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "результат ОГЭ"
        verbose_name_plural = "результаты ОГЭ"
        ordering = ["-year", "school__short_name", "subject__order", "participant_code"]
        indexes = [models.Index(fields=["school", "subject", "year"])]

    def __str__(self) -> str:
        return f"{self.school} {self.subject} {self.year}: {self.mark}"
