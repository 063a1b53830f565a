"""«Адресные меры»: a measure for chosen schools has progress rows for those schools only, every count
of execution counts it for them only, and a school head sees only the measures their school executes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from roadmaps.access import measures_visible
from roadmaps.models import MeasureScope, Progress, ProgressStatus, TargetKind
from roadmaps.progress import progress_sync_for_measure, progress_sync_for_school, school_summaries
from roadmaps.targeted import (
    current_roadmap,
    measure_basis_year,
    next_number,
    targeted_measure_save,
    targeted_measures_of_year,
)
from tests.conftest import login
from tests.factories import MeasureFactory, RoadmapFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_c(municipality):
    return SchoolFactory(municipality=municipality, short_name="МКОУ «Школа В»", code="C001")


def targeted(roadmap, schools, **extra):
    measure = MeasureFactory.build(
        roadmap=roadmap,
        title="Методический выезд: посещение уроков математики",
        target_kind=TargetKind.METHODICAL_VISIT,
        deadline_end=datetime.date(2024, 3, 1),
        **extra,
    )
    targeted_measure_save(measure=measure, schools=schools)
    return measure


def schools_with_rows(measure) -> set[str]:
    return set(Progress.objects.filter(measure=measure).values_list("school__code", flat=True))


def test_a_targeted_measure_has_rows_for_its_schools_only(roadmap, school_a, school_b, school_c):
    measure = targeted(roadmap, [school_a, school_c])
    assert measure.scope == MeasureScope.SELECTED and measure.per_school
    assert schools_with_rows(measure) == {"A001", "C001"}
    # Syncing again changes nothing, and a new school of the municipality does not get its row.
    assert progress_sync_for_measure(measure=measure) == 0
    newcomer = SchoolFactory(municipality=roadmap.municipality, code="N001")
    progress_sync_for_school(school=newcomer)
    assert schools_with_rows(measure) == {"A001", "C001"}


def test_changing_the_targets_adds_and_drops_untouched_rows(roadmap, school_a, school_b, school_c):
    measure = targeted(roadmap, [school_a, school_b])
    targeted_measure_save(measure=measure, schools=[school_b, school_c])
    assert schools_with_rows(measure) == {"B001", "C001"}


def test_a_row_with_work_on_it_is_kept_when_its_school_is_dropped(
    roadmap, school_a, school_b, department_head
):
    measure = targeted(roadmap, [school_a, school_b])
    Progress.objects.filter(measure=measure, school=school_a).update(
        status=ProgressStatus.IN_PROGRESS, version=1
    )
    targeted_measure_save(measure=measure, schools=[school_b])
    assert schools_with_rows(measure) == {"A001", "B001"}


def test_school_counts_count_a_targeted_measure_for_its_schools_only(roadmap, school_a, school_b):
    MeasureFactory(roadmap=roadmap)  # for all schools
    progress_sync_for_measure(measure=roadmap.measures.get())
    targeted(roadmap, [school_a])
    today = datetime.date(2024, 1, 10)
    totals = {s.school.code: s.total for s in school_summaries([school_a, school_b], today)}
    assert totals == {"A001": 2, "B001": 1}


def test_a_school_head_sees_only_the_measures_of_their_school(roadmap, school_a, school_b, head_a, head_b):
    for_all = MeasureFactory(roadmap=roadmap)
    for_a = targeted(roadmap, [school_a])
    for_b = targeted(roadmap, [school_b])
    assert set(measures_visible(head_a)) == {for_all, for_a}
    assert set(measures_visible(head_b)) == {for_all, for_b}


def test_another_schools_targeted_measure_is_404_for_a_school_head(
    client, roadmap, school_a, school_b, head_a, department_head
):
    for_b = targeted(roadmap, [school_b], number="21")
    for_a = targeted(roadmap, [school_a], number="22")
    login(client, head_a)
    assert client.get(reverse("roadmaps:measure_detail", args=[for_b.pk])).status_code == 404
    page = client.get(reverse("roadmaps:measure_detail", args=[for_a.pk]))
    assert page.status_code == 200 and "Исполняет ваша школа" in page.content.decode()
    plan = client.get(reverse("roadmaps:roadmap_detail", args=[roadmap.pk])).content.decode()
    assert reverse("roadmaps:measure_detail", args=[for_a.pk]) in plan
    assert reverse("roadmaps:measure_detail", args=[for_b.pk]) not in plan
    found = client.get(reverse("search"), {"q": "выезд"}).content.decode()
    assert reverse("roadmaps:measure_detail", args=[for_b.pk]) not in found
    login(client, department_head)
    page = client.get(reverse("roadmaps:measure_detail", args=[for_b.pk])).content.decode()
    assert "Исполняют только выбранные школы: МКОУ «Школа Б»" in page


def _measure_post(**extra) -> dict:
    data = {
        "title": "Персональный контроль оценивания",
        "deadline_text": "До 1 марта 2024 года",
        "deadline_seen": "До 1 марта 2024 года",
        "responsible_text": "Методист УО",
        "scope": MeasureScope.ALL,
        "per_school": "on",
    }
    data.update(extra)
    return data


def test_the_measure_form_creates_a_measure_for_chosen_schools(
    client, roadmap, school_a, school_b, department_head
):
    login(client, department_head)
    url = reverse("roadmaps:measure_create", args=[roadmap.pk])
    response = client.post(
        url,
        _measure_post(
            scope=MeasureScope.SELECTED,
            target_schools=[school_b.pk],
            target_kind=TargetKind.PERSONAL_CONTROL,
            basis_year="2023",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    measure = roadmap.measures.get()
    assert measure.is_targeted and measure.basis_year == 2023
    assert schools_with_rows(measure) == {"B001"}
    # Back to «Все школы»: every active school gets its row.
    edit = reverse("roadmaps:measure_edit", args=[measure.pk])
    assert client.post(edit, _measure_post()).status_code == 302
    assert schools_with_rows(measure) == {"A001", "B001"}
    assert not measure.target_schools.exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"scope": MeasureScope.SELECTED, "target_kind": TargetKind.PERSONAL_CONTROL},
            "target_schools",
            "Выберите хотя бы одну школу",
        ),
        (
            {"scope": MeasureScope.SELECTED, "target_schools": ["SCHOOL_A"]},
            "target_kind",
            "Укажите вид адресной меры",
        ),
        ({"scope": "somewhere"}, "scope", "Выберите корректный вариант"),
        (
            {"scope": MeasureScope.SELECTED, "target_kind": "x", "target_schools": ["SCHOOL_A"]},
            "target_kind",
            "Выберите корректный вариант",
        ),
        ({"scope": MeasureScope.ALL, "basis_year": "1999"}, "basis_year", "Год ВПР — от 2015 до 2024"),
        (
            {"scope": MeasureScope.SELECTED, "target_kind": TargetKind.OTHER, "target_schools": ["999999"]},
            "target_schools",
            "Выберите корректный вариант",
        ),
    ],
)
def test_bad_targets_are_refused_with_a_message_and_nothing_saved(
    client, roadmap, school_a, department_head, extra, field, message
):
    login(client, department_head)
    extra = {
        key: [school_a.pk if v == "SCHOOL_A" else v for v in value] if isinstance(value, list) else value
        for key, value in extra.items()
    }
    response = client.post(reverse("roadmaps:measure_create", args=[roadmap.pk]), _measure_post(**extra))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not roadmap.measures.exists()


def test_a_school_with_work_cannot_be_dropped_from_the_targets(
    client, roadmap, school_a, school_b, department_head
):
    measure = targeted(roadmap, [school_a, school_b], number="5")
    Progress.objects.filter(measure=measure, school=school_a).update(
        comment="Выезд проведён 12.02", version=1
    )
    login(client, department_head)
    response = client.post(
        reverse("roadmaps:measure_edit", args=[measure.pk]),
        _measure_post(
            number="5",
            scope=MeasureScope.SELECTED,
            target_schools=[school_b.pk],
            target_kind=TargetKind.METHODICAL_VISIT,
        ),
    )
    assert response.status_code == 200
    assert "МКОУ «Школа А»" in " ".join(response.context["form"].errors["target_schools"])
    assert set(measure.target_schools.values_list("code", flat=True)) == {"A001", "B001"}


def test_a_schools_own_plan_takes_no_chosen_schools(client, municipality, school_a, department_head):
    plan = RoadmapFactory(municipality=municipality, school=school_a)
    login(client, department_head)
    response = client.post(
        reverse("roadmaps:measure_create", args=[plan.pk]),
        _measure_post(
            scope=MeasureScope.SELECTED, target_schools=[school_a.pk], target_kind=TargetKind.METHODICAL_VISIT
        ),
    )
    assert response.status_code == 200 and "scope" in response.context["form"].errors


def test_the_year_a_measure_answers(roadmap, school_a):
    implied = targeted(roadmap, [school_a])
    explicit = targeted(roadmap, [school_a], basis_year=2022)
    assert measure_basis_year(implied) == 2023 and measure_basis_year(explicit) == 2022
    municipality = roadmap.municipality
    assert targeted_measures_of_year(municipality=municipality, year=2023) == [implied]
    assert targeted_measures_of_year(municipality=municipality, year=2022) == [explicit]


def test_a_draft_plans_targeted_measures_count_nowhere(municipality, school_a):
    draft = RoadmapFactory(municipality=municipality, status="draft")
    targeted(draft, [school_a])
    assert targeted_measures_of_year(municipality=municipality, year=2023) == []


def test_the_current_roadmap_and_the_next_number(municipality):
    old = RoadmapFactory(municipality=municipality)
    now = RoadmapFactory(
        municipality=municipality,
        period_start=datetime.date(2024, 9, 1),
        period_end=datetime.date(2025, 8, 31),
    )
    RoadmapFactory(
        municipality=municipality,
        status="draft",
        period_start=datetime.date(2025, 9, 1),
        period_end=datetime.date(2026, 8, 31),
    )
    assert current_roadmap(municipality=municipality, today=datetime.date(2024, 1, 5)) == old
    assert current_roadmap(municipality=municipality, today=datetime.date(2025, 1, 5)) == now
    assert current_roadmap(municipality=municipality, today=datetime.date(2026, 1, 5)) == now
    MeasureFactory(roadmap=now, number="13.2")
    MeasureFactory(roadmap=now, number="9")
    assert next_number(now) == "14"
