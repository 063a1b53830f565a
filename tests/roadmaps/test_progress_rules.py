from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from roadmaps.models import DeadlineKind, Measure, Progress, ProgressChange, ProgressStatus, Roadmap
from roadmaps.progress import (
    OVERDUE,
    display_status,
    due_within_q,
    is_overdue,
    overdue_q,
    progress_for_lists,
    progress_sync_for_measure,
    progress_sync_for_roadmap,
    progress_sync_for_school,
    progress_update,
    progress_visible,
    school_summaries,
)
from schools.models import School, User
from tests.factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory

DEADLINE = datetime.date(2024, 2, 15)


# --- creating the rows -------------------------------------------------------------------------------


def test_a_per_school_measure_gets_one_row_per_active_school_of_its_municipality(roadmap, school_a, school_b):
    SchoolFactory(municipality=roadmap.municipality, is_active=False)
    SchoolFactory(municipality=MunicipalityFactory(name="Соседний район"))
    measure = MeasureFactory(roadmap=roadmap, per_school=True)
    assert progress_sync_for_measure(measure=measure) == 2
    assert set(measure.progress.values_list("school", flat=True)) == {school_a.pk, school_b.pk}


def test_syncing_a_measure_twice_creates_nothing_the_second_time(roadmap, school_a, school_b):
    measure = MeasureFactory(roadmap=roadmap)
    progress_sync_for_measure(measure=measure)
    assert progress_sync_for_measure(measure=measure) == 0
    assert measure.progress.count() == 2


def test_syncing_again_adds_only_the_row_of_a_school_opened_since(roadmap, school_a):
    measure = MeasureFactory(roadmap=roadmap)
    progress_sync_for_measure(measure=measure)
    row_a = measure.progress.get()
    row_a.status = ProgressStatus.DONE
    row_a.save()
    new_school = SchoolFactory(municipality=roadmap.municipality)
    assert progress_sync_for_measure(measure=measure) == 1
    assert measure.progress.get(school=school_a).status == ProgressStatus.DONE
    assert measure.progress.filter(school=new_school).exists()


def test_a_measure_of_the_department_itself_gets_one_department_row(roadmap, school_a, school_b):
    measure = MeasureFactory(roadmap=roadmap, per_school=False)
    assert progress_sync_for_measure(measure=measure) == 1
    assert progress_sync_for_measure(measure=measure) == 0
    row = measure.progress.get()
    assert row.school is None
    assert str(row).endswith("— УО")


def test_a_school_level_plan_has_rows_for_that_school_only(municipality, school_a, school_b):
    plan = RoadmapFactory(municipality=municipality, school=school_a)
    per_school = MeasureFactory(roadmap=plan, per_school=True)
    not_per_school = MeasureFactory(roadmap=plan, per_school=False)
    progress_sync_for_roadmap(roadmap=plan)
    assert list(per_school.progress.values_list("school", flat=True)) == [school_a.pk]
    assert list(not_per_school.progress.values_list("school", flat=True)) == [school_a.pk]


def test_syncing_a_roadmap_syncs_every_measure_and_counts_the_new_rows(roadmap, school_a, school_b):
    MeasureFactory(roadmap=roadmap, per_school=True)
    MeasureFactory(roadmap=roadmap, per_school=False)
    assert progress_sync_for_roadmap(roadmap=roadmap) == 3
    assert progress_sync_for_roadmap(roadmap=roadmap) == 0


