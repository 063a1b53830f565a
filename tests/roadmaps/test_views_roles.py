"""Every roadmaps view for every role: who gets the page, who gets 403, who gets 404."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from roadmaps.evidence import evidence_attach
from roadmaps.models import Evidence, Measure, Progress, ProgressStatus, Roadmap, Section
from roadmaps.progress import progress_sync_for_measure
from schools.models import User
from tests.factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SectionFactory, UserFactory

PDF = b"%PDF-1.4\n%test\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def world(roadmap, measure, progress_a, progress_b, head_a, head_b, school_b):
    section = SectionFactory(roadmap=roadmap)
    return SimpleNamespace(
        roadmap=roadmap,
        measure=measure,
        section=section,
        progress_a=progress_a,
        progress_b=progress_b,
        evidence_a=evidence_attach(progress=progress_a, user=head_a, upload=_pdf("справка А.pdf")),
        evidence_b=evidence_attach(progress=progress_b, user=head_b, upload=_pdf("справка Б.pdf")),
        plan_b=RoadmapFactory(municipality=roadmap.municipality, school=school_b, title="План школы Б"),
    )


# (url name, the object of `world` it names or None[, method]). Who may open which URL at all is the
# access matrix's (tests/test_access_matrix.py); these tests check what the pages do.
CHANGES = [
    ("roadmaps:progress_status", "progress_a"),
    ("roadmaps:progress_detail", "progress_a"),
    ("roadmaps:evidence_upload", "progress_a"),
    ("roadmaps:evidence_remove", "evidence_a"),
]
MANAGER_PAGES = [
    ("roadmaps:roadmap_create", None, "get"),
    ("roadmaps:roadmap_edit", "roadmap", "get"),
    ("roadmaps:roadmap_approve", "roadmap", "get"),
    ("roadmaps:roadmap_archive", "roadmap", "post"),
    ("roadmaps:section_create", "roadmap", "get"),
    ("roadmaps:section_edit", "section", "get"),
    ("roadmaps:measure_create", "roadmap", "get"),
    ("roadmaps:measure_edit", "measure", "get"),
]


def _url(world, name: str, obj: str | None) -> str:
    return reverse(name, args=[getattr(world, obj).pk]) if obj else reverse(name)


def _status_data(progress: Progress, status: str = "done", comment: str = "Выполнено") -> dict:
    prefix = f"p{progress.pk}"
    return {
        f"{prefix}-status": status,
        f"{prefix}-comment": comment,
        f"{prefix}-version": str(progress.version),
    }


def _change(client, world, name: str, obj: str):
    """Make the change that the url stands for, with valid data."""
    url = _url(world, name, obj)
    target = getattr(world, obj)
    if name == "roadmaps:progress_status":
        return client.post(url, _status_data(target), HTTP_HX_REQUEST="true")
    if name == "roadmaps:progress_detail":
        return client.post(url, {"status": "done", "comment": "Выполнено", "version": target.version})
    if name == "roadmaps:evidence_upload":
        return client.post(url, {"file": _pdf("протокол.pdf")})
    return client.post(url)


# --- anonymous and the commission member ----------------------------------------------------------


def test_commission_member_lands_on_their_own_dashboard_without_school_data(client, world, member):
    client.force_login(member)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.templates[0].name == "roadmaps/dashboard_member.html"
    assert "Школа Б" not in response.content.decode().split("</nav>", 1)[1]


def test_the_403_page_says_in_russian_why(client, world, member):
    client.force_login(member)
    response = client.get(reverse("roadmaps:roadmap_list"))
    assert "Этот раздел недоступен для вашей роли." in response.content.decode()


# --- reading: everybody else sees what is theirs ---------------------------------------------------


def test_school_head_sees_only_own_row_on_a_measure(client, world, head_a):
    client.force_login(head_a)
    response = client.get(reverse("roadmaps:measure_detail", args=[world.measure.pk]))
    assert [p for p, _form, _may in response.context["items"]] == [world.progress_a]
    assert "Школа Б" not in response.content.decode()


def test_school_head_sees_own_status_in_the_roadmap_table(client, world, head_a):
    world.progress_a.status = ProgressStatus.IN_PROGRESS
    world.progress_a.save()
    client.force_login(head_a)
    response = client.get(reverse("roadmaps:roadmap_detail", args=[world.roadmap.pk]))
    assert 'data-status="' in response.content.decode()
    (measure,) = response.context["sections"][0][1]
    assert measure.own_progress == world.progress_a


def test_school_head_does_not_see_another_schools_plan_in_the_list(client, world, head_a):
    client.force_login(head_a)
    response = client.get(reverse("roadmaps:roadmap_list"))
    assert list(response.context["page"]) == [world.roadmap]


def test_the_roadmap_list_shows_the_newest_period_first_and_exports_the_same(client, world, department_head):
    newer = RoadmapFactory(
        municipality=world.roadmap.municipality,
        title="План на 2024-2025 учебный год",
        period_start=datetime.date(2024, 9, 1),
        period_end=datetime.date(2025, 8, 31),
        status=Roadmap.Status.DRAFT,
    )
    client.force_login(department_head)
    page = client.get(reverse("roadmaps:roadmap_list"))
    # Newest period first; within a period by title («План мероприятий…» before «План школы Б»).
    assert [r.title for r in page.context["page"]] == [newer.title, world.roadmap.title, "План школы Б"]
    assert [r.n_measures for r in page.context["page"]] == [0, 1, 0]
    drafts = client.get(reverse("roadmaps:roadmap_list"), {"status": "draft"})
    assert list(drafts.context["page"]) == [newer]
    export = client.get(reverse("roadmaps:roadmap_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    exported = [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=2)]
    assert exported == [(newer.title, None), (world.roadmap.title, None), ("План школы Б", "МКОУ «Школа Б»")]


def test_school_head_lists_only_own_rows(client, world, head_a):
    client.force_login(head_a)
    response = client.get(reverse("roadmaps:measure_list"))
    assert list(response.context["page"]) == [world.progress_a]


def test_school_head_downloads_own_evidence_with_its_original_name(client, world, head_a):
    client.force_login(head_a)
    response = client.get(reverse("roadmaps:evidence_download", args=[world.evidence_a.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("role", ["department_head", "coordinator"])
def test_department_head_and_coordinator_see_every_school_on_a_measure(client, request, world, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("roadmaps:measure_detail", args=[world.measure.pk]))
    assert [p for p, _form, _may in response.context["items"]] == [world.progress_a, world.progress_b]
    assert client.get(reverse("roadmaps:progress_detail", args=[world.progress_b.pk])).status_code == 200
    assert client.get(reverse("roadmaps:evidence_download", args=[world.evidence_b.pk])).status_code == 200


def test_coordinator_sees_rows_without_forms_to_change_them(client, world, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("roadmaps:measure_detail", args=[world.measure.pk]))
    assert [may for _p, _form, may in response.context["items"]] == [False, False]
    assert 'data-testid="status-select"' not in response.content.decode()


def test_a_department_head_of_another_municipality_gets_404_on_this_roadmap(client, world):
    stranger = UserFactory(
        role=User.Role.DEPARTMENT_HEAD, municipality=MunicipalityFactory(name="Томский район")
    )
    client.force_login(stranger)
    assert client.get(reverse("roadmaps:roadmap_detail", args=[world.roadmap.pk])).status_code == 404
    assert client.get(reverse("roadmaps:progress_detail", args=[world.progress_a.pk])).status_code == 404


def test_a_department_head_of_another_municipality_gets_404_on_this_departments_own_row(client, world):
    department_measure = MeasureFactory(roadmap=world.roadmap, per_school=False)
    progress_sync_for_measure(measure=department_measure)
    row = department_measure.progress.get()
    stranger = UserFactory(
        role=User.Role.DEPARTMENT_HEAD, municipality=MunicipalityFactory(name="Томский район")
    )
    client.force_login(stranger)
    url = reverse("roadmaps:progress_detail", args=[row.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "done", "comment": "", "version": 0}).status_code == 404
    row.refresh_from_db()
    assert row.version == 0


# --- changing rows -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["head_a", "methodist_a", "department_head"])
@pytest.mark.parametrize(("name", "obj"), CHANGES)
def test_school_head_a_methodist_a_and_department_head_may_change_school_as_rows(
    client, request, world, role, name, obj
):
    client.force_login(request.getfixturevalue(role))
    response = _change(client, world, name, obj)
    assert response.status_code in (200, 302)
    if name == "roadmaps:evidence_remove":
        assert not Evidence.objects.filter(pk=world.evidence_a.pk).exists()
    elif name == "roadmaps:evidence_upload":
        assert world.progress_a.evidence.filter(original_name="протокол.pdf").exists()
    else:
        world.progress_a.refresh_from_db()
        assert world.progress_a.status == ProgressStatus.DONE


def test_school_head_status_change_is_recorded_with_their_name(client, world, head_a):
    client.force_login(head_a)
    response = _change(client, world, "roadmaps:progress_status", "progress_a")
    assert 'data-status="done' in response.content.decode()  # «done» or «done_late», by today's date
    change = world.progress_a.changes.get()
    assert (change.changed_by, change.old_status, change.new_status) == (head_a, "not_started", "done")


def test_a_status_change_needs_post(client, world, head_a):
    client.force_login(head_a)
    assert client.get(reverse("roadmaps:progress_status", args=[world.progress_a.pk])).status_code == 405


def test_an_unknown_status_is_refused_with_400_and_a_russian_message(client, world, head_a):
    client.force_login(head_a)
    response = client.post(
        reverse("roadmaps:progress_status", args=[world.progress_a.pk]),
        _status_data(world.progress_a, status="overdue"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Проверьте значения" in response.content.decode()
    world.progress_a.refresh_from_db()
    assert world.progress_a.version == 0


def test_without_htmx_a_status_change_goes_back_to_the_measure(client, world, head_a):
    client.force_login(head_a)
    response = client.post(
        reverse("roadmaps:progress_status", args=[world.progress_a.pk]), _status_data(world.progress_a)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmaps:measure_detail", args=[world.measure.pk])


def test_methodist_may_change_a_department_row_a_school_head_never_sees_it(
    client, world, methodist_a, head_a
):
    department_measure = MeasureFactory(roadmap=world.roadmap, per_school=False)
    progress_sync_for_measure(measure=department_measure)
    row = department_measure.progress.get()
    client.force_login(head_a)
    assert client.get(reverse("roadmaps:progress_detail", args=[row.pk])).status_code == 404
    client.force_login(methodist_a)
    response = client.post(
        reverse("roadmaps:progress_detail", args=[row.pk]),
        {"status": "in_progress", "comment": "", "version": 0},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == ProgressStatus.IN_PROGRESS


# --- managing roadmaps: the department head only --------------------------------------------------


@pytest.mark.parametrize(("name", "obj", "method"), [p for p in MANAGER_PAGES if p[2] == "get"])
def test_department_head_gets_every_form_drawn_by_crispy(client, world, department_head, name, obj, method):
    Roadmap.objects.filter(pk=world.roadmap.pk).update(status=Roadmap.Status.DRAFT)  # approving needs a draft
    client.force_login(department_head)
    response = client.get(_url(world, name, obj))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="mb-3"' in html and 'id="div_id_' in html
    assert 'type="submit"' in html


def test_department_head_creates_a_roadmap_of_their_municipality(client, department_head, municipality):
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:roadmap_create"),
        {
            "title": "Дорожная карта на 2024-2025 учебный год",
            "period_start": "2024-09-01",
            "period_end": "2025-08-31",
        },
    )
    roadmap = Roadmap.objects.get(title="Дорожная карта на 2024-2025 учебный год")
    assert response["Location"] == reverse("roadmaps:roadmap_detail", args=[roadmap.pk])
    assert (roadmap.municipality, roadmap.status, roadmap.created_by) == (
        municipality,
        Roadmap.Status.DRAFT,
        department_head,
    )


def test_a_roadmap_ending_before_it_starts_is_refused_next_to_the_field(client, department_head):
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:roadmap_create"),
        {"title": "Неверный период", "period_start": "2024-09-01", "period_end": "2024-08-31"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"] == ["Конец периода раньше его начала."]
    assert not Roadmap.objects.filter(title="Неверный период").exists()


def test_department_head_edits_a_roadmap(client, world, department_head):
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:roadmap_edit", args=[world.roadmap.pk]),
        {"title": "Новое название", "period_start": "2023-09-01", "period_end": "2024-08-31"},
    )
    assert response.status_code == 302
    world.roadmap.refresh_from_db()
    assert world.roadmap.title == "Новое название"


def test_department_head_approves_a_roadmap_with_approver_order_number_and_date(
    client, world, department_head
):
    world.roadmap.status = Roadmap.Status.DRAFT
    world.roadmap.save()
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:roadmap_approve", args=[world.roadmap.pk]),
        {
            "approved_by": "Начальник УО Начальникова М.П.",
            "order_number": "45-од",
            "order_date": "2023-09-15",
        },
    )
    assert response.status_code == 302
    world.roadmap.refresh_from_db()
    assert world.roadmap.status == Roadmap.Status.APPROVED
    assert (world.roadmap.approved_by, world.roadmap.order_number, world.roadmap.order_date) == (
        "Начальник УО Начальникова М.П.",
        "45-од",
        datetime.date(2023, 9, 15),
    )
    assert world.roadmap.approved_at is not None
    page = client.get(reverse("roadmaps:roadmap_detail", args=[world.roadmap.pk])).content.decode()
    assert "приказ № 45-од от 15 сентября 2023 г." in page


def test_approving_needs_every_field(client, world, department_head):
    Roadmap.objects.filter(pk=world.roadmap.pk).update(status=Roadmap.Status.DRAFT)
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:roadmap_approve", args=[world.roadmap.pk]),
        {"approved_by": "", "order_number": "", "order_date": ""},
    )
    assert set(response.context["form"].errors) == {"approved_by", "order_number", "order_date"}


def test_department_head_archives_a_roadmap_and_it_leaves_the_lists(client, world, department_head):
    client.force_login(department_head)
    assert client.get(reverse("roadmaps:roadmap_archive", args=[world.roadmap.pk])).status_code == 405
    response = client.post(reverse("roadmaps:roadmap_archive", args=[world.roadmap.pk]))
    assert response.status_code == 302
    world.roadmap.refresh_from_db()
    assert world.roadmap.status == Roadmap.Status.ARCHIVED
    assert world.roadmap.archived_at is not None
    assert not list(client.get(reverse("roadmaps:measure_list")).context["page"])


def test_an_archived_roadmap_cannot_be_approved(client, world, department_head):
    world.roadmap.status = Roadmap.Status.ARCHIVED
    world.roadmap.save()
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:roadmap_approve", args=[world.roadmap.pk]),
        {"approved_by": "Начальник", "order_number": "1", "order_date": "2024-01-01"},
        follow=True,
    )
    assert "Дорожная карта в архиве: её нельзя утвердить." in response.content.decode()
    world.roadmap.refresh_from_db()
    assert world.roadmap.status == Roadmap.Status.ARCHIVED


def test_department_head_adds_and_edits_a_section(client, world, department_head):
    client.force_login(department_head)
    client.post(
        reverse("roadmaps:section_create", args=[world.roadmap.pk]),
        {"number": "II", "title": "Работа с претендентами на медаль", "order": 2},
    )
    section = Section.objects.get(roadmap=world.roadmap, number="II")
    response = client.post(
        reverse("roadmaps:section_edit", args=[section.pk]),
        {"number": "2", "title": "Работа с претендентами", "order": 2},
    )
    assert response["Location"] == reverse("roadmaps:roadmap_detail", args=[world.roadmap.pk])
    section.refresh_from_db()
    assert (section.number, section.title) == ("2", "Работа с претендентами")


def _measure_data(**overrides) -> dict:
    data = {
        "number": "7.1",
        "title": "Проверка тетрадей для контрольных работ претендентов",
        "form": "Выборочная проверка",
        "deadline_text": "До 15 марта 2024 года",
        # The person has seen how this deadline is understood (the form's first step): the post saves.
        "deadline_seen": "До 15 марта 2024 года",
        "responsible_text": "Методисты УО, руководители ОО",
        "expected_result": "Справка",
        "per_school": "on",
    }
    data.update(overrides)
    return data


def test_creating_a_per_school_measure_creates_one_progress_row_per_school(
    client, world, department_head, school_a, school_b, methodist_a
):
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:measure_create", args=[world.roadmap.pk]),
        _measure_data(section=world.section.pk, parent=world.measure.pk, responsible_users=[methodist_a.pk]),
        follow=True,
    )
    measure = Measure.objects.get(number="7.1")
    assert (measure.roadmap, measure.section, measure.parent) == (world.roadmap, world.section, world.measure)
    assert list(measure.responsible_users.all()) == [methodist_a]
    assert sorted(measure.progress.values_list("school", flat=True)) == [school_a.pk, school_b.pk]
    assert "строк исполнения создано: 2" in response.content.decode()


def test_creating_a_department_measure_creates_one_department_row(client, world, department_head):
    client.force_login(department_head)
    data = _measure_data()
    del data["per_school"]
    client.post(reverse("roadmaps:measure_create", args=[world.roadmap.pk]), data)
    measure = Measure.objects.get(number="7.1")
    assert list(measure.progress.values_list("school", flat=True)) == [None]


def test_a_measure_without_a_deadline_is_refused_next_to_the_field(client, world, department_head):
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:measure_create", args=[world.roadmap.pk]),
        _measure_data(deadline_text="", deadline_seen=""),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deadline_text"] == ["Укажите срок так, как он написан в плане."]
    assert not Measure.objects.filter(number="7.1").exists()


def test_a_measure_offers_only_its_own_roadmaps_sections_and_never_itself_as_parent(
    client, world, department_head
):
    other_section = SectionFactory(roadmap=RoadmapFactory(municipality=world.roadmap.municipality))
    client.force_login(department_head)
    response = client.get(reverse("roadmaps:measure_edit", args=[world.measure.pk]))
    form = response.context["form"]
    assert list(form.fields["section"].queryset) == [world.section]
    assert other_section not in form.fields["section"].queryset
    assert world.measure not in form.fields["parent"].queryset


def test_editing_a_measure_into_a_per_school_one_adds_the_school_rows(
    client, world, department_head, school_a
):
    department_measure = MeasureFactory(roadmap=world.roadmap, per_school=False, number="9")
    progress_sync_for_measure(measure=department_measure)
    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:measure_edit", args=[department_measure.pk]), _measure_data(number="9")
    )
    assert response["Location"] == reverse("roadmaps:measure_detail", args=[department_measure.pk])
    schools = set(Progress.objects.filter(measure=department_measure).values_list("school", flat=True))
    assert schools == {None, school_a.pk, world.progress_b.school_id}
