"""The blank workbooks offered on the upload pages: the header row, and a sheet that explains each column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import issued, journal_read, register

JOURNAL_HELP = {
    "ФИО": "Фамилия, имя, отчество претендента, как в реестре. Строки других обучающихся пропускаются.",
    "Класс": "Класс в этом учебном году: 10А, 11 Б.",
    "Учебный год": "Например, 2023-2024.",
    "Предмет": "Из справочника предметов; сокращения вроде «Русский яз.» распознаются.",
    "Период": "1 четверть … 4 четверть, 1 полугодие, 2 полугодие, год, итоговая; пусто для работы с датой.",
    "Вид работы": "текущая, контрольная работа, самостоятельная работа, проверочная работа, четвертная, "
    "годовая, итоговая.",
    "Дата": "ДД.ММ.ГГГГ, внутри учебного года. Для четвертных, годовых и итоговых отметок "
    "можно не указывать.",
    "Отметка": "2, 3, 4, 5, «зач» или «н/а».",
    "Учитель": "ФИО учителя, поставившего отметку.",
}
REGISTER_HELP = {
    "ФИО": "Фамилия, имя, отчество претендента.",
    "Класс": "10 или 11 класс с литерой: 11А.",
    "Дата рождения": "ДД.ММ.ГГГГ.",
    "Степень медали": "I или II.",
    "Учебный год": "Текущий учебный год, например 2023-2024. Можно не указывать: тогда реестр — "
    "текущего года выпуска (его можно выбрать при загрузке).",
    "Предыдущая школа": "Только если претендент переведён в 10–11 классе: код или краткое "
    "наименование школы.",
    "Дата перевода": "ДД.ММ.ГГГГ, только вместе с предыдущей школой.",
    "Форма ГИА": "ЕГЭ или ГВЭ. Пусто — ЕГЭ. Без этого столбца форма, указанная в карточке претендента, "
    "не меняется.",
}

ISSUED_HELP = {
    "ФИО": "Фамилия, имя, отчество выпускника, как в реестре претендентов. Можно тремя столбцами: "
    "Фамилия, Имя, Отчество.",
    "Класс": "11А, 11 Б. Можно не указывать; нужен, если в реестре два выпускника с одним ФИО.",
    "Медаль": "«I степени» (золотая, 1), «II степени» (серебряная, 2) или «нет». Пусто — медаль не выдана. "
    "Выпускников без медали, которых нет в реестре, можно не удалять: они пропускаются.",
}


def _workbook(*, title: str, help_rows: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    bold = Font(bold=True)
    for index, header in enumerate(help_rows, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(header) + 4)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("Пояснения")
    notes.append(["Столбец", "Что писать"])
    notes["A1"].font = notes["B1"].font = bold
    for header, text in help_rows.items():
        notes.append([header, text])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 100
    for row in notes.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def journal_template() -> bytes:
    return _workbook(
        title="Выгрузка",
        help_rows={
            journal_read.TITLES[k]: JOURNAL_HELP[journal_read.TITLES[k]] for k in journal_read.COLUMNS
        },
    )


def register_template() -> bytes:
    return _workbook(
        title="Реестр",
        help_rows={title: REGISTER_HELP[title] for title in register.TITLES.values()},
    )


def issued_template() -> bytes:
    return _workbook(
        title="Выданные медали",
        help_rows={title: ISSUED_HELP[title] for title in issued.TITLES.values()},
    )