def test_a_new_school_gets_rows_for_per_school_measures_of_current_municipal_roadmaps(municipality, school_a):
    current = MeasureFactory(roadmap=RoadmapFactory(municipality=municipality), per_school=True)
    draft = MeasureFactory(roadmap=RoadmapFactory(municipality=municipality, status=Roadmap.Status.DRAFT))
    archived = MeasureFactory(
        roadmap=RoadmapFactory(municipality=municipality, status=Roadmap.Status.ARCHIVED)
    )
    department = MeasureFactory(roadmap=current.roadmap, per_school=False)
    other_school_plan = MeasureFactory(roadmap=RoadmapFactory(municipality=municipality, school=school_a))
    elsewhere = MeasureFactory(roadmap=RoadmapFactory(municipality=MunicipalityFactory(name="Другой район")))
    new_school = SchoolFactory(municipality=municipality)

    assert progress_sync_for_school(school=new_school) == 2
    measures = set(Progress.objects.filter(school=new_school).values_list("measure", flat=True))
    assert measures == {current.pk, draft.pk}
    assert not {archived.pk, department.pk, other_school_plan.pk, elsewhere.pk} & measures
    assert progress_sync_for_school(school=new_school) == 0


def test_a_school_cannot_have_two_rows_for_one_measure(progress_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Progress.objects.create(measure=progress_a.measure, school=progress_a.school)


def test_a_measure_cannot_have_two_department_rows(roadmap):
    measure = MeasureFactory(roadmap=roadmap, per_school=False)
    Progress.objects.create(measure=measure, school=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Progress.objects.create(measure=measure, school=None)


# --- overdue is derived, never stored ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        (ProgressStatus.NOT_STARTED, DEADLINE, False),
        (ProgressStatus.NOT_STARTED, DEADLINE + datetime.timedelta(days=1), True),
        (ProgressStatus.IN_PROGRESS, DEADLINE + datetime.timedelta(days=1), True),
        (ProgressStatus.IN_PROGRESS, DEADLINE - datetime.timedelta(days=1), False),
        (ProgressStatus.DONE, DEADLINE + datetime.timedelta(days=300), False),
        (ProgressStatus.NOT_REQUIRED, DEADLINE + datetime.timedelta(days=300), False),
    ],
)
def test_a_row_is_overdue_only_when_open_and_past_the_last_day(progress_a, status, today, overdue):
    progress_a.status = status
    progress_a.save()
    assert is_overdue(progress_a, today) is overdue
    assert Progress.objects.filter(overdue_q(today), pk=progress_a.pk).exists() is overdue


def test_a_measure_without_an_end_date_is_never_overdue(roadmap, school_a):
    measure = MeasureFactory(
        roadmap=roadmap, deadline_kind=DeadlineKind.CONTINUOUS, deadline_end=None, deadline_text="Постоянно"
    )
    progress_sync_for_measure(measure=measure)
    row = measure.progress.get()
    far_future = datetime.date(2030, 1, 1)
    assert is_overdue(row, far_future) is False
    assert not Progress.objects.filter(overdue_q(far_future)).exists()


def test_overdue_is_not_a_stored_status(progress_a):
    assert OVERDUE not in ProgressStatus.values
    assert "overdue" not in {f.name for f in Progress._meta.get_fields()}
    is_overdue(progress_a, DEADLINE + datetime.timedelta(days=30))
    progress_a.refresh_from_db()
    assert progress_a.status == ProgressStatus.NOT_STARTED


def test_overdue_q_follows_a_changed_deadline_without_touching_the_rows(progress_a):
    today = DEADLINE + datetime.timedelta(days=1)
    assert Progress.objects.filter(overdue_q(today)).count() == 2
    Measure.objects.filter(pk=progress_a.measure_id).update(deadline_end=today)
    assert Progress.objects.filter(overdue_q(today)).count() == 0


def test_overdue_q_works_from_another_model_with_a_prefix(progress_a, school_a):
    late = School.objects.filter(overdue_q(DEADLINE + datetime.timedelta(days=1), "progress__"))
    assert school_a in late


def test_display_status_says_overdue_in_russian_after_the_deadline(progress_a):
    assert display_status(progress_a, DEADLINE + datetime.timedelta(days=1)) == ("overdue", "просрочено")


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (ProgressStatus.NOT_STARTED, "не начато"),
        (ProgressStatus.IN_PROGRESS, "в работе"),
        (ProgressStatus.DONE, "выполнено"),
        (ProgressStatus.NOT_REQUIRED, "не требуется"),
    ],
)
def test_display_status_is_the_stored_one_before_the_deadline(progress_a, status, label):
    progress_a.status = status
    assert display_status(progress_a, DEADLINE) == (status, label)


