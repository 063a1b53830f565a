from __future__ import annotations

import django_filters

from schools.access import schools_visible
from schools.models import User

from .models import EgeResult, Subject, VprResult

MARK_CHOICES = [(m, str(m)) for m in (2, 3, 4, 5)]


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
