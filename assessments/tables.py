"""The old home of the table reader of the ВПР and ЕГЭ imports: everything now lives in the import toolkit
(``common.imports``). The one name still imported from here stays importable until its importer is ported."""

from __future__ import annotations

from common.imports import SPREADSHEET_SUFFIXES

__all__ = ["SPREADSHEET_SUFFIXES"]
