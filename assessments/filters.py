from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from roadmaps.models import Roadmap
from schools.access import schools_to_choose, schools_visible
from schools.models import Municipality, School, User

from .models import (
    EgeResult,
    MockExam,
    MockExamSchedule,
    MockWork,
    Observer,
    OgeResult,
    Procedure,
    ScoreScale,
    Subject,
    VprResult,
)

MARK_CHOICES = [(m, str(m)) for m in (2, 3, 4, 5)]
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class VprResultFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="Год", field_name="test__year")
    subject = django_filters.ModelChoiceFilter(
        label="Предмет", field_name="test__subject", queryset=Subject.objects.all()
    )
    grade = django_filters.NumberFilter(label="Класс", field_name="test__grade")
    school = django_filters.ModelChoiceFilter(label="Школа", queryset=None)
    mark = django_filters.ChoiceFilter(label="Отметка ВПР", choices=MARK_CHOICES)
    journal_mark = django_filters.ChoiceFilter(label="Отметка по журналу", choices=MARK_CHOICES)

    class Meta:
        model = VprResult
        fields: list[str] = []

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools_visible(user)


class EgeResultFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="Год")
    subject = django_filters.ModelChoiceFilter(label="Предмет", queryset=Subject.objects.filter(has_ege=True))
    school = django_filters.ModelChoiceFilter(label="Школа", field_name="pupil__school", queryset=None)
    below = django_filters.NumberFilter(label="Балл ниже", field_name="score_100", lookup_expr="lt")

    class Meta:
        model = EgeResult
        fields: list[str] = []

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools_visible(user)


class OgeResultFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="Год")
    subject = django_filters.ModelChoiceFilter(label="Предмет", queryset=Subject.objects.all())
    school = django_filters.ModelChoiceFilter(label="Школа", queryset=None)
    mark = django_filters.ChoiceFilter(label="Отметка", choices=MARK_CHOICES)

    class Meta:
        model = OgeResult
        fields: list[str] = []

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools_visible(user)


def _all(filterset: django_filters.FilterSet, *names: str) -> None:
    for name in names:
        filterset.filters[name].extra["empty_label"] = "все"


class ScheduleFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label="Учебный год", field_name="period_start__year", choices=[])
    q = django_filters.CharFilter(label="Название или № приказа", method="filter_text")

    class Meta:
        model = MockExamSchedule
        fields: list[str] = []

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        years = MockExamSchedule.objects.filter(municipality=municipality).dates(
            "period_start", "year", "DESC"
        )
        self.filters["year"].extra["choices"] = [(d.year, f"{d.year}-{d.year + 1}") for d in years]
        _all(self, "year")

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(order_number=value)) if value else queryset


class ObserverFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="ФИО", method="filter_name")
    school = django_filters.ModelChoiceFilter(label="Работает в школе", queryset=School.objects.none())
    assigned = django_filters.ChoiceFilter(
        label="Назначения",
        choices=[("yes", "есть"), ("no", "нет")],
        method="filter_assigned",
    )

    class Meta:
        model = Observer
        fields: list[str] = []

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools_to_choose(municipality.pk, active_only=False)
        _all(self, "school", "assigned")

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(
                Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
            )
        return queryset

    def filter_assigned(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value in {"yes", "no"}:
            return queryset.filter(assignments__isnull=value == "no").distinct()
        return queryset


class ProcedureFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Вид", choices=Procedure.Kind.choices)
    subject = django_filters.ModelChoiceFilter(label="Предмет", queryset=Subject.objects.all())
    grade = django_filters.NumberFilter(label="Класс")
    school = django_filters.ModelChoiceFilter(
        label="Школа", queryset=School.objects.none(), field_name="schools", distinct=True
    )
    held_from = django_filters.DateFilter(
        label="Дата с", field_name="held_on", lookup_expr="gte", widget=DATE_INPUT
    )
    held_to = django_filters.DateFilter(
        label="Дата по", field_name="held_on", lookup_expr="lte", widget=DATE_INPUT
    )

    class Meta:
        model = Procedure
        fields: list[str] = []

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools_visible(user)
        _all(self, "kind", "subject", "school")

    @property
    def chosen_school(self) -> School | None:
        """The school chosen, once the filter has run: the gaps page shows only its row."""
        return self.form.cleaned_data.get("school") if self.form.is_valid() else None


class ScaleFilter(django_filters.FilterSet):
    subject = django_filters.ModelChoiceFilter(label="Предмет", queryset=Subject.objects.filter(has_ege=True))
    year = django_filters.NumberFilter(label="Год ЕГЭ")

    class Meta:
        model = ScoreScale
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _all(self, "subject")


class ExamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, exam: MockExam) -> str:
        return f"{exam.subject} ({exam.get_round_display()}), {timezone.localtime(exam.starts_at):%d.%m.%Y}"


class ExamChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ExamChoiceField


class WorkFilter(django_filters.FilterSet):
    """The member's own works: by exam and by whether a score is in yet. Nothing here names a pupil."""

    exam = ExamChoiceFilter(label="Экзамен", queryset=MockExam.objects.none())
    state = django_filters.ChoiceFilter(
        label="Балл", choices=[("missing", "не внесён"), ("entered", "внесён")], method="filter_state"
    )

    class Meta:
        model = MockWork
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        exams = MockExam.objects.filter(pk__in=self.queryset.values("exam")).select_related("subject")
        self.filters["exam"].queryset = exams.order_by("starts_at")
        _all(self, "exam", "state")

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value in {"missing", "entered"}:
            return queryset.filter(primary_score__isnull=value == "missing")
        return queryset


class AppendixRoadmapFilter(django_filters.FilterSet):
    """The municipality's roadmaps that carry appendices: by school year and by words of the title."""

    year = django_filters.ChoiceFilter(label="Учебный год", field_name="period_start__year", choices=[])
    q = django_filters.CharFilter(label="Поиск", field_name="title", lookup_expr="icontains")

    class Meta:
        model = Roadmap
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        years = sorted({d.year for d in self.queryset.values_list("period_start", flat=True)}, reverse=True)
        self.filters["year"].extra["choices"] = [(y, f"{y}-{y + 1}") for y in years]
        _all(self, "year")
