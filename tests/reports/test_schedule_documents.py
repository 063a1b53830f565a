"""The PDF and Word buttons of a mock-exam schedule's page print exactly the schedule on screen, not the
latest schedule of its school year."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import MockExam, MockExamSchedule, Subject
from reports.builders import build_document
from reports.models import ReportJob
from reports.order_form import ReportOrderForm

from ..factories import MunicipalityFactory
from .pdf_checks import pdf_text

pytestmark = pytest.mark.django_db


def _schedule(municipality, title, venue):
    schedule = MockExamSchedule.objects.create(
        municipality=municipality, title=title,
        period_start=datetime.date(2025, 9, 1), period_end=datetime.date(2026, 8, 31),
    )
    MockExam.objects.create(
        schedule=schedule, subject=Subject.objects.get(name="Русский язык"), venue=venue,
        starts_at=timezone.make_aware(datetime.datetime(2026, 2, 10, 10, 0)),
    )
    return schedule


def _buttons_form(page: str) -> dict:
    start = page.index('data-testid="schedule-documents"')
    form = page[start:page.index("</form>", start)]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


@pytest.mark.parametrize("kind", ["mock-exams-pdf", "mock-exams-docx"])
def test_the_buttons_print_the_schedule_on_screen(client, department_head, municipality, school_a, kind):
    on_screen = _schedule(municipality, "График пробных ОГЭ для 9 классов", school_a)
    _schedule(municipality, "График пробных ЕГЭ для 11 классов", school_a)  # later one, same school year
    client.force_login(department_head)
    page = client.get(reverse("assessments:schedule_detail", args=[on_screen.pk])).content.decode()
    data = _buttons_form(page)
    assert data["schedule"] == str(on_screen.pk)
    response = client.post(reverse("reports:job_order"), {**data, "kind": kind})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job_detail", args=[job.pk])
    assert job.params["schedule"] == on_screen.pk
    if kind == "mock-exams-pdf":
        built = build_document(kind=kind, params=job.params, owner=department_head)
        flat = " ".join(pdf_text(built.content).split())
        assert "ОГЭ для 9 классов" in flat and "ЕГЭ для 11 классов" not in flat


def test_another_municipalitys_schedule_is_refused(department_head, school_a):
    foreign = _schedule(MunicipalityFactory(name="Другой район"), "Чужой график", school_a)
    form = ReportOrderForm({"kind": "mock-exams-pdf", "school_year": "2025", "schedule": str(foreign.pk)},
                           user=department_head)
    assert not form.is_valid()
    assert form.errors["schedule"] == ["График пробных экзаменов не найден или недоступен."]


def test_without_a_schedule_the_reports_page_still_prints_the_school_year(department_head):
    form = ReportOrderForm({"kind": "mock-exams-pdf", "school_year": "2025"}, user=department_head)
    assert form.is_valid(), form.errors
    assert form.params() == {"year": 2025}
    form = ReportOrderForm({"kind": "candidates-xlsx", "school_year": "2025", "schedule": "999"},
                           user=department_head)
    assert form.is_valid(), form.errors  # another kind's field is not read
    assert form.params() == {"year": 2026}
