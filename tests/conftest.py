"""Shared fixtures: a municipality with two schools, A and B, and a user of every role.

Tests that need a real server say so with a fixture (``postgres``, ``redis_url``, ``chromium``):
on a machine without it they skip with the reason, and with REQUIRE_SERVICES=1 (set by .ci/run)
every skip is turned into a failure, so CI skips nothing.
"""

from __future__ import annotations

import importlib
import os
import shutil

import pytest
from celery import Celery
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from roadmaps.progress import progress_sync_for_measure
from schools.models import User

from .factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory

STRICT = os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"REQUIRE_SERVICES=1: a skip counts as a failure in CI. Reason: {report.longrepr}"


# Reference data that migrations load. A transactional test flushes every table when it ends, so tests
# that run after one would find these empty; they are put back before each database test.
REFERENCE_DATA = [
    ("assessments.migrations.0002_reference_subjects", "add_subjects", "assessments.Subject"),
    ("medals.migrations.0002_benchmark_2024", "add_benchmark", "medals.MedalBenchmark"),
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    transactional = (
        bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    for module, function, model in REFERENCE_DATA:
        if not django_apps.get_model(model).objects.exists():
            getattr(importlib.import_module(module), function)(django_apps, None)


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    # django-axes needs the request at authenticate(), which Client.login() does not pass; the tests of
    # throttling itself (tests/schools/test_login_throttling.py) switch it back on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The real hasher is slow on purpose; tests create many users and gain nothing from that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_cache(settings):
    # Each test gets an empty in-process cache: cached analyses keyed by ids would otherwise outlive
    # the rows a rolled-back test made, and a Redis cache would carry them into the next CI run.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/roadmap")
    return connection


@pytest.fixture
def redis_url():
    url = settings.REDIS_URL
    if not url:
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {url} does not answer: {exc}")
    return url


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    return path


@pytest.fixture
def celery_inline():
    """Tasks run inline whatever REDIS_URL says (tasks queued after commit run when the test runs the
    commit's callbacks): only the real-worker tests talk to a broker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def broker_down():
    """Make current a Celery app whose broker nobody listens on: the state of a site whose Redis is down."""
    app = Celery("broker-down", set_as_current=True)
    app.conf.update(broker_url="redis://127.0.0.1:9/0", task_always_eager=False, broker_connection_timeout=1)
    yield app
    app.close()
    celery_app.set_current()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Кумторкалинский район", department_name="МКУ «Кумторкалинское УО»")


@pytest.fixture
def school_a(municipality):
    return SchoolFactory(municipality=municipality, short_name="МКОУ «Школа А»", code="A001")


@pytest.fixture
def school_b(municipality):
    return SchoolFactory(municipality=municipality, short_name="МКОУ «Школа Б»", code="B001")


@pytest.fixture
def department_head(municipality):
    return UserFactory(
        username="head", role=User.Role.DEPARTMENT_HEAD, municipality=municipality, last_name="Начальникова"
    )


@pytest.fixture
def methodist_a(municipality, school_a):
    return UserFactory(
        username="met_a", role=User.Role.METHODIST, municipality=municipality, curated=[school_a]
    )


@pytest.fixture
def methodist_b(municipality, school_b):
    return UserFactory(
        username="met_b", role=User.Role.METHODIST, municipality=municipality, curated=[school_b]
    )


@pytest.fixture
def head_a(municipality, school_a):
    return UserFactory(
        username="dir_a", role=User.Role.SCHOOL_HEAD, municipality=municipality, school=school_a
    )


@pytest.fixture
def head_b(municipality, school_b):
    return UserFactory(
        username="dir_b", role=User.Role.SCHOOL_HEAD, municipality=municipality, school=school_b
    )


@pytest.fixture
def member(municipality, school_b):
    return UserFactory(
        username="member", role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_b
    )


@pytest.fixture
def coordinator(municipality):
    return UserFactory(username="coord", role=User.Role.COORDINATOR, municipality=municipality)


@pytest.fixture
def roadmap(municipality):
    return RoadmapFactory(municipality=municipality)


@pytest.fixture
def measure(roadmap, school_a, school_b):
    measure = MeasureFactory(roadmap=roadmap, number="8")
    progress_sync_for_measure(measure=measure)
    return measure


@pytest.fixture
def progress_a(measure, school_a):
    return measure.progress.get(school=school_a)


@pytest.fixture
def progress_b(measure, school_b):
    return measure.progress.get(school=school_b)


def login(client, user) -> None:
    client.force_login(user)


# A Redis address nobody listens on: the cache "down", as an outage looks to the application.
NOBODY_LISTENS = "redis://127.0.0.1:9/0"


@pytest.fixture
def redis_down(settings):
    from common import cache as safe_cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOBODY_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    safe_cache.cache_reset()
    yield
    safe_cache.cache_reset()
