from __future__ import annotations

import django_filters
from django import forms

from schools.models import User

from .models import PersonalDataExport


class PersonalDataExportFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(label="Кто", queryset=User.objects.none())
    kind = django_filters.ChoiceFilter(label="Вид", choices=PersonalDataExport.Kind.choices)
    date_from = django_filters.DateFilter(
        label="С", field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="По", field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = PersonalDataExport
        fields = ["user", "kind", "date_from", "date_to"]

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["user"].queryset = people
