"""Kept pages of the results (common.kept_pages): the candidates' list and card, the risk groups, the
objectivity page and the region page are served as they were rendered while nothing they show has changed,
and rendered again after any change of what they show. The marks are named by their versions and the
newest mark (medals.kept_rows): a mark added, a version switched off, make the pages new. On PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ObjectivityThresholds, Observer, OfficialFlag
from audit.exports import PdKind
from audit.models import PersonalDataExport
from medals.models import Candidate, ExtractVersion, MedalDegree, Recheck, Source, Upload
from schools.models import Pupil, School, User
from tests.assessments.factories import (
    EgeResultFactory,
    MockWorkFactory,
    ScoreScaleFactory,
    VprResultFactory,
    VprTestFactory,
)
from tests.factories import MunicipalityFactory, SchoolFactory, UserFactory
from tests.medals.factories import CandidateFactory, GradeFactory, PupilFactory, RecheckFactory

from .test_kept_pages import _client, _fresh, _page

FINGERPRINT = "SELECT (SELECT count(*)"
# What a kept card asks after its fingerprint: the log of the opening.
KEPT_CARD_WORK = ('INSERT INTO "audit_personaldataexport"',)


def _served_kept(client: Client) -> tuple[str, bool]:
    """The page, and whether it was served kept: the fingerprint came with the session, the person and, for
    the analyst, the top bar's municipality, and nothing after it but what a kept card does."""
    with CaptureQueriesContext(connection) as queries:
        page = _page(client)
    sql = [q["sql"] for q in queries.captured_queries]
    at = next((i for i, s in enumerate(sql) if s.startswith(FINGERPRINT)), None)
    return page, at is not None and at <= 3 and all(s.startswith(KEPT_CARD_WORK) for s in sql[at + 1 :])


TODAY = date(2024, 2, 20)


@pytest.fixture
def results(postgres, municipality, school_a, school_b, department_head):
    """A candidate of school A with a journal version of marks, one re-check of a mark; a ВПР of both
    schools where school A «raised» its marks."""
    cache.clear()
    pupil = PupilFactory(school=school_a, last_name="Арсланова", first_name="Динара")
    candidate = CandidateFactory(pupil=pupil, graduation_year=2024)
    upload = Upload.objects.create(
        school=school_a,
        kind=Upload.Kind.JOURNAL,
        status=Upload.Status.SAVED,
        original_name="Журнал 11А.xlsx",
        uploaded_by=department_head,
    )
    version = ExtractVersion.objects.create(
        upload=upload, school=school_a, source=Source.JOURNAL, academic_year=2023, is_current=True, marks=3
    )
    for day, mark in ((10, "5"), (11, "4"), (12, "4")):
        GradeFactory(candidate=candidate, version=version, work_date=date(2023, 10, day), mark=mark)
    RecheckFactory(candidate=candidate)
    test = VprTestFactory(municipality=municipality, year=2023)
    for n in range(6):
        VprResultFactory(test=test, school=school_a, mark=5 if n < 3 else 3, journal_mark=3)
        VprResultFactory(test=test, school=school_b, mark=3, journal_mark=3)
    return {"candidate": candidate, "version": version, "test": test}


@pytest.fixture
def analyst(municipality):
    return UserFactory(username="analyst", role=User.Role.REGIONAL_ANALYST, municipality=None)


MEDAL_PAGES = {
    "candidate_list": lambda r: reverse("medals:candidate_list"),
    "candidate_card": lambda r: reverse("medals:candidate_detail", args=[r["candidate"].pk]),
    "risk_candidates": lambda r: reverse("medals:risk_groups") + "?year=2024",
    "risk_teachers": lambda r: reverse("medals:risk_groups") + "?year=2024&tab=teachers",
    "risk_schools": lambda r: reverse("medals:risk_groups") + "?year=2024&tab=schools",
}
RESULT_PAGES = {
    "objectivity": lambda r: reverse("assessments:objectivity") + "?year=2023",
    "region": lambda r: reverse("assessments:region") + "?year=2023",
}
PAGES = {**MEDAL_PAGES, **RESULT_PAGES}
OPENED_BY = {
    **{page: ["department_head", "methodist_a", "head_a"] for page in MEDAL_PAGES},
    "objectivity": ["department_head", "methodist_a", "head_a", "analyst"],
    "region": ["analyst"],
}
OPENINGS = [(page, who) for page in PAGES for who in OPENED_BY[page]]


