"""`make backup` / `make restore`: a backup brought into a new, empty database and media
folder gives back every table's row count and every file's checksum; nothing is restored over live data.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from psycopg import sql

from reports.models import ReportJob
from schools.backup import media_files

from ..factories import MeasureFactory, RoadmapFactory


def _dsn(name: str) -> dict:
    db = settings.DATABASES["default"]
    return {
        "dbname": name,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }


def _counts(name: str) -> dict[str, int]:
    with psycopg.connect(**_dsn(name)) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    return counts


def _checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def empty_database(postgres):
    name = settings.DATABASES["default"]["NAME"] + "_restored"
    with psycopg.connect(**_dsn("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(**_dsn("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def installation(postgres, department_head, school_a, school_b):
    """Rows in many tables, and media files of every kind: evidence, an upload, a built report."""
    default_storage.save("evidence/2024/03/протокол проверки.pdf", ContentFile(b"%PDF-1.4 evidence"))
    default_storage.save("assessments/uploads/2024/04/vpr.xlsx", ContentFile(bytes(range(256)) * 40))
    job = ReportJob.objects.create(owner=department_head, kind="protocol-pdf", status="done")
    job.file.save("protocol.pdf", ContentFile(b"%PDF-1.7 report"), save=True)
    MeasureFactory.create_batch(3, roadmap=RoadmapFactory(municipality=department_head.municipality))
    return job


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_new_database_and_media_folder_gives_back_everything(
    installation, empty_database, tmp_path
):
    call_command("backup", output_dir=tmp_path / "backups")
    [archive] = (tmp_path / "backups").glob("roadmap-backup-*.tar.gz")
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert {"manifest.json", "database.dump"} <= set(names)
    assert len(media_files(Path(settings.MEDIA_ROOT))) == 3

    restored_media = tmp_path / "restored-media"
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{empty_database}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(restored_media),
        "VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Всё совпадает с архивом" in done.stdout

    original, restored = _counts(db["NAME"]), _counts(empty_database)
    assert restored == original
    assert original["reports_reportjob"] == 1 and original["schools_school"] == 2
    assert original["django_migrations"] > 10
    assert _checksums(restored_media) == _checksums(Path(settings.MEDIA_ROOT))
    assert len(_checksums(restored_media)) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(installation, tmp_path):
    call_command("backup", output_dir=tmp_path)
    [archive] = tmp_path.glob("roadmap-backup-*.tar.gz")
    with pytest.raises(CommandError, match=r"не пуста .*создайте новую базу данных"):
        call_command("restore", str(archive))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup(postgres, tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive at all")
    with pytest.raises(CommandError, match="не читается как архив"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="не найден"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_on_sqlite_the_command_says_what_to_do_instead(tmp_path, monkeypatch):
    # No skip on either database (CI turns skips into failures): the embedded mode is the engine's name.
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    with pytest.raises(CommandError, match="скопируйте каталог var/ целиком"):
        call_command("backup", output_dir=tmp_path)
    assert not list(tmp_path.iterdir())
