"""Demo of the ВПР dates imported from a list: the coordinator uploads the schools' dates for a second
ВПР through the real import (one list saved, one refused for a date outside the federal window)."""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from openpyxl import Workbook

from schools.models import Municipality, School, User

from .demo_parts import vpr_procedure
from .vpr_dates_import import vpr_dates_confirm, vpr_dates_upload_create

WINDOW = (datetime.date(2024, 4, 15), datetime.date(2024, 5, 17))


def _xlsx(name: str, rows: list[list]) -> ContentFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return ContentFile(buffer.getvalue(), name=name)


def load_vpr_dates_demo(*, municipality: Municipality, schools: list[School]) -> None:
    """Once per municipality: a ВПР «Русский язык, 4 класс» whose schools' dates came as a list."""
    coordinator = User.objects.filter(municipality=municipality, role=User.Role.COORDINATOR).first()
    if coordinator is None or not schools:
        return
    procedure, created = vpr_procedure(
        municipality, subject_name="Русский язык", grade=4, held_on=WINDOW[0], window=WINDOW
    )
    if not created:
        return
    procedure.schools.set(schools)
    # As schools write it: a title, the school's name with its legal form, the subject abbreviated.
    header = ["№", "Наименование ОО", "Предмет", "Класс", "Дата проведения", "Ответственный"]
    rows = [["График ВПР, 4 классы"], header]
    for index, school in enumerate(schools, start=1):
        day = WINDOW[0] + datetime.timedelta(days=2 + 3 * (index % 7))
        rows.append([index, school.short_name, "Русский яз.", "4", day, "Заместитель директора по УВР"])
    refused = [*rows, [len(schools) + 1, schools[0].short_name, "Русский язык", "4 класс", "20.05.2024", ""]]
    vpr_dates_upload_create(
        municipality=municipality, file=_xlsx("даты ВПР (с ошибкой).xlsx", refused), user=coordinator
    )
    upload = vpr_dates_upload_create(
        municipality=municipality, file=_xlsx("даты ВПР.xlsx", rows), user=coordinator
    )
    result = vpr_dates_confirm(upload=upload, user=coordinator)
    if result is None or not result.ok:
        raise RuntimeError(f"Демо-данные: даты ВПР не загрузились: {result and result.errors[:3]}")
