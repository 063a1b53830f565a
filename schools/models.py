from zoneinfo import available_timezones

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models


def validate_timezone(value: str) -> None:
    # Validated, not offered as choices: the zone list changes with tzdata and would churn migrations.
    if value not in available_timezones():
        raise ValidationError(f"Неизвестный часовой пояс «{value}». Пример: Europe/Moscow, Asia/Tomsk.")


class Municipality(models.Model):
    name = models.CharField("наименование", max_length=255, unique=True)
    department_name = models.CharField(
        "орган управления образованием",
        max_length=255,
        help_text="Как в шапке документов, например: МКУ «Кумторкалинское УО»",
    )
    timezone = models.CharField(
        "часовой пояс",
        max_length=64,
        default="Europe/Moscow",
        validators=[validate_timezone],
        help_text="Например: Europe/Moscow (Дагестан, UTC+3), Asia/Tomsk (UTC+7).",
    )

    class DoneProof(models.TextChoices):
        FILE_OR_COMMENT = "file_or_comment", "файл или комментарий, где лежит подтверждение"
        FILE = "file", "только прикреплённый файл"

    done_proof = models.CharField(
        "подтверждение статуса «выполнено»",
        max_length=16,
        choices=DoneProof.choices,
        default=DoneProof.FILE_OR_COMMENT,
        help_text="Без чего строку исполнения нельзя отметить «выполнено».",
    )
    pupil_data_keep_years = models.PositiveSmallIntegerField(
        "срок хранения ФИО выпускников, лет после выпуска",
        default=1,
        validators=[MaxValueValidator(10)],
        help_text="ФИО и даты рождения выпуска года N обезличиваются после 31 августа года N + срок: "
        "1 — до конца следующего учебного года, 0 — до конца учебного года выпуска.",
    )

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Kind(models.TextChoices):
        SOSH = "sosh", "СОШ"
        OOSH = "oosh", "ООШ"
        LYCEUM = "lyceum", "лицей"
        GYMNASIUM = "gymnasium", "гимназия"
        OTHER = "other", "другое"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="schools")
    code = models.CharField("код", max_length=32, unique=True)
    short_name = models.CharField("краткое наименование", max_length=255)
    full_name = models.CharField("полное наименование", max_length=500)
    kind = models.CharField("тип", max_length=16, choices=Kind.choices, default=Kind.SOSH)
    fis_oko_login = models.CharField("логин в ФИС ОКО", max_length=32, blank=True)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "школа"
        verbose_name_plural = "школы"
        ordering = ["short_name"]
        indexes = [models.Index(fields=["municipality", "is_active"])]

    def __str__(self) -> str:
        return self.short_name


class User(AbstractUser):
    class Role(models.TextChoices):
        DEPARTMENT_HEAD = "department_head", "Начальник УО"
        METHODIST = "methodist", "Методист УО"
        SCHOOL_HEAD = "school_head", "Руководитель ОО"
        COMMISSION_MEMBER = "commission_member", "Член комиссии"
        COORDINATOR = "coordinator", "Муниципальный координатор ВПР"
        # One installation for a region: reads every municipality, changes nothing.
        REGIONAL_ANALYST = "regional_analyst", "Региональный аналитик"
        # A public observer with a login: their own bookings and the acts they write.
        OBSERVER = "observer", "Общественный наблюдатель"

    role = models.CharField("роль", max_length=32, choices=Role.choices, default=Role.METHODIST)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    position = models.CharField("должность", max_length=255, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="школа",
        help_text="Для руководителя ОО и члена комиссии: школа, где работает.",
    )
    curated_schools = models.ManyToManyField(
        School, blank=True, related_name="curators", verbose_name="курируемые школы"
    )

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.short_name or self.username

    @property
    def short_name(self) -> str:
        """«Абулашова А.О.»: the way names stand in Russian official documents."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def is_department_head(self) -> bool:
        return self.role == self.Role.DEPARTMENT_HEAD

    @property
    def is_methodist(self) -> bool:
        return self.role == self.Role.METHODIST

    @property
    def is_school_head(self) -> bool:
        return self.role == self.Role.SCHOOL_HEAD

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_commission_member(self) -> bool:
        return self.role == self.Role.COMMISSION_MEMBER

    @property
    def is_regional_analyst(self) -> bool:
        return self.role == self.Role.REGIONAL_ANALYST

    @property
    def is_observer(self) -> bool:
        return self.role == self.Role.OBSERVER

    @property
    def orders_reports(self) -> bool:
        """Opens «Отчёты», where ordered files wait (schools.access.NAVIGATION; a test keeps the two equal):
        a long list's Excel file is built there in the background (common.lists)."""
        return self.is_superuser or self.role in (
            self.Role.DEPARTMENT_HEAD,
            self.Role.METHODIST,
            self.Role.COORDINATOR,
            self.Role.REGIONAL_ANALYST,
        )


class Pupil(models.Model):
    """A pupil, known to several apps: medal candidates, mock-exam works and exam results all point here."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils", verbose_name="школа")
    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    grade = models.PositiveSmallIntegerField("класс (параллель)", null=True, blank=True)
    letter = models.CharField("литера класса", max_length=8, blank=True)
    depersonalised_at = models.DateTimeField(
        "обезличен",
        null=True,
        blank=True,
        help_text="Срок хранения персональных данных истёк: ФИО заменены, дата рождения удалена.",
    )

    class Meta:
        verbose_name = "обучающийся"
        verbose_name_plural = "обучающиеся"
        ordering = ["last_name", "first_name", "middle_name"]
        indexes = [models.Index(fields=["school", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def class_name(self) -> str:
        return f"{self.grade}{self.letter}" if self.grade else self.letter


class CalendarToken(models.Model):
    """The private address of a person's calendar of deadlines: whoever knows the token reads the feed.

    One per person; re-issuing replaces the token (the old address stops working), revoking deletes it.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "адрес календаря"
        verbose_name_plural = "адреса календарей"

    def __str__(self) -> str:
        return f"календарь {self.user}"
