"""Results: ВПР (ФИС ОКО) and ЕГЭ, with the uploads they came from."""

from django.conf import settings
from django.db import models

from .subjects import Subject


class ResultUpload(models.Model):
    """One uploaded results file: checked first (preview), then loaded, or refused with its errors."""

    class Kind(models.TextChoices):
        VPR = "vpr", "ВПР"
        EGE = "ege", "ЕГЭ"
        OGE = "oge", "ОГЭ"

    class Status(models.TextChoices):
        PREVIEW = "preview", "проверен, ждёт загрузки"
        IMPORTED = "imported", "загружен"
        FAILED = "failed", "отклонён: ошибки"
        # A file too large for a request is checked, then loaded, by the workers (assessments.background).
        CHECKING = "checking", "проверяется"
        SAVING = "saving", "загружается"

    municipality = models.ForeignKey("schools.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("вид", max_length=8, choices=Kind.choices)
    file = models.FileField("файл", upload_to="assessments/uploads/%Y/%m/")
    original_name = models.CharField("имя файла", max_length=255)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.PREVIEW)
    summary = models.JSONField("итог", default=dict, blank=True)
    errors = models.JSONField("ошибки", default=list, blank=True)
    options = models.JSONField(
        "указано при загрузке",
        default=dict,
        blank=True,
        help_text="Предмет, класс, год и шкала ВПР для «Протоколов» школ, где файл их не называет.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)
    imported_at = models.DateTimeField("данные загружены", null=True, blank=True)
    busy_since = models.DateTimeField(
        "в работе с", null=True, blank=True, help_text="Когда файл отдан на проверку или загрузку в фоне."
    )

    class Meta:
        verbose_name = "загрузка результатов"
        verbose_name_plural = "загрузки результатов"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.SAVING)


class VprTest(models.Model):
    """One ВПР work of a year: subject and grade, with its tasks (number, maximum, level Б/П)."""

    municipality = models.ForeignKey(
        "schools.Municipality", on_delete=models.PROTECT, related_name="vpr_tests"
    )
    year = models.PositiveSmallIntegerField("год")
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="vpr_tests", verbose_name="предмет"
    )
    grade = models.PositiveSmallIntegerField("класс")
    title = models.CharField("наименование", max_length=255)
    held_on = models.DateField("дата проведения", null=True, blank=True)
    max_score = models.PositiveSmallIntegerField("максимальный первичный балл")
    tasks = models.JSONField(
        "задания", default=list, help_text='Список {"number": "9.1", "max": 1, "level": "Б"}.'
    )

    class Meta:
        verbose_name = "ВПР"
        verbose_name_plural = "ВПР"
        ordering = ["-year", "subject__order", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "subject", "grade"], name="one_vpr_test")
        ]

    def __str__(self) -> str:
        return self.title


class VprGradingScale(models.Model):
    """How a ВПР primary score becomes a mark: the least primary score for «3», «4» and «5».

    The schools' «Протокол» forms carry scores only; the scale of a subject, grade and year is entered once
    by the coordinator and reused for every school's form. It is not the ЕГЭ ScoreScale (primary → 100).
    """

    municipality = models.ForeignKey(
        "schools.Municipality", on_delete=models.PROTECT, related_name="vpr_grading_scales"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет")
    grade = models.PositiveSmallIntegerField("класс")
    year = models.PositiveSmallIntegerField("год")
    min_3 = models.PositiveSmallIntegerField("от какого балла «3»")
    min_4 = models.PositiveSmallIntegerField("от какого балла «4»")
    min_5 = models.PositiveSmallIntegerField("от какого балла «5»")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "шкала отметок ВПР"
        verbose_name_plural = "шкалы отметок ВПР"
        ordering = ["-year", "subject__order", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "subject", "grade", "year"], name="one_vpr_grading_scale"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject}, {self.grade} класс, {self.year}: {self.min_3}/{self.min_4}/{self.min_5}"

    @property
    def mins(self) -> tuple[int, int, int]:
        return (self.min_3, self.min_4, self.min_5)


class VprResult(models.Model):
    """One anonymous participant of a ВПР: ФИС ОКО knows them by a code within the school."""

    test = models.ForeignKey(VprTest, on_delete=models.CASCADE, related_name="results")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="vpr_results")
    upload = models.ForeignKey(
        ResultUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participant_code = models.CharField("код участника", max_length=32)
    class_name = models.CharField("класс", max_length=8, blank=True)
    variant = models.CharField("вариант", max_length=16, blank=True)
    task_scores = models.JSONField(
        "баллы за задания", default=list, help_text="null — задание не выполнялось (X)."
    )
    primary_score = models.PositiveSmallIntegerField("первичный балл")
    mark = models.PositiveSmallIntegerField("отметка")
    journal_mark = models.PositiveSmallIntegerField("отметка по журналу", null=True, blank=True)

    class Meta:
        verbose_name = "результат ВПР"
        verbose_name_plural = "результаты ВПР"
        ordering = ["school__short_name", "participant_code"]
        constraints = [
            models.UniqueConstraint(fields=["test", "school", "participant_code"], name="one_vpr_result")
        ]
        indexes = [models.Index(fields=["school", "test"])]

    def __str__(self) -> str:
        return f"{self.participant_code}: {self.mark}"


class EgeResult(models.Model):
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="ege_results")
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="ege_results", verbose_name="предмет"
    )
    year = models.PositiveSmallIntegerField("год")
    exam_date = models.DateField("дата экзамена")
    primary_score = models.PositiveSmallIntegerField("первичный балл", null=True, blank=True)
    score_100 = models.PositiveSmallIntegerField("тестовый балл")
    participant_code = models.CharField(
        "код участника ГИА", max_length=32, blank=True, help_text="По нему узнаём ученика в следующих файлах."
    )
    upload = models.ForeignKey(
        ResultUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "результат ЕГЭ"
        verbose_name_plural = "результаты ЕГЭ"
        ordering = ["-year", "pupil__last_name"]
        constraints = [models.UniqueConstraint(fields=["pupil", "subject", "year"], name="one_ege_result")]
        indexes = [models.Index(fields=["participant_code"])]

    def __str__(self) -> str:
        return f"{self.pupil}: {self.subject} {self.score_100}"
