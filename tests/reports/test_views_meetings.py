from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import Meeting, ReportJob
from schools.models import User
from tests.factories import MunicipalityFactory, RoadmapFactory, UserFactory

from .conftest import measure_numbered


def test_the_department_head_is_offered_to_prepare_a_meeting(client, department_head, medal_plan):
    client.force_login(department_head)
    page = client.get(reverse("reports:meeting_list")).content.decode()
    assert reverse("reports:meeting_new") in page
    assert "Совещаний пока нет" in page


def test_a_methodist_reads_meetings_but_does_not_prepare_them(client, methodist_a, march_meeting, medal_plan):
    client.force_login(methodist_a)
    page = client.get(reverse("reports:meeting_list")).content.decode()
    assert reverse("reports:meeting_detail", args=[march_meeting.pk]) in page
    assert reverse("reports:meeting_new") not in page
    assert client.get(reverse("reports:meeting_new"), {"roadmap": medal_plan.pk}).status_code == 403
    detail = client.get(reverse("reports:meeting_detail", args=[march_meeting.pk]))
    assert detail.status_code == 200
    assert reverse("reports:meeting_edit", args=[march_meeting.pk]) not in detail.content.decode()


def test_school_heads_do_not_open_meetings(client, head_a, march_meeting):
    client.force_login(head_a)
    assert client.get(reverse("reports:meeting_detail", args=[march_meeting.pk])).status_code == 403


def test_another_municipality_does_not_see_the_meeting(client, march_meeting):
    stranger = UserFactory(
        role=User.Role.DEPARTMENT_HEAD, municipality=MunicipalityFactory(name="Другой район")
    )
    client.force_login(stranger)
    assert client.get(reverse("reports:meeting_detail", args=[march_meeting.pk])).status_code == 404
    assert client.post(reverse("reports:meeting_print", args=[march_meeting.pk])).status_code == 404


def test_the_new_meeting_form_guesses_the_meeting_row_its_date_and_the_school_heads(
    client, department_head, medal_plan, head_a, head_b
):
    client.force_login(department_head)
    response = client.get(reverse("reports:meeting_new"), {"roadmap": medal_plan.pk})
    form = response.context["form"]
    assert form.initial["measure"] == measure_numbered(medal_plan, "10.")
    assert (form.initial["first"], form.initial["last"]) == (1, 11)
    assert str(form.initial["date"]) == "2024-03-15"
    assert form.initial["all_school_heads"] is True  # one choice, not every head ticked one by one
    assert "attendees" not in form.initial


def test_preparing_the_meeting_fills_the_agenda_from_the_plan(
    client, department_head, medal_plan, head_a, django_capture_on_commit_callbacks
):
    client.force_login(department_head)
    with django_capture_on_commit_callbacks(execute=True):  # no broker here: the job runs inline
        response = _prepare(
            client, department_head, medal_plan, head_a, title="выездного совещания руководителей ОО"
        )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:meeting_detail", args=[meeting.pk])
    assert meeting.items.count() == 14
    assert list(meeting.attendees.all()) == [head_a]
    assert meeting.created_by == department_head
    assert meeting.title == "выездного совещания руководителей ОО"  # as typed: it used to be dropped


def test_a_wrong_scope_is_explained_next_to_the_field(client, department_head, medal_plan):
    client.force_login(department_head)
    response = client.post(
        reverse("reports:meeting_new") + f"?roadmap={medal_plan.pk}",
        {"first": 11, "last": 1, "title": "совещания", "number": "3", "date": "2024-03-15", "place": "с. К"},
    )
    assert response.status_code == 200
    assert "Последний пункт повестки меньше первого." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_be_prepared_on_another_municipalitys_roadmap(client, department_head):
    foreign = RoadmapFactory(municipality=MunicipalityFactory(name="Другой район"))
    client.force_login(department_head)
    assert client.get(reverse("reports:meeting_new"), {"roadmap": foreign.pk}).status_code == 404


def test_the_meeting_page_shows_each_items_execution_and_the_school_table(
    client, department_head, march_meeting
):
    client.force_login(department_head)
    response = client.get(reverse("reports:meeting_detail", args=[march_meeting.pk]))
    items = response.context["items"]
    assert items[0].status.done == 1 and items[0].status.overdue == 1
    assert items[-1].status is None
    page = response.content.decode()
    assert "Повестка дня" in page
    assert "МКОУ «Школа А»" in page
    assert reverse("reports:meeting_print", args=[march_meeting.pk]) in page


