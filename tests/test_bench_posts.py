"""Timing a request that writes (bench.posts): every run finds the data as the first did, the last leaves
what it made; the upload's floor receives and stores the file and asks the database nothing."""

from __future__ import annotations

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.posts import form_floor, timed_posts, upload_floor
from schools.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True)
TRANSACTION = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


def test_every_run_but_the_last_is_rolled_back():
    seen = []

    def post() -> HttpResponse:
        seen.append(Municipality.objects.filter(name="Новый район").count())
        Municipality.objects.create(name="Новый район")
        return HttpResponse(status=302)

    posted = timed_posts(post, client=Client(), runs=3)
    assert seen == [0, 0, 0, 0]  # a warming run and three timed ones, each on the data as it was
    assert Municipality.objects.filter(name="Новый район").count() == 1  # the last one kept
    assert posted.response.status_code == 302 and posted.queries == 2 and posted.median_ms > 0


def test_each_post_starts_without_the_messages_the_one_before_left():
    """A browser shows a request's messages on the page it is sent to next; the bench's client lets them
    go after each post, so that the eighth request does not carry (and rewrite) the seven before it."""
    client = Client()
    carried = []

    def post() -> HttpResponse:
        carried.append(CookieStorage.cookie_name in client.cookies)
        client.cookies[CookieStorage.cookie_name] = "Совещание создано."  # as a request that says something
        return HttpResponse(status=302)

    timed_posts(post, client=client, runs=2)
    assert carried == [False, False, False]


def test_beside_its_floor_each_real_post_follows_one_of_the_floors_which_leave_nothing():
    sent = []

    def post() -> HttpResponse:
        sent.append("real")
        logged.append(connection.queries_logged)
        Municipality.objects.create(name="Настоящий")
        return HttpResponse(status=302)

    def floor() -> HttpResponse:
        sent.append("floor")
        Municipality.objects.create(name="Нижняя граница")
        return HttpResponse(status=302)

    logged = []
    posted = timed_posts(post, client=Client(), beside=floor, runs=2)
    assert sent == ["floor", "real"] * 3  # a warming pair, then two timed pairs
    # Queries are counted (through the debug cursor, which logs each) in the warming run alone.
    assert logged == [True, False, False]
    assert posted.floor_ms > 0 and posted.floor_queries == 1 and posted.median_ms > 0
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Настоящий"]  # the last real one


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_upload_floor_stores_the_file_and_asks_nothing(tmp_path, settings, department_head):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "Журнал 11А.xlsx"
    path.write_bytes(b"x" * 300_000)
    client = Client()
    client.force_login(department_head)
    client.get("/bench-baseline/")  # the session and the person read once, as before any request timed
    with CaptureQueriesContext(connection) as queries:
        floor = timed_posts(upload_floor(client, path=path), client=client, runs=1)
    assert floor.response.status_code == 302 and floor.median_ms > 0
    stored = list((tmp_path / "media" / "bench-baseline").iterdir())
    assert len(stored) == 2 and all(f.stat().st_size == 300_000 for f in stored)
    # Each request reads the session and the person (in a transaction: bench.posts); the view asks nothing.
    asked = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION)]
    assert asked and all('"django_session"' in sql or '"schools_user"' in sql for sql in asked), asked


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_form_floor_checks_from_memory_writes_the_requests_rows_and_leaves_nothing(department_head):
    from reports.models import Meeting, ReportJob
    from tests.factories import MeasureFactory

    measure = MeasureFactory(roadmap__municipality=department_head.municipality)
    client = Client()
    client.force_login(department_head)
    data = {"number": "4", "date": "2027-03-16", "place": "г. Б", "first": 1, "last": 11,
            "chair": department_head.pk, "all_school_heads": "on", "measure": measure.pk}  # fmt: skip
    floor = form_floor(client, data=data, roadmap=measure.roadmap_id)
    with transaction.atomic():
        posted = timed_posts(floor, client=client, runs=2)
        transaction.set_rollback(True)  # as the bench leaves it: beside the real request, never kept
    assert posted.response.status_code == 302 and posted.median_ms > 0
    assert posted.queries == 3  # the person, the two rows (the session is read from the cache)
    assert not ReportJob.objects.exists() and not Meeting.objects.exists()
    assert CookieStorage.cookie_name not in client.cookies  # its «Принято.» let go after each run
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert floor().status_code == 302
        transaction.set_rollback(True)
    asked = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION)]
    # The rows the meeting's request makes, in its order: the header, then the job.
    written = [sql.split('"')[1] for sql in asked if sql.startswith("INSERT")]
    assert written == ["reports_meeting", "reports_reportjob"]
    others = [sql for sql in asked if not sql.startswith("INSERT")]
    assert all('"django_session"' in sql or '"schools_user"' in sql for sql in others), others
    # A form the floor refuses is not a floor: it answers 400 and says why; so does one without its plan.
    refused = client.post(f"/bench-baseline/form/?roadmap={measure.roadmap_id}", {"number": ""})
    assert refused.status_code == 400 and b"number" in refused.content
    assert client.post("/bench-baseline/form/", data).status_code == 400
