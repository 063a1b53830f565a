"""Fixtures of the assessments tests, on top of tests/conftest.py (schools A and B, a user of each role)."""

from __future__ import annotations

import pytest

from schools.models import User

from ..factories import SchoolFactory, UserFactory
from .factories import MockExamScheduleFactory


@pytest.fixture
def school_c(municipality):
    return SchoolFactory(municipality=municipality, short_name="МКОУ «Школа В»", code="C001")


@pytest.fixture
def member_a(municipality, school_a):
    return UserFactory(
        username="member_a", role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_a
    )


@pytest.fixture
def schedule(municipality):
    return MockExamScheduleFactory(municipality=municipality)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The users of these tests log in with force_login: a slow hasher would only slow the suite down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
