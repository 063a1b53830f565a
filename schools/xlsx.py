"""Moved to ``common.xlsx`` (Excel writing knows nothing of schools); kept only for code not yet updated."""

from common.xlsx import XLSX_CONTENT_TYPE, make_cell, school_column_omitted, table_to_xlsx, xlsx_response

__all__ = ["XLSX_CONTENT_TYPE", "make_cell", "school_column_omitted", "table_to_xlsx", "xlsx_response"]
