"""roadmap_import_save: the parsed roadmap in the database, with people matched and progress rows created."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from roadmaps.importer import RoadmapImportError, parse_roadmap
from roadmaps.importer import save as save_module
from roadmaps.importer.save import roadmap_import_save
from roadmaps.models import DeadlineKind, Measure, Progress, Roadmap, Section
from tests.factories import UserFactory

from .test_importer_variants import PLAN_TABLE, make_docx

SEEDS = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds"
pytestmark = pytest.mark.django_db


def seed(name: str):
    return parse_roadmap((SEEDS / name).read_bytes(), name)


def test_seed_000_is_saved(municipality, school_a, school_b, department_head) -> None:
    roadmap = roadmap_import_save(
        parsed=seed("000_58e98b430dd7557c.docx"), municipality=municipality, created_by=department_head
    )
    assert (roadmap.period_start, roadmap.period_end) == (
        datetime.date(2023, 9, 1),
        datetime.date(2024, 8, 31),
    )
    assert (roadmap.order_number, roadmap.order_date, roadmap.approved_by) == (
        "312",
        datetime.date(2023, 11, 27),
        "",
    )
    assert roadmap.created_by == department_head and roadmap.school is None
    # Measures outside any section: no Section row.
    assert not Section.objects.filter(roadmap=roadmap).exists()
    measures = list(roadmap.measures.order_by("order"))
    assert [m.number for m in measures] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "7.1",
        "7.2",
        "8",
        "10",
        "10",
        "11",
        "10",
        "11",
    ]
    assert [m.order for m in measures] == list(range(1, 16))
    by_order = {m.order: m for m in measures}
    assert by_order[8].parent == by_order[7] and by_order[9].parent == by_order[7]
    assert by_order[7].parent is None
    second = by_order[2]
    assert (second.deadline_kind, second.deadline_start, second.deadline_end) == (
        DeadlineKind.DATE,
        None,
        datetime.date(2024, 1, 15),
    )
    assert second.deadline_months == [1]
    assert by_order[5].deadline_kind == DeadlineKind.EVENT


def test_school_heads_make_a_measure_per_school(municipality, school_a, school_b) -> None:
    roadmap = roadmap_import_save(parsed=seed("000_58e98b430dd7557c.docx"), municipality=municipality)
    per_school = roadmap.measures.get(order=1)  # «Зав.ИМЦ, руководители ОО»
    department_only = roadmap.measures.get(order=4)  # «Зав.ИМЦ»
    assert per_school.per_school and not department_only.per_school
    assert set(per_school.progress.values_list("school", flat=True)) == {school_a.pk, school_b.pk}
    assert list(department_only.progress.values_list("school", flat=True)) == [None]


def test_named_people_are_matched_to_users(municipality, school_a) -> None:
    abulashova = UserFactory(
        last_name="Абулашова", first_name="Анна", middle_name="Олеговна", municipality=municipality
    )
    tavekelova = UserFactory(
        last_name="Тавекелова", first_name="Умуят", middle_name="Алиевна", municipality=municipality
    )
    UserFactory(last_name="Абулашова", first_name="Бэла", middle_name="Олеговна", municipality=municipality)
    roadmap = roadmap_import_save(parsed=seed("000_58e98b430dd7557c.txt"), municipality=municipality)
    measure = roadmap.measures.get(order=5)
    assert set(measure.responsible_users.all()) == {abulashova, tavekelova}
    assert not roadmap.measures.get(order=1).responsible_users.exists()


def test_a_name_two_users_share_is_left_unmatched(municipality) -> None:
    for first_name in ("Анна", "Алла"):
        UserFactory(
            last_name="Абулашова", first_name=first_name, middle_name="Олеговна", municipality=municipality
        )
    roadmap = roadmap_import_save(parsed=seed("000_58e98b430dd7557c.txt"), municipality=municipality)
    assert not roadmap.measures.get(order=5).responsible_users.filter(last_name="Абулашова").exists()


def test_a_user_without_a_patronymic_is_still_matched(municipality) -> None:
    tavekelova = UserFactory(
        last_name="Тавекелова", first_name="Умуят", middle_name="", municipality=municipality
    )
    roadmap = roadmap_import_save(parsed=seed("000_58e98b430dd7557c.docx"), municipality=municipality)
    assert list(roadmap.measures.get(order=5).responsible_users.all()) == [tavekelova]


def test_a_school_plan_with_sections(municipality, school_a, school_b) -> None:
    roadmap = roadmap_import_save(
        parsed=seed("001_15714ccce30c90f6.docx"), municipality=municipality, school=school_a
    )
    assert roadmap.school == school_a
    assert roadmap.approved_by == "В.Д. Мазепа" and roadmap.order_number == "149"
    sections = list(roadmap.sections.order_by("order"))
    assert [(s.number, s.order) for s in sections] == [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)]
    assert sections[1].title.startswith("Выявление причин и условий")
    assert [m.number for m in sections[0].measures.order_by("order")] == [f"1.{n}" for n in range(1, 8)]
    assert Measure.objects.filter(roadmap=roadmap).count() == 37
    assert set(Progress.objects.filter(measure__roadmap=roadmap).values_list("school", flat=True)) == {
        school_a.pk
    }


def test_a_roadmap_without_a_period_is_refused(municipality) -> None:
    parsed = parse_roadmap(
        make_docx("План мероприятий по обеспечению объективности", PLAN_TABLE), "план.docx"
    )
    with pytest.raises(RoadmapImportError, match="не удалось определить период плана"):
        roadmap_import_save(parsed=parsed, municipality=municipality)
    assert not Roadmap.objects.exists()


def test_everything_is_saved_or_nothing(municipality, school_a, monkeypatch) -> None:
    calls = []

    def failing_sync(*, measure: Measure) -> int:
        calls.append(measure)
        if len(calls) == 3:
            raise RuntimeError("сбой на третьем мероприятии")
        return 0

    monkeypatch.setattr(save_module, "progress_sync_for_measure", failing_sync)
    with pytest.raises(RuntimeError):
        roadmap_import_save(parsed=seed("004_88c78374c9d9ce23.docx"), municipality=municipality)
    assert not Roadmap.objects.exists() and not Measure.objects.exists()
