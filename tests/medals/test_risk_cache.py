"""The risk groups keep the marks' facts in the cache: every change of what the rules read shows at once."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import EgeResult
from common.cache import cache_reset
from medals import risk_cache
from medals.models import ExtractVersion, Period, Recheck, Source, Upload, WorkKind

from .factories import GradeFactory, RecheckFactory, subject

DAY = datetime.date(2023, 10, 12)
pytestmark = pytest.mark.django_db


@pytest.fixture
def risks(client, department_head, candidate_a):
    client.force_login(department_head)

    def visit(tab: str = "candidates") -> str:
        return client.get(reverse("medals:risk_groups"), {"tab": tab}).content.decode()

    assert 'data-risk="' not in visit()  # the cache now holds the candidate's facts without any mark
    return visit


def final_mark(candidate, mark: str, **extra):
    extra.setdefault("subject", subject("Физика"))
    return GradeFactory(
        candidate=candidate,
        period=Period.FINAL,
        work_kind=WorkKind.FINAL,
        work_date=None,
        mark=mark,
        **extra,
    )


def test_a_new_journal_mark_shows_on_the_next_visit(risks, candidate_a):
    final_mark(candidate_a, "3")
    assert 'data-risk="final_marks"' in risks()


def test_a_notebook_mark_entered_by_hand_shows_on_the_next_visit(risks, candidate_a):
    GradeFactory(candidate=candidate_a, work_date=DAY, mark="5")
    assert 'data-risk="disagreement"' not in risks()
    GradeFactory(candidate=candidate_a, work_date=DAY, mark="4", source=Source.NOTEBOOK)
    assert 'data-risk="disagreement"' in risks()


def test_a_version_switched_off_takes_its_marks_away_on_the_next_visit(risks, candidate_a, school_a):
    upload = Upload.objects.create(
        school=school_a, kind=Upload.Kind.JOURNAL, status=Upload.Status.SAVED, original_name="journal.xlsx"
    )
    version = ExtractVersion.objects.create(
        upload=upload, school=school_a, source=Source.JOURNAL, academic_year=2023, is_current=True
    )
    final_mark(candidate_a, "3", version=version)
    assert 'data-risk="final_marks"' in risks()
    version.is_current = False  # no mark is added or removed: only the version's state changes
    version.save()
    assert 'data-risk="final_marks"' not in risks()


def test_a_renamed_subject_shows_in_the_final_marks_on_the_next_visit(risks, candidate_a):
    final_mark(candidate_a, "3")
    assert "Физика" in risks()
    physics = subject("Физика")
    physics.name = "Физика и астрономия"
    physics.save()
    assert "Физика и астрономия" in risks()


def test_rechecks_exam_results_and_the_candidate_are_read_on_every_visit(risks, candidate_a):
    RecheckFactory(
        candidate=candidate_a, status=Recheck.Status.DONE, original_value=5, recheck_value=3, recheck_mark="3"
    )
    assert 'data-risk="recheck_lowered"' in risks()
    EgeResult.objects.create(
        pupil=candidate_a.pupil,
        subject=subject("Русский язык"),
        year=2024,
        exam_date=datetime.date(2024, 5, 30),
        score_100=65,
    )
    assert 'data-risk="ege_below"' in risks()
    candidate_a.previous_school_name = "МКОУ «СОШ №9»"
    candidate_a.save()
    assert 'data-risk="transfer"' in risks()


def test_the_schools_tab_counts_a_new_risk_on_the_next_visit(risks, candidate_a):
    assert '<td class="text-end hide-sm">0</td>' in risks("schools")
    final_mark(candidate_a, "3")
    assert '<td class="text-end hide-sm">1</td>' in risks("schools")


def test_the_marks_are_read_once_while_they_do_not_change(risks, candidate_a, monkeypatch):
    final_mark(candidate_a, "3")
    calls = []
    real = risk_cache.grade_facts
    monkeypatch.setattr(risk_cache, "grade_facts", lambda **kw: calls.append(kw) or real(**kw))
    assert 'data-risk="final_marks"' in risks()
    assert 'data-risk="final_marks"' in risks()
    assert len(calls) == 1


def test_the_page_computes_the_marks_when_the_cache_is_down(risks, candidate_a, settings):
    final_mark(candidate_a, "3")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nobody listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    cache_reset()
    try:
        assert 'data-risk="final_marks"' in risks()
    finally:
        cache_reset()


def test_the_candidate_lists_risk_filter_shows_a_new_mark_on_the_next_visit(risks, client, candidate_a):
    def at_risk() -> bool:
        content = client.get(reverse("medals:candidate_list"), {"risk": "on"}).content.decode()
        return "Арсланова" in content

    assert not at_risk()
    final_mark(candidate_a, "3")
    assert at_risk()


def test_the_candidate_lists_rows_show_a_new_mark_on_the_next_visit(risks, client, candidate_a):
    """The list's rows read their risk signs from the same cache as the filter, keyed by the marks."""

    def row_at_risk() -> bool:
        return 'data-risk="final_marks"' in client.get(reverse("medals:candidate_list")).content.decode()

    assert not row_at_risk()
    final_mark(candidate_a, "3")
    assert row_at_risk()


