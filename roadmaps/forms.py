from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from common.forms import DATE_WIDGET, CrispyMixin, IdsField, PeriodCheckMixin
from schools.access import people_to_choose, schools_to_choose
from schools.models import School, User

from .deadlines import ParsedDeadline, parse_deadline
from .evidence import ACCEPT_ATTRIBUTE
from .models import Measure, MeasureScope, Progress, Roadmap, Section
from .plan_period import PlanPeriod
from .targeted import targets_kept_problem


class RoadmapForm(PeriodCheckMixin, CrispyMixin, forms.ModelForm):
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


TARGET_FIELDS = ["scope", "target_schools", "target_kind", "target_teachers", "basis_year"]
TARGET_WIDGETS = {
    "scope": forms.RadioSelect,
    "target_schools": forms.SelectMultiple(attrs={"size": 8}),
    "target_teachers": forms.Textarea(attrs={"rows": 2}),
}


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
            *TARGET_FIELDS,
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "form": forms.Textarea(attrs={"rows": 2}),
            "responsible_text": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            **TARGET_WIDGETS,
        }
        field_classes = {"target_schools": IdsField, "responsible_users": IdsField}
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
        if "parent" in self.fields:  # the targeted measure's short form has no parent item
            self.fields["parent"].queryset = parents
        self.fields["responsible_users"].queryset = people_to_choose(
            roadmap.municipality_id, exclude_roles={User.Role.COMMISSION_MEMBER}
        )
        self.fields["responsible_users"].required = False
        self.fields["deadline_text"].required = True
        self.fields["deadline_text"].error_messages["required"] = "Укажите срок так, как он написан в плане."
        if "scope" in self.fields:
            self.fields["scope"].required = False
        self.fields["target_schools"].queryset = schools_to_choose(roadmap.municipality_id)
        self.fields["target_schools"].help_text = (
            "Только для «Выбранные школы»: строки исполнения будут только у этих школ. "
            "Удерживайте Ctrl, чтобы выбрать несколько."
        )
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
            self.understood = parse_deadline(
                text, PlanPeriod(self.roadmap.period_start, self.roadmap.period_end)
            )
        self._clean_targets(data)
        return data

    def _clean_targets(self, data: dict) -> None:
        """«Все школы» or «Выбранные школы» (roadmaps/targeted.py)."""
        # A form sent without the choice (an older page, a script) keeps what the measure had.
        scope = data["scope"] = data.get("scope") or self.instance.scope or MeasureScope.ALL
        if scope != MeasureScope.SELECTED:
            data["target_schools"] = School.objects.none()
            return
        schools = data.get("target_schools")
        if self.roadmap.school_id:
            self.add_error(
                "scope", "Это план одной школы: выбирать школы можно в муниципальной дорожной карте."
            )
        elif schools is not None and not schools:
            self.add_error("target_schools", "Выберите хотя бы одну школу или укажите «Все школы».")
        if not data.get("target_kind"):
            self.add_error("target_kind", "Укажите вид адресной меры.")
        if schools and (problem := targets_kept_problem(measure=self.instance, scope=scope, schools=schools)):
            self.add_error("target_schools", problem)

    def clean_basis_year(self) -> int | None:
        year = self.cleaned_data.get("basis_year")
        last = self.roadmap.period_end.year
        if year is not None and not 2015 <= year <= last:
            raise ValidationError(f"Год ВПР — от 2015 до {last} (год окончания плана).")
        return year

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
        if measure.scope == MeasureScope.SELECTED:
            measure.per_school = True  # each chosen school has its own row
        if not measure.pk:
            last = self.roadmap.measures.order_by("-order").values_list("order", flat=True).first()
            measure.order = (last or 0) + 1
        if commit:
            measure.roadmap = self.roadmap
            measure.save()
            self.save_m2m()
        return measure


class TargetedMeasureForm(MeasureForm):
    """A targeted measure («адресная мера») taken from the objectivity analysis, by the department head or
    a methodist: the schools come prefilled, and only schools the person may choose are offered."""

    class Meta(MeasureForm.Meta):
        fields = [
            "target_kind",
            "title",
            "target_schools",
            "target_teachers",
            "section",
            "number",
            "form",
            "deadline_text",
            "responsible_text",
            "responsible_users",
            "expected_result",
            "basis_year",
        ]
        labels = {**MeasureForm.Meta.labels, "target_schools": "Школы"}

    def __init__(self, *args, roadmap: Roadmap, schools: QuerySet[School], **kwargs) -> None:
        super().__init__(*args, roadmap=roadmap, **kwargs)
        self.instance.scope = MeasureScope.SELECTED
        self.instance.per_school = True
        self.fields["target_schools"].queryset = schools
        self.fields["target_schools"].required = True
        self.fields["target_schools"].help_text = "Строки исполнения будут только у этих школ."
        self.fields["target_kind"].required = True

    def clean(self) -> dict:
        self.cleaned_data["scope"] = MeasureScope.SELECTED
        return super().clean()


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
