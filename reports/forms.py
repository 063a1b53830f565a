from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q

from common.forms import DATE_WIDGET, check_at_most, check_order, submit_helper
from roadmaps.models import Measure, Roadmap
from schools.access import people_to_choose
from schools.models import User

from .access import roadmaps_for_reports
from .models import DigestPreference, Meeting, MeetingAgendaItem, MeetingSchoolRow


class MeetingRoadmapForm(forms.Form):
    """The plan a new meeting is prepared from, as the page's query names it."""

    roadmap = forms.ModelChoiceField(label="Дорожная карта", queryset=Roadmap.objects.none())

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roadmap"].queryset = roadmaps_for_reports(user)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.short_name} — {obj.position or obj.get_role_display()}"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        school = f", {obj.school.short_name}" if obj.school_id else ""
        return f"{obj.short_name} — {obj.position or obj.get_role_display()}{school}"


def _municipal_people(municipality_id: int | None):
    return people_to_choose(municipality_id)


class MeetingForm(forms.ModelForm):
    """The meeting's header. Its attendees are «all school heads» as one choice plus people picked one by
    one: a municipality of 1,500 heads sent as 1,500 ticked options would pass Django's limit of fields
    in one request (DATA_UPLOAD_MAX_NUMBER_FIELDS) and be refused."""

    chair = PersonChoiceField(label="Председатель", queryset=User.objects.none(), required=False)
    secretary = PersonChoiceField(label="Секретарь", queryset=User.objects.none(), required=False)
    all_school_heads = forms.BooleanField(
        label="Присутствовали все руководители ОО",
        required=False,
        help_text="Снимите отметку, если на совещании были не все: тогда выберите руководителей ниже.",
    )
    attendees = PeopleChoiceField(
        label="Присутствовали также (сотрудники УО; руководители ОО, если были не все)",
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="Удерживайте Ctrl, чтобы выбрать несколько человек.",
    )

    class Meta:
        model = Meeting
        fields = ["title", "number", "date", "place", "year", "chair", "secretary", "attendees", "invited"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "date": DATE_WIDGET,
            "invited": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipality_id: int | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = _municipal_people(municipality_id)
        staff = people.exclude(role__in=[User.Role.SCHOOL_HEAD, User.Role.COMMISSION_MEMBER])
        self.fields["chair"].queryset = staff
        self.fields["secretary"].queryset = staff
        self.fields["attendees"].queryset = people.exclude(role=User.Role.COMMISSION_MEMBER)
        self.school_heads = people.filter(role=User.Role.SCHOOL_HEAD)
        heads = self.fields["all_school_heads"]
        heads.label = f"{heads.label} ({self.school_heads.count()})"
        if self.instance.pk and not self.is_bound:
            self._initial_attendees_split()
        self.order_fields([*self.Meta.fields[: self.Meta.fields.index("attendees")], "all_school_heads"])
        self.helper = submit_helper()

    def _initial_attendees_split(self) -> None:
        """An existing meeting that all school heads attended shows the one choice, not 1,500 picks."""
        attended = set(self.instance.attendees.values_list("pk", flat=True))
        heads = set(self.school_heads.values_list("pk", flat=True))
        everyone = bool(heads) and heads <= attended
        self.initial["all_school_heads"] = everyone
        self.initial["attendees"] = sorted(attended - heads if everyone else attended)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("all_school_heads") and "attendees" in data:
            picked = data["attendees"]
            data["attendees"] = picked.model.objects.filter(
                Q(pk__in=picked.values("pk")) | Q(pk__in=self.school_heads.values("pk"))
            ).distinct()
        return data


class MeetingCreateForm(MeetingForm):
    """A new meeting: the header, and which items of the roadmap its agenda takes."""

    measure = forms.ModelChoiceField(
        label="Мероприятие плана, которое исполняет совещание",
        queryset=Measure.objects.none(),
        required=False,
        help_text="В повестку войдут пункты, стоящие в плане до этого мероприятия.",
    )
    first = forms.IntegerField(label="Повестка: с пункта", min_value=1, initial=1)
    last = forms.IntegerField(label="по пункт", min_value=1, initial=11)

    class Meta(MeetingForm.Meta):
        fields = ["title", "number", "date", "place", "chair", "secretary", "attendees", "invited"]

    def __init__(self, *args, roadmap: Roadmap, **kwargs) -> None:
        super().__init__(*args, municipality_id=roadmap.municipality_id, **kwargs)
        self.fields["measure"].queryset = roadmap.measures.order_by("order", "pk")
        self.order_fields(["measure", "first", "last"])
        self.helper = submit_helper("Подготовить совещание")

    def clean(self) -> dict:
        data = super().clean()
        check_order(self, data, "first", "last", "Последний пункт повестки меньше первого.")
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = MeetingAgendaItem
        fields = ["title", "speaker", "heard", "spoke", "decided"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "heard": forms.Textarea(attrs={"rows": 4}),
            "spoke": forms.Textarea(attrs={"rows": 3}),
            "decided": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper()


class MeetingRowForm(forms.ModelForm):
    class Meta:
        model = MeetingSchoolRow
        fields = ["graduates", "candidates", "candidates_at_risk", "corrected_share", "note"]
        localized_fields = ["corrected_share"]  # «12,5» as Russians type it

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper()

    def clean_corrected_share(self) -> Decimal | None:
        value = self.cleaned_data.get("corrected_share")
        if value is not None and not (0 <= value <= 100):
            raise forms.ValidationError("Доля задаётся в процентах: от 0 до 100.")
        return value

    def clean(self) -> dict:
        data = super().clean()
        counts = dict(data)  # add_error takes «candidates» out of data: the second check still reads it
        check_at_most(self, counts, "candidates", "graduates", "Претендентов больше, чем выпускников.")
        check_at_most(
            self,
            counts,
            "candidates_at_risk",
            "candidates",
            "В группе риска больше человек, чем претендентов.",
        )
        return data


class DigestPreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["frequency", "weekday"]
        widgets = {"frequency": forms.RadioSelect}
        help_texts = {"weekday": "Используется, только если выбрано «раз в неделю»."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper()
