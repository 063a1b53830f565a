"""Objectivity: thresholds, the official list, the «Статистика по отметкам» form."""

from django.db import models

from .subjects import Subject


def _share(default: str, label: str, help_text: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=4, decimal_places=2, default=default, help_text=help_text)


class ObjectivityThresholds(models.Model):
    """The numbers behind every objectivity rule of one municipality: data, edited on a page, never code."""

    municipality = models.OneToOneField(
        "schools.Municipality", on_delete=models.CASCADE, related_name="objectivity_thresholds"
    )
    min_participants = models.PositiveSmallIntegerField(
        "минимум участников для долей", default=5, help_text="Меньшую группу правила не оценивают."
    )
    raised_share = _share("0.15", "порог «повысили»", "Доля участников, чья отметка ВПР выше журнальной.")
    lowered_share = _share("0.30", "порог «понизили»", "Доля участников, чья отметка ВПР ниже журнальной.")
    high_marks_share = _share("0.60", "высокая доля «4» и «5»", "Доля отметок «4» и «5» в школе.")
    low_primary_ratio = _share(
        "0.50", "низкий средний первичный балл", "Средний первичный балл как доля максимального."
    )
    histogram_min_participants = models.PositiveSmallIntegerField(
        "минимум участников для гистограммы", default=30
    )
    peak_factor = _share("3.00", "кратность пика", "Во сколько раз участников на границе больше, чем рядом.")
    peak_min_count = models.PositiveSmallIntegerField("минимум участников в пике", default=5)
    task_gap = _share(
        "0.10", "разрыв по заданиям", "Насколько «Б»-задания хуже, а «П»-задания лучше муниципалитета."
    )
    mark_gap = _share("0.50", "разрыв средней отметки", "Насколько средняя отметка выше муниципальной.")
    region_mark_gap = _share(
        "0.50",
        "разрыв средней отметки с регионом",
        "Насколько средняя отметка выше средней по региону (форма «Статистика по отметкам»).",
    )
    basic_mastery = _share("0.60", "освоено: базовое задание", "Доля выполнивших задание уровня «Б».")
    higher_mastery = _share("0.30", "освоено: задание повышенного уровня", "Доля выполнивших задание «П».")

    class Meta:
        verbose_name = "пороги анализа объективности"
        verbose_name_plural = "пороги анализа объективности"

    def __str__(self) -> str:
        return f"Пороги: {self.municipality}"


class OfficialFlag(models.Model):
    """A school on the official list «с признаками необъективности» of a year (Rosobrnadzor's list the
    region forwards). The coordinator's upload of a year replaces that year's list of the municipality."""

    municipality = models.ForeignKey("schools.Municipality", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("год")
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="official_flags", verbose_name="школа"
    )
    subjects = models.JSONField(
        "предметы и классы", default=list, blank=True, help_text="Как в списке: «Математика, 5 класс»."
    )
    source = models.CharField("файл", max_length=255, blank=True)
    loaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        verbose_name = "школа в официальном списке"
        verbose_name_plural = "официальный список школ с признаками необъективности"
        ordering = ["-year", "school__short_name"]
        constraints = [models.UniqueConstraint(fields=["year", "school"], name="official_flag_once")]

    def __str__(self) -> str:
        return f"{self.year}: {self.school}"


class VprMarkStatistics(models.Model):
    """Mark distribution of one ВПР for Russia or the region, from the ФИС ОКО «Статистика по отметкам»."""

    class Scope(models.TextChoices):
        RUSSIA = "russia", "Россия"
        REGION = "region", "регион"

    municipality = models.ForeignKey("schools.Municipality", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("год")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет")
    grade = models.PositiveSmallIntegerField("класс")
    scope = models.CharField("уровень", max_length=8, choices=Scope.choices)
    name = models.CharField("как названо в форме", max_length=255)
    participants = models.PositiveIntegerField("участников")
    shares = models.JSONField("доли отметок, %", default=dict, help_text='{"2": 10.5, "3": 40.1, …}')

    class Meta:
        verbose_name = "статистика по отметкам ВПР"
        verbose_name_plural = "статистика по отметкам ВПР (Россия и регион)"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "subject", "grade", "scope"], name="one_mark_statistics"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.subject} {self.grade} кл.: {self.name}"

    @property
    def mean_mark(self) -> float:
        total = sum(float(v) for v in self.shares.values())
        return sum(int(k) * float(v) for k, v in self.shares.items()) / total if total else 0.0
