from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from common.forms import DATE_WIDGET, DATETIME_WIDGET, CrispyMixin, PeriodCheckMixin, TickedIdsField
from common.imports import SPREADSHEET_SUFFIXES
from roadmaps.models import Appendix
from schools.access import people_to_choose, schools_to_choose
from schools.models import Municipality, Pupil, User

from .appendix_import import commission_appendix_for
from .appendix_reading import APPENDIX_NUMBER_RE, appendix_label
from .mock_exams import clash_message, exam_clashes
from .models import (
    Commission,
    MockExam,
    MockExamSchedule,
    ObjectivityThresholds,
    ScoreScale,
    Subject,
)
from .scales import parse_points
from .vpr_scales import parse_scale


class PupilChoiceField(TickedIdsField):
    def label_from_instance(self, pupil: Pupil) -> str:
        mark = " · претендент на медаль" if getattr(pupil, "n_candidacies", 0) else ""
        return f"{pupil.full_name}, {pupil.class_name} — {pupil.school.short_name}{mark}"


def exam_pupils(schedule: MockExamSchedule) -> QuerySet[Pupil]:
    """Who may sit a mock exam: graduates (grade 11) and the year's medal candidates, candidates first.

    The candidates come from the medals app through its reverse relation, by name: assessments does
    not import medals (medals depends on assessments).
    """
    candidacy = Q(
        medal_candidacies__graduation_year=schedule.period_end.year, medal_candidacies__is_active=True
    )
    return (
        Pupil.objects.filter(school__municipality=schedule.municipality)
        .annotate(n_candidacies=Count("medal_candidacies", filter=candidacy))
        .filter(Q(grade=11) | Q(n_candidacies__gt=0))
        .select_related("school")
        .order_by("-n_candidacies", "school__short_name", "last_name", "first_name")
    )


class MemberChoiceField(TickedIdsField):
    def label_from_instance(self, user: User) -> str:
        return f"{user.short_name} — {user.school.short_name if user.school else 'без школы'}"


