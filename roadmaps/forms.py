from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from schools.access import people_to_choose, schools_to_choose
from schools.models import User

from .deadlines import ParsedDeadline, Period, parse_deadline
from .evidence import ACCEPT_ATTRIBUTE
from .models import Measure, Progress, Roadmap, Section

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CrispyMixin:
    submit_label = "Сохранить"

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.add_input(Submit("submit", self.submit_label))
        return helper


class RoadmapForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = ["title", "school", "period_start", "period_end"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
        }
        help_texts = {"period_start": "Учебный год идёт с 1 сентября по 31 августа."}

    def __init__(self, *args, municipality=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_to_choose(
            municipality.pk if municipality else None, active_only=False
        )
        self.helper = self._helper()

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Конец периода раньше его начала.")
        return data


class RoadmapApproveForm(CrispyMixin, forms.ModelForm):
    submit_label = "Утвердить"

    class Meta:
        model = Roadmap
        fields = ["approved_by", "order_number", "order_date"]
        widgets = {"order_date": DATE_WIDGET}
        help_texts = {"approved_by": "Например: Начальник МКУ «Кумторкалинское УО» М.-Д.М. Агалаев"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
        self.helper = self._helper()


class SectionForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["number", "title", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


def measure_number_key(number: str) -> str:
    """«10.» and «10» are the same item of the plan."""
    return (number or "").strip().rstrip(".").strip()


class MeasureForm(CrispyMixin, forms.ModelForm):
    """A measure as a person writes it: the deadline in words, read by the importer's own parser.

    The kind of deadline, its dates and the order in the plan are not asked: the dates come from the text
    (shown to the person before saving) and a new measure goes to the end of the plan.
    """

    deadline_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Measure
        fields = [
            "section",
            "parent",
            "number",
            "title",
            "form",
            "deadline_text",
            "responsible_text",
            "responsible_users",
            "expected_result",
            "per_school",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "form": forms.Textarea(attrs={"rows": 2}),
            "responsible_text": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"deadline_text": "Сроки"}
        help_texts = {
            "deadline_text": "Как в документе: «До 15 марта 2027 года», «Февраль-март», «В течение года». "
            "Перед сохранением будет показано, как понят срок; по его окончанию считается просрочка.",
        }

    def __init__(self, *args, roadmap: Roadmap, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        self.understood: ParsedDeadline | None = None
        self.fields["section"].queryset = roadmap.sections.all()
        parents = roadmap.measures.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["responsible_users"].queryset = people_to_choose(
            roadmap.municipality_id, exclude_roles={User.Role.COMMISSION_MEMBER}
        )
        self.fields["responsible_users"].required = False
        self.fields["deadline_text"].required = True
        self.fields["deadline_text"].error_messages["required"] = "Укажите срок так, как он написан в плане."
        if self.instance.pk and not self.is_bound:
            # The deadline already saved was seen when it was saved: an unchanged text needs no new look.
            self.fields["deadline_seen"].initial = self.instance.deadline_text
        self.helper = self._helper()

    def clean_number(self) -> str:
        number = (self.cleaned_data.get("number") or "").strip()
        key = measure_number_key(number)
        unchanged = self.instance.pk and measure_number_key(self.instance.number) == key
        if key and not unchanged:
            same = [
                m
                for m in self.roadmap.measures.exclude(pk=self.instance.pk).only("pk", "number", "title")
                if measure_number_key(m.number) == key
            ]
            if same:
                raise ValidationError(
                    f"Мероприятие № {key} уже есть в этой дорожной карте: «{same[0].title[:80]}». "
                    "Укажите другой номер (например, подпункт «{key}.1»).".replace("{key}", key)
                )
        return number

    def clean(self) -> dict:
        data = super().clean()
        text = (data.get("deadline_text") or "").strip()
        if text:
            self.understood = parse_deadline(text, Period(self.roadmap.period_start, self.roadmap.period_end))
        return data

    @property
    def needs_a_look(self) -> bool:
        """The deadline text was changed since the person last saw how it is understood."""
        if self.understood is None:
            return False
        seen = (self.cleaned_data.get("deadline_seen") or "").strip()
        return seen != (self.cleaned_data.get("deadline_text") or "").strip()

    def save(self, commit: bool = True) -> Measure:
        measure = super().save(commit=False)
        if self.understood is not None:
            measure.deadline_kind = self.understood.kind
            measure.deadline_start = self.understood.start
            measure.deadline_end = self.understood.end
            measure.deadline_months = list(self.understood.months)
        if not measure.pk:
            last = self.roadmap.measures.order_by("-order").values_list("order", flat=True).first()
            measure.order = (last or 0) + 1
        if commit:
            measure.roadmap = self.roadmap
            measure.save()
            self.save_m2m()
        return measure


def deadline_understood(parsed: ParsedDeadline) -> str:
    """What the form tells the person about their deadline, in words (the list's «срок» column)."""
    probe = Measure(
        deadline_kind=parsed.kind,
        deadline_start=parsed.start,
        deadline_end=parsed.end,
        deadline_months=list(parsed.months),
    )
    from .templatetags.roadmap_tags import deadline_dates

    return deadline_dates(probe)


class ProgressForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Progress
        fields = ["status", "comment"]
        widgets = {
            "comment": forms.Textarea(attrs={"rows": 2, "placeholder": "Что сделано, где подтверждение"})
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version
        self.fields["comment"].required = False


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Файл",
        help_text="PDF, DOCX, XLSX, PNG или JPG",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        # evidence_check refuses an empty file itself, naming the file; the form's own error would not.
        allow_empty_file=True,
    )
