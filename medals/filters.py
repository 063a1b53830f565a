from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from assessments.models import Subject
from schools.access import schools_visible
from schools.models import User
from schools.widgets import LongSelect

from .models import Candidate, MedalDegree, Recheck

GRADES = [(10, "10 класс"), (11, "11 класс")]


def _style(form: forms.Form) -> None:
    """Bootstrap classes on the filter widgets: the filters sit in a compact row above each table."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select form-select-sm"
        else:
            widget.attrs["class"] = "form-control form-control-sm"


def _graduation_years(queryset: QuerySet[Candidate]):
    """The years present in the list, read when the filter is shown or checked, and then only once (a
    list's file built by a worker with no year chosen never reads them)."""
    found: list[tuple[int, str]] = []

    def years() -> list[tuple[int, str]]:
        if not found:
            rows = queryset.order_by("-graduation_year").values_list("graduation_year", flat=True).distinct()
            found.extend((year, str(year)) for year in rows)
        return found

    return years


def _fit_school_and_year(filterset: django_filters.FilterSet, user: User) -> None:
    """The school and graduation-year filters shared by the candidate list and the comparison/risk pages:
    the schools the user sees (none for a school head), the years present in the list, styled widgets."""
    if user.role == User.Role.SCHOOL_HEAD:
        del filterset.filters["school"]  # their own school only: a choice of one is no filter
    else:
        filterset.filters["school"].queryset = schools_visible(user).order_by("short_name")
    filterset.filters["graduation_year"].extra["choices"] = _graduation_years(filterset.queryset)
    _style(filterset.form)


class _SchoolYearFilterSet(django_filters.FilterSet):
    """Candidates filtered by school and graduation year, fitted to the user (``_fit_school_and_year``)."""

    class Meta:
        model = Candidate
        fields: list[str] = []

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _fit_school_and_year(self, user)


class CandidateFilter(_SchoolYearFilterSet):
    q = django_filters.CharFilter(label="ФИО", method="filter_name")
    school = django_filters.ModelChoiceFilter(
        label="Школа", queryset=None, empty_label="все", widget=LongSelect
    )
    graduation_year = django_filters.ChoiceFilter(label="Год выпуска", empty_label="все")
    degree = django_filters.ChoiceFilter(label="Медаль", choices=MedalDegree.choices, empty_label="все")
    grade = django_filters.ChoiceFilter(
        label="Класс", choices=GRADES, field_name="pupil__grade", empty_label="все"
    )
    transfer = django_filters.BooleanFilter(
        label="Только переведённые", method="filter_transfer", widget=forms.CheckboxInput
    )
    risk = django_filters.BooleanFilter(
        label="Только группа риска", method="filter_nothing", widget=forms.CheckboxInput
    )
    withdrawn = django_filters.BooleanFilter(
        label="Показать снятых с реестра", method="filter_nothing", widget=forms.CheckboxInput
    )

    @property
    def qs(self) -> QuerySet[Candidate]:
        rows = super().qs
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("withdrawn")):
            rows = rows.filter(is_active=True)
        return rows

    @property
    def risk_only(self) -> bool:
        return bool(self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("risk"))

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(
                Q(pupil__last_name__icontains=word)
                | Q(pupil__first_name__icontains=word)
                | Q(pupil__middle_name__icontains=word)
            )
        return queryset

    def filter_transfer(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(
            Q(transfer_date__isnull=False) | Q(previous_school__isnull=False) | ~Q(previous_school_name="")
        )

    def filter_nothing(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        # Applied by the view: the risk rules are not a database filter, and «withdrawn» widens ``qs``.
        return queryset


class RecheckFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(
        label="Школа", queryset=None, field_name="candidate__school", empty_label="все"
    )
    status = django_filters.ChoiceFilter(label="Состояние", choices=Recheck.Status.choices, empty_label="все")
    subject = django_filters.ModelChoiceFilter(
        label="Предмет", queryset=Subject.objects.all(), empty_label="все"
    )
    graduation_year = django_filters.NumberFilter(
        label="Год выпуска", field_name="candidate__graduation_year"
    )
    unassigned = django_filters.BooleanFilter(
        label="Только без проверяющего",
        field_name="assigned_to",
        lookup_expr="isnull",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Recheck
        fields: list[str] = []

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools_visible(user).order_by("short_name")
        _style(self.form)

    def filter_unassigned(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(assigned_to__isnull=True) if value else queryset


class YearSchoolFilter(_SchoolYearFilterSet):
    """For the comparison and the risk pages: which school and which graduation year."""

    school = django_filters.ModelChoiceFilter(label="Школа", queryset=None, empty_label="все")
    graduation_year = django_filters.ChoiceFilter(label="Год выпуска", empty_label="все")

    @property
    def years(self) -> list[int]:
        return [year for year, _ in self.filters["graduation_year"].extra["choices"]()]

    @property
    def chosen_year(self) -> int | None:
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("graduation_year"):
            return int(self.form.cleaned_data["graduation_year"])
        return None

    @property
    def qs(self) -> QuerySet[Candidate]:
        return super().qs.filter(is_active=True)
