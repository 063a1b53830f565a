"""Fixtures of the assessments tests, on top of tests/conftest.py (schools A and B, a user of each role)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from django.core.cache import cache as django_cache

from roadmaps.importer import ParsedRoadmap, parse_roadmap
from roadmaps.importer.save import roadmap_import_save
from schools.models import User

from ..factories import SchoolFactory, UserFactory
from .factories import MockExamScheduleFactory

SEED = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds" / "000_58e98b430dd7557c.docx"
VENUE = "МКОУ «Коркмаскалинская СОШ им. М.-З. Баймурзаева»"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids are reused after a rollback, so a key could repeat."""
    django_cache.clear()


@pytest.fixture
def logins(school_a, school_b):
    """Schools A and B with their ФИС ОКО logins, as the ВПР files name them."""
    school_a.fis_oko_login, school_b.fis_oko_login = "edu100001", "edu100002"
    school_a.save()
    school_b.save()
    return "edu100001", "edu100002"


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


@cache
def _parsed_seed() -> ParsedRoadmap:
    return parse_roadmap(SEED.read_bytes(), SEED.name)


@pytest.fixture
def seed_schools(municipality):
    """The schools the seed's appendices name; the venue written with spaces the appendix does not have."""
    names = {
        "venue": VENUE,
        "korkmaskala": "МКОУ «Коркмаскалинская СОШ»",
        "tyube": "МКОУ «Тюбинская СОШ»",
        "almalo": "МКОУ “Алмалинская СОШ”",
        "uchkent": "МКОУ «Учкентская СОШ»",
    }
    return {key: SchoolFactory(municipality=municipality, short_name=name) for key, name in names.items()}


@pytest.fixture
def seed_roadmap(municipality, seed_schools, department_head):
    return roadmap_import_save(parsed=_parsed_seed(), municipality=municipality, created_by=department_head)


@pytest.fixture
def seed_appendices(seed_roadmap):
    schedule, commission = seed_roadmap.appendices.order_by("order")
    return schedule, commission
