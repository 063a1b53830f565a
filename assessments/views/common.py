"""What the views of assessments share: the guard of the department's pages (list pages: common.lists)."""

from __future__ import annotations

from common.decorators import rule_required

from ..access import (
    is_department_staff,
)

staff_required = rule_required(is_department_staff, "Эта страница — для сотрудников управления образования.")
