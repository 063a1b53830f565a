from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from schools.models import Municipality, School


class Roadmap(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        APPROVED = "approved", "утверждена"
        ARCHIVED = "archived", "в архиве"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="roadmaps")
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_roadmaps",
        verbose_name="школа",
        help_text="Заполняется, если это план одной школы, а не муниципальная дорожная карта.",
    )
    title = models.TextField("наименование")
    period_start = models.DateField("начало периода")
    period_end = models.DateField("конец периода")
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.CharField("кем утверждена", max_length=255, blank=True)
    order_number = models.CharField("номер приказа", max_length=64, blank=True)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    approved_at = models.DateTimeField("когда отмечено утверждение", null=True, blank=True)
    archived_at = models.DateTimeField("когда перенесена в архив", null=True, blank=True)
    source_name = models.CharField("исходный файл", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title[:120]


class Section(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField("номер", max_length=16, blank=True)
    title = models.TextField("наименование раздела", blank=True)
    order = models.PositiveIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "раздел"
        verbose_name_plural = "разделы"
        ordering = ["roadmap", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() or "Без раздела"


class DeadlineKind(models.TextChoices):
    DATE = "date", "к дате"
    RANGE = "range", "период"
    RECURRING = "recurring", "регулярно"
    CONTINUOUS = "continuous", "постоянно"
    EVENT = "event", "по событию"
    UNKNOWN = "unknown", "не распознан"


class MeasureScope(models.TextChoices):
    ALL = "all", "Все школы"
    SELECTED = "selected", "Выбранные школы"


class TargetKind(models.TextChoices):
    METHODICAL_VISIT = "methodical_visit", "методический выезд"
    LESSON_OBSERVATION = "lesson_observation", "посещение уроков"
    TEACHER_TRAINING = "teacher_training", "КПК для названных учителей"
    PERSONAL_CONTROL = "personal_control", "персональный контроль"
    OTHER = "other", "другая адресная мера"


class Measure(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="measures")
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name="раздел",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="входит в пункт",
    )
    number = models.CharField("№", max_length=16, blank=True, help_text="Как в документе: «7.1», «10».")
    order = models.PositiveIntegerField("порядок", default=0)
    title = models.TextField("мероприятие")
    form = models.TextField("форма проведения, категория охвата", blank=True)
    deadline_text = models.CharField("сроки (как в документе)", max_length=255, blank=True)
    deadline_kind = models.CharField(
        "вид срока", max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.UNKNOWN
    )
    deadline_start = models.DateField("начало срока", null=True, blank=True)
    deadline_end = models.DateField("окончание срока", null=True, blank=True)
    deadline_months = models.JSONField("месяцы", default=list, blank=True)
    extra_dates = models.JSONField(
        "дополнительные сроки",
        default=list,
        blank=True,
        help_text="Даты из дальнейших столбцов плана (резервные сроки): "
        "[{«label»: заголовок столбца, «text»: срок как в документе}].",
    )
    responsible_text = models.TextField("ответственные (как в документе)", blank=True)
    responsible_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_for",
        verbose_name="ответственные лица",
    )
    expected_result = models.TextField("планируемый результат", blank=True)
    per_school = models.BooleanField(
        "исполняется каждой школой",
        default=True,
        help_text="Среди исполнителей есть руководители ОО: у каждой школы своя строка исполнения.",
    )
    # «Адресные меры»: a measure aimed at chosen schools (those with signs of non-objective results) has
    # progress rows for those schools only; see roadmaps/targeted.py.
    scope = models.CharField(
        "для каких школ", max_length=16, choices=MeasureScope.choices, default=MeasureScope.ALL
    )
    target_schools = models.ManyToManyField(
        School, blank=True, related_name="targeted_measures", verbose_name="выбранные школы"
    )
    target_kind = models.CharField("вид адресной меры", max_length=32, choices=TargetKind.choices, blank=True)
    target_teachers = models.TextField(
        "учителя", blank=True, help_text="Для КПК и посещения уроков: ФИО учителей, по одному на строку."
    )
    basis_year = models.PositiveSmallIntegerField(
        "по итогам ВПР года",
        null=True,
        blank=True,
        help_text="Год, признаки которого устраняет мера; по ВПР следующего года видно, сохранились ли они. "
        "Пусто — год начала плана.",
    )

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["roadmap", "order", "pk"]
        indexes = [models.Index(fields=["roadmap", "deadline_end"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}" if self.number else self.title[:80]

    @property
    def is_targeted(self) -> bool:
        return self.scope == MeasureScope.SELECTED


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "не начато"
    IN_PROGRESS = "in_progress", "в работе"
    DONE = "done", "выполнено"
    NOT_REQUIRED = "not_required", "не требуется"


OPEN_STATUSES = (ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS)


class Progress(models.Model):
    """The execution of one measure by one school (or by the department itself when school is empty).

    «Просрочено» is not a status: it is derived from the deadline (see roadmaps.progress).
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="progress", verbose_name="школа"
    )
    status = models.CharField(
        "статус", max_length=16, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    comment = models.TextField("комментарий", blank=True)
    version = models.PositiveIntegerField(
        default=0, help_text="Растёт с каждым сохранением: защита от затирания."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    done_on = models.DateField(
        "когда выполнено",
        null=True,
        blank=True,
        help_text="День, когда строку отметили «выполнено»: по нему видно выполнение с опозданием.",
    )

    class Meta:
        verbose_name = "исполнение мероприятия"
        verbose_name_plural = "исполнение мероприятий"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "school"],
                condition=Q(school__isnull=False),
                name="progress_one_per_school",
            ),
            models.UniqueConstraint(
                fields=["measure"], condition=Q(school__isnull=True), name="progress_one_for_department"
            ),
        ]
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.measure} — {self.school or 'УО'}"


class ProgressChange(models.Model):
    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    old_status = models.CharField(max_length=16, choices=ProgressStatus.choices, blank=True)
    new_status = models.CharField(max_length=16, choices=ProgressStatus.choices)
    old_comment = models.TextField(blank=True)
    new_comment = models.TextField(blank=True)

    class Meta:
        verbose_name = "изменение исполнения"
        verbose_name_plural = "история исполнения"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name is random so that nobody can guess another school's file path.
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{instance.progress.measure.roadmap_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField("имя файла", max_length=255)
    size = models.PositiveBigIntegerField("размер")
    content_type = models.CharField(max_length=128)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "подтверждающий документ"
        verbose_name_plural = "подтверждающие документы"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Appendix(models.Model):
    """A table appended to the plan as it was read («Приложение №2»: a mock-exam schedule, a commission)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="appendices")
    title = models.TextField("заголовок")
    rows = models.JSONField("строки", default=list)
    order = models.PositiveIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "приложение"
        verbose_name_plural = "приложения"
        ordering = ["roadmap", "order", "pk"]

    def __str__(self) -> str:
        return self.title[:80]
