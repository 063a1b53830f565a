"""The settings read from the environment: embedded with none, PostgreSQL and Redis with URLs.

Each case imports the settings in a fresh interpreter whose environment holds only what the case names,
so nothing from the shell that runs the tests leaks in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from config.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parent.parent

READ_SETTINGS = """
import json
from django.conf import settings
from config.celery import app

db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "host": db.get("HOST", ""),
    "port": db.get("PORT", ""),
    "user": db.get("USER", ""),
    "debug": settings.DEBUG,
    "secret_key": settings.SECRET_KEY,
    "language": settings.LANGUAGE_CODE,
    "time_zone": settings.TIME_ZONE,
    "use_tz": settings.USE_TZ,
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "app_broker": app.conf.broker_url,
    "app_eager": app.conf.task_always_eager,
    "cache": settings.CACHES["default"]["BACKEND"],
    "email_backend": settings.EMAIL_BACKEND,
    "email_path": str(getattr(settings, "EMAIL_FILE_PATH", "")),
    "media_root": str(settings.MEDIA_ROOT),
    "static_root": str(settings.STATIC_ROOT),
    "media_url": settings.MEDIA_URL,
}))
"""


def _run(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings(env: dict[str, str]) -> dict:
    result = _run(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def embedded() -> dict:
    return _settings({})


def test_with_no_environment_the_database_is_sqlite_under_var(embedded):
    assert embedded["engine"] == "django.db.backends.sqlite3"
    assert Path(embedded["name"]) == BASE_DIR / "var" / "db.sqlite3"


def test_with_no_environment_celery_runs_tasks_inline(embedded):
    assert embedded["eager"] is True
    assert embedded["app_eager"] is True
    assert embedded["broker"] == embedded["app_broker"] == "memory://"


def test_with_no_environment_mail_is_written_to_files_under_var(embedded):
    assert embedded["email_backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(embedded["email_path"]) == BASE_DIR / "var" / "mail"


def test_with_no_environment_uploads_go_to_var_media_and_nothing_serves_them(embedded):
    assert Path(embedded["media_root"]) == BASE_DIR / "var" / "media"
    assert not Path(embedded["media_root"]).is_relative_to(Path(embedded["static_root"]))
    assert embedded["media_url"] in ("", "/")


def test_with_no_environment_debug_is_on_with_a_placeholder_key_and_a_local_cache(embedded):
    assert embedded["debug"] is True
    assert embedded["secret_key"]
    assert embedded["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_the_interface_is_russian_with_time_zones(embedded):
    assert embedded["language"] == "ru"
    assert embedded["time_zone"] == "Europe/Moscow"
    assert embedded["use_tz"] is True


def test_database_url_switches_to_postgresql_and_redis_url_to_a_real_broker(tmp_path):
    production = _settings(
        {
            "DATABASE_URL": "postgres://roadmap:secret@db.internal:5433/roadmap",
            "REDIS_URL": "redis://redis.internal:6379/0",
            "VAR_DIR": str(tmp_path),
        }
    )
    assert production["engine"] == "django.db.backends.postgresql"
    assert (production["name"], production["host"], production["port"], production["user"]) == (
        "roadmap",
        "db.internal",
        5433,
        "roadmap",
    )
    assert production["broker"] == production["app_broker"] == "redis://redis.internal:6379/0"
    assert production["eager"] is False
    assert production["app_eager"] is False
    assert production["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert Path(production["media_root"]) == tmp_path / "media"


def test_redis_without_database_url_keeps_sqlite_but_queues_tasks(tmp_path):
    mixed = _settings({"REDIS_URL": "redis://127.0.0.1:6379/1", "VAR_DIR": str(tmp_path)})
    assert mixed["engine"] == "django.db.backends.sqlite3"
    assert mixed["eager"] is False


def test_the_secret_key_is_required_when_debug_is_off(tmp_path):
    result = _run({"DJANGO_DEBUG": "0", "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_with_debug_off_and_a_secret_key_the_settings_load(tmp_path):
    production = _settings(
        {"DJANGO_DEBUG": "0", "SECRET_KEY": "a-long-random-test-key", "VAR_DIR": str(tmp_path)}
    )
    assert production["debug"] is False
    assert production["secret_key"] == "a-long-random-test-key"


def test_smtp_is_used_when_a_mail_host_is_given(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import config.celery; "
            "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS)",
        ],
        cwd=BASE_DIR,
        env={"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "465", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "465",
        "True",
    ]


# --- on the real servers (CI sets DATABASE_URL and REDIS_URL; locally these skip) -------------------


def test_the_suite_really_runs_on_postgresql_when_database_url_is_set(postgres):
    assert django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    with postgres.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
    assert connection.vendor == "postgresql"


def test_celery_sends_to_the_real_redis_when_redis_url_is_set(redis_url):
    assert redis_url == django_settings.CELERY_BROKER_URL
    assert redis_url == celery_app.conf.broker_url
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.connected
