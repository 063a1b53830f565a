"""``loaded_instances``: the instances ``select_related(...).only(...)`` gives, from one values query."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from common.instances import loaded_instances
from medals.lists import CANDIDATE_FILE_FIELDS
from medals.models import Candidate
from tests.medals.factories import CandidateFactory, PupilFactory

pytestmark = pytest.mark.django_db

RELATIONS = ("pupil", "school", "previous_school")


@pytest.fixture
def candidates(school_a, school_b):
    moved = PupilFactory(school=school_a, last_name="Яковлев", first_name="Илья", middle_name="")
    staying = PupilFactory(school=school_b, last_name="Абрамова", first_name="Ольга", middle_name="Петровна")
    named_only = PupilFactory(school=school_b, last_name="Волков", first_name="Пётр", middle_name="")
    return [
        CandidateFactory(
            pupil=moved, previous_school=school_b, transfer_date=datetime.date(2024, 9, 2), degree=2
        ),
        CandidateFactory(pupil=staying),
        CandidateFactory(pupil=named_only, previous_school_name="Гимназия № 3 г. Энска"),
    ]


def _rows():
    return Candidate.objects.filter(school__municipality__isnull=False).order_by("-pupil__last_name")


def test_the_same_rows_in_the_same_order_with_the_same_fields(candidates):
    expected = list(_rows().select_related(*RELATIONS).only(*CANDIDATE_FILE_FIELDS))
    found = loaded_instances(_rows(), CANDIDATE_FILE_FIELDS)
    assert [c.pk for c in found] == [c.pk for c in expected] and len(found) == 3
    for mine, theirs in zip(found, expected, strict=True):
        assert type(mine) is Candidate and mine == theirs
        assert mine.get_deferred_fields() == theirs.get_deferred_fields()
        for name in CANDIDATE_FILE_FIELDS:
            path = name.split("__")
            assert _walk(mine, path) == _walk(theirs, path), name
        for relation in ("pupil", "school"):
            mine_related, theirs_related = getattr(mine, relation), getattr(theirs, relation)
            assert mine_related.get_deferred_fields() == theirs_related.get_deferred_fields()


def _walk(obj, path):
    for part in path:
        obj = getattr(obj, part)
        if obj is None:
            return None
    return obj


def test_related_rows_and_their_properties_ask_nothing(candidates):
    found = loaded_instances(_rows(), CANDIDATE_FILE_FIELDS)
    with CaptureQueriesContext(connection) as context:
        shown = [
            (c.pupil.full_name, c.pupil.class_name, c.school.short_name, c.previous_school, c.gve_marks)
            for c in found
        ]
    assert len(context.captured_queries) == 0
    moved, staying, named_only = sorted(found, key=lambda c: c.pk)
    assert moved.previous_school.short_name == candidates[0].previous_school.short_name
    assert staying.previous_school is None and named_only.previous_school is None
    assert named_only.previous_school_name == "Гимназия № 3 г. Энска"
    assert shown[0][0] == "Яковлев Илья"


def test_a_field_not_loaded_is_read_when_first_used(candidates):
    found = loaded_instances(_rows(), ("degree", "pupil__last_name"))
    first = found[0]
    assert "exam_form" in first.get_deferred_fields()
    with CaptureQueriesContext(connection) as context:
        assert first.exam_form == Candidate.objects.get(pk=first.pk).exam_form
    assert len(context.captured_queries) == 2  # the deferred field, then the check's own query
    assert first.pupil.last_name == "Яковлев"


def test_an_instance_saved_again_keeps_its_row(candidates):
    found = loaded_instances(_rows(), ("degree",))
    found[0].degree = 1
    found[0].save(update_fields=["degree"])
    assert Candidate.objects.get(pk=found[0].pk).degree == 1
    assert Candidate.objects.count() == 3


def test_an_empty_list_and_a_field_of_the_wrong_kind(candidates):
    assert loaded_instances(Candidate.objects.none(), CANDIDATE_FILE_FIELDS) == []
    with pytest.raises(ValueError, match="forward foreign key"):
        loaded_instances(Candidate.objects.all(), ("grades__value",))


def test_a_model_with_init_receivers_is_read_the_ordinary_way(candidates):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Candidate)
    try:
        found = loaded_instances(_rows(), CANDIDATE_FILE_FIELDS)
    finally:
        post_init.disconnect(receiver, sender=Candidate)
    assert sorted(seen) == sorted(c.pk for c in found) and len(found) == 3
    assert found[0].pupil.last_name == "Яковлев"
