from django.conf import settings
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


# --- mock exams in ЕГЭ format (seed 000, Приложения №2 и №3) ----------------------------------------


class MockExamSchedule(models.Model):
    """One schedule of mock exams, as approved by a department order (Приложение №2 к приказу)."""

    municipality = models.ForeignKey(
        "schools.Municipality", on_delete=models.PROTECT, related_name="mock_exam_schedules"
    )
    title = models.CharField(
        "наименование",
        max_length=500,
        default="График проведения пробного экзамена в форме ЕГЭ для выпускников, "
        "претендентов на медаль «За особые успехи в учении»",
    )
    order_number = models.CharField("номер приказа", max_length=64, blank=True)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    period_start = models.DateField("начало периода плана", help_text="Учебный год: с 1 сентября.")
    period_end = models.DateField("конец периода плана", help_text="Учебный год: по 31 августа.")
    source_appendix = models.ForeignKey(
        "roadmaps.Appendix",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mock_exam_schedules",
        verbose_name="создан по приложению",
        help_text="Приложение к дорожной карте, из которого график построен: второй раз его не строим.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "график пробных экзаменов"
        verbose_name_plural = "графики пробных экзаменов"
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return f"{self.title[:80]} ({self.period_start.year}-{self.period_end.year})"


class MockExam(models.Model):
    class Round(models.IntegerChoices):
        FIRST = 1, "первый пробный"
        SECOND = 2, "второй пробный"
        THIRD = 3, "третий пробный"

    schedule = models.ForeignKey(MockExamSchedule, on_delete=models.CASCADE, related_name="exams")
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="mock_exams", verbose_name="предмет"
    )
    round = models.PositiveSmallIntegerField("этап", choices=Round.choices, default=Round.FIRST)
    venue = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="hosted_mock_exams",
        verbose_name="место проведения",
    )
    starts_at = models.DateTimeField("дата и время начала")
    duration_minutes = models.PositiveSmallIntegerField(
        "продолжительность, минут", default=235, help_text="ЕГЭ по русскому языку и математике: 3 ч 55 мин."
    )
    pupils = models.ManyToManyField(
        "schools.Pupil", through="MockWork", related_name="mock_exams", verbose_name="участники"
    )
    results_published_at = models.DateTimeField(
        "результаты опубликованы",
        null=True,
        blank=True,
        help_text="До публикации коды работ и проверяющих видят только организаторы.",
    )

    class Meta:
        verbose_name = "пробный экзамен"
        verbose_name_plural = "пробные экзамены"
        ordering = ["starts_at", "subject__order"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "subject", "round"], name="mock_exam_once_per_round")
        ]
        indexes = [models.Index(fields=["venue", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_round_display()})"


class MockWork(models.Model):
    """One pupil's work at a mock exam. Checkers know it by its code only."""

    exam = models.ForeignKey(MockExam, on_delete=models.CASCADE, related_name="works")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="mock_works")
    code = models.CharField("код работы", max_length=16, unique=True)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checked_mock_works",
        verbose_name="проверяющий",
    )
    primary_score = models.PositiveSmallIntegerField("первичный балл", null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField("когда внесён балл", null=True, blank=True)

    class Meta:
        verbose_name = "работа пробного экзамена"
        verbose_name_plural = "работы пробного экзамена"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["exam", "pupil"], name="mock_work_once_per_pupil")]

    def __str__(self) -> str:
        return self.code


class Commission(models.Model):
    """The checking commission of one subject in a schedule (Приложение №3)."""

    schedule = models.ForeignKey(MockExamSchedule, on_delete=models.CASCADE, related_name="commissions")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mock_commissions", verbose_name="члены комиссии"
    )

    class Meta:
        verbose_name = "комиссия по проверке"
        verbose_name_plural = "комиссии по проверке"
        ordering = ["subject__order"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "subject"], name="commission_once_per_subject")
        ]

    def __str__(self) -> str:
        return f"Комиссия: {self.subject}"


