"""Built documents: other header wordings, an order in front, split rows, glossaries, spilled titles."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document
from openpyxl import Workbook

from roadmaps.importer import ParsedRoadmap, parse_roadmap

Row = list[str] | tuple[str, str]


def make_docx(*blocks: str | list[Row]) -> bytes:
    """Paragraphs (strings) and tables (lists of rows); a row ("merged", text) spans the whole table."""
    document = Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block if isinstance(row, list))
        table = document.add_table(rows=0, cols=width)
        for row in block:
            cells = table.add_row().cells
            if isinstance(row, tuple):
                cells[0].merge(cells[-1]).text = row[1]
                continue
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def parse_docx(*blocks: str | list[Row]) -> ParsedRoadmap:
    return parse_roadmap(make_docx(*blocks), "план.docx")


def numbers(roadmap: ParsedRoadmap) -> list[str]:
    return [m.number for m in roadmap.measures]


@pytest.mark.parametrize(
    "header",
    [
        [
            "№ п/п",
            "Наименование мероприятия",
            "Форма проведения",
            "Сроки",
            "Ответственные",
            "Планируемый результат",
        ],
        [
            "№№ п/п",
            "Мероприятия",
            "Форма проведения, категория охвата",
            "Срок исполнения",
            "Исполнители",
            "Ожидаемый результат",
        ],
        [
            "№ д/п",
            "Основные направления деятельности",
            "Форма",
            "Сроки реализации",
            "Ответственные исполнители",
            "Результат",
        ],
        [
            "№",
            "Мероприятие",
            "Форма проведения",
            "Сроки проведения",
            "Ответственные лица и исполнители",
            "Планируемый результат проведения",
        ],
    ],
)
def test_other_header_wordings(header: list[str]) -> None:
    roadmap = parse_docx(
        "План мероприятий на 2022 год",
        [header, ["1.", "Совещание", "Семинар", "Март 2022", "Методисты УО", "Протокол"]],
    )
    (measure,) = roadmap.measures
    assert (measure.number, measure.title, measure.form, measure.deadline_text) == (
        "1",
        "Совещание",
        "Семинар",
        "Март 2022",
    )
    assert (measure.responsible, measure.expected_result) == (["Методисты УО"], "Протокол")


def test_columns_in_another_order_and_a_subset() -> None:
    roadmap = parse_docx(
        "Дорожная карта на 2022 год",
        [
            ["Ответственные", "Срок", "Мероприятие", "№", "Отметка о выполнении"],
            ["руководители ОО", "До 1 марта 2022 г.", "Анализ результатов", "1", "выполнено"],
        ],
    )
    (measure,) = roadmap.measures
    assert (measure.number, measure.title, measure.responsible) == (
        "1",
        "Анализ результатов",
        ["руководители ОО"],
    )
    assert (measure.form, measure.expected_result) == (None, None)
    assert measure.deadline.as_json() == {"kind": "date", "start": None, "end": "2022-03-01", "months": [3]}


def test_numbers_inside_the_title_when_there_is_no_number_column() -> None:
    roadmap = parse_docx(
        "Комплекс мер на 2021 год",
        [
            ["Мероприятие", "Срок", "Ответственный"],
            ["", "Организационные мероприятия", ""],
            ["1.1. Совещание руководителей", "Январь", "Начальник УО"],
            ["1.2. Семинар для заместителей", "Февраль", "Методисты"],
        ],
    )
    assert [(s.number, s.title) for s in roadmap.sections] == [(None, "Организационные мероприятия")]
    assert numbers(roadmap) == ["1.1", "1.2"]
    assert roadmap.measures[0].title == "Совещание руководителей"


ORDER_IN_FRONT = (
    "Муниципальное казённое учреждение «Управление образования»",
    "ПРИКАЗ",
    "№ 45 от 12.09.2023 г.",
    "Об утверждении плана мероприятий (дорожной карты) по обеспечению объективности",
    "В целях обеспечения объективности оценочных процедур",
    "ПРИКАЗЫВАЮ:",
    "1. Утвердить план мероприятий (дорожную карту) на 2023-2024 учебный год (приложение №1).",
    "2. Контроль за исполнением приказа возложить на заместителя Петрову А.А.",
)
PLAN_TABLE = [
    ["№ п/п", "Мероприятия", "Сроки", "Ответственные"],
    ["1.", "Проведение семинара для заместителей директоров", "Октябрь 2023", "Методисты УО"],
    ["2.", "Мониторинг сайтов ОО", "До 1 декабря 2023 г.", "руководители ОО"],
]


def test_an_order_in_front_of_the_plan() -> None:
    roadmap = parse_docx(
        *ORDER_IN_FRONT,
        "Начальник УО ____________ И.И. Иванов",
        "Приложение №1 к приказу №45 от 12.09.2023",
        "План мероприятий (дорожная карта) по обеспечению объективности оценочных процедур",
        "на 2023-2024 учебный год",
        PLAN_TABLE,
    )
    assert roadmap.title == (
        "План мероприятий (дорожная карта) по обеспечению объективности оценочных процедур "
        "на 2023-2024 учебный год"
    )
    assert roadmap.as_json()["approval"] == {
        "approved_by": "И.И. Иванов",
        "order_number": "45",
        "order_date": "2023-09-12",
    }
    assert roadmap.as_json()["period"] == {"start": "2023-09-01", "end": "2024-08-31"}
    assert numbers(roadmap) == ["1", "2"]
    assert roadmap.warnings == []


def test_an_order_signed_at_the_end_of_the_document() -> None:
    roadmap = parse_docx(
        "ПРИКАЗ",
        "12.01.2024 № 7",
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план мероприятий на 2024 год.",
        "План мероприятий по обеспечению объективности на 2024 год",
        [["№", "Мероприятие", "Сроки", "Ответственные"], ["1", "Анализ", "январь", "УО"]],
        "Начальник управления образования                    А.Б. Сидорова",
    )
    assert roadmap.as_json()["approval"] == {
        "approved_by": "А.Б. Сидорова",
        "order_number": "7",
        "order_date": "2024-01-12",
    }


def test_approval_blocks_in_a_layout_table() -> None:
    roadmap = parse_docx(
        [
            [
                "СОГЛАСОВАНО\nПредседатель профкома\n________ П.П. Петров",
                "УТВЕРЖДАЮ\nНачальник МКУ «УО»\n_________ Мазепа В.Д.\n«26» февраля 2021 г.",
            ]
        ],
        "Комплекс мер по обеспечению объективности на 2021 год",
        [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Анализ", "Март", "УО"]],
    )
    assert roadmap.title == "Комплекс мер по обеспечению объективности на 2021 год"
    assert roadmap.as_json()["approval"] == {
        "approved_by": "Мазепа В.Д.",
        "order_number": None,
        "order_date": "2021-02-26",
    }


def test_approved_by_an_order_without_a_name() -> None:
    roadmap = parse_docx(
        "УТВЕРЖДЕНО",
        "приказом Управления образования",
        "от 01.09.2022 № 17",
        "Дорожная карта по обеспечению объективности на 2022 год",
        PLAN_TABLE,
    )
    assert roadmap.as_json()["approval"] == {
        "approved_by": None,
        "order_number": "17",
        "order_date": "2022-09-01",
    }


SPLIT_AND_SECTIONS = [
    [
        "№ п/п",
        "Наименование мероприятия",
        "Форма проведения",
        "Сроки",
        "Исполнители",
        "Планируемый результат",
    ],
    ["1", "2", "3", "4", "5", "6"],
    ("merged", "I. Аналитическая работа"),
    ["1.1", "Анализ результатов ВПР", "Совещание", "Март 2022", "Методисты УО,", "Аналитическая"],
    ["", "по всем предметам", "", "", "руководители ОО", "справка"],
    ["1.2", "Анализ результатов ЕГЭ", "Совещание", "Июль 2022", "Иванов И.И.", "Справка"],
    ["2.", "", "", "Контроль за проведением процедур", "", ""],
    ["2.1", "Общественное наблюдение", "Выезды", "По графику", "Методисты", "Отчёт"],
    [
        "№ п/п",
        "Наименование мероприятия",
        "Форма проведения",
        "Сроки",
        "Исполнители",
        "Планируемый результат",
    ],
    ["2.2", "Перепроверка работ", "Комиссия", "Апрель-май 2022", "Комиссия", "Протокол"],
]


@pytest.fixture
def split_and_sections() -> ParsedRoadmap:
    return parse_docx(
        "Дорожная карта по обеспечению объективности на 2022 год",
        SPLIT_AND_SECTIONS,
        "3. Работа с педагогами",
        [["3.1", "Курсы повышения квалификации", "Курсы", "Ежегодно", "руководители ОО", "Удостоверения"]],
    )


def test_a_row_split_by_a_page_break_is_joined_to_the_row_above(split_and_sections: ParsedRoadmap) -> None:
    first = split_and_sections.measures[0]
    assert first.title == "Анализ результатов ВПР по всем предметам"
    assert first.responsible_text == "Методисты УО,\nруководители ОО"
    assert first.responsible == ["Методисты УО", "руководители ОО"]
    assert first.expected_result == "Аналитическая справка"


def test_section_rows_merged_spilled_and_between_tables(split_and_sections: ParsedRoadmap) -> None:
    assert [(s.number, s.title) for s in split_and_sections.sections] == [
        ("I", "Аналитическая работа"),
        ("2", "Контроль за проведением процедур"),
        ("3", "Работа с педагогами"),
    ]
    assert [[m.number for m in s.measures] for s in split_and_sections.sections] == [
        ["1.1", "1.2"],
        ["2.1", "2.2"],
        ["3.1"],
    ]


def test_repeated_headers_and_column_numbers_are_not_measures(split_and_sections: ParsedRoadmap) -> None:
    assert numbers(split_and_sections) == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert split_and_sections.warnings == []


def test_a_section_title_alone_in_the_title_column() -> None:
    roadmap = parse_docx(
        "План мероприятий на 2022 год",
        [
            ["№", "Мероприятия", "Сроки", "Ответственные"],
            ["1.1", "Анализ", "Март 2022", "УО"],
            ["", "Работа с педагогами", "", ""],
            ["2.1", "Курсы", "Апрель 2022", "руководители ОО"],
        ],
    )
    assert [(s.title, [m.number for m in s.measures]) for s in roadmap.sections] == [
        (None, ["1.1"]),
        ("Работа с педагогами", ["2.1"]),
    ]


def test_a_section_number_and_its_title_on_separate_rows() -> None:
    roadmap = parse_docx(
        "План мероприятий на 2022 год",
        [
            ["№", "Мероприятия", "Сроки", "Ответственные"],
            ["1.", "", "", ""],
            ["", "Аналитическая работа", "", ""],
            ["1.1", "Анализ", "Март 2022", "УО"],
        ],
    )
    assert [(s.number, s.title) for s in roadmap.sections] == [("1", "Аналитическая работа")]


def test_a_trailing_glossary_is_ignored() -> None:
    roadmap = parse_docx(
        "План мероприятий на 2022 год",
        PLAN_TABLE,
        "Применяемые сокращения:",
        "ОО – общеобразовательная организация",
        [["ОО", "общеобразовательная организация"], ["УО", "управление образования"]],
    )
    assert numbers(roadmap) == ["1", "2"]
    assert roadmap.appendices == []


def test_an_appendix_after_the_plan() -> None:
    roadmap = parse_docx(
        "План мероприятий на 2023-2024 учебный год",
        PLAN_TABLE,
        "Приложение 1 к приказу УО от 01.09.2023 № 5",
        "Список наблюдателей",
        [["№", "ФИО", "Школа"], ["1", "Петрова А.А.", "СОШ №1"]],
    )
    assert roadmap.as_json()["appendices"] == [
        {
            "title": "Приложение 1. Список наблюдателей",
            "rows": [["№", "ФИО", "Школа"], ["1", "Петрова А.А.", "СОШ №1"]],
        }
    ]
    assert roadmap.approval.order_number == "5"


def test_a_measure_without_a_number_is_kept_with_a_warning() -> None:
    roadmap = parse_docx(
        "План мероприятий на 2022 год",
        [["№", "Мероприятия", "Сроки", "Ответственные"], ["", "Анализ", "Март 2022", "УО"]],
    )
    assert [(m.number, m.title) for m in roadmap.measures] == [("", "Анализ")]
    assert roadmap.warnings == ["Строка без номера прочитана как отдельное мероприятие: «Анализ»."]


def test_a_plan_without_a_period_says_so() -> None:
    roadmap = parse_docx("План мероприятий по обеспечению объективности", PLAN_TABLE)
    assert roadmap.period is None
    assert roadmap.as_json()["period"] == {"start": None, "end": None}
    assert any("Период плана не указан" in warning for warning in roadmap.warnings)


def test_xlsx_with_a_merged_title_and_section_row() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["План мероприятий (дорожная карта) на 2023-2024 учебный год"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["№ п/п", "Мероприятия", "Сроки", "Ответственные"])
    sheet.append(["1.", "Аналитическая работа"])
    sheet.merge_cells("B4:D4")
    sheet.append([1.1, "Анализ ВПР", "октябрь", "Методисты УО, руководители ОО"])
    sheet.append(["1.2", "Совещание", datetime.date(2024, 3, 15), "Зав.ИМЦ"])
    out = io.BytesIO()
    workbook.save(out)
    roadmap = parse_roadmap(out.getvalue(), "план.xlsx")
    assert roadmap.title == "План мероприятий (дорожная карта) на 2023-2024 учебный год"
    assert [(s.number, s.title) for s in roadmap.sections] == [("1", "Аналитическая работа")]
    first, second = roadmap.measures
    assert (first.number, first.responsible) == ("1.1", ["Методисты УО", "руководители ОО"])
    assert first.deadline.as_json() == {
        "kind": "range",
        "start": "2023-10-01",
        "end": "2023-10-31",
        "months": [10],
    }
    assert (second.deadline_text, second.deadline.kind, second.deadline.end) == (
        "15.03.2024",
        "date",
        datetime.date(2024, 3, 15),
    )


TAB_SEPARATED = "План мероприятий на 2022 год\n\n№\tМероприятия\tСроки\tОтветственные\n1.\tАнализ\tмарт\tУО\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TAB_SEPARATED.encode("cp1251"), id="windows-1251"),
        pytest.param(TAB_SEPARATED.encode("utf-8"), id="utf-8"),
        pytest.param(TAB_SEPARATED.encode("utf-8-sig"), id="utf-8 with BOM"),
        pytest.param(TAB_SEPARATED.replace("\n", "\r\n").encode("utf-16"), id="utf-16 with BOM"),
    ],
)
def test_text_in_every_encoding(data: bytes) -> None:
    roadmap = parse_roadmap(data, "план.txt")
    assert roadmap.title == "План мероприятий на 2022 год"
    assert [(m.number, m.title, m.deadline_text, m.responsible) for m in roadmap.measures] == [
        ("1", "Анализ", "март", ["УО"])
    ]
