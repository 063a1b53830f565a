"""What the views of assessments share: the guard of the department's pages.

List pages go through ``common.lists``; ``PAGE_SIZE`` and ``_query`` stay importable here for views that
still paginate by hand.
"""

from __future__ import annotations

from common.lists import PAGE_SIZE
from common.lists import list_query as _query

from ..access import (
    assessments_required,
    is_department_staff,
)

__all__ = ["PAGE_SIZE", "_query", "staff_required"]

staff_required = assessments_required(
    is_department_staff, "Эта страница — для сотрудников управления образования."
)
