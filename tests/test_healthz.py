"""/healthz: the database and the broker reachable → 200, either down → 503; no login, no data."""

from __future__ import annotations

import json
import socket

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthy_without_login_and_without_data(client, settings):
    settings.CELERY_BROKER_URL = "memory://"
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_broker_nobody_listens_on_gives_503(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_free_port()}/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "down", "database": "ok", "broker": "down"}


def test_a_database_that_does_not_answer_gives_503(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = "memory://"

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "down"


def test_a_real_redis_broker_is_reachable(client, settings, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    assert client.get(reverse("healthz")).status_code == 200


def test_only_get(client):
    assert client.post(reverse("healthz")).status_code == 405
