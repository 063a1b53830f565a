"""File names of documents: the document's own number and date, never a database id.

«Дорожная карта (приказ № 415 от 27.11.2023).pdf», «Протокол № 3 от 15.03.2024.pdf». The name is
sent as Content-Disposition filename* (UTF-8) by Django's FileResponse; characters that cannot stand
in a file name on Windows or in a path are replaced.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_name(name: str) -> str:
    return " ".join(_UNSAFE.sub("-", name).split())


def roadmap_title(roadmap) -> str:
    """«Дорожная карта (приказ № 415 от 27.11.2023)», or its period when the order is not known."""
    order = []
    if roadmap.order_number:
        order.append(f"№ {roadmap.order_number.strip().removeprefix('№').strip()}")
    if roadmap.order_date:
        order.append(f"от {roadmap.order_date:%d.%m.%Y}")
    if order:
        what = f"Дорожная карта (приказ {' '.join(order)})"
    else:
        what = f"Дорожная карта на {roadmap.period_start.year}-{roadmap.period_end.year} учебный год"
    if roadmap.school_id:
        what += f", {roadmap.school.short_name}"
    return what


def roadmap_file_name(roadmap, extension: str) -> str:
    return safe_file_name(f"{roadmap_title(roadmap)}.{extension}")


def progress_file_name(roadmap, as_of, extension: str = "xlsx") -> str:
    return safe_file_name(f"Исполнение — {roadmap_title(roadmap)} на {as_of:%d.%m.%Y}.{extension}")


def protocol_file_name(meeting, extension: str) -> str:
    return safe_file_name(f"Протокол № {meeting.number} от {meeting.date:%d.%m.%Y}.{extension}")
