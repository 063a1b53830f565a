from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from schools.models import School, User

from .evidence import ACCEPT_ATTRIBUTE
from .models import DeadlineKind, Measure, Progress, Roadmap, Section

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
        self.fields["school"].queryset = (
            School.objects.filter(municipality=municipality) if municipality else School.objects.all()
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


class MeasureForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "section",
            "parent",
            "number",
            "order",
            "title",
            "form",
            "deadline_text",
            "deadline_kind",
            "deadline_start",
            "deadline_end",
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
            "deadline_start": DATE_WIDGET,
            "deadline_end": DATE_WIDGET,
        }
        help_texts = {
            "deadline_text": "Как написано в документе, например «До 15 февраля 2024 года».",
            "deadline_end": "По этой дате считается просрочка.",
        }

    def __init__(self, *args, roadmap: Roadmap, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.roadmap = roadmap
        self.fields["section"].queryset = roadmap.sections.all()
        parents = roadmap.measures.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["responsible_users"].queryset = User.objects.filter(is_active=True).exclude(
            role=User.Role.COMMISSION_MEMBER
        )
        self.fields["responsible_users"].required = False
        self.helper = self._helper()

    def clean(self) -> dict:
        data = super().clean()
        kind, start, end = data.get("deadline_kind"), data.get("deadline_start"), data.get("deadline_end")
        if start and end and end < start:
            self.add_error("deadline_end", "Окончание срока раньше его начала.")
        if kind == DeadlineKind.DATE and not end:
            self.add_error("deadline_end", "Для срока «к дате» укажите дату.")
        if kind == DeadlineKind.RANGE and not (start and end):
            self.add_error("deadline_start", "Для срока-периода укажите начало и окончание.")
        return data


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
