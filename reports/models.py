from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from roadmaps.models import Measure, Roadmap
from schools.models import Municipality, School


def report_upload_to(instance: ReportJob, filename: str) -> str:
    # A random stored name: nobody can guess another person's report path.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reports/{instance.created_at:%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class ReportJob(models.Model):
    """One request to build a document, run by a Celery worker (or inline in the embedded mode)."""

    class Kind(models.TextChoices):
        PROTOCOL_PDF = "protocol-pdf", "Протокол совещания (PDF)"
        PROTOCOL_DOCX = "protocol-docx", "Протокол совещания (Word)"
        ROADMAP_PDF = "roadmap-pdf", "Дорожная карта — приложение к приказу (PDF)"
        ROADMAP_DOCX = "roadmap-docx", "Дорожная карта — приложение к приказу (Word)"
        PROGRESS_XLSX = "progress-xlsx", "Матрица исполнения: мероприятия × школы (Excel)"
        MOCK_EXAMS_PDF = "mock-exams-pdf", "График пробных экзаменов и состав комиссии (PDF)"
        MOCK_EXAMS_DOCX = "mock-exams-docx", "График пробных экзаменов и состав комиссии (Word)"
        CANDIDATES_XLSX = "candidates-xlsx", "Реестр претендентов на медаль (Excel)"
        OBJECTIVITY_XLSX = "objectivity-xlsx", "Объективность ВПР по школам, предметам и классам (Excel)"
        # A list's own Excel file, too long to build in a request (reports.list_exports).
        LIST_XLSX = "list-xlsx", "Выгрузка списка в Excel"
        # Not a document: work too long for a web request, done by the same workers with live progress.
        MEETING_PREPARE = "meeting-prepare", "Подготовка совещания: таблица школ"

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "строится"
        DONE = "done", "готов"
        FAILED = "failed", "ошибка"
        STALE = "stale", "прервано"

    kind = models.CharField("вид отчёта", max_length=32, choices=Kind.choices)
    params = models.JSONField("параметры", default=dict, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name="заказчик",
    )
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    file = models.FileField("файл", upload_to=report_upload_to, max_length=255, blank=True)
    filename = models.CharField("имя файла для скачивания", max_length=255, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    error = models.TextField("ошибка", blank=True)
    pupils = models.PositiveIntegerField(
        "обучающихся в файле", default=0, help_text="Сколько обучающихся названо в файле (журнал выгрузок)."
    )
    attempts = models.PositiveSmallIntegerField("запусков", default=0)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    started_at = models.DateTimeField("начат", null=True, blank=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        "последний признак жизни",
        default=timezone.now,
        help_text="Обновляется при постановке в очередь, запуске и каждом шаге построения.",
    )

    class Meta:
        verbose_name = "отчёт"
        verbose_name_plural = "отчёты"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["status", "heartbeat_at"], name="reportjob_status_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} №{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def result_url(self) -> str:
        """Where the result of a job without a file is seen (the prepared meeting)."""
        if self.kind == self.Kind.MEETING_PREPARE and self.params.get("meeting"):
            return reverse("reports:meeting_detail", args=[self.params["meeting"]])
        return ""


class Meeting(models.Model):
    """The meeting of the department with school heads (seed 000, item 10: 15 March)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="meetings")
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.PROTECT, related_name="meetings", verbose_name="дорожная карта"
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="мероприятие плана, которое исполняет совещание",
    )
    title = models.TextField(
        "заголовок",
        default="совещания руководителей общеобразовательных организаций",
        help_text="Продолжает слово «ПРОТОКОЛ»: «…совещания руководителей ОО».",
    )
    number = models.CharField("номер протокола", max_length=32)
    date = models.DateField("дата")
    place = models.CharField("место составления", max_length=255)
    year = models.PositiveSmallIntegerField(
        "год выпуска", help_text="Год, в котором выпускники получают аттестаты и медали."
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="председатель",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="секретарь",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended", verbose_name="присутствовали"
    )
    invited = models.TextField(
        "приглашённые",
        blank=True,
        help_text="Кто ещё присутствовал: по одному на строку, «Фамилия И.О. — должность».",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "совещание"
        verbose_name_plural = "совещания"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Протокол от {self.date:%d.%m.%Y} № {self.number}"


class MeetingAgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("порядок")
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="пункт дорожной карты",
    )
    title = models.TextField("вопрос повестки")
    speaker = models.CharField(
        "докладчик",
        max_length=255,
        blank=True,
        help_text="«Фамилия И.О., должность» или должность, как в плане: человек из списка сотрудников "
        "с этой должностью будет назван в протоколе.",
    )
    heard = models.TextField("слушали", blank=True, help_text="Краткое содержание доклада.")
    spoke = models.TextField("выступили", blank=True, help_text="По одному выступлению на строку.")
    decided = models.TextField("решили", blank=True, help_text="По одному решению на строку: они нумеруются.")
    shows_school_table = models.BooleanField(
        "к вопросу прилагается таблица по школам",
        default=False,
        help_text="Вопрос о корректировке доли претендентов на медаль по каждой ОО.",
    )

    class Meta:
        verbose_name = "вопрос повестки"
        verbose_name_plural = "повестка дня"
        ordering = ["meeting", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title[:80]}"


class MeetingSchoolRow(models.Model):
    """One school's medal-candidate figures as the meeting saw them, and the share it decided."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="school_rows")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name="школа")
    graduates = models.PositiveIntegerField("выпускников 11 классов", null=True, blank=True)
    candidates = models.PositiveIntegerField("претендентов на медаль", null=True, blank=True)
    share = models.DecimalField("доля претендентов, %", max_digits=5, decimal_places=1, null=True, blank=True)
    candidates_at_risk = models.PositiveIntegerField("претендентов в группе риска", null=True, blank=True)
    corrected_share = models.DecimalField(
        "скорректированная доля, %",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Решение совещания.",
    )
    note = models.CharField("примечание", max_length=255, blank=True)

    class Meta:
        verbose_name = "показатели школы на совещании"
        verbose_name_plural = "показатели школ на совещании"
        ordering = ["meeting", "school__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "school"], name="meeting_school_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.school} — {self.meeting}"


class DigestPreference(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", "каждый день"
        WEEKLY = "weekly", "раз в неделю"
        OFF = "off", "не присылать"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "понедельник"
        TUESDAY = 1, "вторник"
        WEDNESDAY = 2, "среда"
        THURSDAY = 3, "четверг"
        FRIDAY = 4, "пятница"
        SATURDAY = 5, "суббота"
        SUNDAY = 6, "воскресенье"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(
        "рассылка о сроках", max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    weekday = models.PositiveSmallIntegerField(
        "день недели для еженедельной рассылки", choices=Weekday.choices, default=Weekday.MONDAY
    )

    class Meta:
        verbose_name = "настройка рассылки"
        verbose_name_plural = "настройки рассылки"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"


class DigestDelivery(models.Model):
    """The claim on one person's digest for one local date: the row that makes a second send impossible.

    A run creates the row as «pending», claims it with a conditional UPDATE that must change exactly one
    row, sends, and records «sent». A claim that never reached «sent» (the worker died) may be taken
    again after a while, so nobody's digest is lost either.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "ожидает"
        CLAIMED = "claimed", "отправляется"
        SENT = "sent", "отправлен"
        EMPTY = "empty", "нечего сообщать"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    local_date = models.DateField("дата по местному времени")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    item_count = models.PositiveIntegerField("строк в письме", default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "рассылка о сроках"
        verbose_name_plural = "рассылки о сроках"
        ordering = ["-local_date", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="digest_one_per_user_and_date")
        ]
        indexes = [models.Index(fields=["local_date", "status"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.local_date:%d.%m.%Y}: {self.get_status_display()}"
