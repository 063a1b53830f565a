import datetime
import json

from django.core.management import call_command

from medals.comparison import grade_disagreements, totals_by_school
from medals.models import Source, WorkKind

from .factories import GradeFactory, subject

DAY = datetime.date(2023, 10, 12)


def notebook(candidate, **kwargs):
    return GradeFactory(candidate=candidate, source=Source.NOTEBOOK, **kwargs)


def test_a_notebook_mark_equal_to_the_journals_agrees(candidate_a):
    GradeFactory(candidate=candidate_a, mark="5")
    notebook(candidate_a, mark="5")
    assert grade_disagreements(candidate_ids=[candidate_a.pk]) == []


def test_a_notebook_mark_different_from_the_journals_disagrees(candidate_a):
    GradeFactory(candidate=candidate_a, mark="5", teacher="Учителева М.А.")
    notebook(candidate_a, mark="3", teacher="")
    [d] = grade_disagreements(candidate_ids=[candidate_a.pk])
    assert d.as_json() == {
        "pupil": "Арсланова Динара Маратовна",
        "class": "11А",
        "subject": "Русский язык",
        "date": "2023-10-12",
        "work": "Контрольная работа",
        "journal": "5",
        "notebook": "3",
    }
    assert d.teacher == "Учителева М.А."


def test_a_notebook_mark_missing_from_the_journal_disagrees_with_journal_null(candidate_a):
    GradeFactory(candidate=candidate_a, mark="5", work_date=DAY + datetime.timedelta(days=1))
    notebook(candidate_a, mark="5")
    [d] = grade_disagreements(candidate_ids=[candidate_a.pk])
    assert d.journal is None


def test_any_journal_mark_of_the_same_day_can_agree(candidate_a):
    GradeFactory(candidate=candidate_a, mark="4", work_kind=WorkKind.CURRENT)
    GradeFactory(candidate=candidate_a, mark="5")
    notebook(candidate_a, mark="5")
    assert grade_disagreements(candidate_ids=[candidate_a.pk]) == []


def test_another_subject_on_the_same_day_does_not_count(candidate_a):
    GradeFactory(candidate=candidate_a, mark="5", subject=subject("Физика"))
    notebook(candidate_a, mark="5")
    [d] = grade_disagreements(candidate_ids=[candidate_a.pk])
    assert d.journal is None


def test_a_journal_mark_without_a_notebook_mark_is_not_a_disagreement(candidate_a):
    GradeFactory(candidate=candidate_a, mark="5")
    assert grade_disagreements(candidate_ids=[candidate_a.pk]) == []


def test_totals_by_school_count_checked_marks_and_disagreements(candidate_a, candidate_b):
    GradeFactory(candidate=candidate_a, mark="5")
    notebook(candidate_a, mark="4")
    notebook(candidate_a, mark="5", work_date=DAY + datetime.timedelta(days=3))
    GradeFactory(candidate=candidate_b, mark="5")
    notebook(candidate_b, mark="5")
    ids = [candidate_a.pk, candidate_b.pk]
    totals = totals_by_school(candidate_ids=ids, disagreements=grade_disagreements(candidate_ids=ids))
    a, b = totals[candidate_a.school_id], totals[candidate_b.school_id]
    assert (a.checked, a.disagreements, a.candidates) == (2, 2, 1)
    assert (b.checked, b.disagreements, b.candidates) == (1, 0, 0)


def test_compare_grades_prints_the_disagreements_of_one_school(candidate_a, candidate_b, capsys):
    GradeFactory(candidate=candidate_a, mark="5")
    notebook(candidate_a, mark="4")
    notebook(candidate_b, mark="4")
    call_command("compare_grades", "--school", candidate_a.school.code, "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload == [
        {
            "pupil": "Арсланова Динара Маратовна",
            "class": "11А",
            "subject": "Русский язык",
            "date": "2023-10-12",
            "work": "Контрольная работа",
            "journal": "5",
            "notebook": "4",
        }
    ]
