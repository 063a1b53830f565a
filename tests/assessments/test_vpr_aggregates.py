"""Per school × ВПР counts kept when results are saved: equal to counting the participants on the fly, after
an upload and after a re-upload that replaces a school's results; saves and deletes in the admin keep them
too (explicitly: no signals); the rebuild command and the data migration's filler give the same lines."""

from __future__ import annotations

import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from assessments.aggregates import counted_groups, group_of
from assessments.models import VprAggregate, VprResult, VprTest
from assessments.objectivity import objectivity_analysis
from assessments.vpr_import import vpr_import

from ..factories import UserFactory
from .factories import VprResultFactory, VprTestFactory
from .vpr_files import participant, standard_rows, vpr_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def logins(school_a, school_b):
    school_a.fis_oko_login, school_b.fis_oko_login = "edu100001", "edu100002"
    school_a.save()
    school_b.save()
    return school_a.fis_oko_login, school_b.fis_oko_login


def _marks(*counts: int) -> dict[str, int]:
    return {str(mark): n for mark, n in zip((2, 3, 4, 5), counts, strict=True)}


def _lines() -> dict[tuple[str, str], tuple]:
    return {
        (line.test.title, line.school.code): (
            line.participants,
            line.compared,
            line.lowered,
            line.raised,
            line.mark_sum,
            line.primary_sum,
            line.vpr_marks,
            line.journal_marks,
            line.task_sums,
        )
        for line in VprAggregate.objects.select_related("test", "school")
    }


def _on_the_fly() -> list[dict]:
    tests = list(VprTest.objects.all())
    n_tasks = max(len(t.tasks) for t in tests)
    found = counted_groups(VprResult.objects.all(), n_tasks)
    tasks = {t.pk: len(t.tasks) for t in tests}
    for group in found:  # the tasks a test has (the query counts up to the longest test's)
        for i in range(tasks[group["test_id"]], n_tasks):
            group.pop(f"task{i}")
        group["marks"], group["primary"] = group["marks"] or 0, group["primary"] or 0
    return sorted(found, key=lambda g: (g["test_id"], g["school_id"]))


def _kept() -> list[dict]:
    return sorted(
        (group_of(line) for line in VprAggregate.objects.all()), key=lambda g: (g["test_id"], g["school_id"])
    )


def _analysis(municipality) -> list[tuple]:
    rows, summaries = objectivity_analysis(municipality=municipality, year=2024)
    return [
        (r.school.code, r.participants, r.compared, r.lowered, r.raised, r.mean_mark, r.histogram,
         [t.rate for t in r.task_rates], [f.rule for f in r.flags])
        for r in rows
    ] + [(s.participants, s.lowered, s.raised, s.mean_mark, s.boundaries) for s in summaries]  # fmt: skip


def test_an_upload_writes_the_counts_by_hand_and_a_reupload_replaces_its_schools(municipality, logins):
    a, b = logins
    report = vpr_import(content=vpr_xlsx(standard_rows(a, b)), filename="vpr.xlsx", municipality=municipality)
    assert report.ok, [str(e) for e in report.errors]
    title = "ВПР 2024 Русский язык 5 класс"
    # A: marks 5, 3, 2 with journal 4, 3, — → 2 compared, 1 raised (5 > 4); scores 6 + 2 + 0 = 8;
    # tasks (2+1+0, 1+1+0, 1+X+X, 2+0+X) = (3, 2, 1, 2). B: 4/5 and 2/3 → both lowered; 4 + 1 = 5.
    assert _lines() == {
        (title, "A001"): (3, 2, 0, 1, 10, 8, _marks(1, 1, 0, 1), _marks(0, 1, 1, 0), [3, 2, 1, 2]),
        (title, "B001"): (2, 2, 2, 0, 6, 5, _marks(1, 0, 1, 0), _marks(0, 1, 0, 1), [3, 1, 0, 1]),
    }
    assert _kept() == _on_the_fly()
    before_b = _lines()[(title, "B001")]
    # A re-upload of school A alone: its line is replaced, B's kept.
    again = [participant(a, "30001", [2, 1, 1, 2], 5, 5), participant(a, "30002", [2, 1, 1, 1], 5, 3)]
    report = vpr_import(content=vpr_xlsx(again), filename="vpr2.xlsx", municipality=municipality)
    assert report.ok and report.replaced == 3
    assert _lines()[(title, "A001")] == (
        2,
        2,
        0,
        1,
        10,
        11,
        _marks(0, 0, 0, 2),
        _marks(0, 1, 0, 1),
        [4, 2, 2, 3],
    )
    assert _lines()[(title, "B001")] == before_b
    assert _kept() == _on_the_fly()


