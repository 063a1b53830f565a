"""What the views of assessments share: the guard of the department's pages (list pages: common.lists)."""

from __future__ import annotations

from ..access import (
    assessments_required,
    is_department_staff,
)

staff_required = assessments_required(
    is_department_staff, "Эта страница — для сотрудников управления образования."
)
