"""A list of the ВПР dates schools chose, uploaded by the coordinator: checked first (preview), saved on
confirmation (``assessments.vpr_dates_import``)."""

from django.conf import settings
from django.db import models


class VprDatesUpload(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", "проверен, ждёт подтверждения"
        SAVED = "saved", "сохранён"
        REJECTED = "rejected", "есть ошибки, ничего не сохранено"

    municipality = models.ForeignKey("schools.Municipality", on_delete=models.PROTECT, related_name="+")
    file = models.FileField("файл", upload_to="assessments/vpr-dates/%Y/%m/", max_length=255)
    original_name = models.CharField("имя файла", max_length=255)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.PREVIEW)
    rows = models.PositiveIntegerField("строк", default=0)
    added = models.PositiveIntegerField("новых дат", default=0)
    errors = models.JSONField("ошибки", default=list, blank=True)
    report = models.JSONField("итог проверки", default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)
    saved_at = models.DateTimeField("сохранён", null=True, blank=True)

    class Meta:
        verbose_name = "загрузка дат ВПР"
        verbose_name_plural = "загрузки дат ВПР"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Даты ВПР: {self.original_name}"
