from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.models import ModelChoiceIterator
from django.utils.functional import cached_property, lazy

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
        # The plan alone: the meeting's pages and its header take its title, period and municipality's id,
        # never its municipality's or school's row (joined, they were half of the sent form's checks).
        self.fields["roadmap"].queryset = roadmaps_for_reports(user).select_related(None)


class LoadedChoices(ModelChoiceIterator):
    """The choices from the rows the form loaded once, instead of a query of the field's own."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.loaded:
            yield self.choice(row)

    def __len__(self) -> int:
        return len(self.field.loaded) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.loaded)


class LoadedChoiceMixin:
    """A model choice field shown and checked against rows the form loaded once: the meeting's chair,
    secretary and attendees come from one list of the municipality's people, not a query per field (and
    one more per choice checked). ``queryset`` still says what is offered, for whoever reads it."""

    iterator = LoadedChoices

    def __init__(self, *args, **kwargs) -> None:
        self._loaded: list = []
        self._loader: Callable[[], list] | None = None
        self._by_pk: dict = {}
        super().__init__(*args, **kwargs)

    @property
    def loaded(self) -> list:
        """The rows offered: read when first shown, for a field that was only checked (``load_later``)."""
        if self._loader is not None:
            loader, self._loader = self._loader, None
            self._loaded = loader()
        return self._loaded

    def load(self, rows: list) -> None:
        self._loaded, self._loader = rows, None
        self._by_pk = {row.pk: row for row in rows}
        self.widget.choices = self.choices

    def load_later(self, loader: Callable[[], list], *, checked: list) -> None:
        """Check what was sent against ``checked`` (the rows it names, of those offered: read by the form
        in one query) and read the whole list (``loader``) only if the field is shown again: a form sent
        with a mistake. A form sent right, the usual case, never reads the 1,500 people it offered."""
        self._loaded, self._loader = [], loader
        self._by_pk = {row.pk: row for row in checked}
        self.widget.choices = self.choices

    def _loaded_row(self, value, *, code: str = "invalid_choice"):
        try:
            row = self._by_pk.get(self.queryset.model._meta.pk.to_python(value))
        except ValidationError:
            row = None
        if row is None:
            raise ValidationError(self.error_messages[code], code=code, params={"value": value, "pk": value})
        return row


class LoadedModelChoiceField(LoadedChoiceMixin, forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        return self._loaded_row(value.pk if isinstance(value, Model) else value)


class PersonChoiceField(LoadedModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.short_name} — {obj.position or obj.get_role_display()}"


class PeopleChoiceField(LoadedChoiceMixin, forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        school = f", {obj.school.short_name}" if obj.school_id else ""
        return f"{obj.short_name} — {obj.position or obj.get_role_display()}{school}"

    def clean(self, value) -> list[User]:
        """The people picked, as a list (not a query): checked against the loaded ones, as Django would."""
        value = self.prepare_value(value)
        if not value:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if not isinstance(value, (list, tuple)):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        picked = {}
        for one in value:
            try:
                pk = self.queryset.model._meta.pk.to_python(one)
            except ValidationError:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": one}
                ) from None
            picked[pk] = self._loaded_row(pk)
        self.run_validators(value)
        return list(picked.values())


# The header's fields in the order the form shows them; «all school heads» just before the people picked.
HEADER_ORDER = [
    "title", "number", "date", "place", "year", "chair", "secretary", "all_school_heads", "attendees",
]  # fmt: skip


class MeetingForm(forms.ModelForm):
    """The meeting's header. Its attendees are «all school heads» as one choice plus people picked one by
    one: a municipality of 1,500 heads sent as 1,500 ticked options would pass Django's limit of fields
    in one request (DATA_UPLOAD_MAX_NUMBER_FIELDS) and be refused.

    The municipality's people are read once (``self.people``): the chair's, the secretary's and the
    attendees' choices, the count of heads and the heads «all school heads» adds are taken from that list,
    so the form asks the same one query for 40 heads or 1,500."""

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

    # A new meeting's form sent: the people it names are checked in one query, and «all school heads» is
    # left to the report job that writes the attendees (reports.meetings.meeting_agenda_build).
    CHECKS_PICKED_ONLY = False
    SUBMIT_LABEL = "Сохранить"

    def __init__(self, *args, municipality_id: int | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._people_offered = people_to_choose(municipality_id, exclude_roles={User.Role.COMMISSION_MEMBER})
        staff = self._people_offered.exclude(role=User.Role.SCHOOL_HEAD)
        for name in ("chair", "secretary"):
            self.fields[name].queryset = staff
        self.fields["attendees"].queryset = self._people_offered
        if self.CHECKS_PICKED_ONLY and self.is_bound:
            picked = self._people_picked()
            for name in ("chair", "secretary"):
                self.fields[name].load_later(self._staff, checked=[p for p in picked if not _is_head(p)])
            self.fields["attendees"].load_later(lambda: self.people, checked=picked)
        else:
            for name in ("chair", "secretary"):
                self.fields[name].load(self._staff())
            self.fields["attendees"].load(self.people)
        heads = self.fields["all_school_heads"]
        heads.label = _label_with_count(heads.label, self)  # the heads counted only if the form is shown
        if self.instance.pk and not self.is_bound:
            self._initial_attendees_split()
        self.order_fields(HEADER_ORDER)
        self.helper = submit_helper(self.SUBMIT_LABEL)

    @cached_property
    def people(self) -> list[User]:
        """The municipality's people offered, read once (a new meeting's form sent right: never)."""
        return list(self._people_offered)

    @property
    def school_heads(self) -> list[User]:
        return [p for p in self.people if _is_head(p)]

    def _staff(self) -> list[User]:
        return [p for p in self.people if not _is_head(p)]

    def _people_picked(self) -> list[User]:
        """The people the sent form names as chair, secretary and attendees, of those offered: one query."""
        sent = [self._sent(name) for name in ("chair", "secretary", "attendees")]
        pks = {pk for values in sent for v in values if (pk := _sent_id(v)) is not None}
        if not pks:
            return []
        # Checked, not shown: their ids and roles are all the check and the meeting's row take of them.
        return list(self._people_offered.filter(pk__in=pks).select_related(None).order_by().only("role"))

    def _sent(self, name: str) -> list:
        value = self.fields[name].widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return value if isinstance(value, (list, tuple)) else [value]

    def _initial_attendees_split(self) -> None:
        """An existing meeting that all school heads attended shows the one choice, not 1,500 picks."""
        attended = set(self.instance.attendees.values_list("pk", flat=True))
        heads = {p.pk for p in self.school_heads}
        everyone = bool(heads) and heads <= attended
        self.initial["all_school_heads"] = everyone
        self.initial["attendees"] = sorted(attended - heads if everyone else attended)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("all_school_heads") and "attendees" in data and not self.CHECKS_PICKED_ONLY:
            # A head also picked one by one is one attendee, not two.
            everyone = {p.pk: p for p in [*data["attendees"], *self.school_heads]}
            data["attendees"] = list(everyone.values())
        return data


def _sent_id(value) -> int | None:
    """A row's id as a form sent it, or None: not digits, or past any id (a bigint has 19 digits)."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