@pytest.mark.parametrize(("page", "who"), OPENINGS)
@time_machine.travel(TODAY, tick=False)
def test_an_unchanged_page_is_served_as_it_was_rendered(page, who, request, results, settings):
    client = _client(request.getfixturevalue(who), PAGES[page](results))
    first = _page(client)
    again, kept = _served_kept(client)
    assert kept and again == first == _fresh(client, settings)


def _mark_added(results, **_):
    GradeFactory(candidate=results["candidate"], version=results["version"], work_date=date(2023, 11, 1))


def _version_switched_off(results, **_):
    ExtractVersion.objects.filter(pk=results["version"].pk).update(is_current=False)


def _degree_changed(results, **_):
    Candidate.objects.filter(pk=results["candidate"].pk).update(degree=MedalDegree.SECOND)


def _pupil_renamed(results, **_):
    Pupil.objects.filter(pk=results["candidate"].pupil_id).update(last_name="Арсланова-Гусейнова")


def _recheck_done(results, **_):
    Recheck.objects.filter(candidate=results["candidate"]).update(
        status=Recheck.Status.DONE, recheck_mark="3", recheck_value=3
    )


def _ege_passed(results, **_):
    EgeResultFactory(pupil=results["candidate"].pupil, year=2024, score_100=40)


def _mock_exam_written(results, municipality, **_):
    MockWorkFactory(
        pupil=results["candidate"].pupil, exam__schedule__municipality=municipality, primary_score=12
    )


def _scale_edited(municipality, **_):
    # The scales a mock exam's points are converted by: shared, or the municipality's own copy.
    ScoreScaleFactory(municipality=municipality)


def _another_candidate(school_b, **_):
    CandidateFactory(pupil=PupilFactory(school=school_b, last_name="Бекова"), graduation_year=2024)


def _school_renamed(school_a, **_):
    School.objects.filter(pk=school_a.pk).update(short_name="МБОУ «Лицей № 1»")


def _vpr_results_added(results, school_b, **_):
    for _n in range(4):
        VprResultFactory(test=results["test"], school=school_b, mark=5, journal_mark=2)


def _thresholds_edited(municipality, **_):
    ObjectivityThresholds.objects.update_or_create(
        municipality=municipality, defaults={"min_participants": 3}
    )


def _official_flag(municipality, school_b, **_):
    OfficialFlag.objects.create(
        municipality=municipality, year=2023, school=school_b, subjects=["Математика"]
    )


def _observer_added(municipality, **_):
    Observer.objects.create(municipality=municipality, last_name="Наблюдателева", first_name="Анна")


MEDAL_WRITES = [
    _mark_added,
    _version_switched_off,
    _degree_changed,
    _pupil_renamed,
    _recheck_done,
    _ege_passed,
    _mock_exam_written,
    _scale_edited,
    _another_candidate,
    _school_renamed,
]
# A card names its own candidate's rows (medals.kept_rows.card_rows): another candidate leaves it kept.
CARD_KEPT_BY = {_another_candidate}
RESULT_WRITES = [_vpr_results_added, _thresholds_edited, _official_flag, _observer_added, _school_renamed]
PAGE_WRITES = [
    (page, write, who)
    for page in PAGES
    for write in (MEDAL_WRITES if page in MEDAL_PAGES else RESULT_WRITES)
    if not (page == "candidate_card" and write in CARD_KEPT_BY)
    for who in OPENED_BY[page][:2]
]