def test_the_candidate_card_shows_a_new_mark_on_the_next_visit(risks, client, candidate_a):
    """The card reads the rules' marks facts from the same cache, keyed by the marks' state."""

    def card() -> str:
        return client.get(reverse("medals:candidate_detail", args=[candidate_a.pk])).content.decode()

    assert "Итоговые отметки не дают медаль" not in card()
    final_mark(candidate_a, "3")
    assert "Итоговые отметки не дают медаль" in card()


def test_the_facts_are_kept_compressed_and_come_back_the_same(candidate_a, monkeypatch):
    stored = []
    real = risk_cache.cache_set
    monkeypatch.setattr(risk_cache, "cache_set", lambda *args: stored.append(args[1]) or real(*args))
    final_mark(candidate_a, "3")
    GradeFactory(candidate=candidate_a, work_date=DAY, mark="4", source=Source.NOTEBOOK)
    computed = risk_cache.cached_grade_facts(candidate_ids=[candidate_a.pk])
    # Kept once, under both keys (the marks' state everywhere, and the candidates' own).
    assert [type(value) for value in stored] == [bytes, bytes] and stored[0] is stored[1]
    assert risk_cache.cached_grade_facts(candidate_ids=[candidate_a.pk]) == computed
    assert len(stored) == 2  # the second came from the cache
    assert computed[candidate_a.pk].finals == {"Физика": 3}
    [disagreement] = computed[candidate_a.pk].disagreements
    assert disagreement.notebook == "4"
    assert disagreement.pupil == ""  # no pupil's name is kept in the cache


def test_the_cache_keeps_each_name_once_however_many_marks_name_it(candidate_a, candidate_b, monkeypatch):
    """Every subject's and teacher's name is one string in what is kept: pickle writes it once and refers
    back to it, and the facts read back share it too."""
    import pickle
    import zlib

    stored = []
    real = risk_cache.cache_set
    monkeypatch.setattr(risk_cache, "cache_set", lambda *args: stored.append(args[1]) or real(*args))
    for candidate in (candidate_a, candidate_b):
        final_mark(candidate, "5")
        GradeFactory(candidate=candidate, work_date=DAY, mark="5", teacher="Иванова И. И.")
        GradeFactory(candidate=candidate, work_date=DAY, mark="4", source=Source.NOTEBOOK)
    computed = risk_cache.cached_grade_facts(candidate_ids=[candidate_a.pk, candidate_b.pk])
    kept = pickle.loads(zlib.decompress(stored[0]))
    assert kept == computed
    for facts in (computed, kept):
        a, b = facts[candidate_a.pk], facts[candidate_b.pk]
        [physics_a], [physics_b] = a.finals, b.finals
        assert physics_a == physics_b == "Физика" and physics_a is physics_b
        [da], [db] = a.disagreements, b.disagreements
        assert da.teacher is db.teacher and da.subject is db.subject and da.work is db.work
        assert da.pupil == db.pupil == ""


def test_another_schools_upload_leaves_these_candidates_facts_in_the_cache(
    risks, candidate_a, candidate_b, monkeypatch
):
    """A mark of another school's candidate changes the marks' state everywhere, not the state of these
    candidates' own marks: their facts are read back, not drawn again. A mark of their own is drawn."""
    final_mark(candidate_a, "3")
    calls = []
    real = risk_cache.grade_facts
    monkeypatch.setattr(risk_cache, "grade_facts", lambda **kw: calls.append(kw) or real(**kw))
    ids = [candidate_a.pk]
    first = risk_cache.cached_grade_facts(candidate_ids=ids)
    final_mark(candidate_b, "2")  # another school's candidate
    again = risk_cache.cached_grade_facts(candidate_ids=ids)
    assert len(calls) == 1 and again[candidate_a.pk].finals == first[candidate_a.pk].finals == {"Физика": 3}
    final_mark(candidate_a, "5", subject=subject("Химия"))
    assert risk_cache.cached_grade_facts(candidate_ids=ids)[candidate_a.pk].finals == {
        "Физика": 3,
        "Химия": 5,
    }
    assert len(calls) == 2
