"""Subjects, as ФИС ОКО and ЕГЭ name them."""

from django.db import models


class Subject(models.Model):
    """The reference list of subjects: journals, ВПР, ЕГЭ and mock exams all name subjects from here."""

    name = models.CharField("предмет", max_length=128, unique=True)
    short_name = models.CharField("краткое наименование", max_length=64, blank=True)
    aliases = models.JSONField(
        "другие написания", default=list, blank=True, help_text="Например: «Русский яз.», «рус. язык»."
    )
    has_ege = models.BooleanField("сдаётся ЕГЭ", default=True)
    order = models.PositiveSmallIntegerField("порядок", default=100)

    class Meta:
        verbose_name = "предмет"
        verbose_name_plural = "предметы"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
