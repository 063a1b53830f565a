from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from common.prepared import compiled_rows, person_key
from schools.access import schools_visible
from schools.models import School, User
from schools.widgets import LongSelect

from .models import OPEN_STATUSES, Progress, ProgressStatus, Roadmap, Section
from .progress import OVERDUE, OVERDUE_LABEL, active_roadmaps_q, overdue_q

STATUS_CHOICES = [*ProgressStatus.choices, (OVERDUE, OVERDUE_LABEL)]
# The model selects: the columns an option needs, and its label from them (as the model's ``__str__``).
OPTIONS = [
    ("roadmap", ("pk", "title"), lambda title: str(Roadmap(title=title))),
    ("section", ("pk", "number", "title"), lambda number, title: str(Section(number=number, title=title))),
    ("school", ("pk", "short_name"), lambda short_name: str(School(short_name=short_name))),
]


# The filter form's class for each person, built once a process (``ProgressFilter.get_form_class``).
FORM_CLASSES: dict[tuple, type] = {}
FORM_CLASSES_AT_MOST = 1024


class ProgressFilter(django_filters.FilterSet):
    roadmap = django_filters.ModelChoiceFilter(
        label="Дорожная карта", queryset=Roadmap.objects.none(), field_name="measure__roadmap"
    )
    section = django_filters.ModelChoiceFilter(
        label="Раздел", queryset=Section.objects.none(), field_name="measure__section"
    )
    status = django_filters.ChoiceFilter(label="Статус", choices=STATUS_CHOICES, method="filter_status")
    school = django_filters.ModelChoiceFilter(
        label="Школа", queryset=None, field_name="school", widget=LongSelect
    )
    responsible = django_filters.CharFilter(label="Ответственный", method="filter_responsible")
    due_from = django_filters.DateFilter(
        label="Срок с",
        field_name="measure__deadline_end",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_to = django_filters.DateFilter(
        label="Срок по",
        field_name="measure__deadline_end",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(
        label="Только просроченные", method="filter_overdue", widget=forms.CheckboxInput
    )
    unfinished = django_filters.BooleanFilter(
        label="Только невыполненные", method="filter_unfinished", widget=forms.CheckboxInput
    )
    q = django_filters.CharFilter(label="Поиск", method="filter_text")

    class Meta:
        model = Progress
        fields: list[str] = []

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        for name in ("roadmap", "section", "school"):
            self.filters[name].extra["empty_label"] = "все"
        if user.is_school_head:
            # Their own school is all a school head's rows have: no «Школа» to choose, as their list has
            # no «Школа» column (and no query for a select of one school on the page they open most).
            del self.filters["school"]
        self.filters["status"].extra["empty_label"] = "все"
        self.user = user
        self.person = person_key(user)
        self.querysets_set = False

    def set_querysets(self) -> None:
        """The selects' querysets: what this person may choose. Built only when the form's class or its
        options are (once a process for the person: ``get_form_class``, ``form``)."""
        if self.querysets_set:
            return
        user = self.user
        # The list shows obligations: the rows of active (approved) roadmaps only.
        roadmaps = Roadmap.objects.filter(active_roadmaps_q())
        if user.municipality_id:
            roadmaps = roadmaps.filter(municipality=user.municipality_id)
        # Another school's own plan is not offered: its title alone is that school's business.
        schools = schools_visible(user)
        roadmaps = roadmaps.filter(Q(school__isnull=True) | Q(school__in=schools))
        self.filters["roadmap"].queryset = roadmaps
        self.filters["section"].queryset = Section.objects.filter(roadmap__in=roadmaps).select_related(
            "roadmap"
        )
        if "school" in self.filters:
            self.filters["school"].queryset = schools
        self.querysets_set = True

    def get_form_class(self):
        """The form's class, built once a process for the person (``FORM_CLASSES``): its fields hold the
        querysets of what they may choose, lazy and the same SQL for the same person (a subquery, not the
        rows), and each form copies its fields. Building the querysets and the class was a tenth of a
        list's time."""
        key = ("ProgressFilter", *self.person)
        if key not in FORM_CLASSES:
            self.set_querysets()
            FORM_CLASSES[key] = super().get_form_class()
            if len(FORM_CLASSES) > FORM_CLASSES_AT_MOST:
                del FORM_CLASSES[next(iter(FORM_CLASSES))]
        return FORM_CLASSES[key]

    @property
    def form(self):
        """The form, its selects' options read by queries compiled once for this person (``compiled_rows``):
        their querysets were half a school head's measure list, built and compiled at every request. A
        chosen option is still checked against its queryset."""
        if not hasattr(self, "_form"):
            form = super().form
            for name, fields, label in OPTIONS:
                if name in form.fields:
                    key = ("ProgressFilter", name, *self.person)
                    rows = compiled_rows(key, self._options_query(name, fields))
                    options = [(row[0], label(*row[1:])) for row in rows]
                    form.fields[name].widget.choices = [("", "все"), *options]
        return self._form

    def _options_query(self, name: str, fields: tuple[str, ...]):
        def build():
            self.set_querysets()
            return self.filters[name].queryset.values_list(*fields)

        return build

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == OVERDUE:
            return queryset.filter(overdue_q(self.today))
        if value in ProgressStatus.values:
            # A row past its deadline shows as «просрочено», so it does not count as merely «не начато».
            return queryset.filter(status=value).exclude(overdue_q(self.today))
        return queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(overdue_q(self.today)) if value else queryset

    def filter_unfinished(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        # With due_from/due_to this gives the rows behind the dashboard's «срок в ближайшие дни».
        return queryset.filter(status__in=OPEN_STATUSES) if value else queryset

    def filter_responsible(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(measure__responsible_text__icontains=value)
            | Q(measure__responsible_users__last_name__icontains=value)
        ).distinct()

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(measure__title__icontains=value) | Q(measure__number=value))