@pytest.mark.parametrize(
    ("days_left", "included"),
    [(-1, False), (0, True), (1, True), (14, True), (15, False)],
)
def test_due_within_counts_from_today_to_the_last_day_inclusive(progress_a, days_left, included):
    today = DEADLINE - datetime.timedelta(days=days_left)
    assert Progress.objects.filter(due_within_q(today, 14), pk=progress_a.pk).exists() is included


def test_a_done_row_is_never_due(progress_a):
    progress_a.status = ProgressStatus.DONE
    progress_a.save()
    assert not Progress.objects.filter(due_within_q(DEADLINE, 14), pk=progress_a.pk).exists()


# --- changing a row ----------------------------------------------------------------------------------


def test_progress_update_saves_raises_the_version_and_keeps_the_history(progress_a, head_a):
    saved = progress_update(
        progress=progress_a, user=head_a, status=ProgressStatus.DONE, comment="Справка", expected_version=0
    )
    assert (saved.status, saved.comment, saved.version, saved.updated_by) == (
        ProgressStatus.DONE,
        "Справка",
        1,
        head_a,
    )
    assert saved.updated_at is not None
    change = ProgressChange.objects.get(progress=progress_a)
    assert (
        change.changed_by,
        change.old_status,
        change.new_status,
        change.old_comment,
        change.new_comment,
    ) == (
        head_a,
        ProgressStatus.NOT_STARTED,
        ProgressStatus.DONE,
        "",
        "Справка",
    )


def test_saving_the_same_values_again_writes_no_history_line(progress_a, head_a):
    progress_update(progress=progress_a, user=head_a, status="in_progress", comment="", expected_version=0)
    progress_update(progress=progress_a, user=head_a, status="in_progress", comment="", expected_version=1)
    assert ProgressChange.objects.filter(progress=progress_a).count() == 1


def test_progress_update_refuses_an_unknown_status(progress_a, head_a):
    with pytest.raises(ValueError, match="Неизвестный статус"):
        progress_update(progress=progress_a, user=head_a, status=OVERDUE, comment="", expected_version=0)
    progress_a.refresh_from_db()
    assert progress_a.version == 0


# --- reading the rows --------------------------------------------------------------------------------


def test_progress_visible_per_role(
    department_head, methodist_a, head_a, coordinator, member, progress_a, progress_b
):
    assert set(progress_visible(department_head)) == {progress_a, progress_b}
    assert set(progress_visible(coordinator)) == {progress_a, progress_b}
    assert set(progress_visible(methodist_a)) == {progress_a}
    assert set(progress_visible(head_a)) == {progress_a}
    assert not progress_visible(member).exists()


def test_department_rows_are_seen_only_by_the_staff_of_their_own_municipality(
    roadmap, department_head, methodist_a
):
    row = Progress.objects.create(measure=MeasureFactory(roadmap=roadmap, per_school=False), school=None)
    elsewhere = MunicipalityFactory(name="Томский район")
    foreign_row = Progress.objects.create(
        measure=MeasureFactory(roadmap=RoadmapFactory(municipality=elsewhere), per_school=False), school=None
    )
    assert list(progress_visible(department_head)) == [row]
    assert list(progress_visible(methodist_a)) == [row]
    stranger = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=elsewhere)
    assert list(progress_visible(stranger)) == [foreign_row]


def test_lists_are_ordered_by_deadline_then_school(roadmap, department_head, school_a, school_b):
    late = MeasureFactory(roadmap=roadmap, deadline_end=datetime.date(2024, 5, 1))
    early = MeasureFactory(roadmap=roadmap, deadline_end=datetime.date(2024, 1, 1))
    progress_sync_for_roadmap(roadmap=roadmap)
    rows = [(p.measure_id, p.school.short_name) for p in progress_for_lists(department_head)]
    assert rows == [
        (early.pk, "МКОУ «Школа А»"),
        (early.pk, "МКОУ «Школа Б»"),
        (late.pk, "МКОУ «Школа А»"),
        (late.pk, "МКОУ «Школа Б»"),
    ]


