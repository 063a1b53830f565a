from django.db import connection
from django.test.utils import CaptureQueriesContext

from medals.indicators import SchoolMedalIndicators, school_medal_indicators
from medals.models import Source
from tests.factories import SchoolFactory

from .factories import CandidateFactory, GradeFactory, PupilFactory, SchoolYearIndicatorFactory


def test_indicators_count_graduates_candidates_risks_and_last_years_medalists(
    school_a, school_b, candidate_a
):
    CandidateFactory(pupil=PupilFactory(school=school_a))
    CandidateFactory(pupil=PupilFactory(school=school_a), graduation_year=2025)
    CandidateFactory(pupil=PupilFactory(school=school_a), is_active=False)
    GradeFactory(candidate=candidate_a, mark="5")
    GradeFactory(candidate=candidate_a, mark="4", source=Source.NOTEBOOK)
    SchoolYearIndicatorFactory(school=school_a, year=2024, graduates=10)
    SchoolYearIndicatorFactory(
        school=school_a, year=2023, graduates=12, medalists=3, medalists_ege_below_70=1
    )
    found = school_medal_indicators(school_ids=[school_a.pk, school_b.pk], year=2024)
    assert found[school_a.pk] == SchoolMedalIndicators(
        school_id=school_a.pk,
        graduates=10,
        candidates=2,
        candidates_at_risk=1,
        share=0.2,
        medalists_last_year=3,
        medalists_last_year_ege_below_70=1,
    )
    assert found[school_b.pk].share is None
    assert found[school_b.pk].graduates == 0


def test_indicators_take_the_same_number_of_queries_for_one_school_or_ten(municipality):
    schools = [SchoolFactory(municipality=municipality) for _ in range(10)]
    for school in schools:
        candidate = CandidateFactory(pupil=PupilFactory(school=school))
        GradeFactory(candidate=candidate, source=Source.NOTEBOOK)
        SchoolYearIndicatorFactory(school=school, year=2024)
    with CaptureQueriesContext(connection) as one:
        school_medal_indicators(school_ids=[schools[0].pk], year=2024)
    with CaptureQueriesContext(connection) as ten:
        school_medal_indicators(school_ids=[s.pk for s in schools], year=2024)
    # 12: two of them read the marks' states the cached facts are kept under (medals.risk_cache): everywhere,
    # and, as that changed since, the candidates' own.
    assert len(ten.captured_queries) == len(one.captured_queries) <= 12
    with CaptureQueriesContext(connection) as again:
        school_medal_indicators(school_ids=[s.pk for s in schools], year=2024)
    # Neither the candidates' own marks' state nor the four over the marks are read again.
    assert len(again.captured_queries) == len(ten.captured_queries) - 5
