"""The forms of public observers: the observer, the procedure, a booking, a school's ВПР day and the act."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from common.forms import DATE_WIDGET, CrispyMixin, TickedIdsField
from schools.access import people_to_choose, schools_to_choose
from schools.models import Municipality, School, User

from .models import (
    Observer,
    ObserverConflict,
    Procedure,
)
from .observer_acts import STAGES, VIOLATIONS

CONFLICT = "Конфликт интересов: в эти школы наблюдателя не назначить."


class ObserverForm(CrispyMixin, forms.ModelForm):
    child_schools = TickedIdsField(School, label="Школы, где учатся дети наблюдателя", help_text=CONFLICT)
    relative_schools = TickedIdsField(
        School, label="Школы, где работают родственники наблюдателя", help_text=CONFLICT
    )

    class Meta:
        model = Observer
        fields = ["last_name", "first_name", "middle_name", "organisation", "school", "phone", "user"]

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_to_choose(municipality.pk, active_only=False)
        # Accounts with the observer's role, not yet linked to another observer.
        self.fields["user"].queryset = people_to_choose(municipality.pk, roles={User.Role.OBSERVER}).filter(
            Q(observer_record__isnull=True) | Q(observer_record=self.instance.pk or 0)
        )
        for name, reason in (
            ("child_schools", ObserverConflict.Reason.CHILD),
            ("relative_schools", ObserverConflict.Reason.RELATIVE),
        ):
            self.fields[name].queryset = schools_to_choose(municipality.pk, active_only=False)
            if self.instance.pk:
                self.initial[name] = list(
                    self.instance.conflicts.filter(reason=reason).values_list("school_id", flat=True)
                )
        self.helper = self._helper()

    def save_conflicts(self, observer: Observer) -> None:
        """Replace the observer's conflicts of interest with the schools chosen (after ``save``)."""
        observer.conflicts.all().delete()
        for name, reason in (
            ("child_schools", ObserverConflict.Reason.CHILD),
            ("relative_schools", ObserverConflict.Reason.RELATIVE),
        ):
            ObserverConflict.objects.bulk_create(
                ObserverConflict(observer=observer, school=school, reason=reason)
                for school in self.cleaned_data[name]
            )


class ProcedureForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Procedure
        fields = [
            "kind",
            "subject",
            "grade",
            "held_on",
            "window_start",
            "window_end",
            "schools",
            "federal_sample",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "window_start": DATE_WIDGET,
            "window_end": DATE_WIDGET,
            "schools": forms.CheckboxSelectMultiple,
            "federal_sample": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools_to_choose(municipality.pk)
        self.fields["federal_sample"].queryset = schools_to_choose(municipality.pk)
        self.fields["held_on"].help_text = "С федеральным периодом — его первый день."
        self.helper = self._helper()

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("window_start"), data.get("window_end")
        if (start is None) != (end is None):
            self.add_error(
                "window_end" if end is None else "window_start", "Укажите обе даты периода или ни одной."
            )
        elif start and end:
            if end < start:
                self.add_error("window_end", "Конец периода раньше его начала.")
            elif data.get("held_on") and not start <= data["held_on"] <= end:
                self.add_error("held_on", f"Дата вне периода {start:%d.%m.%Y} – {end:%d.%m.%Y}.")
        sample, schools = data.get("federal_sample"), data.get("schools")
        if sample and schools is not None:
            outside = [s.short_name for s in sample if s not in schools]
            if outside:
                self.add_error("federal_sample", "Не участвуют в процедуре: " + ", ".join(outside) + ".")
        return data


class ObserverChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, observer: Observer) -> str:
        works = f", работает в {observer.school.short_name}" if observer.school_id else ""
        return f"{observer.short_name} ({observer.organisation or 'наблюдатель'}{works})"


class AssignForm(forms.Form):
    school = forms.ModelChoiceField(
        label="Школа", queryset=School.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    observer = forms.ModelChoiceField(
        label="Наблюдатель",
        queryset=Observer.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    held_on = forms.DateField(
        label="Дата в школе",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        help_text="Одна из дат, выбранных школой; пусто — если дата у школы одна.",
    )

    def __init__(self, *args, procedure: Procedure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = procedure.schools.all()
        self.fields["observer"].queryset = Observer.objects.filter(
            municipality=procedure.municipality_id
        ).select_related("school")


class SchoolDayForm(forms.Form):
    day = forms.DateField(
        label="Дата проведения в школе",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Дата — в виде ДД.ММ.ГГГГ.", "required": "Укажите дату."},
    )


class ObserverActForm(forms.Form):
    """The act's checklist; the choices come from ``observer_acts`` (the rules check them again)."""

    stages = forms.MultipleChoiceField(
        label="Этапы, при которых присутствовал наблюдатель",
        choices=STAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    violations = forms.MultipleChoiceField(
        label="Выявленные нарушения",
        choices=[(v.code, f"{dict(STAGES)[v.stage]}: {v.text}") for v in VIOLATIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remarks = forms.CharField(
        label="Замечания и предложения",
        required=False,
        max_length=1500,  # the act prints on one A4 page
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
