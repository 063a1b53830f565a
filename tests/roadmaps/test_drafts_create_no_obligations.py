"""Issue 13, trap 3: only an approved plan creates obligations; «active» and «overdue» are defined once.

Importing a 2021 plan as a draft raised the head's overdue count from 17 to 140. A draft's measures now
count nowhere (dashboard, school counts, reminders, the protocol, the execution matrix) and the draft is
listed as a draft; an archived roadmap is read-only everywhere.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from reports.digests import digest_for_user, digest_rows
from reports.documents import matrix_status, progress_matrix
from reports.meetings import agenda_status
from roadmaps.models import Progress, ProgressStatus, Roadmap
from roadmaps.progress import (
    ACTIVE_ROADMAP_STATUSES,
    OVERDUE,
    active_roadmaps_q,
    deadline_missed,
    is_overdue,
    obligations_q,
    overdue_q,
    progress_sync_for_measure,
    school_summaries,
)
from schools.models import School
from tests.factories import MeasureFactory, RoadmapFactory

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
TODAY = datetime.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2024, 3, 1, 12, 0, tzinfo=MOSCOW), tick=False)


@pytest.fixture
def plans(municipality, school_a, school_b):
    """An approved plan with one overdue measure, and a 2021 draft with three long-overdue ones."""
    approved = RoadmapFactory(municipality=municipality, status=Roadmap.Status.APPROVED)
    late = MeasureFactory(roadmap=approved, number="1", deadline_end=datetime.date(2024, 2, 15))
    progress_sync_for_measure(measure=late)
    draft = RoadmapFactory(
        municipality=municipality,
        status=Roadmap.Status.DRAFT,
        title="План на 2021 год",
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 12, 31),
    )
    for number in ("1", "2", "3"):
        old = MeasureFactory(
            roadmap=draft, number=number, title=f"Старое {number}", deadline_end=datetime.date(2021, 5, 1)
        )
        progress_sync_for_measure(measure=old)
    return approved, draft


def test_active_means_approved_only():
    assert ACTIVE_ROADMAP_STATUSES == (Roadmap.Status.APPROVED,)


@pytest.mark.parametrize(
    ("roadmap_status", "overdue"),
    [(Roadmap.Status.APPROVED, True), (Roadmap.Status.DRAFT, False), (Roadmap.Status.ARCHIVED, False)],
)
def test_the_one_definition_of_overdue_needs_an_active_roadmap(roadmap_status, overdue):
    assert (
        deadline_missed(
            status=ProgressStatus.NOT_STARTED,
            deadline=datetime.date(2024, 2, 1),
            today=TODAY,
            roadmap_status=roadmap_status,
        )
        is overdue
    )


def test_query_and_memory_definitions_agree(plans):
    rows = Progress.objects.select_related("measure__roadmap")
    in_query = set(rows.filter(overdue_q(TODAY)).values_list("pk", flat=True))
    in_memory = {p.pk for p in rows if is_overdue(p, TODAY)}
    assert in_query == in_memory and len(in_query) == 2  # the approved plan's row of each school


def test_draft_rows_are_not_obligations(plans):
    approved, draft = plans
    assert set(Roadmap.objects.filter(active_roadmaps_q())) == {approved}
    assert not Progress.objects.filter(obligations_q(), measure__roadmap=draft).exists()


def test_dashboard_counts_only_the_approved_plan_and_lists_the_draft(client, plans, department_head):
    client.force_login(department_head)
    response = client.get(reverse("dashboard"))
    assert response.context["overdue_count"] == 2
    assert [s.overdue for s in response.context["summaries"]] == [1, 1]
    assert [s.total for s in response.context["summaries"]] == [1, 1]
    drafts = response.content.decode().split('data-testid="draft-roadmaps"')[1]
    assert "План на 2021 год" in drafts and "черновик" in drafts


def test_school_counts_leave_drafts_out(plans, school_a):
    (summary,) = school_summaries([school_a], TODAY)
    assert (summary.total, summary.overdue, summary.not_started) == (1, 1, 0)


def test_a_draft_roadmaps_own_counts_do_not_say_overdue(plans, school_a):
    _, draft = plans
    (summary,) = school_summaries([school_a], TODAY, roadmap=draft)
    assert (summary.total, summary.overdue, summary.not_started) == (3, 0, 3)


def test_the_measure_list_shows_obligations_only(client, plans, department_head):
    client.force_login(department_head)
    rows = list(client.get(reverse("roadmaps:measure_list")).context["page"])
    assert {p.measure.roadmap.status for p in rows} == {Roadmap.Status.APPROVED}


def test_reminders_leave_drafts_out(plans, head_a, department_head):
    rows = digest_rows(user=head_a, local_date=TODAY)
    assert {p.measure.roadmap.status for p in rows.select_related("measure__roadmap")} == {"approved"}
    assert digest_for_user(user=department_head, local_date=TODAY).overdue == 2


def test_the_protocol_status_of_a_draft_item_counts_nothing(plans):
    approved, draft = plans
    status = agenda_status(
        measure_ids=list(draft.measures.values_list("pk", flat=True))
        + list(approved.measures.values_list("pk", flat=True)),
        as_of=TODAY,
    )
    assert set(status) == set(approved.measures.values_list("pk", flat=True))
    assert status[approved.measures.get().pk].overdue == 2


def test_the_execution_matrix_of_a_draft_shows_no_overdue(plans):
    _, draft = plans
    document = progress_matrix(roadmap=draft, schools=School.objects.all(), as_of=TODAY)
    assert OVERDUE not in {code for m in document.measures for code in m.cells}
    assert (
        matrix_status(status="in_progress", deadline=TODAY, as_of=TODAY, roadmap_status="approved") != OVERDUE
    )


def test_no_other_module_defines_active_or_overdue_again():
    """«Active roadmap» was defined three times and «overdue» three times: now only in roadmaps.progress."""
    statuses_list = re.compile(
        r"Status\.DRAFT,\s*Roadmap\.Status\.APPROVED|Status\.APPROVED,\s*Roadmap\.Status\.DRAFT"
    )
    overdue_by_hand = re.compile(
        r"deadline_end__lt\b|deadline\s*<\s*(as_of|today)|deadline_end\s*<\s*(as_of|today)"
    )
    offenders = []
    for app in ("roadmaps", "reports", "medals", "assessments", "schools", "portal"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts or (path.name == "progress.py" and app == "roadmaps"):
                continue
            text = path.read_text(encoding="utf-8")
            if statuses_list.search(text) or overdue_by_hand.search(text):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


# --- the roadmap page: «Утвердить» for drafts only; an archived roadmap is read-only ------------------


def test_approve_is_offered_for_drafts_only(client, plans, department_head):
    approved, draft = plans
    client.force_login(department_head)
    approve = reverse("roadmaps:roadmap_approve", args=[approved.pk])
    assert approve not in client.get(reverse("roadmaps:roadmap_detail", args=[approved.pk])).content.decode()
    draft_approve = reverse("roadmaps:roadmap_approve", args=[draft.pk])
    page = client.get(reverse("roadmaps:roadmap_detail", args=[draft.pk])).content.decode()
    assert draft_approve in page and 'data-testid="draft-note"' in page
    response = client.post(
        approve, {"approved_by": "Начальник", "order_number": "2", "order_date": "2024-01-01"}, follow=True
    )
    assert "уже утверждена" in response.content.decode()


def test_an_archived_roadmap_refuses_every_edit(client, plans, department_head, head_a, school_a):
    approved, _ = plans
    Roadmap.objects.filter(pk=approved.pk).update(status=Roadmap.Status.ARCHIVED)
    measure = approved.measures.get()
    progress = measure.progress.get(school=school_a)
    client.force_login(department_head)
    for name, arg in (
        ("roadmaps:roadmap_edit", approved.pk),
        ("roadmaps:section_create", approved.pk),
        ("roadmaps:measure_create", approved.pk),
        ("roadmaps:measure_edit", measure.pk),
    ):
        assert client.get(reverse(name, args=[arg])).status_code == 403, name
    page = client.get(reverse("roadmaps:roadmap_detail", args=[approved.pk])).content.decode()
    assert reverse("roadmaps:measure_create", args=[approved.pk]) not in page
    assert 'data-testid="archived-note"' in page
    client.force_login(head_a)
    prefix = f"p{progress.pk}"
    data = {f"{prefix}-status": "done", f"{prefix}-comment": "x", f"{prefix}-version": "0"}
    assert client.post(reverse("roadmaps:progress_status", args=[progress.pk]), data).status_code == 403
    response = client.post(
        reverse("roadmaps:progress_detail", args=[progress.pk]),
        {"status": "done", "comment": "x", "version": "0"},
    )
    assert response.status_code == 403
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.NOT_STARTED
    page = client.get(reverse("roadmaps:progress_detail", args=[progress.pk])).content.decode()
    assert 'name="status"' not in page


def test_no_way_in_changes_a_row_of_an_archived_roadmap(plans, school_a, head_a):
    """The rule itself refuses, so the bulk status form and any future page cannot get round it."""
    from roadmaps.progress import ArchivedRoadmapError, progress_update

    approved, _ = plans
    Roadmap.objects.filter(pk=approved.pk).update(status=Roadmap.Status.ARCHIVED)
    progress = Progress.objects.select_related("measure__roadmap").get(
        measure__roadmap=approved, school=school_a
    )
    with pytest.raises(ArchivedRoadmapError, match="в архиве"):
        progress_update(progress=progress, user=head_a, status="in_progress", comment="", expected_version=0)
    progress.refresh_from_db()
    assert progress.version == 0


def test_the_indicator_page_lists_no_oosh(client, municipality, department_head, school_a):
    from schools.models import School as SchoolModel
    from tests.factories import SchoolFactory

    SchoolFactory(municipality=municipality, short_name="МКОУ «ООШ № 5»", kind=SchoolModel.Kind.OOSH)
    client.force_login(department_head)
    page = client.get(reverse("medals:indicator_list")).content.decode()
    assert school_a.short_name.replace("«", "&laquo;") in page or "Школа А" in page
    assert "ООШ № 5" not in page
