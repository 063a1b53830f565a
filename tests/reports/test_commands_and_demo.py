from __future__ import annotations

import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from medals.models import Candidate, MedalDegree, SchoolYearIndicator
from reports.demo import load_reports_demo
from reports.models import DigestPreference, Meeting
from roadmaps.models import Roadmap
from schools.models import Pupil
from tests.factories import MeasureFactory, RoadmapFactory

from .pdf_checks import pdf_text


def test_build_report_writes_the_protocol_of_the_named_meeting(march_meeting, tmp_path):
    out = tmp_path / "protocol.pdf"
    stdout = StringIO()
    call_command(
        "build_report", "protocol-pdf", "--out", str(out), "--meeting", str(march_meeting.pk), stdout=stdout
    )
    assert "ПОВЕСТКА ДНЯ" in pdf_text(out.read_bytes())
    assert f"записано в {out}" in stdout.getvalue()


def test_build_report_takes_the_latest_roadmap_without_an_id(medal_plan, municipality, tmp_path):
    Roadmap.objects.create(
        municipality=municipality,
        title="Старый план",
        period_start=datetime.date(2020, 9, 1),
        period_end=datetime.date(2021, 8, 31),
    )
    out = tmp_path / "matrix.xlsx"
    call_command("build_report", "progress-xlsx", "--out", str(out), stdout=StringIO())
    sheet = load_workbook(io.BytesIO(out.read_bytes()))["Легенда"]
    assert sheet["B1"].value == medal_plan.title


def test_build_report_takes_a_year_for_the_yearly_documents(db, tmp_path):
    with pytest.raises(CommandError, match="Реестр претендентов на медаль: данных пока нет"):
        call_command("build_report", "candidates-xlsx", "--out", str(tmp_path / "c.xlsx"))
    out = tmp_path / "c.xlsx"
    call_command("build_report", "candidates-xlsx", "--out", str(out), "--year", "2024", stdout=StringIO())
    assert load_workbook(io.BytesIO(out.read_bytes())).active.title == "Претенденты на медаль"


def test_build_report_says_what_is_missing(db, tmp_path):
    with pytest.raises(CommandError, match="Совещаний пока нет"):
        call_command("build_report", "protocol-pdf", "--out", str(tmp_path / "p.pdf"))
    with pytest.raises(CommandError, match="Дорожная карта № 5 не найдена или недоступна"):
        call_command("build_report", "roadmap-pdf", "--out", str(tmp_path / "r.pdf"), "--roadmap", "5")


def test_the_demo_prepares_the_march_meeting_once_from_the_medal_data(
    medal_plan, municipality, department_head, methodist_a, head_a, head_b, school_a
):
    SchoolYearIndicator.objects.create(school=school_a, year=2024, graduates=20)
    pupil = Pupil.objects.create(school=school_a, last_name="Ученикова", first_name="Алина", grade=11)
    Candidate.objects.create(pupil=pupil, school=school_a, graduation_year=2024, degree=MedalDegree.FIRST)
    load_reports_demo(municipality=municipality)
    load_reports_demo(municipality=municipality)
    meeting = Meeting.objects.get()
    assert (meeting.roadmap, meeting.date, meeting.chair, meeting.secretary) == (
        medal_plan,
        datetime.date(2024, 3, 15),
        department_head,
        methodist_a,
    )
    assert meeting.items.count() == 14
    assert set(meeting.attendees.all()) == {head_a, head_b}
    row = meeting.school_rows.get(school=school_a)
    assert (row.graduates, row.candidates, row.share) == (20, 1, Decimal("5.0"))
    assert row.corrected_share == (Decimal("0.0") if row.candidates_at_risk else Decimal("5.0"))
    assert DigestPreference.objects.count() == 4


def test_the_demo_also_prepares_the_coming_meeting_of_a_current_copy_of_the_plan(
    medal_plan, municipality, department_head
):
    current = RoadmapFactory(
        municipality=municipality,
        title=medal_plan.title,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
    )
    MeasureFactory(
        roadmap=current,
        number="10.",
        title="Рассмотрение результатов мероприятий с 1-11 пунктов данного плана на совещании",
        deadline_end=datetime.date(2027, 3, 15),
    )
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC), tick=False):
        load_reports_demo(municipality=municipality)
        load_reports_demo(municipality=municipality)
    assert sorted(Meeting.objects.values_list("date", "year")) == [
        (datetime.date(2024, 3, 15), 2024),
        (datetime.date(2027, 3, 15), 2027),
    ]


def test_the_demo_keeps_preferences_people_have_changed(municipality, head_a):
    DigestPreference.objects.create(user=head_a, frequency=DigestPreference.Frequency.OFF)
    load_reports_demo(municipality=municipality)
    assert DigestPreference.objects.get(user=head_a).frequency == DigestPreference.Frequency.OFF
    assert not Meeting.objects.exists()
