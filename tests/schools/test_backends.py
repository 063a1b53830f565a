"""schools.backends.UserBackend: the person, their municipality and their school in one query; and the
sessions logged in before the change (ModelBackend) stay logged in (migration 0007)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from schools.backends import MODEL_BACKEND, USER_BACKEND, UserBackend

from ..factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

moving = importlib.import_module("schools.migrations.0007_sessions_user_backend")


def test_the_person_comes_with_their_municipality_and_school_in_one_query(head_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UserBackend().get_user(head_a.pk)
        assert user.municipality.name == head_a.municipality.name
        assert user.school.short_name == head_a.school.short_name


def test_a_person_without_a_school_and_an_unknown_or_inactive_one(department_head, head_a):
    assert UserBackend().get_user(department_head.pk).school is None
    assert UserBackend().get_user(10**9) is None
    head_a.is_active = False
    head_a.save(update_fields=["is_active"])
    assert UserBackend().get_user(head_a.pk) is None


def test_logging_in_stores_this_backend_and_every_page_reads_the_person_once(client, head_a):
    response = client.post(reverse("login"), {"username": head_a.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == USER_BACKEND
    assert client.get(reverse("dashboard")).status_code == 200


def _old_session(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = MODEL_BACKEND
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def test_a_session_of_modelbackend_is_moved_and_stays_logged_in(client, head_a, settings):
    key = _old_session(head_a)
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert client.get(reverse("dashboard")).status_code == 302  # before the move: logged out
    key = _old_session(head_a)
    moving.forward(apps, None)
    assert SessionStore(session_key=key).load()[BACKEND_SESSION_KEY] == USER_BACKEND
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert client.get(reverse("dashboard")).status_code == 200
    moving.backward(apps, None)
    assert SessionStore(session_key=key).load()[BACKEND_SESSION_KEY] == MODEL_BACKEND


def test_a_session_that_cannot_be_read_is_left_alone(db):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.create(session_key="x" * 32, session_data="garbage", expire_date=timezone.now())
    moving.forward(apps, None)
    assert Session.objects.get(session_key="x" * 32).session_data == "garbage"


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_every_field_is_read_as_the_orm_reads_it(department_head, head_a, django_assert_num_queries):
    """The query is written by hand (once a process) and runs prepared: it must give what
    ``select_related("municipality", "school")`` gives, every field of all three rows."""
    from schools.models import User

    for person in (department_head, head_a):
        orm = User.objects.select_related("municipality", "school").get(pk=person.pk)
        with django_assert_num_queries(1):
            read = UserBackend().get_user(person.pk)
            assert _fields(read) == _fields(orm)
            assert _fields(read.municipality) == _fields(orm.municipality)
            assert (read.school and _fields(read.school)) == (orm.school and _fields(orm.school))
        assert read._state.adding is False and read._state.db == "default"


def test_a_person_without_a_municipality(db):
    from schools.models import User

    from ..factories import UserFactory

    analyst = UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None)
    read = UserBackend().get_user(analyst.pk)
    assert read == analyst and read.municipality is None and read.school is None


@pytest.mark.parametrize("garbage", ["abc", "", "1.5", None, str(10**30)])
def test_a_session_naming_no_valid_id_is_nobody(db, garbage):
    assert UserBackend().get_user(garbage) is None


def test_the_query_of_the_person_is_prepared_once_a_connection(postgres, client, head_a):
    from django.db import connection

    client.force_login(head_a)
    for _ in range(3):
        assert client.get(reverse("dashboard")).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "schools_user" u %'],
        )
        statements = [row[0] for row in cursor.fetchall()]
    assert len(statements) == 1 and "$1" in statements[0]
