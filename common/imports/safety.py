"""The checks every upload passes before any library parses it: size, signature, macros, zip bomb,
and text that is UTF-8 with stray bytes. Each ``*_problem`` returns the Russian reason or None;
``check_*`` raises it as a TableError."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .issues import TableError

MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # a package inflating past this is a zip bomb, not a table
MAX_ZIP_MEMBERS = 5000
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc
MACRO_PART = re.compile(r"(^|/)vbaProject\.bin$", re.IGNORECASE)
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".docx")
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def size_problem(size: int | None, name: str, *, limit: int | None = None, hint: str = "") -> str | None:
    """An empty file, or one over the upload limit (``IMPORT_MAX_BYTES`` unless ``limit``)."""
    limit = limit or max_bytes()
    if not size:
        return f"Файл «{name}» пустой."
    if size > limit:
        return f"Файл «{name}» весит {filesizeformat(size)}, а можно не больше {filesizeformat(limit)}" + (
            f": {hint}" if hint else ": разделите его на части."
        )
    return None


def signature_problem(head: bytes, name: str) -> str | None:
    """The content does not match the extension: a zip package must start as one, an .xls as OLE."""
    suffix = PurePath(name).suffix.lower()
    if suffix in ZIP_SUFFIXES and not head.startswith(ZIP_SIGNATURE):
        if head.startswith(OLE_SIGNATURE):
            return (
                f"Файл «{name}» — документ старого формата Office (.doc/.xls) с расширением {suffix}: "
                "сохраните его заново в нужном формате."
            )
        return f"Файл «{name}» не похож на таблицу Excel (.xlsx): содержимое не соответствует расширению."
    if suffix == ".xls" and not head.startswith(OLE_SIGNATURE) and not head.startswith(ZIP_SIGNATURE):
        return f"Файл «{name}» не похож на таблицу Excel (.xls): содержимое не соответствует расширению."
    return None


def zip_problem(data: bytes | BinaryIO, name: str, *, what: str = "таблица Excel (.xlsx)") -> str | None:
    """Why a zip package (.xlsx, .docx, .ods) must not be opened: not a package, damaged, macros,
    too many parts, or a zip bomb. Sizes are counted while inflating, because declared sizes can lie."""
    stream: BinaryIO = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    start = stream.tell()
    head = stream.read(len(ZIP_SIGNATURE))
    stream.seek(start)
    if head != ZIP_SIGNATURE:
        return f"Файл «{name}» не читается как {what}: по содержимому это другой формат."
    bomb = (
        f"Файл «{name}» при распаковке занимает больше {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} МБ "
        "— такой файл не принимается."
    )
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if any(MACRO_PART.search(member.filename) for member in members):
                return (
                    f"Файл «{name}» содержит макросы: такие файлы не принимаются. "
                    "Сохраните его как обычную книгу Excel (.xlsx) или документ Word (.docx) без макросов."
                )
            if len(members) > MAX_ZIP_MEMBERS:
                return f"Файл «{name}» содержит подозрительно много частей ({len(members)})."
            if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
                return bomb
            total = 0
            for member in members:
                with archive.open(member) as part:
                    while chunk := part.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED_BYTES:
                            return bomb
    except _DAMAGED:
        return (
            f"Файл «{name}» не читается как {what}: он повреждён или обрезан (возможно, загрузка прервалась)."
        )
    finally:
        stream.seek(start)
    return None


def broken_utf8_line(data: bytes) -> int | None:
    """The line of the first stray byte when ``data`` is UTF-8 text with bytes that are not; else None.

    Windows-1251 letters are almost never valid UTF-8, so text that is mostly valid UTF-8 letters with a few
    bad bytes is a damaged UTF-8 file: read as Windows-1251 it would turn every letter into garbage.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return data.count(b"\n", 0, first) + 1 if good > bad else None


def broken_utf8_problem(data: bytes) -> str | None:
    """The Russian message for text that is UTF-8 with stray bytes (see ``broken_utf8_line``)."""
    line = broken_utf8_line(data)
    if line is None:
        return None
    return (
        f"Строка {line}: в файле UTF-8 встречаются байты, которые не являются буквами UTF-8 "
        "(файл повреждён или склеен из файлов в разных кодировках). Сохраните его заново как «CSV UTF-8»."
    )


def file_problem(data: bytes, name: str, *, limit: int | None = None) -> str | None:
    """Size, signature and (for zip packages) macros and zip bomb, in that order."""
    problem = size_problem(len(data), name, limit=limit) or signature_problem(data[:8], name)
    if problem is None and PurePath(name).suffix.lower() in ZIP_SUFFIXES:
        what = "документ Word (.docx)" if name.lower().endswith(".docx") else "таблица Excel (.xlsx)"
        problem = zip_problem(data, name, what=what)
    return problem


def check_file(data: bytes, name: str, *, limit: int | None = None) -> None:
    """Raise TableError with the first of ``file_problem``'s reasons."""
    problem = file_problem(data, name, limit=limit)
    if problem:
        raise TableError(problem)
