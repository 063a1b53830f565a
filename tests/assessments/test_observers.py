"""Public observers: never at their own school, not in two schools a day; a school without one is a gap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import ObserverAssignment
from assessments.observers import AssignmentError, observer_assign, observer_report, procedure_coverage
from schools.models import School

from .factories import ObserverFactory, ProcedureFactory


@pytest.fixture
def procedure(municipality, school_a, school_b):
    return ProcedureFactory(municipality=municipality, schools=[school_a, school_b])


@pytest.fixture
def observer(municipality, school_b):
    return ObserverFactory(municipality=municipality, school=school_b, last_name="Зоркая", first_name="Алла")


def test_an_observer_is_assigned_to_a_school_of_the_procedure(procedure, observer, school_a):
    assignment = observer_assign(procedure=procedure, school=school_a, observer=observer)
    assert assignment.violations is None


def test_an_observer_who_works_at_the_school_is_refused(procedure, observer, school_b):
    with pytest.raises(
        AssignmentError, match=r"Зоркая А\.И\. работает в МКОУ «Школа Б»: в своей школе наблюдать нельзя\."
    ):
        observer_assign(procedure=procedure, school=school_b, observer=observer)
    assert not ObserverAssignment.objects.exists()


def test_an_observer_is_not_in_two_schools_on_one_day(municipality, procedure, observer, school_a, school_c):
    observer_assign(procedure=procedure, school=school_a, observer=observer)
    other = ProcedureFactory(municipality=municipality, schools=[school_c], held_on=procedure.held_on)
    with pytest.raises(AssignmentError, match="уже назначен в МКОУ «Школа А»"):
        observer_assign(procedure=other, school=school_c, observer=observer)


def test_the_same_assignment_twice_and_a_school_outside_the_procedure_are_refused(
    procedure, observer, school_a, school_c
):
    observer_assign(procedure=procedure, school=school_a, observer=observer)
    with pytest.raises(AssignmentError, match="уже назначен"):
        observer_assign(procedure=procedure, school=school_a, observer=observer)
    with pytest.raises(AssignmentError, match="не участвует в процедуре"):
        observer_assign(procedure=procedure, school=school_c, observer=observer)


def test_a_report_with_violations_needs_their_description(procedure, observer, school_a):
    assignment = observer_assign(procedure=procedure, school=school_a, observer=observer)
    with pytest.raises(AssignmentError, match="опишите их"):
        observer_report(assignment=assignment, violations=True, text=" ")
    observer_report(assignment=assignment, violations=True, text="Подсказки учителя во время работы")
    assignment.refresh_from_db()
    assert assignment.violations is True and assignment.reported_at is not None


def test_a_school_without_an_observer_is_a_gap(procedure, observer, school_a, school_b):
    observer_assign(procedure=procedure, school=school_a, observer=observer)
    coverage = procedure_coverage(procedures=[procedure], schools=School.objects.all())
    assert [(c.school, c.is_gap) for c in coverage] == [(school_a, False), (school_b, True)]


def test_the_coordinator_assigns_on_the_page_and_sees_the_refusal(
    client, coordinator, procedure, observer, school_a, school_b
):
    client.force_login(coordinator)
    url = reverse("assessments:procedure_detail", args=[procedure.pk])
    response = client.post(url, {"school": school_b.pk, "observer": observer.pk})
    assert response.status_code == 400
    assert "в своей школе наблюдать нельзя" in response.content.decode()
    response = client.post(url, {"school": school_a.pk, "observer": observer.pk})
    assert response.status_code == 302 and ObserverAssignment.objects.filter(school=school_a).exists()
    page = client.get(url).content.decode()
    assert "нет наблюдателя" in page and "Школ без наблюдателя: 1." in page


def test_a_methodist_sees_the_procedure_but_may_not_assign(
    client, methodist_a, procedure, observer, school_a
):
    client.force_login(methodist_a)
    url = reverse("assessments:procedure_detail", args=[procedure.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"school": school_a.pk, "observer": observer.pk}).status_code == 403
    assert not ObserverAssignment.objects.exists()


def test_the_report_page_records_the_observers_report(client, coordinator, procedure, observer, school_a):
    assignment = observer_assign(procedure=procedure, school=school_a, observer=observer)
    client.force_login(coordinator)
    url = reverse("assessments:assignment_report", args=[assignment.pk])
    response = client.post(url, {"violations": "yes", "report_text": ""})
    assert "опишите их" in response.content.decode()
    response = client.post(url, {"violations": "no", "report_text": "Всё по регламенту"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.violations, assignment.report_text) == (False, "Всё по регламенту")


def test_the_gaps_page_lists_schools_without_an_observer(
    client, department_head, procedure, school_a, school_b
):
    client.force_login(department_head)
    page = client.get(reverse("assessments:observer_gaps")).content.decode()
    assert "Показано: 2 из 2" in page and "МКОУ «Школа Б»" in page


def test_a_school_head_may_not_open_the_observers_pages(client, head_a, procedure):
    client.force_login(head_a)
    assert client.get(reverse("assessments:procedure_detail", args=[procedure.pk])).status_code == 403
    assert client.get(reverse("assessments:observer_gaps")).status_code == 403


def test_another_municipalitys_procedure_is_404(client, coordinator):
    other = ProcedureFactory()
    client.force_login(coordinator)
    assert client.get(reverse("assessments:procedure_detail", args=[other.pk])).status_code == 404
