from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from assessments.models import Subject
from common.forms import DATE_WIDGET, check_at_most
from schools.models import School, User

from .importers.issued import last_graduation_year
from .importers.uploads import upload_problem
from .models import WRITTEN_WORKS, Candidate, ExamForm, SchoolYearIndicator, WorkKind
from .rechecks import RECHECK_MARKS

ACCEPT = ".xlsx,.xls,.csv"


class UploadForm(forms.Form):
    school = forms.ModelChoiceField(label="Школа", queryset=School.objects.none(), empty_label=None)
    file = forms.FileField(
        label="Файл",
        help_text="Таблица .xlsx или .csv (UTF-8 или Windows-1251, разделитель «;» или «,») по шаблону.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        allow_empty_file=True,  # upload_problem names the empty file itself
    )

    graduation_year = forms.IntegerField(
        label="Год выпуска",
        required=False,
        help_text="Только для реестра без столбца «Учебный год»: год выпуска 11-х классов. "
        "Пусто — текущий учебный год.",
    )

    def __init__(self, *args, schools, kind: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools.order_by("short_name")
        if kind == "issued":  # the year whose graduates the medals are of
            year = self.fields["graduation_year"]
            year.required, year.initial = True, last_graduation_year()
            year.help_text = "Чьи медали в файле: выпускники ищутся среди претендентов этого года выпуска."
        elif kind != "candidates":
            del self.fields["graduation_year"]

    def clean_graduation_year(self):
        year = self.cleaned_data["graduation_year"]
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(f"Укажите год выпуска от {FIRST_YEAR} до {LAST_YEAR}.")
        return year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        head = upload.read(8)
        upload.seek(0)
        problem = upload_problem(name=upload.name or "файл", size=upload.size, head=head)
        if problem:
            raise ValidationError(problem)
        return upload


# The graduation years a page or a form takes: a number outside is a slip of the keyboard or a probe.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearForm(forms.Form):
    """The year asked for in a page's query."""

    year = forms.IntegerField(label="Год выпуска", min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)


class RecheckProposeForm(forms.Form):
    """Whose works to propose for re-checking: one school the person may change, or all of them."""

    school = forms.ModelChoiceField(
        label="Школа",
        queryset=School.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Школа для перепроверки не найдена среди ваших школ."},
    )

    def __init__(self, *args, schools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class NotebookMarkForm(forms.Form):
    subject = forms.ModelChoiceField(label="Предмет", queryset=Subject.objects.all())
    work_date = forms.DateField(label="Дата работы", widget=DATE_WIDGET)
    work_kind = forms.ChoiceField(
        label="Вид работы", choices=[(k, WorkKind(k).label) for k in WRITTEN_WORKS], initial=WorkKind.CONTROL
    )
    # No mark is chosen in advance: an untouched field must not record a «5» nobody gave.
    mark = forms.ChoiceField(
        label="Отметка в тетради",
        choices=[("", "— выберите —")] + [(m, m) for m in ("5", "4", "3", "2", "зач", "н/а")],
    )
    teacher = forms.CharField(label="Учитель", max_length=150, required=False)


class RecheckEditForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label="Член комиссии",
        queryset=User.objects.none(),
        required=False,
        help_text="Только члены комиссии не из школы претендента.",
    )
    excluded = forms.BooleanField(label="Исключить из списка перепроверки", required=False)
    close = forms.BooleanField(
        label="Закрыть перепроверку работы",
        required=False,
        help_text="Отметка члена комиссии становится окончательной: исправить её он больше не сможет.",
    )
    note = forms.CharField(label="Примечание", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = members.order_by("last_name", "first_name")
        self.fields["assigned_to"].label_from_instance = lambda u: f"{u.short_name} ({u.school or 'УО'})"


class MemberRecheckForm(forms.Form):
    # Empty until the member chooses: an untouched form used to record «2».
    mark = forms.ChoiceField(
        label="Отметка при перепроверке",
        choices=[("", "— выберите отметку —")] + [(m, m) for m in RECHECK_MARKS],
        error_messages={"required": "Выберите отметку: 2, 3, 4 или 5."},
    )
    comment = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = SchoolYearIndicator
        fields = ["graduates", "medalists", "medalists_ege_below_70"]

    def clean(self) -> dict:
        data = super().clean()
        check_at_most(
            self, data, "medalists_ege_below_70", "medalists", "Не может быть больше числа медалистов."
        )
        check_at_most(
            self, data, "medalists", "graduates", "Медалистов не может быть больше, чем выпускников."
        )
        return data


class CandidateExamForm(forms.ModelForm):
    """ЕГЭ or ГВЭ, and the ГВЭ marks the medal rule reads."""

    class Meta:
        model = Candidate
        fields = ["exam_form", "gve_russian", "gve_math"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("exam_form") != ExamForm.GVE and (data.get("gve_russian") or data.get("gve_math")):
            self.add_error("exam_form", "Отметки ГВЭ вносятся только для формы ГИА «ГВЭ».")
        return data


class IssuedSchoolForm(forms.Form):
    """Whose graduates' medals to record: a school the person may change, and the graduation year."""

    school = forms.ModelChoiceField(
        label="Школа",
        queryset=School.objects.none(),
        error_messages={"invalid_choice": "Школа не найдена среди ваших школ."},
    )
    year = forms.IntegerField(label="Год выпуска", min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args, schools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools.order_by("short_name")