class ScoreScale(models.Model):
    """Primary → 100-point conversion of one subject for one exam year, kept as data.

    A scale without a municipality is shared by all of them and changed by operators only; a municipality
    that needs its own gets its own copy, which it alone reads and changes (assessments.scales).
    """

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="scales", verbose_name="предмет"
    )
    year = models.PositiveSmallIntegerField("год экзамена", help_text="Календарный год ЕГЭ, например 2024.")
    municipality = models.ForeignKey(
        "schools.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="муниципалитет",
        help_text="Пусто — общая шкала всех муниципалитетов.",
    )
    points = models.JSONField(
        "тестовые баллы",
        default=list,
        help_text="Тестовый балл для каждого первичного балла, начиная с 0.",
    )

    class Meta:
        verbose_name = "шкала перевода баллов"
        verbose_name_plural = "шкалы перевода баллов"
        ordering = ["subject__order", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "year"],
                condition=models.Q(municipality__isnull=True),
                name="one_shared_scale_per_subject_year",
            ),
            models.UniqueConstraint(
                fields=["subject", "year", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="one_own_scale_per_subject_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}, {self.year}" + (f" ({self.municipality})" if self.municipality_id else "")

    @property
    def is_shared(self) -> bool:
        return self.municipality_id is None

    @property
    def max_primary(self) -> int:
        return len(self.points) - 1


# --- results: ВПР (ФИС ОКО) and ЕГЭ -----------------------------------------------------------------


class ResultUpload(models.Model):
    """One uploaded results file: checked first (preview), then loaded, or refused with its errors."""

    class Kind(models.TextChoices):
        VPR = "vpr", "ВПР"
        EGE = "ege", "ЕГЭ"

    class Status(models.TextChoices):
        PREVIEW = "preview", "проверен, ждёт загрузки"
        IMPORTED = "imported", "загружен"
        FAILED = "failed", "отклонён: ошибки"

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

    class Meta:
        verbose_name = "загрузка результатов"
        verbose_name_plural = "загрузки результатов"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


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


# --- objectivity thresholds ---------------------------------------------------------------------------


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
    basic_mastery = _share("0.60", "освоено: базовое задание", "Доля выполнивших задание уровня «Б».")
    higher_mastery = _share("0.30", "освоено: задание повышенного уровня", "Доля выполнивших задание «П».")

    class Meta:
        verbose_name = "пороги анализа объективности"
        verbose_name_plural = "пороги анализа объективности"

    def __str__(self) -> str:
        return f"Пороги: {self.municipality}"


# --- public observers -----------------------------------------------------------------------------


class Observer(models.Model):
    municipality = models.ForeignKey(
        "schools.Municipality", on_delete=models.PROTECT, related_name="observers"
    )
    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    organisation = models.CharField(
        "кого представляет", max_length=255, blank=True, help_text="Например: родительская общественность."
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employed_observers",
        verbose_name="работает в школе",
        help_text="В этой школе наблюдателем быть нельзя.",
    )
    phone = models.CharField("телефон", max_length=32, blank=True)

    class Meta:
        verbose_name = "общественный наблюдатель"
        verbose_name_plural = "общественные наблюдатели"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def short_name(self) -> str:
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()


class Procedure(models.Model):
    """An assessment day in the schools: ВПР, ОГЭ, ЕГЭ, a mock exam…, with the schools that hold it."""

    class Kind(models.TextChoices):
        VPR = "vpr", "ВПР"
        OGE = "oge", "ОГЭ"
        EGE = "ege", "ЕГЭ"
        MOCK = "mock", "пробный экзамен"
        NIKO = "niko", "НИКО"
        OTHER = "other", "другая процедура"

    municipality = models.ForeignKey(
        "schools.Municipality", on_delete=models.PROTECT, related_name="procedures"
    )
    kind = models.CharField("вид", max_length=8, choices=Kind.choices, default=Kind.VPR)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="предмет"
    )
    grade = models.PositiveSmallIntegerField("класс", null=True, blank=True)
    held_on = models.DateField("дата проведения")
    schools = models.ManyToManyField("schools.School", related_name="procedures", verbose_name="школы")
    window_start = models.DateField(
        "федеральный период: с",
        null=True,
        blank=True,
        help_text="ВПР с 2025 года: школа выбирает дату внутри периода. Пусто — одна дата для всех.",
    )
    window_end = models.DateField("федеральный период: по", null=True, blank=True)
    federal_sample = models.ManyToManyField(
        "schools.School",
        related_name="+",
        blank=True,
        verbose_name="федеральная выборка «с контролем объективности»",
        help_text="Школы, где ВПР пишут под наблюдением федеральных наблюдателей.",
    )

    class Meta:
        verbose_name = "оценочная процедура"
        verbose_name_plural = "оценочные процедуры"
        ordering = ["-held_on", "kind"]

    def __str__(self) -> str:
        parts = [self.get_kind_display()]
        if self.subject_id:
            parts.append(str(self.subject))
        if self.grade:
            parts.append(f"{self.grade} класс")
        return " ".join(parts)

    @property
    def has_window(self) -> bool:
        return self.window_start is not None and self.window_end is not None


class ObserverAssignment(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="assignments")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="observer_assignments"
    )
    observer = models.ForeignKey(Observer, on_delete=models.PROTECT, related_name="assignments")
    held_on = models.DateField(
        "дата в школе", null=True, blank=True, help_text="Дата, выбранная школой; пусто — дата процедуры."
    )
    violations = models.BooleanField(
        "нарушения выявлены", null=True, blank=True, help_text="Пусто — отчёт ещё не представлен."
    )
    report_text = models.TextField("отчёт наблюдателя", blank=True)
    reported_at = models.DateTimeField("отчёт внесён", null=True, blank=True)

    class Meta:
        verbose_name = "назначение наблюдателя"
        verbose_name_plural = "назначения наблюдателей"
        ordering = ["procedure", "school__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "school", "observer"], name="observer_once_per_school"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observer} — {self.school}"

    @property
    def day(self):
        return self.held_on or self.procedure.held_on


class ObserverConflict(models.Model):
    """A school where the observer has a conflict of interest: they are never booked there."""

    class Reason(models.TextChoices):
        CHILD = "child", "учится ребёнок наблюдателя"
        RELATIVE = "relative", "работает родственник наблюдателя"

    observer = models.ForeignKey(Observer, on_delete=models.CASCADE, related_name="conflicts")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("конфликт интересов", max_length=16, choices=Reason.choices)

    class Meta:
        verbose_name = "конфликт интересов наблюдателя"
        verbose_name_plural = "конфликты интересов наблюдателей"
        constraints = [
            models.UniqueConstraint(fields=["observer", "school", "reason"], name="observer_conflict_once")
        ]

    def __str__(self) -> str:
        return f"{self.observer}: {self.school} ({self.get_reason_display()})"


class SchoolProcedureDay(models.Model):
    """A date a school chose for a procedure inside its federal window (ВПР since 2025)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="school_days")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="procedure_days")
    held_on = models.DateField("дата в школе")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "дата процедуры в школе"
        verbose_name_plural = "даты процедур в школах"
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "school", "held_on"], name="school_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.procedure} · {self.school} · {self.held_on:%d.%m.%Y}"


class ObserverAct(models.Model):
    """The observer's structured act for one booking: the stages observed, a checklist of violations,
    remarks. Any violation marked flags the school (``ObserverAssignment.violations``)."""

    assignment = models.OneToOneField(ObserverAssignment, on_delete=models.CASCADE, related_name="act")
    stages = models.JSONField("этапы, при которых присутствовал наблюдатель", default=list, blank=True)
    violations = models.JSONField("отмеченные нарушения", default=list, blank=True)
    remarks = models.TextField("замечания и предложения", blank=True, max_length=4000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("заполнен", auto_now=True)

    class Meta:
        verbose_name = "акт наблюдателя"
        verbose_name_plural = "акты наблюдателей"

    def __str__(self) -> str:
        return f"Акт: {self.assignment}"


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
