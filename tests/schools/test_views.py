from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roadmaps.models import ProgressStatus
from schools.models import School
from tests.factories import SchoolFactory

LIST = reverse("schools:school_list")


def _detail(school):
    return reverse("schools:school_detail", args=[school.pk])


def test_anonymous_is_sent_to_login_from_the_school_list(client, school_a):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_is_sent_to_login_from_a_school_page(client, school_a):
    response = client.get(_detail(school_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_commission_member_may_not_open_the_schools(client, member, school_b):
    client.force_login(member)
    assert client.get(LIST).status_code == 403
    assert client.get(_detail(school_b)).status_code == 403


@pytest.mark.parametrize("user", ["department_head", "coordinator"])
def test_department_head_and_coordinator_see_every_school(client, request, user, school_a, school_b):
    client.force_login(request.getfixturevalue(user))
    response = client.get(LIST)
    assert response.status_code == 200
    assert [s.school for s in response.context["summaries"]] == [school_a, school_b]
    assert "Показано: 2 из 2" in response.content.decode()


def test_methodist_sees_only_curated_schools_in_the_list(client, methodist_a, school_a, school_b):
    client.force_login(methodist_a)
    response = client.get(LIST)
    assert [s.school for s in response.context["summaries"]] == [school_a]
    assert school_b.short_name not in response.content.decode()


def test_school_head_sees_only_own_school_in_the_list(client, head_a, school_a, school_b):
    client.force_login(head_a)
    response = client.get(LIST)
    assert [s.school for s in response.context["summaries"]] == [school_a]


def test_school_head_opens_own_school_page(client, head_a, school_a):
    client.force_login(head_a)
    response = client.get(_detail(school_a))
    assert response.status_code == 200
    assert school_a.full_name in response.content.decode()


def test_school_head_gets_404_for_another_schools_page(client, head_a, school_b):
    client.force_login(head_a)
    assert client.get(_detail(school_b)).status_code == 404


def test_methodist_gets_404_for_a_school_they_do_not_curate(client, methodist_a, school_b):
    client.force_login(methodist_a)
    assert client.get(_detail(school_b)).status_code == 404


def test_school_page_names_the_head_and_counts_progress(
    client, department_head, head_a, school_a, progress_a
):
    progress_a.status = ProgressStatus.DONE
    progress_a.save()
    client.force_login(department_head)
    response = client.get(_detail(school_a))
    html = response.content.decode()
    assert head_a.full_name in html
    assert response.context["summary"].done == 1
    assert f"?school={school_a.pk}&status=done" in html


def test_school_list_searches_by_name_or_exact_code(client, department_head, school_a, school_b):
    client.force_login(department_head)
    by_name = client.get(LIST, {"q": "Школа А"})
    assert [s.school for s in by_name.context["summaries"]] == [school_a]
    by_code = client.get(LIST, {"q": "b001"})
    assert [s.school for s in by_code.context["summaries"]] == [school_b]


def test_school_list_filters_by_kind(client, department_head, municipality, school_a):
    lyceum = SchoolFactory(municipality=municipality, kind=School.Kind.LYCEUM, short_name="МБОУ «Лицей №2»")
    client.force_login(department_head)
    response = client.get(LIST, {"kind": "lyceum"})
    assert [s.school for s in response.context["summaries"]] == [lyceum]


def test_school_list_says_what_to_do_when_nothing_is_found(client, department_head, school_a):
    client.force_login(department_head)
    response = client.get(LIST, {"q": "нет такой"})
    assert "Школ не найдено. Измените условия поиска." in response.content.decode()


def test_school_list_export_is_the_filtered_list_with_counts(
    client, methodist_a, school_a, progress_a, progress_b
):
    progress_a.status = ProgressStatus.NOT_REQUIRED
    progress_a.save()
    client.force_login(methodist_a)
    response = client.get(LIST, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''schools.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["Код", "Краткое наименование", "Полное наименование", "Тип", "Всего строк"]
    assert len(rows) == 2
    assert rows[1] == ["A001", "МКОУ «Школа А»", school_a.full_name, "СОШ", 1, 0, 0, 0, 0, 1, 100]


def test_school_list_is_paginated(client, department_head, municipality):
    for n in range(55):
        SchoolFactory(municipality=municipality, short_name=f"МКОУ «СОШ №{n:02d}»")
    client.force_login(department_head)
    first = client.get(LIST)
    assert len(first.context["summaries"]) == 50
    assert "Стр. 1 из 2" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["summaries"]) == 5