# --- summaries per school ----------------------------------------------------------------------------


def _set(row: Progress, status: str) -> None:
    row.status = status
    row.save()


@pytest.fixture
def five_rows(roadmap, school_a):
    """School A: one row of each stored status before the deadline, and one not started after it."""
    rows = []
    for _ in range(4):
        measure = MeasureFactory(roadmap=roadmap, deadline_end=datetime.date(2024, 6, 1))
        progress_sync_for_measure(measure=measure)
        rows.append(measure.progress.get(school=school_a))
    for row, status in zip(rows, ProgressStatus.values, strict=True):
        _set(row, status)
    late = MeasureFactory(roadmap=roadmap, deadline_end=datetime.date(2024, 2, 1))
    progress_sync_for_measure(measure=late)
    return rows


def test_school_summary_counts_each_displayed_status_once(five_rows, school_a):
    (summary,) = school_summaries([school_a], datetime.date(2024, 3, 1))
    assert summary.school == school_a
    assert (
        summary.not_started,
        summary.in_progress,
        summary.done,
        summary.not_required,
        summary.overdue,
    ) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert summary.total == 5
    parts = summary.not_started + summary.in_progress + summary.done + summary.not_required + summary.overdue
    assert parts == summary.total


def test_school_summary_percent_done_leaves_out_rows_not_required(five_rows, school_a):
    (summary,) = school_summaries([school_a], datetime.date(2024, 3, 1))
    assert summary.percent_done == 25


def test_a_school_with_only_rows_not_required_is_done_at_100_percent(progress_a, school_a):
    _set(progress_a, ProgressStatus.NOT_REQUIRED)
    (summary,) = school_summaries([school_a], DEADLINE)
    assert summary.percent_done == 100


def test_a_school_without_rows_has_zero_counts(school_a):
    (summary,) = school_summaries([school_a], DEADLINE)
    assert (summary.total, summary.done, summary.overdue) == (0, 0, 0)


def test_archived_roadmaps_do_not_count(progress_a, school_a, roadmap):
    roadmap.status = Roadmap.Status.ARCHIVED
    roadmap.save()
    (summary,) = school_summaries([school_a], DEADLINE)
    assert summary.total == 0


def test_summary_of_one_roadmap_counts_that_roadmap_only(progress_a, school_a, municipality):
    other = RoadmapFactory(municipality=municipality)
    progress_sync_for_measure(measure=MeasureFactory(roadmap=other))
    (all_roadmaps,) = school_summaries([school_a], DEADLINE)
    (only_other,) = school_summaries([school_a], DEADLINE, roadmap=other)
    assert (all_roadmaps.total, only_other.total) == (2, 1)


def test_summaries_come_in_order_of_school_name_for_the_schools_asked_only(progress_a, school_a, school_b):
    summaries = school_summaries(School.objects.order_by("-short_name"), DEADLINE)
    assert [s.school for s in summaries] == [school_a, school_b]
    assert [s.school for s in school_summaries([school_b], DEADLINE)] == [school_b]


@pytest.mark.parametrize("n_schools", [3, 30])
def test_school_summaries_take_the_same_few_queries_whatever_the_number_of_schools(
    roadmap, django_assert_max_num_queries, n_schools
):
    schools = [SchoolFactory(municipality=roadmap.municipality) for _ in range(n_schools)]
    for _ in range(3):
        progress_sync_for_measure(measure=MeasureFactory(roadmap=roadmap))
    with django_assert_max_num_queries(2):
        summaries = school_summaries(School.objects.filter(pk__in=[s.pk for s in schools]), DEADLINE)
        assert [s.total for s in summaries] == [3] * n_schools
