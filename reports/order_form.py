"""The form that orders a report: it asks only what the chosen kind needs, with defaults of the current
school year.

roadmap for the roadmap document and the progress matrix, meeting for the protocol, a school year for
the mock-exam schedule and the candidates' register, a ВПР year for the objectivity analysis. The
template shows each field only for the kinds that use it (``KIND_FIELDS``); the server reads only the
fields of the chosen kind, so a value left in a hidden field changes nothing.
"""

from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from assessments.models import MockExamSchedule, VprTest
from roadmaps.models import Roadmap
from schools.dates import school_year_start
from schools.models import User

from .access import meetings_visible, roadmaps_for_reports
from .models import ReportJob

Kind = ReportJob.Kind
# Kind names as strings: the .docx kinds (roadmap-docx, protocol-docx, mock-exams-docx) are listed
# here before or after they exist; a kind that is not a ReportJob.Kind is simply never offered.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "protocol-pdf": ("meeting",),
    "protocol-docx": ("meeting",),
    "roadmap-pdf": ("roadmap",),
    "roadmap-docx": ("roadmap",),
    "progress-xlsx": ("roadmap",),
    "mock-exams-pdf": ("school_year",),
    "mock-exams-docx": ("school_year",),
    "candidates-xlsx": ("school_year",),
    "objectivity-xlsx": ("vpr_year",),
}
# The kinds that print one mock-exam schedule: ordered from a schedule's page they carry that schedule's
# id («schedule», a hidden field), so exactly the schedule on screen is printed, not the latest of its year.
SCHEDULE_KINDS = {"mock-exams-pdf", "mock-exams-docx"}
YEARS_BACK = 6


def _school_year_choices(today) -> list[tuple[int, str]]:
    start = school_year_start(today)
    return [(year, f"{year}-{year + 1} учебный год") for year in range(start + 1, start - YEARS_BACK, -1)]


def current_roadmap_first(roadmaps):
    """Approved plans first, then drafts, archived last; within each the plan of the current period."""
    today = timezone.localdate()
    return roadmaps.annotate(
        rank=Case(
            When(status=Roadmap.Status.APPROVED, then=Value(0)),
            When(status=Roadmap.Status.DRAFT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        current=Case(
            When(Q(period_start__lte=today, period_end__gte=today), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    ).order_by("rank", "current", "-period_start", "-pk")


class ReportOrderForm(forms.Form):
    kind = forms.ChoiceField(label="Отчёт")
    roadmap = forms.ModelChoiceField(label="Дорожная карта", queryset=Roadmap.objects.none(), required=False)
    meeting = forms.ModelChoiceField(label="Совещание", queryset=None, required=False)
    school_year = forms.TypedChoiceField(label="Учебный год", coerce=int, required=False)
    vpr_year = forms.TypedChoiceField(label="Год ВПР", coerce=int, required=False)
    schedule = forms.ModelChoiceField(
        label="График пробных экзаменов",
        queryset=MockExamSchedule.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "График пробных экзаменов не найден или недоступен."},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["kind"].choices = [(v, label) for v, label in Kind.choices if v in KIND_FIELDS]
        roadmaps = current_roadmap_first(roadmaps_for_reports(user))
        self.fields["roadmap"].queryset = roadmaps
        self.fields["roadmap"].initial = roadmaps.values_list("pk", flat=True).first()
        meetings = meetings_visible(user).order_by("-date", "-pk")
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].initial = meetings.values_list("pk", flat=True).first()
        self.fields["school_year"].choices = _school_year_choices(today)
        self.fields["school_year"].initial = school_year_start(today)
        vpr_years = VprTest.objects.all()
        if user.municipality_id:
            vpr_years = vpr_years.filter(municipality=user.municipality_id)
        years = sorted(set(vpr_years.values_list("year", flat=True)), reverse=True)
        self.fields["vpr_year"].choices = [(year, str(year)) for year in years] or [
            (today.year, str(today.year))
        ]
        self.fields["vpr_year"].initial = next((y for y in years if y <= today.year), today.year)
        schedules = MockExamSchedule.objects.all()
        if user.municipality_id:
            schedules = schedules.filter(municipality=user.municipality_id)
        elif not user.is_superuser:
            schedules = schedules.none()
        self.fields["schedule"].queryset = schedules
        for name, field in self.fields.items():
            if name not in ("kind", "schedule"):
                field.kinds = " ".join(kind for kind, needs in KIND_FIELDS.items() if name in needs)
        if self.is_bound:
            # Only the chosen kind's fields are read: a value left in another kind's field changes nothing.
            needs = KIND_FIELDS.get(self.data.get("kind"), ())
            if self.data.get("kind") in SCHEDULE_KINDS:
                needs = (*needs, "schedule")
            for name in [name for name in self.fields if name != "kind" and name not in needs]:
                del self.fields[name]

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        needs = KIND_FIELDS.get(kind, ())
        if "meeting" in needs and not data.get("meeting"):
            self.add_error("meeting", "Выберите совещание, протокол которого нужно напечатать.")
        if "roadmap" in needs and not data.get("roadmap"):
            self.add_error("roadmap", "Выберите дорожную карту.")
        if "school_year" in needs and not data.get("school_year"):
            self.add_error("school_year", "Выберите учебный год.")
        if "vpr_year" in needs and not data.get("vpr_year"):
            self.add_error("vpr_year", "Выберите год ВПР.")
        return data

    def params(self) -> dict:
        data = self.cleaned_data
        needs = KIND_FIELDS[data["kind"]]
        if "meeting" in needs:
            return {"meeting": data["meeting"].pk}
        if "roadmap" in needs:
            return {"roadmap": data["roadmap"].pk}
        if data.get("schedule"):  # the schedule on screen, whatever else its school year holds
            return {"schedule": data["schedule"].pk, "year": data["school_year"]}
        if "school_year" in needs:
            start = data["school_year"]
            # Candidates are counted by the year they graduate: the spring of the school year.
            return {"year": start + 1 if data["kind"] == "candidates-xlsx" else start}
        return {"year": data["vpr_year"]}
