"""The pages that make a mock-exam schedule from a roadmap's appendices: a list, a preview, a confirmation."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Commission, MockExamSchedule
from roadmaps.models import Appendix
from schools.models import User

from ..factories import RoadmapFactory

MANAGERS = ["department_head", "coordinator"]
REFUSED = ["methodist_a", "head_a", "member"]


def _preview_url(appendix: Appendix) -> str:
    return reverse("assessments:appendix_schedule", args=[appendix.pk])


@pytest.mark.parametrize("role", MANAGERS)
def test_the_department_head_and_the_coordinator_see_the_roadmaps_with_appendices(
    client, request, role, seed_appendices
):
    schedule, commission = seed_appendices
    RoadmapFactory(municipality=schedule.roadmap.municipality, title="План без приложений")
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("assessments:appendix_list"))
    page = response.content.decode()
    assert response.status_code == 200 and "Показано: 1 из 1" in page and "План без приложений" not in page
    assert page.count("Создать график из приложения</a>") == 1 and _preview_url(schedule) in page
    assert "состав комиссии" in page and _preview_url(commission) not in page


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_may_not_open_the_appendix_list_or_the_preview(client, request, role, seed_appendices):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("assessments:appendix_list")).status_code == 403
    assert client.get(_preview_url(seed_appendices[0])).status_code == 403
    assert client.post(_preview_url(seed_appendices[0]), {"commission": ""}).status_code == 403
    assert not MockExamSchedule.objects.exists()


def test_the_appendix_of_another_municipality_is_404(client, coordinator):
    other = Appendix.objects.create(roadmap=RoadmapFactory(), title="Приложение №2", rows=[["№"]], order=1)
    client.force_login(coordinator)
    assert client.get(_preview_url(other)).status_code == 404
    assert client.post(_preview_url(other), {"commission": ""}).status_code == 404


def test_the_appendix_list_filters_and_exports_every_appendix_of_the_chosen_year(
    client, coordinator, seed_appendices
):
    client.force_login(coordinator)
    assert (
        "Показано: 0 из 0"
        in client.get(reverse("assessments:appendix_list") + "?q=нет-такого").content.decode()
    )
    response = client.get(reverse("assessments:appendix_list") + "?year=2023&export=xlsx")
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert [(r[3], r[4], r[5]) for r in rows[1:]] == [
        ("график экзаменов", 4, None),
        ("состав комиссии", 6, None),
    ]


def test_the_preview_shows_what_will_be_created_and_saves_nothing(client, coordinator, seed_appendices):
    client.force_login(coordinator)
    response = client.get(_preview_url(seed_appendices[0]))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].fields["commission"].initial == seed_appendices[1]
    assert "Экзамены (4)" in page and "Комиссии по проверке (6 чел.)" in page
    assert page.count("будет создана") == 6 and "20.12.2024 в 11:00" in page
    assert "Дата 20.12.2024 вне периода плана (01.09.2023 – 31.08.2024): проверьте год." in page
    assert "Создать график</button>" in page
    assert (
        not MockExamSchedule.objects.exists() and not User.objects.filter(role="commission_member").exists()
    )


def test_the_preview_without_a_commission_plans_the_schedule_only(client, coordinator, seed_appendices):
    client.force_login(coordinator)
    page = client.get(_preview_url(seed_appendices[0]) + "?commission=").content.decode()
    assert "Комиссия не выбрана: будет создан только график." in page


@pytest.mark.parametrize("role", MANAGERS)
def test_confirming_creates_the_schedule_with_its_commissions_and_warns_about_the_date(
    client, request, role, seed_appendices
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post(
        _preview_url(seed_appendices[0]), {"commission": seed_appendices[1].pk}, follow=True
    )
    schedule = MockExamSchedule.objects.get()
    assert response.redirect_chain[-1][0] == reverse("assessments:schedule_detail", args=[schedule.pk])
    assert (schedule.exams.count(), schedule.commissions.count(), schedule.created_by) == (4, 2, user)
    page = response.content.decode()
    assert "График создан: экзаменов 4, членов комиссии 6 (новых учётных записей 6)." in page
    assert "вне периода плана" in page


def test_the_list_then_links_to_the_created_schedule_instead_of_creating_again(
    client, coordinator, seed_appendices
):
    client.force_login(coordinator)
    client.post(_preview_url(seed_appendices[0]), {"commission": ""})
    schedule = MockExamSchedule.objects.get()
    page = client.get(reverse("assessments:appendix_list")).content.decode()
    assert "График создан:" in page and reverse("assessments:schedule_detail", args=[schedule.pk]) in page
    assert "Создать график из приложения</a>" not in page
    response = client.post(_preview_url(seed_appendices[0]), {"commission": ""})
    assert response.status_code == 400 and "уже создан график" in response.content.decode()
    assert MockExamSchedule.objects.count() == 1 and not Commission.objects.exists()


def test_an_appendix_that_cannot_be_matched_shows_its_errors_and_refuses_to_save(
    client, coordinator, seed_appendices, seed_schools
):
    seed_schools["uchkent"].delete()
    client.force_login(coordinator)
    preview = client.get(_preview_url(seed_appendices[0])).content.decode()
    message = (
        "Приложение №3, строка 6, столбец «Наименование ОО»: школа «МКОУ «Учкентская СОШ»» не найдена "
        "среди действующих школ муниципалитета."
    )
    assert message in preview and "Создать график</button>" not in preview
    response = client.post(_preview_url(seed_appendices[0]), {"commission": seed_appendices[1].pk})
    assert response.status_code == 400 and message in response.content.decode()
    assert (
        not MockExamSchedule.objects.exists() and not User.objects.filter(role="commission_member").exists()
    )


def test_a_commission_appendix_of_another_roadmap_cannot_be_chosen(client, coordinator, seed_appendices):
    other = Appendix.objects.create(
        roadmap=RoadmapFactory(municipality=coordinator.municipality), title="Приложение №3", rows=[], order=1
    )
    client.force_login(coordinator)
    response = client.post(_preview_url(seed_appendices[0]), {"commission": other.pk})
    assert response.status_code == 400 and "Выберите корректный вариант" in response.content.decode()
    assert not MockExamSchedule.objects.exists()
