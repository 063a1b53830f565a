"""The marks' part of the risk rules (``risks.grade_facts``), kept in the cache until the marks change.

A municipality's candidates have hundreds of journal marks each: reading them is most of the «Группы
риска» page (region scale: 600 candidates, 450 000 marks, 0.3 s). The facts drawn from them are kept as
plain data under a key naming the candidates and the «state» of the marks, read in one query:

- the current extract versions (how many, the sum and the largest of their ids): an upload, a
  replacement or a version switched off anywhere makes a new key. Region-wide on purpose: a transferred
  candidate's marks stay in their former school's versions;
- the largest mark id: every new mark, uploaded or entered by hand from a notebook, has a larger one
  (marks are only ever added; they go away with their version or their candidate);
- the subjects' names, which the final marks are keyed by.

When that state has changed (an upload anywhere), the facts are looked up again under the state of the
candidates' own current marks (``own_marks_state``): an upload of another school leaves it as it was.

Everything else the rules read (the candidates themselves, re-checks, ЕГЭ and mock results) is cheap and
is read on every visit by ``risks.candidate_assessments``, never from here. A cache that cannot be
reached (``common.cache``) only makes the page compute the facts again.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable
from dataclasses import replace
from hashlib import sha1

from django.db import connection
from django.db.models import Count, Max, Sum

from assessments.models import Subject
from common.cache import cache_get, cache_set

from .models import CURRENT_GRADES, Candidate, ExtractVersion, Grade
from .risks import CandidateAssessment, GradeFacts, candidate_assessments, grade_facts

# Every upload anywhere makes new keys: the old ones expire within hours instead of piling up in Redis
# (which is also the task broker), and are kept compressed (region scale: 390 kB of facts → 35 kB).
CACHE_SECONDS = 6 * 60 * 60


def marks_state() -> tuple:
    """What ``grade_facts`` depends on beyond the candidates' ids, as a few numbers from one query (see
    the module): current versions (count, sum and largest id), the largest mark id, the subjects' names."""
    versions, grades = ExtractVersion._meta.db_table, Grade._meta.db_table
    subjects = Subject._meta.db_table
    if connection.vendor == "postgresql":
        names = f"(SELECT md5(string_agg(s.id || ':' || s.name, ',' ORDER BY s.id)) FROM {subjects} s)"
    else:  # the embedded SQLite of `make run`: group_concat, in the order of an ordered subquery
        ordered = f"SELECT id || ':' || name AS x FROM {subjects} ORDER BY id"
        names = f"(SELECT group_concat(x, ',') FROM ({ordered}))"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), sum(v.id), max(v.id), (SELECT max(g.id) FROM {grades} g), {names} "
            f"FROM {versions} v WHERE v.is_current"
        )
        return tuple(cursor.fetchone())


def cached_grade_facts(*, candidate_ids: Iterable[int]) -> dict[int, GradeFacts]:
    """``risks.grade_facts`` from the cache while the marks are unchanged; disagreements name no pupil.

    Two keys: the marks' state everywhere (one cheap query, the usual way in), and, when that changed, the
    state of these candidates' own current marks (``own_marks_state``). An upload of one school changes
    the first for every page of the region, but the second only for its own candidates: the others' facts
    are read back, not drawn again from their marks (a deadline morning of uploads drew them at nearly
    every visit of a candidate list)."""
    ids = sorted(set(candidate_ids))
    if not ids:
        return {}
    state = marks_state()
    key = "risk-facts:v2:" + sha1(repr((ids, state)).encode()).hexdigest()
    packed = cache_get(key)
    if packed is not None:
        return pickle.loads(zlib.decompress(packed))
    names = state[-1]
    own = "risk-facts:own:v1:" + sha1(repr((ids, own_marks_state(ids), names)).encode()).hexdigest()
    packed = cache_get(own)
    if packed is not None:
        cache_set(key, packed, CACHE_SECONDS)
        return pickle.loads(zlib.decompress(packed))
    found = _names_shared(grade_facts(candidate_ids=ids))
    packed = zlib.compress(pickle.dumps(found), 1)
    cache_set(own, packed, CACHE_SECONDS)
    cache_set(key, packed, CACHE_SECONDS)
    return found


def own_marks_state(ids: list[int]) -> tuple:
    """The candidates' current marks (those of a current version, and notebook marks entered by hand) as
    their count, the sum and the largest of their ids. A mark added raises the largest id; a version made
    current or switched off adds or takes away marks (ids are only ever added). Two different sets with the
    same count, sum and largest id would take a coincidence, as for ``marks_state``'s versions."""
    found = Grade.objects.filter(CURRENT_GRADES, candidate_id__any_of=ids).aggregate(
        n=Count("pk"), total=Sum("pk"), last=Max("pk")
    )
    return found["n"], found["total"], found["last"]


def _names_shared(found: dict[int, GradeFacts]) -> dict[int, GradeFacts]:
    """The facts with every subject's, class's, work's and teacher's name as one string, and no pupil's.

    Each row of marks read brings its own copy of a name; pickle writes a string it has already written
    as a reference to it, so one copy per name keeps the cache small and quick to read back (region
    scale, a municipality's 617 candidates: 370 → 168 KB before compression, 4.0 → 2.2 ms to unpickle).
    No pupil's name in the cache: the rules and the pages that read these facts name the candidate from
    the candidate itself, never from a disagreement."""
    names: dict[str, str] = {}
    one = names.setdefault
    for facts in found.values():
        facts.finals = {one(name, name): mark for name, mark in facts.finals.items()}
        facts.written_averages = {one(name, name): mean for name, mean in facts.written_averages.items()}
        facts.disagreements = [
            replace(
                d,
                pupil="",
                subject=one(d.subject, d.subject),
                class_name=one(d.class_name, d.class_name),
                work=one(d.work, d.work),
                teacher=one(d.teacher, d.teacher),
            )
            for d in facts.disagreements
        ]
    return found


def cached_candidate_assessments(*, candidates: Iterable[Candidate]) -> dict[int, CandidateAssessment]:
    """``risks.candidate_assessments`` with the marks' facts from the cache when they have not changed."""
    candidates = list(candidates)
    facts = cached_grade_facts(candidate_ids=[c.pk for c in candidates])
    return candidate_assessments(candidates=candidates, facts=facts)
