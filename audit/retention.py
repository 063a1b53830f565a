"""How long pupils' personal data is kept (152-ФЗ): the period rule that the department head sets on the
personal-data page.

The personal data of the pupils who graduate in year N is kept until 31 August of N + the municipality's
``pupil_data_keep_years`` (default 1: to the end of the following school year). What happens after that
day — depersonalising the pupils and deleting the files that name them — reads every app's data and files,
so it lives above the apps, in depersonalisation/expired.py.
"""

from __future__ import annotations

import datetime

from schools.models import Municipality


def retention_end(*, graduation_year: int, keep_years: int) -> datetime.date:
    """The last day the personal data of the graduates of ``graduation_year`` is kept."""
    return datetime.date(graduation_year + keep_years, 8, 31)


def first_kept_year(*, municipality: Municipality, today: datetime.date) -> int:
    """The earliest graduation year whose pupils' personal data is still kept on ``today``."""
    school_year_ends = today.year if (today.month, today.day) <= (8, 31) else today.year + 1
    return school_year_ends - municipality.pupil_data_keep_years