def test_the_school_table_exports_to_excel(client, department_head, march_meeting):
    client.force_login(department_head)
    response = client.get(reverse("reports:meeting_detail", args=[march_meeting.pk]), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["Школа", "Выпускников", "Претендентов", "Доля, %"]
    assert sheet["A2"].value == "МКОУ «Школа А»"


def test_the_department_head_edits_the_meeting_and_an_agenda_item(client, department_head, march_meeting):
    client.force_login(department_head)
    response = client.post(
        reverse("reports:meeting_edit", args=[march_meeting.pk]),
        {"title": "совещания", "number": "4", "date": "2024-03-15", "place": "с. Коркмаскала", "year": 2024},
    )
    assert response.status_code == 302
    march_meeting.refresh_from_db()
    assert march_meeting.number == "4"
    item = march_meeting.items.get(order=1)
    client.post(
        reverse("reports:agenda_item_edit", args=[item.pk]),
        {
            "title": item.title,
            "speaker": "Тестова1 М.П.",
            "heard": "",
            "spoke": "Выступление",
            "decided": "Принять",
        },
    )
    item.refresh_from_db()
    assert (item.speaker, item.spoke, item.decided) == ("Тестова1 М.П.", "Выступление", "Принять")


def test_a_methodist_may_not_edit_the_protocol(client, methodist_a, march_meeting):
    client.force_login(methodist_a)
    item = march_meeting.items.first()
    row = march_meeting.school_rows.first()
    assert client.get(reverse("reports:meeting_edit", args=[march_meeting.pk])).status_code == 403
    assert client.post(reverse("reports:agenda_item_edit", args=[item.pk]), {"title": "x"}).status_code == 403
    assert (
        client.post(reverse("reports:meeting_row_edit", args=[row.pk]), {"graduates": 1}).status_code == 403
    )


def test_a_schools_figures_are_edited_inline_and_the_share_is_computed(
    client, department_head, march_meeting
):
    row = march_meeting.school_rows.first()
    client.force_login(department_head)
    url = reverse("reports:meeting_row_edit", args=[row.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert form.lstrip().startswith(f'<tr id="row-{row.pk}">') and 'name="corrected_share"' in form
    response = client.post(
        url,
        {
            "graduates": "20",
            "candidates": "3",
            "candidates_at_risk": "1",
            "corrected_share": "12,5",
            "note": "",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.share, row.corrected_share) == (Decimal("15.0"), Decimal("12.5"))
    assert "15,0" in response.content.decode()


def test_impossible_figures_are_refused_with_the_reason(client, department_head, march_meeting):
    row = march_meeting.school_rows.first()
    client.force_login(department_head)
    response = client.post(
        reverse("reports:meeting_row_edit", args=[row.pk]),
        {"graduates": "10", "candidates": "12", "candidates_at_risk": "", "corrected_share": "140"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Претендентов больше, чем выпускников." in content
    assert "Доля задаётся в процентах: от 0 до 100." in content
    row.refresh_from_db()
    assert (row.graduates, row.candidates, row.corrected_share) == (0, 0, None)


def test_without_javascript_the_figures_are_saved_from_a_page_of_their_own(
    client, department_head, march_meeting
):
    row = march_meeting.school_rows.first()
    client.force_login(department_head)
    url = reverse("reports:meeting_row_edit", args=[row.pk])
    assert "<html" in client.get(url).content.decode()
    response = client.post(url, {"graduates": "30", "candidates": "2"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.share == Decimal("6.7")


def test_printing_the_protocol_orders_a_job_and_opens_its_page(
    client, methodist_a, march_meeting, django_capture_on_commit_callbacks
):
    client.force_login(methodist_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:meeting_print", args=[march_meeting.pk]))
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job_detail", args=[job.pk])
    assert (job.kind, job.params, job.status) == ("protocol-pdf", {"meeting": march_meeting.pk}, "done")


@pytest.mark.parametrize("url_name", ["meeting_list", "index"])
def test_coordinators_open_the_reports_section(client, coordinator, url_name):
    client.force_login(coordinator)
    assert client.get(reverse(f"reports:{url_name}")).status_code == 200


# --- preparing the meeting is a job: the request returns at once ---------------------------


def _prepare(client, department_head, medal_plan, head_a, **changes):
    return client.post(
        reverse("reports:meeting_new") + f"?roadmap={medal_plan.pk}",
        {
            "measure": measure_numbered(medal_plan, "10.").pk,
            "first": 1,
            "last": 11,
            "title": "совещания руководителей общеобразовательных организаций",
            "number": "3",
            "date": "2024-03-15",
            "place": "с. Коркмаскала",
            "chair": department_head.pk,
            "attendees": [head_a.pk],
            **changes,
        },
    )


def test_preparing_the_meeting_queues_the_school_table_and_does_not_build_it_in_the_request(
    client, department_head, medal_plan, head_a, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("reports.jobs.job_enqueue", lambda *, job_id: queued.append(job_id))
    client.force_login(department_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = _prepare(client, department_head, medal_plan, head_a)
    meeting = Meeting.objects.get()
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:meeting_detail", args=[meeting.pk])
    # The request writes the header only: attendees, agenda and the table of schools are the job's.
    assert (meeting.items.count(), meeting.attendees.count(), meeting.school_rows.count()) == (0, 0, 0)
    agenda = {"first": 1, "last": 11, "attendees": [head_a.pk], "all_school_heads": False}
    assert (job.kind, job.params, job.status, job.owner) == (
        "meeting-prepare",
        {"meeting": meeting.pk, "agenda": agenda},
        "queued",
        department_head,
    )
    assert queued == [job.pk]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="meeting-preparing"' in page and 'hx-trigger="every 1s"' in page
    assert "Повестка, список присутствовавших и таблица школ заполняются" in page
    assert "Повестка заполняется из плана" in page


def test_the_preparation_job_builds_the_agenda_once_and_adds_the_heads_of_now(
    client, department_head, medal_plan, head_a, head_b, methodist_a, monkeypatch
):
    """Run again (a worker that died after the agenda), the job adds nothing twice; «all school heads» are
    the heads when the job runs, and a person who left the municipality meanwhile is not added."""
    from reports.jobs import job_retry, job_run

    monkeypatch.setattr("reports.jobs.job_enqueue", lambda *, job_id: None)
    client.force_login(department_head)
    data = {
        "measure": measure_numbered(medal_plan, "10.").pk, "first": 1, "last": 11, "title": "совещания",
        "number": "5", "date": "2024-03-15", "place": "с. К", "chair": department_head.pk,
        "all_school_heads": "on", "attendees": [methodist_a.pk],
    }  # fmt: skip
    assert client.post(reverse("reports:meeting_new") + f"?roadmap={medal_plan.pk}", data).status_code == 302
    methodist_a.municipality = MunicipalityFactory(name="Соседний район")
    methodist_a.save(update_fields=["municipality"])
    job = ReportJob.objects.get()
    job_run(job_id=job.pk)
    meeting = Meeting.objects.get()
    assert set(meeting.attendees.all()) == {head_a, head_b}
    items = list(meeting.items.values_list("order", "title"))
    assert len(items) == 14 and items[-1][1].startswith("О корректировке показателя доли")
    ReportJob.objects.filter(pk=job.pk).update(status="failed")
    job.refresh_from_db()
    job_retry(job=job)
    job_run(job_id=job.pk)
    assert list(meeting.items.values_list("order", "title")) == items
    assert set(meeting.attendees.all()) == {head_a, head_b}


def test_the_preparation_job_fills_the_school_table_with_progress_and_links_back(
    client, department_head, medal_plan, head_a, school_a, school_b, django_capture_on_commit_callbacks
):
    client.force_login(department_head)
    with django_capture_on_commit_callbacks(execute=True):  # no broker here: the job runs inline
        response = _prepare(client, department_head, medal_plan, head_a)
    meeting = Meeting.objects.get()
    job = ReportJob.objects.get()
    assert (job.status, job.progress, bool(job.file)) == ("done", 100, False)
    assert set(meeting.school_rows.values_list("school_id", flat=True)) == {school_a.pk, school_b.pk}
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="meeting-preparing"' not in page  # done: the table itself is shown
    status = client.get(reverse("reports:job_detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert f'href="{reverse("reports:meeting_detail", args=[meeting.pk])}"' in status.content.decode()
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_the_preparation_job_run_again_adds_nothing_twice(march_meeting, department_head):
    from reports.jobs import job_create, job_run

    before = march_meeting.school_rows.count()
    march_meeting.school_rows.first().delete()
    job = job_create(owner=department_head, kind="meeting-prepare", params={"meeting": march_meeting.pk})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done"
    assert march_meeting.school_rows.count() == before


def test_a_preparation_job_for_a_meeting_of_another_municipality_fails_with_the_reason(march_meeting):
    from reports.jobs import job_create, job_run

    stranger = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=MunicipalityFactory())
    job = job_create(owner=stranger, kind="meeting-prepare", params={"meeting": march_meeting.pk})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "Совещание не найдено: возможно, его удалили.")


def test_refilling_the_figures_is_a_job_too(client, department_head, march_meeting, monkeypatch):
    monkeypatch.setattr("reports.jobs.job_enqueue", lambda *, job_id: None)
    client.force_login(department_head)
    response = client.post(reverse("reports:meeting_prefill", args=[march_meeting.pk]))
    assert response["Location"] == reverse("reports:meeting_detail", args=[march_meeting.pk])
    assert ReportJob.objects.get().kind == "meeting-prepare"