@pytest.mark.parametrize(
    ("page", "write", "who"), PAGE_WRITES, ids=lambda v: v if isinstance(v, str) else v.__name__
)
@time_machine.travel(TODAY, tick=False)
def test_after_any_write_of_what_it_shows_the_page_is_rendered_again(
    page, write, who, request, results, municipality, school_a, school_b, settings
):
    client = _client(request.getfixturevalue(who), PAGES[page](results))
    _page(client)
    assert _served_kept(client)[1]
    write(results=results, municipality=municipality, school_a=school_a, school_b=school_b)
    after, kept = _served_kept(client)
    assert not kept
    assert after == _fresh(client, settings)
    assert _served_kept(client)[1]


# Writes every opening of these pages shows on the page itself (others may change what no table shows).
SHOWN = {
    ("candidate_list", _pupil_renamed): "Арсланова-Гусейнова",
    ("candidate_card", _mark_added): "01.11.2023",
    ("candidate_card", _pupil_renamed): "Арсланова-Гусейнова",
    ("objectivity", _school_renamed): "Лицей № 1",
}


@pytest.mark.parametrize(
    ("page", "write"), list(SHOWN), ids=lambda v: v if isinstance(v, str) else v.__name__
)
@time_machine.travel(TODAY, tick=False)
def test_the_page_rendered_again_shows_the_change(
    page, write, results, department_head, municipality, school_a, school_b
):
    client = _client(department_head, PAGES[page](results))
    before = _page(client)
    write(results=results, municipality=municipality, school_a=school_a, school_b=school_b)
    after = _page(client)
    assert SHOWN[(page, write)] not in before and SHOWN[(page, write)] in after


@time_machine.travel(TODAY, tick=False)
def test_a_kept_card_is_logged_as_an_opening_of_the_pupils_data(results, department_head):
    """The card is an opening of a pupil's data whether it is rendered or served kept."""
    client = _client(department_head, PAGES["candidate_card"](results))
    PersonalDataExport.objects.all().delete()
    _page(client)
    assert _served_kept(client)[1]
    logged = list(PersonalDataExport.objects.order_by("pk").values_list("kind", "what", "pupils", "user"))
    what = f"Карточка претендента № {results['candidate'].pk}, {results['candidate'].school}"
    assert logged == [(PdKind.CARD, what, 1, department_head.pk)] * 2


@time_machine.travel(TODAY, tick=False)
def test_a_card_kept_for_one_person_is_not_another_schools_head(results, head_a, municipality):
    """The head of another school gets 404 on the card, kept or not: the access check runs first."""
    other = UserFactory(
        role=User.Role.SCHOOL_HEAD, municipality=municipality, school=SchoolFactory(municipality=municipality)
    )
    url = PAGES["candidate_card"](results)
    ours = _client(head_a, url)
    _page(ours)
    assert _served_kept(ours)[1]
    assert _client(other, url).get(url).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_a_change_in_another_municipality_keeps_the_medal_pages(results, department_head):
    elsewhere = SchoolFactory(municipality=MunicipalityFactory(name="Соседний"))
    client = _client(department_head, PAGES["candidate_list"](results))
    _page(client)
    CandidateFactory(pupil=PupilFactory(school=elsewhere), graduation_year=2024)
    assert _served_kept(client)[1]


@pytest.mark.parametrize("who", OPENED_BY["candidate_card"])
@time_machine.travel(TODAY, tick=False)
def test_another_candidate_of_the_same_school_keeps_the_card(results, school_a, who, request):
    client = _client(request.getfixturevalue(who), PAGES["candidate_card"](results))
    _page(client)
    other = CandidateFactory(pupil=PupilFactory(school=school_a, last_name="Бекова"), graduation_year=2024)
    RecheckFactory(candidate=other)
    Candidate.objects.filter(pk=other.pk).update(degree=MedalDegree.SECOND)
    assert _served_kept(client)[1]


@time_machine.travel(TODAY, tick=False)
def test_the_card_of_a_transferred_candidate_follows_its_former_school(results, school_b, department_head):
    Candidate.objects.filter(pk=results["candidate"].pk).update(previous_school=school_b)
    client = _client(department_head, PAGES["candidate_card"](results))
    _page(client)
    assert _served_kept(client)[1]
    School.objects.filter(pk=school_b.pk).update(short_name="МБОУ «Гимназия № 9»")
    after, kept = _served_kept(client)
    assert not kept and "Гимназия № 9" in after