def test_the_analysis_from_the_kept_lines_equals_the_analysis_after_a_full_recount(municipality, logins):
    a, b = logins
    vpr_import(content=vpr_xlsx(standard_rows(a, b)), filename="vpr.xlsx", municipality=municipality)
    kept = _analysis(municipality)
    VprAggregate.objects.all().delete()
    call_command("rebuild_vpr_aggregates", stdout=io.StringIO())
    assert _analysis(municipality) == kept
    assert kept[0][:5] == ("A001", 3, 2, 0.0, 0.5)  # 1 of 2 compared raised


def _line(test, school) -> tuple | None:
    line = VprAggregate.objects.filter(test=test, school=school).first()
    return line and (line.participants, line.lowered, line.raised, line.mark_sum)


def _admin_form(result: VprResult, **changes) -> dict:
    fields = {
        "test": result.test_id,
        "school": result.school_id,
        "upload": "",
        "participant_code": result.participant_code,
        "class_name": result.class_name,
        "variant": result.variant,
        "task_scores": json.dumps(result.task_scores),
        "primary_score": result.primary_score,
        "mark": result.mark,
        "journal_mark": result.journal_mark,
        "_save": "Сохранить",
    }
    return fields | changes


def test_results_saved_and_deleted_in_the_admin_recount_their_schools_lines(
    client, municipality, school_a, school_b
):
    """No signal keeps the lines: the admin recounts the (test, school) lines it touched, the factory the one
    it built, and a test deleted takes its lines along."""
    client.force_login(UserFactory(municipality=municipality, is_staff=True, is_superuser=True))
    test = VprTestFactory(municipality=municipality)
    first = VprResultFactory(test=test, school=school_a, mark=5, journal_mark=4)
    second = VprResultFactory(test=test, school=school_a, mark=3, journal_mark=4)
    VprResultFactory(test=test, school=school_b, mark=4, journal_mark=4)
    assert _line(test, school_a) == (2, 1, 1, 8)

    change = reverse("admin:assessments_vprresult_change", args=[first.pk])
    assert client.post(change, _admin_form(first, mark=4)).status_code == 302
    assert _line(test, school_a) == (2, 1, 0, 7)
    # Moved to school B: both schools' lines are recounted.
    assert client.post(change, _admin_form(first, mark=4, school=school_b.pk)).status_code == 302
    assert (_line(test, school_a), _line(test, school_b)) == ((1, 1, 0, 3), (2, 0, 0, 8))

    delete = reverse("admin:assessments_vprresult_delete", args=[first.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert (_line(test, school_a), _line(test, school_b)) == ((1, 1, 0, 3), (1, 0, 0, 4))

    VprResultFactory(test=test, school=school_b, mark=2, journal_mark=3)
    chosen = [second.pk, *VprResult.objects.filter(school=school_b).values_list("pk", flat=True)]
    changelist = reverse("admin:assessments_vprresult_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    )
    assert response.status_code == 302 and not VprResult.objects.exists()
    assert not VprAggregate.objects.exists()

    VprResultFactory(test=test, school=school_a)
    assert _line(test, school_a) == (1, 0, 0, 3)
    test.delete()  # the test goes with its results and its lines
    assert not VprAggregate.objects.exists()


def test_the_data_migration_fills_the_same_lines_as_the_recount(municipality, logins):
    a, b = logins
    vpr_import(content=vpr_xlsx(standard_rows(a, b)), filename="vpr.xlsx", municipality=municipality)
    recounted = _lines()
    VprAggregate.objects.all().delete()
    migration = importlib.import_module("assessments.migrations.0012_oge_results_vpr_aggregates_region_gap")
    migration.fill_aggregates(apps, None)
    assert _lines() == recounted