# Made once: ``lazy`` builds a class of its own each time it is called, a tenth of a millisecond a form.
_label_with_count = lazy(lambda label, form: f"{label} ({len(form.school_heads)})", str)


def _is_head(person: User) -> bool:
    return person.role == User.Role.SCHOOL_HEAD


class MeetingCreateForm(MeetingForm):
    """A new meeting: the header, and which items of the roadmap its agenda takes.

    Sent, it reads only what it names (the plan's row, the people picked): the page writes the header and
    a report job the rest, so that preparing a meeting of 1,500 schools is a quick request. «All school
    heads» stays a choice in ``cleaned_data``; the job adds the heads."""

    CHECKS_PICKED_ONLY = True
    SUBMIT_LABEL = "Подготовить совещание"

    measure = LoadedModelChoiceField(
        label="Мероприятие плана, которое исполняет совещание",
        queryset=Measure.objects.none(),
        required=False,
        help_text="В повестку войдут пункты, стоящие в плане до этого мероприятия.",
    )
    first = forms.IntegerField(label="Повестка: с пункта", min_value=1, initial=1)
    last = forms.IntegerField(label="по пункт", min_value=1, initial=11)

    class Meta(MeetingForm.Meta):
        # The chair, the secretary and the attendees are checked against the people the form loaded and
        # handed to ``meeting_create`` by the view: as model fields they would be looked up once more each.
        fields = ["title", "number", "date", "place", "invited"]

    def __init__(self, *args, roadmap: Roadmap, measures: list[Measure] | None = None, **kwargs) -> None:
        """``measures``: the roadmap's rows in document order, when the caller has already read them."""
        super().__init__(*args, municipality_id=roadmap.municipality_id, **kwargs)
        in_order = Measure.objects.filter(roadmap=roadmap.pk).order_by("order", "pk")
        field = self.fields["measure"]
        field.queryset = in_order
        if self.is_bound and measures is None:
            pk = _sent_id(self._sent("measure")[0])
            field.load_later(lambda: list(in_order), checked=list(in_order.filter(pk=pk)) if pk else [])
        else:
            field.load(list(in_order) if measures is None else measures)
        self.order_fields(["measure", "first", "last"])

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
