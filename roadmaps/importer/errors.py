"""The one exception the importer lets out, and the limits it enforces."""

from __future__ import annotations

import math

MAX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000


class RoadmapImportError(Exception):
    """A file that cannot be imported; the message is a Russian sentence naming the file and the problem."""


def size_label(size: int) -> str:
    """«10,1 МБ»: rounded up, so a file just over the limit never reads as equal to it."""
    if size < 1024 * 1024:
        return f"{math.ceil(size / 1024)} КБ"
    tenths = math.ceil(size * 10 / (1024 * 1024))
    whole, tenth = divmod(tenths, 10)
    return f"{whole} МБ" if tenth == 0 else f"{whole},{tenth} МБ"


def check_size(size: int, filename: str, max_bytes: int = MAX_BYTES) -> None:
    """Refuse a file by its size alone, before anything reads it."""
    if size > max_bytes:
        raise RoadmapImportError(
            f"Файл «{filename}» слишком большой ({size_label(size)}): "
            f"допускается не больше {size_label(max_bytes)}."
        )
    if size == 0:
        raise RoadmapImportError(f"Файл «{filename}» пуст.")
