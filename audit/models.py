from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools.models import Municipality


class PersonalDataExport(models.Model):
    """One export or download that carried pupils' names (152-ФЗ): who, when, what, how many pupils.

    Rows are only ever added: nobody edits or deletes them from the application.
    """

    class Kind(models.TextChoices):
        LIST = "list", "список в Excel"
        CARD = "card", "карточка претендента"
        FILE = "file", "загруженный файл (реестр, журнал)"
        REPORT = "report", "файл отчёта"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="муниципалитет",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто",
    )
    user_name = models.CharField("кто (как записано)", max_length=255)
    at = models.DateTimeField("когда", default=timezone.now)
    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    what = models.CharField("что", max_length=255)
    path = models.CharField("адрес", max_length=1000, blank=True)
    pupils = models.PositiveIntegerField("обучающихся")

    class Meta:
        verbose_name = "выгрузка персональных данных"
        verbose_name_plural = "журнал выгрузок персональных данных"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["municipality", "-at"], name="pd_export_municipality_at")]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.user_name}: {self.what} ({self.pupils})"
