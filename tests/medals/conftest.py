"""Medal fixtures: a candidate in school A and one in school B, a commission member from each school."""

from __future__ import annotations

import pytest

from schools.models import User
from tests.factories import UserFactory

from .factories import CandidateFactory, PupilFactory


@pytest.fixture
def candidate_a(school_a):
    pupil = PupilFactory(school=school_a, last_name="Арсланова", first_name="Динара", middle_name="Маратовна")
    return CandidateFactory(pupil=pupil, graduation_year=2024)


@pytest.fixture
def candidate_b(school_b):
    pupil = PupilFactory(school=school_b, last_name="Бекова", first_name="Зарина", middle_name="Алиевна")
    return CandidateFactory(pupil=pupil, graduation_year=2024)


@pytest.fixture
def member_a(municipality, school_a):
    return UserFactory(
        username="member_a", role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_a
    )
