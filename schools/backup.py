"""Backup and restore of an installation: one dated archive with the database and the media files.

The archive (``roadmap-backup-<date>-<time>.tar.gz``) holds:

- ``manifest.json``: when it was made, the PostgreSQL server version, every table's row count and every
  media file's size and SHA-256;
- ``database.dump``: ``pg_dump`` in its custom format. The dump and the row counts read the same
  snapshot (a read-only repeatable-read transaction whose snapshot ``pg_dump --snapshot`` shares), so the
  web and the worker may keep writing meanwhile and the archive is still consistent;
- ``media/…``: evidence, uploaded result files, register uploads and built reports.

``backup_restore`` brings an archive into an empty installation only (no tables, no media files): it
never merges into or overwrites live data. Afterwards it compares the restored row counts and file
checksums with the manifest and says what differs.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone
from psycopg import sql

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Russian."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int


def _database() -> dict:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "Резервное копирование командой делается для PostgreSQL (DATABASE_URL). "
            "Во встроенном режиме (SQLite) остановите сервис и скопируйте каталог var/ целиком."
        )
    return db


def _pg_env(db: dict) -> dict[str, str]:
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _connect(db: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )


def _tool_major(tool: str) -> int:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"Не найдена программа {tool}: установите клиент PostgreSQL (postgresql-client).")
    found = re.search(
        r"(\d+)(?:\.\d+)?", subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    )
    if not found:
        raise BackupError(f"Не удалось узнать версию {tool}.")
    return int(found.group(1))


def _check_tool(tool: str, server_version_num: int) -> None:
    server_major = server_version_num // 10000
    major = _tool_major(tool)
    if major < server_major:
        raise BackupError(
            f"{tool} версии {major} старше сервера PostgreSQL {server_major}: "
            f"установите postgresql-client-{server_major}."
        )


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, dict]:
    """Every file under the media folder: relative path → size and SHA-256."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup_create(*, output_dir: Path | None = None) -> BackupResult:
    """Write one archive with a consistent dump and the media files; return where it is."""
    db = _database()
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    output_dir.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
    target = output_dir / f"roadmap-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=output_dir) as work:
        dump = Path(work) / DUMP
        with _connect(db) as snapshot:
            snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            snapshot.read_only = True
            with snapshot.cursor() as cursor:
                cursor.execute("SELECT current_setting('server_version_num')::int, pg_export_snapshot()")
                server_version_num, snapshot_id = cursor.fetchone()
                _check_tool("pg_dump", server_version_num)
                counts = _row_counts(cursor)
                done = subprocess.run(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot_id}",
                        f"--file={dump}",
                    ],
                    env=_pg_env(db),
                    capture_output=True,
                    text=True,
                )
            snapshot.rollback()
        if done.returncode != 0:
            raise BackupError(f"pg_dump завершился с ошибкой: {done.stderr.strip()}")
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": db["NAME"],
            "server_version_num": server_version_num,
            "tables": counts,
            "files": files,
        }
        partial = Path(work) / target.name
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DUMP)
            for name in files:
                archive.add(media_root / name, arcname=f"{MEDIA}/{name}")
        os.replace(partial, target)  # a half-written archive never carries the final name
    return BackupResult(path=target, tables=len(counts), rows=sum(counts.values()), files=len(files))


def _read_manifest(archive: tarfile.TarFile, path: Path) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"«{path.name}» — не архив резервной копии: в нём нет {MANIFEST}.") from None
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"«{path.name}»: неизвестный формат архива {manifest.get('format')!r}.")
    return manifest


def backup_restore(*, path: Path) -> BackupResult:
    """Restore an archive into this (empty) installation and check it against its manifest."""
    db = _database()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Файл «{path}» не найден.")
    if not tarfile.is_tarfile(path):
        raise BackupError(f"«{path.name}» не читается как архив .tar.gz.")
    media_root = Path(settings.MEDIA_ROOT)
    with _connect(db) as target, target.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        server_version_num = cursor.fetchone()[0]
        existing = _tables(cursor)
    if existing:
        raise BackupError(
            f"База данных «{db['NAME']}» не пуста (таблиц: {len(existing)}). Восстановление делается только "
            "в пустую установку: создайте новую базу данных и укажите её в DATABASE_URL."
        )
    if media_files(media_root):
        raise BackupError(
            f"Каталог файлов «{media_root}» не пуст. Восстановление делается только в пустую установку: "
            "укажите пустой каталог в MEDIA_ROOT."
        )
    _check_tool("pg_restore", server_version_num)
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        manifest = _read_manifest(archive, path)
        for member in archive.getmembers():
            name = PurePosixPath(member.name)
            if member.name not in (MANIFEST, DUMP) and (name.parts[0] != MEDIA or not member.isfile()):
                raise BackupError(f"«{path.name}»: лишний элемент архива «{member.name}».")
        try:
            archive.extractall(work, filter="data")  # the data filter refuses absolute paths and «..»
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupError(f"«{path.name}» повреждён: {exc}") from None
        done = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={db['NAME']}",
                str(Path(work) / DUMP),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore завершился с ошибкой: {done.stderr.strip()}")
        if (Path(work) / MEDIA).exists():
            shutil.copytree(Path(work) / MEDIA, media_root, dirs_exist_ok=True)
    connection.close()  # Django's own connection may have cached the empty database's state
    with _connect(db) as restored, restored.cursor() as cursor:
        counts = _row_counts(cursor)
    files = media_files(media_root)
    problems = [
        f"таблица {table}: в архиве {expected}, восстановлено {counts.get(table)}"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ] + [
        f"файл {name}: не совпадает контрольная сумма" if name in files else f"файл {name}: не восстановлен"
        for name, expected in manifest["files"].items()
        if files.get(name) != expected
    ]
    if problems:
        raise BackupError("Восстановленное не совпадает с архивом: " + "; ".join(problems))
    return BackupResult(path=path, tables=len(counts), rows=sum(counts.values()), files=len(files))