class ScheduleForm(PeriodCheckMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = MockExamSchedule
        fields = ["title", "order_number", "order_date", "period_start", "period_end"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "order_date": DATE_WIDGET,
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


# The longest ЕГЭ lasts under four hours; a day is the outer bound, beyond it a number is a slip of the key.
LONGEST_EXAM_MINUTES = 24 * 60


class MockExamForm(CrispyMixin, forms.ModelForm):
    pupils = PupilChoiceField(
        Pupil,
        label="Участники",
        help_text="Сначала претенденты на медаль этого года выпуска, затем остальные выпускники "
        "11 классов. Каждому участнику присваивается код работы.",
    )

    duration_minutes = forms.IntegerField(
        label="Продолжительность, минут",
        min_value=1,
        max_value=LONGEST_EXAM_MINUTES,
        initial=MockExam._meta.get_field("duration_minutes").default,
        help_text=MockExam._meta.get_field("duration_minutes").help_text,
    )

    class Meta:
        model = MockExam
        fields = ["subject", "round", "venue", "starts_at", "duration_minutes"]
        widgets = {"starts_at": DATETIME_WIDGET}
        help_texts = {"starts_at": "Местное время муниципалитета."}

    def __init__(self, *args, schedule: MockExamSchedule, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.schedule = schedule
        self.fields["subject"].queryset = Subject.objects.filter(has_ege=True)
        self.fields["venue"].queryset = schools_to_choose(schedule.municipality_id)
        self.fields["pupils"].queryset = exam_pupils(schedule)
        if self.instance.pk:
            self.fields["pupils"].initial = list(self.instance.works.values_list("pupil_id", flat=True))
        self.helper = self._helper()

    def clean(self) -> dict:
        data = super().clean()
        venue, starts_at, duration = data.get("venue"), data.get("starts_at"), data.get("duration_minutes")
        if venue and starts_at and duration:
            clashes = exam_clashes(
                venue=venue, starts_at=starts_at, duration_minutes=duration, exclude_pk=self.instance.pk
            )
            if clashes:
                self.add_error("starts_at", clash_message(clashes[0], self.schedule.municipality))
        subject, round_ = data.get("subject"), data.get("round")
        same = MockExam.objects.filter(schedule=self.schedule, subject=subject, round=round_).exclude(
            pk=self.instance.pk
        )
        if subject and round_ and same.exists():
            self.add_error("round", f"В этом графике уже есть {subject} ({MockExam.Round(round_).label}).")
        return data


class CommissionForm(CrispyMixin, forms.ModelForm):
    members = MemberChoiceField(
        User, label="Члены комиссии", help_text="Работы своей школы член комиссии не получит."
    )

    class Meta:
        model = Commission
        fields = ["members"]

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people_to_choose(
            municipality.pk, roles={User.Role.COMMISSION_MEMBER}
        )
        self.helper = self._helper()


class ScoreForm(forms.Form):
    primary_score = forms.IntegerField(label="Первичный балл", min_value=0, max_value=200)


class ScaleForm(CrispyMixin, forms.ModelForm):
    points_text = forms.CharField(
        label="Тестовые баллы",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Через пробел: тестовый балл для первичного балла 0, 1, 2… до максимального.",
    )

    class Meta:
        model = ScoreScale
        fields = ["subject", "year"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.filter(has_ege=True)
        if self.instance.pk:
            self.fields["points_text"].initial = " ".join(str(p) for p in self.instance.points)
        self.helper = self._helper()

    def clean_points_text(self) -> list[int]:
        return parse_points(self.cleaned_data["points_text"])

    def clean(self) -> dict:
        data = super().clean()
        subject, year = data.get("subject"), data.get("year")
        if subject and year:
            same = ScoreScale.objects.filter(
                subject=subject, year=year, municipality=self.instance.municipality_id
            ).exclude(pk=self.instance.pk)
            if same.exists():
                whose = "общая шкала" if self.instance.is_shared else "шкала вашего муниципалитета"
                raise forms.ValidationError(
                    f"{whose.capitalize()} по предмету «{subject}» на {year} год уже есть: измените её."
                )
        return data

    def save(self, commit: bool = True) -> ScoreScale:
        self.instance.points = self.cleaned_data["points_text"]
        return super().save(commit=commit)


class UploadForm(forms.Form):
    file = forms.FileField(label="Файл", help_text="Excel (.xlsx или .xls) или CSV, как в шаблоне.")

    def clean_file(self):
        file = self.cleaned_data["file"]
        suffix = PurePath(file.name).suffix.lower()
        if suffix not in (*SPREADSHEET_SUFFIXES, ".csv"):
            raise ValidationError(f"Файл «{file.name}»: ожидается таблица Excel (.xlsx или .xls) или CSV.")
        if file.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                f"Файл больше {settings.IMPORT_MAX_BYTES // (1024 * 1024)} МБ: разделите его на части."
            )
        return file


class VprUploadForm(UploadForm):
    """The ВПР upload: a ФИС ОКО export says everything itself; a school's «Протокол» may need the work
    named and, the first time, its scale of marks."""

    subject = forms.ModelChoiceField(
        label="Предмет",
        queryset=Subject.objects.all(),
        required=False,
        help_text="Для «Протокола» школы, если в форме не указан.",
    )
    grade = forms.IntegerField(label="Класс", min_value=4, max_value=11, required=False)
    year = forms.IntegerField(label="Год ВПР", min_value=2015, max_value=2100, required=False)
    scale = forms.CharField(
        label="Шкала отметок",
        max_length=20,
        required=False,
        help_text="С какого первичного балла ставится «3», «4» и «5», например 7,11,15. Вводится один раз: "
        "сохраняется для этого предмета, класса и года.",
    )

    def clean_scale(self) -> str:
        text = self.cleaned_data["scale"].strip()
        if text:
            parse_scale(text)
        return text

    def options(self) -> dict:
        data = self.cleaned_data
        given = {
            "subject": data["subject"].name if data.get("subject") else "",
            "grade": data.get("grade"),
            "year": data.get("year"),
            "scale": data.get("scale"),
        }
        return {key: value for key, value in given.items() if value}


class ThresholdsForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = ObjectivityThresholds
        fields = [
            "min_participants",
            "raised_share",
            "lowered_share",
            "high_marks_share",
            "low_primary_ratio",
            "histogram_min_participants",
            "peak_factor",
            "peak_min_count",
            "task_gap",
            "mark_gap",
            "region_mark_gap",
            "basic_mastery",
            "higher_mastery",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


class ReportForm(CrispyMixin, forms.Form):
    violations = forms.TypedChoiceField(
        label="Нарушения выявлены",
        choices=[("no", "нет"), ("yes", "да")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    report_text = forms.CharField(
        label="Отчёт наблюдателя", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


class ObjectivityForm(forms.Form):
    year = forms.TypedChoiceField(label="Год", coerce=int, choices=[])
    subject = forms.ModelChoiceField(
        label="Предмет", queryset=Subject.objects.none(), required=False, empty_label="все"
    )
    grade = forms.TypedChoiceField(label="Класс", coerce=int, choices=[], required=False, empty_value=None)

    def __init__(self, *args, years: list[int], subjects, grades: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["subject"].queryset = subjects
        self.fields["grade"].choices = [("", "все")] + [(g, g) for g in grades]


class AppendixChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, appendix: Appendix) -> str:
        title = APPENDIX_NUMBER_RE.sub("", " ".join(appendix.title.split()))
        return f"{appendix_label(appendix)}: {title[:90]}"


class AppendixScheduleForm(forms.Form):
    """Which appendix of the same plan holds the checking commission (none: the schedule only)."""

    commission = AppendixChoiceField(
        label="Состав комиссии по проверке",
        queryset=Appendix.objects.none(),
        required=False,
        empty_label="без комиссии — только график",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, appendix: Appendix, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = Appendix.objects.filter(roadmap=appendix.roadmap_id).exclude(
            pk=appendix.pk
        )
        self.fields["commission"].initial = commission_appendix_for(appendix)
