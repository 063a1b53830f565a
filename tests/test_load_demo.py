"""`load_demo`: generated people, the seed plans entered faithfully, and idempotent."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from roadmaps.models import MeasureScope, Progress, ProgressStatus, Roadmap
from schools.models import School, User

pytestmark = pytest.mark.django_db(transaction=False)


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo(time_machine):
    time_machine.move_to(date(2026, 11, 24))
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_prints_one_login_per_role_and_loads_every_part(demo):
    check_seed_000_entered_with_its_own_numbering_and_deadlines()
    check_all_three_seed_plans_are_loaded()
    check_about_twelve_schools_of_every_kind_and_a_time_zone()
    check_the_current_plans_have_progress_in_mixed_states()
    for username in (
        "nachalnik",
        "metodist",
        "direktor01",
        "ekspert",
        "koordinator",
        "analitik",
        "nablyudatel",
    ):
        assert username in demo
    assert "demo-pass-2024" in demo
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(User.Role.values)


def test_running_it_twice_changes_nothing(demo):
    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


def test_the_analyst_reads_each_municipality_and_the_observer_finds_their_visits(demo, client):
    """The regional analyst chooses any municipality of the demo and reads its pages; the observer with a
    login finds their bookings, an act they wrote, one the coordinator entered and one still to fill in."""
    from django.urls import reverse

    from assessments.models import ObserverAct, ObserverAssignment
    from schools.models import Municipality

    analyst = User.objects.get(username="analitik")
    client.force_login(analyst)
    for municipality in Municipality.objects.all():
        page = client.get(reverse("assessments:objectivity"), {"municipality": municipality.pk})
        assert page.status_code == 200, municipality.name
        assert 'data-testid="municipality-switcher"' in page.text and municipality.name in page.text
        school = municipality.schools.first()
        assert client.get(reverse("schools:school_detail", args=[school.pk])).status_code == 200
    assert client.post(reverse("assessments:thresholds_edit"), {}).status_code == 403

    observer = User.objects.get(username="nablyudatel")
    bookings = ObserverAssignment.objects.filter(observer__user=observer)
    acts = ObserverAct.objects.filter(assignment__in=bookings)
    assert acts.filter(entered_by=observer).exists() and acts.exclude(entered_by=observer).exists()
    assert bookings.filter(act__isnull=True).exists()
    client.force_login(observer)
    visits = client.get(reverse("assessments:index"))
    assert visits.status_code == 200
    assert all(reverse("assessments:observer_act", args=[b.pk]) in visits.text for b in bookings)
    others = ObserverAssignment.objects.exclude(observer__user=observer).first()
    assert client.get(reverse("assessments:observer_act", args=[others.pk])).status_code == 404


def check_seed_000_entered_with_its_own_numbering_and_deadlines():
    roadmap = Roadmap.objects.get(source_name="000_58e98b430dd7557c.docx")
    # The plan as the document wrote it; the demo's targeted measures («адресные меры») join it later.
    measures = list(roadmap.measures.filter(scope=MeasureScope.ALL).order_by("order"))
    assert roadmap.measures.exclude(scope=MeasureScope.ALL).exists()
    assert [m.number for m in measures] == [
        "1", "2", "3", "4", "5", "6", "7", "7.1", "7.2", "8", "10", "10", "11", "10", "11",
    ]  # fmt: skip
    assert measures[1].deadline_text == "До 15января 2024года"
    assert measures[1].deadline_end == date(2024, 1, 15)
    assert measures[13].deadline_end == date(2024, 3, 15)  # the March meeting, item 10.
    assert {u.short_name for u in measures[4].responsible_users.all()} == {
        "Абулашова А.О.",
        "Тавекелова У.А.",
    }
    assert roadmap.period_start == date(2023, 9, 1) and roadmap.period_end == date(2024, 8, 31)


def check_all_three_seed_plans_are_loaded():
    sources = set(Roadmap.objects.values_list("source_name", flat=True))
    assert {"000_58e98b430dd7557c.docx", "001_15714ccce30c90f6.docx", "004_88c78374c9d9ce23.docx"} <= sources
    school_plan = Roadmap.objects.get(source_name="001_15714ccce30c90f6.docx")
    assert school_plan.school.short_name == "МКОУ «СОШ №20» ИГОСК"
    assert school_plan.approved_by == "В.Д. Мазепа"


def check_about_twelve_schools_of_every_kind_and_a_time_zone():
    district = School.objects.filter(municipality__name="Кумторкалинский район")
    assert district.count() == 12
    assert {"sosh", "lyceum", "gymnasium"} <= set(district.values_list("kind", flat=True))
    assert district.first().municipality.timezone == "Europe/Moscow"


def check_the_current_plans_have_progress_in_mixed_states():
    current = Roadmap.objects.exclude(status=Roadmap.Status.ARCHIVED)
    assert current.count() == 2
    statuses = set(Progress.objects.filter(measure__roadmap__in=current).values_list("status", flat=True))
    assert {ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS, ProgressStatus.DONE} <= statuses
    overdue = Progress.objects.filter(
        measure__roadmap__in=current,
        status__in=["not_started", "in_progress"],
        measure__deadline_end__lt=date(2026, 11, 24),
    )
    assert overdue.exists()


def test_the_pages_of_issue_15_show_demo_data_to_every_role(demo, client):
    """ВПР dates, observers' acts and their printout, the federal sample, issued medals, ЕГЭ or ГВЭ: each
    role that may open them finds demo data there; the others are refused."""
    from django.urls import reverse

    from assessments.models import ObserverAssignment, Procedure
    from medals.models import Candidate

    procedure = Procedure.objects.get(window_start__isnull=False, subject__name="Математика")
    listed = Procedure.objects.get(window_start__isnull=False, subject__name="Русский язык")
    opened = {}
    for username in ("nachalnik", "metodist", "direktor01", "ekspert", "koordinator"):
        user = User.objects.get(username=username)
        client.force_login(user)
        dates = client.get(reverse("assessments:vpr_dates"))
        opened[username] = dates.status_code
        if dates.status_code != 200:
            assert dates.status_code == 403
            assert client.get(reverse("medals:issued_medals")).status_code in (403, 302)
            continue
        assert procedure.subject.name in dates.content.decode()
        acts = ObserverAssignment.objects.filter(procedure=procedure)
        if user.role == User.Role.SCHOOL_HEAD:
            acts = acts.filter(school=user.school)
        elif user.role == User.Role.METHODIST:
            acts = acts.filter(school__curators=user)
        act = acts.first()
        assert act is not None, username
        assert client.get(reverse("assessments:observer_act", args=[act.pk])).status_code == 200
        assert (
            client.get(reverse("assessments:observer_act_pdf", args=[act.pk]))["Content-Type"]
            == "application/pdf"
        )
        assert (
            client.get(reverse("assessments:school_dates", args=[procedure.pk, act.school_id])).status_code
            == 200
        )
        if user.role in (User.Role.DEPARTMENT_HEAD, User.Role.METHODIST, User.Role.COORDINATOR):
            detail = client.get(reverse("assessments:procedure_detail", args=[procedure.pk])).content.decode()
            assert 'data-testid="federal-sample"' in detail
        if user.role != User.Role.COORDINATOR:
            issued = client.get(reverse("medals:issued_medals"))
            assert issued.status_code == 200 and 'data-testid="issued-medals"' in issued.content.decode()
            candidate = Candidate.objects.filter(
                school__in=issued.context["schools"], exam_form="ГВЭ"
            ).first()
            card = client.get(reverse("medals:candidate_detail", args=[candidate.pk])).content.decode()
            assert "ГВЭ" in card
            check_the_uploads_of_issue_15(client, user, listed)
    assert opened == {
        "nachalnik": 200,
        "metodist": 200,
        "direktor01": 200,
        "ekspert": 403,
        "koordinator": 200,
    }


def check_the_uploads_of_issue_15(client, user, listed) -> None:
    """The register's «Форма ГИА», the issued-medals upload and the ВПР dates list, each with demo data."""
    from django.urls import reverse

    from assessments.models import SchoolProcedureDay, VprDatesUpload
    from medals.models import Upload

    register = client.get(reverse("medals:upload", args=["candidates"]))
    issued = client.get(reverse("medals:upload", args=["issued"]))
    if user.role == User.Role.COORDINATOR:
        assert register.status_code == issued.status_code == 403
    else:
        assert "медали выпуск.xlsx" in issued.content.decode()
        saved = Upload.objects.filter(
            kind="issued", school__in=issued.context["form"].fields["school"].queryset
        )
        detail = client.get(reverse("medals:upload_detail", args=[saved.first().pk])).content.decode()
        assert 'data-testid="issued-preview"' in detail
        first = Upload.objects.filter(kind="candidates", school=saved.first().school).first()
        detail = client.get(reverse("medals:upload_detail", args=[first.pk])).content.decode()
        assert 'data-testid="register-preview"' in detail and "ГВЭ" in detail
    upload = client.get(reverse("assessments:vpr_dates_upload"))
    if user.role in (User.Role.DEPARTMENT_HEAD, User.Role.COORDINATOR):
        assert upload.status_code == 200
        assert {u.status for u in VprDatesUpload.objects.all()} == {"saved", "rejected"}
        for record in VprDatesUpload.objects.all():
            page = client.get(reverse("assessments:vpr_dates_upload_detail", args=[record.pk]))
            assert page.status_code == 200 and record.original_name in page.content.decode()
    else:
        assert upload.status_code == 403
    assert SchoolProcedureDay.objects.filter(procedure=listed).count() == listed.schools.count()


def test_the_effect_of_the_targeted_measures_of_the_demo_reads_both_outcomes(demo, client):
    """The targeted measures of the demo (assessments/demo_effect.py) on each year's flagged schools: the
    department sees signs remaining in one school and gone in another; a school head their own school."""
    from django.urls import reverse

    from roadmaps.models import Measure, MeasureScope

    assert Measure.objects.filter(scope=MeasureScope.SELECTED).count() >= 4
    client.force_login(User.objects.get(username="nachalnik"))
    for year in (2024, 2025):
        page = client.get(reverse("assessments:effect"), {"year": year}).content.decode()
        assert "признаки сохранились" in page and "признаки не выявлены" in page, year
    head = User.objects.get(username="direktor01")
    client.force_login(head)
    page = client.get(reverse("assessments:effect"))
    rows = page.context["analysis"].rows
    assert rows and {row.school for row in rows} == {head.school}

