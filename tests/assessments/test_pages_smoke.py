"""Every page of the section renders on the demo data for each role that serves it.

Who is refused where is the access matrix's (tests/test_access_matrix.py); here the demo's fuller data
must render, page by page, for every role that opens it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.demo import load_assessments_demo
from assessments.models import MockExam, MockExamSchedule, ObserverAssignment, Procedure, Subject, VprTest
from schools.models import User

VIEWERS = {"department_head", "coordinator", "methodist_a", "head_a"}
STAFF = {"department_head", "coordinator", "methodist_a"}
MANAGERS = {"department_head", "coordinator"}
CHECKERS = {"demo_member"}


@pytest.fixture
def demo(municipality, school_a, school_b):
    load_assessments_demo(municipality=municipality)
    return municipality


@pytest.fixture
def demo_member(demo):
    return User.objects.filter(role=User.Role.COMMISSION_MEMBER, checked_mock_works__isnull=False).first()


def _pages(school_a) -> list[tuple[str, set[str]]]:
    schedule = MockExamSchedule.objects.order_by("pk").first()
    exam = MockExam.objects.order_by("starts_at").first()
    test = VprTest.objects.filter(subject__name="Русский язык", grade=5).order_by("-year").first()
    procedure = Procedure.objects.filter(window_start=None).first()
    assignment = ObserverAssignment.objects.first()
    subject = Subject.objects.get(name="Русский язык")
    return [
        (reverse("assessments:index"), VIEWERS | CHECKERS),
        (reverse("assessments:schedule_list"), VIEWERS),
        (reverse("assessments:schedule_list") + "?export=xlsx", VIEWERS),
        (reverse("assessments:schedule_create"), MANAGERS),
        (reverse("assessments:appendix_list"), MANAGERS),
        (reverse("assessments:appendix_list") + "?export=xlsx", MANAGERS),
        (reverse("assessments:schedule_detail", args=[schedule.pk]), VIEWERS),
        (reverse("assessments:schedule_edit", args=[schedule.pk]), MANAGERS),
        (reverse("assessments:schedule_print", args=[schedule.pk]), VIEWERS),
        (reverse("assessments:exam_create", args=[schedule.pk]), MANAGERS),
        (reverse("assessments:commission_edit", args=[schedule.pk, subject.pk]), MANAGERS),
        (reverse("assessments:exam_detail", args=[exam.pk]), VIEWERS),
        (reverse("assessments:exam_detail", args=[exam.pk]) + "?export=xlsx", VIEWERS),
        (reverse("assessments:exam_edit", args=[exam.pk]), MANAGERS),
        (reverse("assessments:my_works"), CHECKERS),
        (reverse("assessments:scale_list"), VIEWERS),
        (reverse("assessments:scale_create"), MANAGERS),
        (reverse("assessments:vpr_results"), VIEWERS),
        (reverse("assessments:vpr_results") + "?export=xlsx", VIEWERS),
        (reverse("assessments:vpr_upload"), MANAGERS),
        (reverse("assessments:vpr_template"), MANAGERS),
        (reverse("assessments:ege_results"), VIEWERS),
        (reverse("assessments:ege_results") + "?export=xlsx&year=2024", VIEWERS),
        (reverse("assessments:ege_upload"), MANAGERS),
        (reverse("assessments:ege_template"), MANAGERS),
        (reverse("assessments:objectivity"), VIEWERS),
        (reverse("assessments:objectivity") + "?year=2024&export=xlsx", VIEWERS),
        (reverse("assessments:objectivity_detail", args=[test.pk, school_a.pk]), VIEWERS),
        (reverse("assessments:thresholds_edit"), MANAGERS),
        (reverse("assessments:observer_list"), STAFF),
        (reverse("assessments:observer_list") + "?export=xlsx", STAFF),
        (reverse("assessments:observer_create"), MANAGERS),
        (reverse("assessments:observer_gaps"), STAFF),
        (reverse("assessments:procedure_list"), STAFF),
        (reverse("assessments:procedure_create"), MANAGERS),
        (reverse("assessments:procedure_detail", args=[procedure.pk]), STAFF),
        (reverse("assessments:assignment_report", args=[assignment.pk]), MANAGERS),
        (reverse("assessments:vpr_dates"), VIEWERS),
    ]


@pytest.mark.parametrize("role", ["department_head", "coordinator", "methodist_a", "head_a", "demo_member"])
def test_each_page_renders_the_demo_data_for_the_roles_it_serves(client, request, demo, school_a, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    served = [url for url, allowed in _pages(school_a) if role in allowed]
    assert served
    for url in served:
        response = client.get(url)
        assert response.status_code == 200, f"{role} {url}: {response.status_code}"
