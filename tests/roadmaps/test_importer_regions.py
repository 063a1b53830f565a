"""Plans as other regions and years write them, built here as .docx (python-docx) and as text.

Each kind the importer must read, in several variants: number columns headed «N», «No», «№ п/п»;
tables with no number column; further date columns; approval stamps over several lines and an order
printed in front of the plan; numbering that restarts in every section. Every guess comes with a warning.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from roadmaps.importer import ParsedRoadmap, parse_roadmap

from .test_importer_variants import Row, make_docx


def make_text(*blocks: str | list[Row]) -> bytes:
    """The same document as Word's text export: a table row is a line of cells separated by tabs."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.append(block)
            continue
        width = max(len(row) for row in block if isinstance(row, list))
        for row in block:
            cells = [row[1], *[""] * (width - 1)] if isinstance(row, tuple) else row
            lines.append("\t".join(cell.replace("\n", " ") for cell in cells))
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def parse_both(*blocks: str | list[Row]) -> list[ParsedRoadmap]:
    return [
        parse_roadmap(make_docx(*blocks), "план.docx"),
        parse_roadmap(make_text(*blocks), "план.txt"),
    ]


def numbers(roadmap: ParsedRoadmap) -> list[str]:
    return [m.number for m in roadmap.measures]


# --- number columns ----------------------------------------------------------------------------------


@pytest.mark.parametrize("number_header", ["N", "N п/п", "No", "No.", "№№", "п/п", "N\nп/п", "NN п/п", "#"])
def test_number_column_headings(number_header: str) -> None:
    for roadmap in parse_both(
        "План мероприятий по подготовке к ГИА на 2024-2025 учебный год",
        [
            [number_header, "Наименование мероприятия", "Срок исполнения", "Ответственные исполнители"],
            ["1", "Совещание с руководителями ОО", "Сентябрь 2024 г.", "Отдел образования"],
            ["2", "Мониторинг сайтов ОО", "Октябрь 2024 г.", "Методисты"],
            ["3", "Репетиционное сочинение", "Ноябрь 2024 г.", "Руководители ОО"],
        ],
    ):
        assert numbers(roadmap) == ["1", "2", "3"]
        assert [m.deadline_text for m in roadmap.measures] == [
            "Сентябрь 2024 г.",
            "Октябрь 2024 г.",
            "Ноябрь 2024 г.",
        ]
        assert roadmap.warnings == []


def test_a_federal_plan_with_an_n_column_sections_and_a_result_column() -> None:
    table: list[Row] = [
        ["N п/п", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат/Форма отчетности"],
        ("merged", "I. Нормативное правовое обеспечение"),
        ["1.1.", "Подготовка приказов", "Январь 2025 г.", "Рособрнадзор", "Приказ"],
        ["1.2.", "Методические рекомендации", "Февраль 2025 г.", "ФИПИ", "Письмо"],
        ("merged", "II. Проведение ВПР"),
        ["2.1.", "Проведение ВПР", "март – апрель 2025 г.", "Федеральный организатор", "Результаты"],
    ]
    for roadmap in parse_both("План-график проведения ВПР на 2025 год", table):
        assert [(s.number, s.title) for s in roadmap.sections] == [
            ("I", "Нормативное правовое обеспечение"),
            ("II", "Проведение ВПР"),
        ]
        assert numbers(roadmap) == ["1.1", "1.2", "2.1"]
        assert [m.expected_result for m in roadmap.measures] == ["Приказ", "Письмо", "Результаты"]
        last = roadmap.measures[-1].deadline
        assert (last.kind, last.start, last.end) == ("range", date(2025, 3, 1), date(2025, 4, 30))
        assert roadmap.warnings == []


def test_headers_repeated_on_every_page_with_a_notes_column() -> None:
    header = ["N", "Мероприятия", "Сроки", "Ответственные", "Примечание", "Отметка о выполнении"]
    for roadmap in parse_both(
        "План мероприятий на 2023 год",
        [
            header,
            ["1", "Анализ результатов", "Январь", "УО", "", ""],
            ["2", "Совещание", "Февраль", "УО", "", ""],
            header,
            ["3", "Семинар", "Март", "ОО", "", ""],
        ],
    ):
        assert numbers(roadmap) == ["1", "2", "3"]
        assert [m.deadline_text for m in roadmap.measures] == ["Январь", "Февраль", "Март"]


# --- tables without numbers --------------------------------------------------------------------------


def test_a_table_without_a_number_column_numbers_every_row() -> None:
    for roadmap in parse_both(
        "План мероприятий по подготовке к итоговому сочинению на 2024-2025 учебный год",
        [
            ["Мероприятие", "Срок", "Ответственный"],
            ["Информирование участников", "Октябрь", "Руководители ОО"],
            ["Пробное сочинение", "Ноябрь", "Руководители ОО"],
            ["Проведение итогового сочинения", "4 декабря 2024 г.", "Отдел образования"],
            ["Анализ результатов", "Январь", "Методисты"],
        ],
    ):
        assert numbers(roadmap) == ["1", "2", "3", "4"]
        assert [m.title for m in roadmap.measures][2] == "Проведение итогового сочинения"
        assert roadmap.measures[2].deadline.end == date(2024, 12, 4)
        assert roadmap.warnings == [
            "В таблице мероприятий нет столбца с номерами: мероприятия пронумерованы по порядку (1–4) "
            "— проверьте номера."
        ]


def test_a_table_without_numbers_with_section_rows_and_a_split_row() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "Дорожная карта на 2024 год",
            [
                ["Ответственные", "Содержание работы", "Сроки"],
                ("merged", "Организационная работа"),
                ["Директор", "Совещание при директоре", "Январь"],
                ["Заместитель директора", "Составление графика", "Февраль"],
                ["", "контрольных работ и его размещение на сайте", ""],
                ("merged", "2. Работа с учителями"),
                ["Руководители ШМО", "Заседания ШМО", "Март"],
            ],
        ),
        "план.docx",
    )
    assert [(s.number, s.title, [m.number for m in s.measures]) for s in roadmap.sections] == [
        (None, "Организационная работа", ["1", "2"]),
        ("2", "Работа с учителями", ["3"]),
    ]
    second = roadmap.measures[1]
    assert second.title == "Составление графика контрольных работ и его размещение на сайте"
    assert second.deadline_text == "Февраль"
    assert roadmap.warnings == [
        "В таблице мероприятий нет столбца с номерами: мероприятия пронумерованы по порядку (1–3) "
        "— проверьте номера.",
        "Строка «контрольных работ и его размещение на сайте» без номера присоединена к мероприятию 2 "
        "как его продолжение (строка, разорванная переходом на новую страницу).",
    ]


def test_an_empty_number_column_left_by_automatic_numbering() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План мероприятий на 2024-2025 учебный год",
            [
                ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
                ["", "Анализ результатов ВПР", "Октябрь", "Методисты"],
                ["", "Совещание", "Ноябрь", "Руководители ОО"],
                ["", "Семинар", "Декабрь", "Методисты"],
            ],
        ),
        "план.docx",
    )
    assert numbers(roadmap) == ["1", "2", "3"]
    assert roadmap.warnings[0].startswith("Столбец номеров в таблице мероприятий пуст")


def test_a_table_with_numbers_in_the_titles_is_not_renumbered() -> None:
    roadmap = parse_roadmap(
        make_text(
            "План на 2024 год",
            [
                ["Мероприятие", "Срок", "Ответственный"],
                ["1. Анализ", "Январь", "УО"],
                ["2. Совещание", "Март", "УО"],
            ],
        ),
        "план.txt",
    )
    assert numbers(roadmap) == ["1", "2"]
    assert roadmap.warnings == []


# --- further date columns ----------------------------------------------------------------------------


def test_main_and_reserve_date_columns() -> None:
    for roadmap in parse_both(
        "План-график проведения ГИА на 2024 год",
        [
            ["№ п/п", "Предмет", "Основной срок", "Резервный срок 1", "Резервный срок 2", "Ответственные"],
            ["1", "Мероприятие: ЕГЭ по математике", "27.05.2024", "10.06.2024", "", "РЦОИ"],
            ["2", "Мероприятие: ЕГЭ по русскому языку", "30.05.2024", "11.06.2024", "01.07.2024", "РЦОИ"],
        ],
    ):
        first, second = roadmap.measures
        assert (first.deadline_text, first.deadline.end) == ("27.05.2024", date(2024, 5, 27))
        assert first.extra_dates == [{"label": "Резервный срок 1", "text": "10.06.2024"}]
        assert second.extra_dates == [
            {"label": "Резервный срок 1", "text": "11.06.2024"},
            {"label": "Резервный срок 2", "text": "01.07.2024"},
        ]
        assert roadmap.warnings == [
            "В таблице несколько столбцов дат: срок мероприятия взят из столбца «Основной срок», даты из "
            "столбцов «Резервный срок 1», «Резервный срок 2» сохранены у мероприятий как дополнительные — "
            "проверьте их."
        ]


def test_dates_under_a_merged_header_cell() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План мероприятий на 2024-2025 учебный год",
            [
                ["№", "Мероприятие", "Сроки проведения", "", "Ответственные"],
                ["", "", "основной", "резервный", ""],
                ["1", "Итоговое сочинение", "04.12.2024", "05.02.2025", "Руководители ОО"],
                ["2", "Итоговое собеседование", "12.02.2025", "12.03.2025", "Руководители ОО"],
            ],
        ),
        "план.docx",
    )
    assert [(m.deadline.end, m.extra_dates) for m in roadmap.measures] == [
        (date(2024, 12, 4), [{"label": "Сроки проведения: резервный", "text": "05.02.2025"}]),
        (date(2025, 2, 12), [{"label": "Сроки проведения: резервный", "text": "12.03.2025"}]),
    ]
    assert len(roadmap.warnings) == 1 and "«Сроки проведения: резервный»" in roadmap.warnings[0]


def test_a_second_date_column_and_reserve_days() -> None:
    for roadmap in parse_both(
        "План на 2025 год",
        [
            ["No", "Мероприятие", "Дата проведения", "Резервные дни", "Ответственный"],
            ["1", "ВПР по истории", "15.04.2025", "22.04.2025, 24.04.2025", "ОО"],
            ["2", "ВПР по биологии", "17.04.2025", "", "ОО"],
        ],
    ):
        first, second = roadmap.measures
        assert first.extra_dates == [{"label": "Резервные дни", "text": "22.04.2025, 24.04.2025"}]
        assert second.extra_dates == []
        assert (second.deadline.kind, second.deadline.end) == ("date", date(2025, 4, 17))


def test_a_plan_with_one_date_column_has_no_extra_dates() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План на 2025 год", [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Анализ", "Март", "УО"]]
        ),
        "план.docx",
    )
    assert roadmap.measures[0].extra_dates == []
    assert roadmap.warnings == []


# --- approval stamps and an order in front of the plan -----------------------------------------------

TABLE: list[Row] = [
    ["№ п/п", "Мероприятие", "Срок", "Ответственные"],
    ["1", "Совещание", "Октябрь", "Руководители ОО"],
    ["2", "Семинар", "Ноябрь", "Методисты"],
]


@pytest.mark.parametrize(
    ("stamp", "number", "day", "appendix"),
    [
        (
            [
                "Приложение N 2",
                "к приказу министерства образования",
                "Ставропольского края",
                "от 13 ноября 2015 г. N 5976",
            ],
            "5976",
            date(2015, 11, 13),
            "Приложение № 2",
        ),
        (
            [
                "Приложение № 1",
                "к приказу Управления образования",
                "администрации района",
                "от 05.09.2023 № 312-од",
            ],
            "312-од",
            date(2023, 9, 5),
            "Приложение № 1",
        ),
        (["ПРИЛОЖЕНИЕ", "к приказу МКУ «УО»", "№ 45 от 01.09.2023 г."], "45", date(2023, 9, 1), "Приложение"),
    ],
)
def test_an_approval_stamp_over_several_lines(
    stamp: list[str], number: str, day: date, appendix: str
) -> None:
    for roadmap in parse_both(*stamp, "План мероприятий по подготовке к ГИА на 2023-2024 учебный год", TABLE):
        assert roadmap.title == "План мероприятий по подготовке к ГИА на 2023-2024 учебный год"
        assert (roadmap.approval.order_number, roadmap.approval.order_date) == (number, day)
        assert roadmap.approval.appendix == appendix
        assert numbers(roadmap) == ["1", "2"]


ORDER = [
    "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ",
    "ПРИКАЗ",
    "03.09.2024\t\t\t\t№ 128/1-О",
    "Об утверждении плана мероприятий по подготовке к итоговому сочинению",
    "В целях качественной подготовки к итоговому сочинению",
    "ПРИКАЗЫВАЮ:",
    "1. Утвердить план мероприятий по подготовке к итоговому сочинению (приложение).",
    "2. Контроль за исполнением настоящего приказа оставляю за собой.",
    "Министр\t\t\t\tН.Е. Байрачный",
]


def test_an_order_printed_in_front_of_the_plan() -> None:
    for roadmap in parse_both(
        *ORDER,
        "Приложение",
        "к приказу от 03.09.2024 № 128/1-О",
        "План мероприятий по подготовке к итоговому сочинению на 2024-2025 учебный год",
        TABLE,
    ):
        assert roadmap.as_json(full=True)["order"] == {
            "number": "128/1-О",
            "date": "2024-09-03",
            "signed_by": "Н.Е. Байрачный",
            "appendix": "Приложение",
        }
        assert roadmap.approval.approved_by == "Н.Е. Байрачный"
        assert (
            roadmap.title == "План мероприятий по подготовке к итоговому сочинению на 2024-2025 учебный год"
        )
        assert numbers(roadmap) == ["1", "2"]


def test_an_order_whose_plan_is_a_numbered_appendix_signed_by_an_acting_head() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "ПРИКАЗ",
            "от 10.01.2025 г. № 7-од",
            "ПРИКАЗЫВАЮ:",
            "1. Утвердить прилагаемый план мероприятий (дорожную карту) подготовки к ВПР (приложение № 1).",
            "2. Утвердить состав рабочей группы (приложение № 2).",
            "И.о. начальника управления образования ________ К.А. Федоренко",
            "План мероприятий по подготовке к ВПР на 2025 год",
            TABLE,
        ),
        "план.docx",
    )
    assert roadmap.as_json(full=True)["order"] == {
        "number": "7-од",
        "date": "2025-01-10",
        "signed_by": "К.А. Федоренко",
        "appendix": "Приложение № 1",
    }


# --- responsible people and deadlines in a whole document --------------------------------------------


def test_names_bodies_and_the_plans_period_in_a_regional_plan() -> None:
    for roadmap in parse_both(
        "План мероприятий по обеспечению объективности ВПР на 2022 год",
        [
            ["N п/п", "Мероприятие", "Срок", "Ответственные"],
            [
                "1",
                "Проведение ВПР",
                "В течение 2022 года, по графику проведения ВПР",
                "Н.Е. Байрачный К.А. Федоренко Т.Ю. Горностаева",
            ],
            [
                "2",
                "Общественное наблюдение",
                "В течение планового периода",
                "Федеральный организатор, Органы исполнительной власти субъектов Российской Федерации, "
                "осуществляющие государственное управление в сфере образования (ОИВ)",
            ],
            ["3", "Контроль", "ежеквартально", "Директор ОО. Зам.директора по УВР"],
        ],
    ):
        first, second, third = roadmap.measures
        assert first.responsible == ["Н.Е. Байрачный", "К.А. Федоренко", "Т.Ю. Горностаева"]
        assert (first.deadline.kind, first.deadline.start, first.deadline.end) == (
            "continuous",
            date(2022, 1, 1),
            date(2022, 12, 31),
        )
        assert second.responsible == [
            "Федеральный организатор",
            "Органы исполнительной власти субъектов Российской Федерации, осуществляющие государственное "
            "управление в сфере образования (ОИВ)",
        ]
        assert second.deadline.kind == "continuous"
        assert third.responsible == ["Директор ОО", "Зам.директора по УВР"]
        assert third.deadline.kind == "recurring"
        assert roadmap.warnings == []


# --- numbering that restarts in every section --------------------------------------------------------


def test_numbered_section_rows_with_numbering_restarting() -> None:
    for roadmap in parse_both(
        "План работы на 2024-2025 учебный год",
        [
            ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
            ["1.", "Организационная работа", "", ""],
            ["1.", "Совещание", "Сентябрь", "Директор"],
            ["2.", "Приказ о подготовке", "Сентябрь", "Директор"],
            ["2.", "Работа с педагогами", "", ""],
            ["1.", "Семинар", "Октябрь", "Зам. директора по УВР"],
            ["2.", "Курсы", "Ноябрь", "Зам. директора по УВР"],
            ["3.", "Взаимопосещение уроков", "В течение года", "Руководители ШМО"],
        ],
    ):
        assert [(s.number, s.title, [m.number for m in s.measures]) for s in roadmap.sections] == [
            ("1", "Организационная работа", ["1", "2"]),
            ("2", "Работа с педагогами", ["1", "2", "3"]),
        ]
        assert roadmap.warnings == []


def test_merged_sections_with_numbering_restarting() -> None:
    for roadmap in parse_both(
        "План мероприятий на 2025 год",
        [
            ["N", "Мероприятие", "Срок", "Ответственный"],
            ("merged", "Раздел 1. Нормативное обеспечение"),
            ["1", "Приказ", "Январь", "УО"],
            ["2", "Положение", "Февраль", "УО"],
            ("merged", "Раздел 2. Работа с кадрами"),
            ["1", "Курсы", "Март", "УО"],
            ["1.1", "Курсы для учителей математики", "Март", "УО"],
            ("merged", "Раздел 3. Мониторинг"),
            ["1", "Мониторинг", "Апрель", "УО"],
        ],
    ):
        assert [[m.number for m in s.measures] for s in roadmap.sections] == [["1", "2"], ["1", "1.1"], ["1"]]
        assert roadmap.measures[3].parent_number == "1"
        assert roadmap.warnings == []


def test_a_repeat_inside_one_section_is_still_reported() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План мероприятий на 2025 год",
            [
                ["№", "Мероприятие", "Срок", "Ответственный"],
                ("merged", "I. Подготовка"),
                ["1", "Приказ", "Январь", "УО"],
                ["1", "Положение", "Февраль", "УО"],
                ("merged", "II. Проведение"),
                ["1", "Курсы", "Март", "УО"],
            ],
        ),
        "план.docx",
    )
    assert roadmap.warnings == ["Номер 1 встречается повторно: «Положение»."]


# --- text exports: a line break inside a cell --------------------------------------------------------


def test_text_export_with_line_breaks_inside_cells() -> None:
    text = (
        "План мероприятий по подготовке к ГИА на 2024-2025 учебный год\n"
        "\n"
        "N\tМероприятие\tСрок\tОтветственные\nисполнители\tРезультат\n"
        "1\tСовещание с руководителями ОО\tСентябрь 2024 г.\tН.Е. Байрачный\nК.А. Федоренко\tПротокол\n"
        "2\tМониторинг сайтов\tОктябрь 2024 г.\tМетодисты\tСправка\n"
        "3\tАнализ результатов\nпробных экзаменов\tДекабрь 2024 г.\tМетодисты\tАналитическая\nсправка\n"
    )
    roadmap = parse_roadmap(text.encode("cp1251"), "план.txt")
    assert numbers(roadmap) == ["1", "2", "3"]
    first, _, third = roadmap.measures
    assert first.responsible == ["Н.Е. Байрачный", "К.А. Федоренко"]
    assert first.expected_result == "Протокол"
    assert third.title == "Анализ результатов пробных экзаменов"
    assert third.expected_result == "Аналитическая справка"
    assert roadmap.warnings == []


def test_text_export_with_a_cell_on_every_line() -> None:
    text = (
        "План мероприятий на 2024 год\n\n"
        "\tN п/п\n\tМероприятие\n\tСрок\n\tОтветственные\n\n"
        "\t1.\n\tСовещание\n\tЯнварь\n\tН.Е. Байрачный К.А. Федоренко\n\n"
        "\t2.\n\tСеминар для учителей\nматематики\n\tВ течение планового периода\n"
        "\tДиректор ОО. Зам.директора по УВР\n\n"
    )
    roadmap = parse_roadmap(text.encode("utf-8"), "план.txt")
    assert numbers(roadmap) == ["1", "2"]
    second = roadmap.measures[1]
    assert second.title == "Семинар для учителей математики"
    assert second.deadline.kind == "continuous"
    assert second.responsible == ["Директор ОО", "Зам.директора по УВР"]
    assert roadmap.measures[0].responsible == ["Н.Е. Байрачный", "К.А. Федоренко"]


# --- more shapes of real plans -----------------------------------------------------------------------


def test_numbers_with_a_bracket_and_a_schedule_title() -> None:
    for roadmap in parse_both(
        "График мероприятий по подготовке к итоговому собеседованию на 2024-2025 учебный год",
        [
            ["№", "Мероприятие", "Срок", "Ответственный"],
            ["1)", "Родительское собрание", "Январь", "Классный руководитель"],
            ["2)", "Пробное собеседование", "Февраль", "Зам. директора по УВР"],
        ],
    ):
        assert roadmap.title.startswith("График мероприятий")
        assert numbers(roadmap) == ["1", "2"]
        assert roadmap.warnings == []


def test_section_rows_in_the_number_cell_with_numbering_running_on() -> None:
    for roadmap in parse_both(
        "План мероприятий на 2025 год",
        [
            ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
            ("merged", "1. Организационные мероприятия"),
            ["1.", "Приказ о подготовке", "Январь", "УО"],
            ["2.", "Совещание", "Февраль", "УО"],
            ("merged", "2. Работа с педагогами"),
            ["3.", "Семинар", "Март", "УО"],
            ["4.", "Курсы", "Апрель", "УО"],
        ],
    ):
        assert [(s.number, s.title, [m.number for m in s.measures]) for s in roadmap.sections] == [
            ("1", "Организационные мероприятия", ["1", "2"]),
            ("2", "Работа с педагогами", ["3", "4"]),
        ]
        assert roadmap.warnings == []


@pytest.mark.parametrize(
    ("cell", "end", "reserve"),
    [
        ("27.05.2025 (резерв – 10.06.2025)", date(2025, 5, 27), "10.06.2025"),
        ("04.12.2024; резервные дни: 05.02.2025, 09.04.2025", date(2024, 12, 4), "05.02.2025, 09.04.2025"),
        ("Май 2025 г., резервные сроки – 1-2 июля 2025 г.", date(2025, 5, 31), "1-2 июля 2025 г."),
    ],
)
def test_a_reserve_date_in_the_deadline_cell(cell: str, end: date, reserve: str) -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План-график на 2024-2025 учебный год",
            [["№", "Мероприятие", "Дата", "Ответственный"], ["1", "Экзамен", cell, "РЦОИ"]],
        ),
        "план.docx",
    )
    (measure,) = roadmap.measures
    assert measure.deadline_text == cell
    assert measure.deadline.end == end
    assert measure.extra_dates == [{"label": "Резерв", "text": reserve}]
    assert len(roadmap.warnings) == 1 and "сохранена как дополнительная" in roadmap.warnings[0]


SCHOOL_ORDER_AND_PLAN = """Муниципальное бюджетное общеобразовательное учреждение
«Средняя общеобразовательная школа № 5»

ПРИКАЗ

«03» сентября 2024 г.\t\t\t\t\t\t№ 128/1-О

Об утверждении плана мероприятий по подготовке к государственной итоговой аттестации

ПРИКАЗЫВАЮ:
1. Утвердить план мероприятий по подготовке к ГИА в 2024-2025 учебном году (приложение).
2. Контроль за исполнением приказа оставляю за собой.

Директор школы\t\t\t\tК.А. Федоренко

Приложение
к приказу № 128/1-О от 03.09.2024

План мероприятий по подготовке к ГИА в 2024-2025 учебном году

№ п/п\tМероприятие\tСроки\tОтветственные
Организационно-методическая работа
1.\tИзучение нормативных документов по ГИА\tСентябрь\tЗам. директора по УВР
2.\tСоставление графика пробных экзаменов\tОктябрь\tТ.Ю. Горностаева
Работа с учащимися
1.\tПробные экзамены\tНоябрь, февраль, апрель\tУчителя-предметники. Классные руководители
2.\tИтоговое сочинение\t04.12.2024 (резерв – 05.02.2025)\tДиректор ОО. Зам.директора по УВР
"""


def test_a_school_order_and_its_plan_as_a_text_export() -> None:
    roadmap = parse_roadmap(SCHOOL_ORDER_AND_PLAN.encode("cp1251"), "приказ.txt")
    assert roadmap.title == "План мероприятий по подготовке к ГИА в 2024-2025 учебном году"
    assert roadmap.as_json(full=True)["order"] == {
        "number": "128/1-О",
        "date": "2024-09-03",
        "signed_by": "К.А. Федоренко",
        "appendix": "Приложение",
    }
    assert [(s.title, [m.number for m in s.measures]) for s in roadmap.sections] == [
        ("Организационно-методическая работа", ["1", "2"]),
        ("Работа с учащимися", ["1", "2"]),
    ]
    assert roadmap.measures[1].responsible == ["Т.Ю. Горностаева"]
    assert roadmap.measures[3].extra_dates == [{"label": "Резерв", "text": "05.02.2025"}]
    assert roadmap.warnings == [
        "Мероприятие 2: срок прочитан по основной дате «04.12.2024», резервная «05.02.2025» сохранена "
        "как дополнительная."
    ]


def test_cells_merged_down_several_rows() -> None:
    document = Document()
    document.add_paragraph("План мероприятий на 2024-2025 учебный год")
    rows = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственные"],
        ["1", "Совещание", "Сентябрь", "Руководители ОО"],
        ["2", "Семинар", "Октябрь", ""],
        ["3", "Пробный экзамен", "Ноябрь", ""],
        ["", "по математике", "", "Методисты"],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(cells.cells, values, strict=True):
            cell.text = text
    table.cell(1, 3).merge(table.cell(3, 3))  # one «Руководители ОО» for measures 1–3
    table.cell(3, 0).merge(table.cell(4, 0))  # measure 3 spread over two rows
    out = io.BytesIO()
    document.save(out)
    roadmap = parse_roadmap(out.getvalue(), "план.docx")
    assert numbers(roadmap) == ["1", "2", "3"]
    assert [m.responsible for m in roadmap.measures] == [
        ["Руководители ОО"],
        ["Руководители ОО"],
        ["Руководители ОО", "Методисты"],
    ]
    assert roadmap.measures[2].title == "Пробный экзамен по математике"
    assert roadmap.warnings == []


def test_a_direction_column_before_the_measure_column() -> None:
    for roadmap in parse_both(
        "План мероприятий на 2025 год",
        [
            ["№", "Направление", "Мероприятие", "Срок", "Ответственный", "Резервный срок"],
            ["1", "Работа с кадрами", "Семинар для учителей", "Март", "Методисты", "Апрель"],
        ],
    ):
        (measure,) = roadmap.measures
        assert measure.title == "Семинар для учителей"
        assert measure.extra_dates == [{"label": "Резервный срок", "text": "Апрель"}]
        assert roadmap.warnings == [
            "В таблице несколько столбцов дат: срок мероприятия взят из столбца «Срок», даты из столбца "
            "«Резервный срок» сохранены у мероприятий как дополнительные — проверьте их."
        ]


SCHOOL_VPR_PLAN = """УТВЕРЖДАЮ
Директор МКОУ «СОШ № 3»
_____________ Т.Ю. Горностаева
Приказ № 87 от 30.08.2023 г.

План подготовки к Всероссийским проверочным работам в 2023-2024 учебном году

Содержание работы\tСроки\tОтветственные\tВыход
Организационно-методическая работа
Изучение нормативных документов по проведению ВПР\tСентябрь\tЗам. директора по УВР\tПриказ
Составление плана-графика подготовки к ВПР\tОктябрь\tЗам. директора по УВР, руководители ШМО\tПлан-график
Работа с обучающимися
Проведение ВПР\tПо графику ФИС ОКО\tДиректор ОО. Зам.директора по УВР\tРезультаты
Посещение уроков\tНоябрь – март\tН.Е. Байрачный К.А. Федоренко\tСправка
"""


def test_a_school_plan_as_text_without_numbers_with_sections_on_their_own_lines() -> None:
    roadmap = parse_roadmap(SCHOOL_VPR_PLAN.encode("utf-8"), "план ВПР.txt")
    assert roadmap.as_json()["approval"] == {
        "approved_by": "Т.Ю. Горностаева",
        "order_number": "87",
        "order_date": "2023-08-30",
    }
    assert [(s.title, [m.number for m in s.measures]) for s in roadmap.sections] == [
        ("Организационно-методическая работа", ["1", "2"]),
        ("Работа с обучающимися", ["3", "4"]),
    ]
    assert [m.expected_result for m in roadmap.measures] == ["Приказ", "План-график", "Результаты", "Справка"]
    third, fourth = roadmap.measures[2:]
    assert (third.deadline.kind, third.responsible) == ("event", ["Директор ОО", "Зам.директора по УВР"])
    assert (fourth.deadline.start, fourth.deadline.end) == (date(2023, 11, 1), date(2024, 3, 31))
    assert fourth.responsible == ["Н.Е. Байрачный", "К.А. Федоренко"]
    assert roadmap.warnings == [
        "В таблице мероприятий нет столбца с номерами: мероприятия пронумерованы по порядку (1–4) "
        "— проверьте номера."
    ]


def test_one_table_per_section_each_with_its_header_and_numbering_from_1() -> None:
    header = ["№ п/п", "Мероприятие", "Срок", "Ответственный"]
    for roadmap in parse_both(
        "План работы по подготовке к итоговому сочинению на 2024-2025 учебный год",
        "Организационная работа",
        [
            header,
            ["1", "Приказ об организации", "Сентябрь", "Директор"],
            ["2", "График", "Октябрь", "Зам. директора"],
        ],
        "Работа с обучающимися",
        "11 классов",
        [header, ["1", "Пробное сочинение", "Ноябрь", "Учителя русского языка"]],
    ):
        assert roadmap.title == "План работы по подготовке к итоговому сочинению на 2024-2025 учебный год"
        assert [(s.title, [m.number for m in s.measures]) for s in roadmap.sections] == [
            ("Организационная работа", ["1", "2"]),
            ("Работа с обучающимися 11 классов", ["1"]),
        ]
        assert roadmap.warnings == []


def test_a_subtitle_under_the_title_is_not_a_section_of_a_plan_without_sections() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План мероприятий по подготовке к ГИА на 2024-2025 учебный год",
            "Муниципальное казённое общеобразовательное учреждение",
            [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Совещание", "Сентябрь", "Директор"]],
        ),
        "план.docx",
    )
    assert [(s.number, s.title) for s in roadmap.sections] == [(None, None)]
    assert numbers(roadmap) == ["1"]


def test_a_directive_of_the_administration_in_front_of_the_plan() -> None:
    for roadmap in parse_both(
        "АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА",
        "РАСПОРЯЖЕНИЕ",
        "от 12 февраля 2025 г. № 56-р",
        "1. Утвердить план мероприятий по подготовке к ГИА в 2025 году согласно приложению № 1.",
        "Глава района\t\t\tТ.Ю. Горностаева",
        "Приложение № 1",
        "к распоряжению администрации района",
        "от 12.02.2025 № 56-р",
        "План мероприятий по подготовке к ГИА в 2025 году",
        TABLE,
    ):
        assert roadmap.as_json(full=True)["order"] == {
            "number": "56-р",
            "date": "2025-02-12",
            "signed_by": "Т.Ю. Горностаева",
            "appendix": "Приложение № 1",
        }
        assert roadmap.title == "План мероприятий по подготовке к ГИА в 2025 году"
        assert numbers(roadmap) == ["1", "2"]


def test_a_two_row_header_merged_across_and_down() -> None:
    document = Document()
    document.add_paragraph("План мероприятий на 2024-2025 учебный год")
    rows = [
        ["№", "Мероприятие", "Сроки", "", "Ответственные", ""],
        ["", "", "основной", "резервный", "ФИО", "должность"],
        ["1", "Итоговое сочинение", "04.12.2024", "05.02.2025", "К.А. Федоренко", "заместитель директора"],
        ["2", "Пробный экзамен", "Март", "", "Т.Ю. Горностаева", "учитель"],
    ]
    table = document.add_table(rows=len(rows), cols=6)
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(cells.cells, values, strict=True):
            cell.text = text
    for column in (0, 1):
        table.cell(0, column).merge(table.cell(1, column))  # «№» and «Мероприятие» over both header rows
    table.cell(0, 2).merge(table.cell(0, 3))  # «Сроки» over «основной | резервный»
    table.cell(0, 4).merge(table.cell(0, 5))  # «Ответственные» over «ФИО | должность»
    out = io.BytesIO()
    document.save(out)
    roadmap = parse_roadmap(out.getvalue(), "план.docx")
    assert numbers(roadmap) == ["1", "2"]
    first, second = roadmap.measures
    assert (first.deadline.end, first.extra_dates) == (
        date(2024, 12, 4),
        [{"label": "Сроки: резервный", "text": "05.02.2025"}],
    )
    assert first.responsible == ["К.А. Федоренко"]
    assert second.extra_dates == []


def test_a_first_row_with_short_cells_is_still_a_measure() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План мероприятий на 2025 год",
            [
                ["Мероприятие", "Срок", "Ответственный", ""],
                ["Совещание", "Январь", "УО", "дата"],
                ["Семинар", "Март", "УО", ""],
            ],
        ),
        "план.docx",
    )
    assert [m.title for m in roadmap.measures] == ["Совещание", "Семинар"]


def test_a_stamp_with_no_for_the_number_sign() -> None:
    for roadmap in parse_both(
        "Приложение No 3",
        "к постановлению Правительства области",
        "от 2 марта 2023 г. No 118-п",
        "План мероприятий по подготовке к ГИА на 2023-2024 учебный год",
        TABLE,
    ):
        assert (roadmap.approval.order_number, roadmap.approval.order_date) == ("118-п", date(2023, 3, 2))
        assert roadmap.approval.appendix == "Приложение № 3"


def test_a_table_after_a_plan_with_reserve_dates_keeps_its_own_title() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План на 2025 год",
            [
                ["№", "Мероприятие", "Срок", "Резервный срок", "Ответственный"],
                ["1", "ВПР", "15.04.2025", "22.04.2025", "ОО"],
            ],
            [["ФИО", "Школа"], ["Петрова А.А.", "СОШ № 1"]],
        ),
        "план.docx",
    )
    assert [appendix.title for appendix in roadmap.appendices] == ["Таблица 1"]


def test_a_signature_typed_right_under_the_table_is_not_a_measure() -> None:
    text = (
        "ПРИКАЗ\n\n12.01.2024\t\t\t№ 7\n\nПРИКАЗЫВАЮ:\n1. Утвердить план мероприятий на 2024 год.\n\n"
        "План мероприятий по подготовке к ВПР на 2024 год\n\n"
        "№\tМероприятие\tСроки\tОтветственные\n"
        "1\tАнализ\tянварь\tУО\n"
        "2\tСеминар\tфевраль\tРуководители ОО\n"
        "Начальник управления образования\t\t\tН.Е. Байрачный\n"
    )
    roadmap = parse_roadmap(text.encode("utf-8"), "приказ.txt")
    assert numbers(roadmap) == ["1", "2"]
    assert roadmap.measures[1].responsible == ["Руководители ОО"]
    assert roadmap.approval.approved_by == "Н.Е. Байрачный"
    assert roadmap.warnings == []


@pytest.mark.parametrize("exam", ["ГИА-2025", "ЕГЭ 2025", "ОГЭ-2025"])
def test_a_plan_named_after_its_exam_year(exam: str) -> None:
    roadmap = parse_roadmap(
        make_docx(
            f"План подготовки к {exam}",
            [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Совещание", "Октябрь", "УО"]],
        ),
        "план.docx",
    )
    assert (roadmap.period.start, roadmap.period.end) == (date(2024, 9, 1), date(2025, 8, 31))
    assert roadmap.measures[0].deadline.start == date(2024, 10, 1)
    assert roadmap.warnings == [
        f"Период плана взят из «{exam}»: 01.09.2024–31.08.2025 (учебный год, в котором проходит эта "
        "аттестация) — проверьте."
    ]


def test_a_lone_cell_in_a_later_column_read_as_a_section_is_warned_about() -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План на 2025 год",
            [
                ["Срок", "Мероприятие", "Ответственный"],
                ["Январь", "Совещание", "УО"],
                ["", "Работа с кадрами", ""],
                ["Март", "Курсы", "УО"],
            ],
        ),
        "план.docx",
    )
    assert [(s.title, [m.number for m in s.measures]) for s in roadmap.sections] == [
        (None, ["1"]),
        ("Работа с кадрами", ["2"]),
    ]
    assert "Строка «Работа с кадрами» без номера прочитана как заголовок раздела." in roadmap.warnings


@pytest.mark.parametrize(
    "owner", ["Муниципального казённого общеобразовательного учреждения «СОШ № 3»", "В МБОУ «Лицей № 2»"]
)
def test_the_plans_owner_under_its_period_stays_in_the_title(owner: str) -> None:
    roadmap = parse_roadmap(
        make_docx(
            "План мероприятий по подготовке к ГИА на 2024-2025 учебный год",
            owner,
            [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Совещание", "Сентябрь", "Директор"]],
        ),
        "план.docx",
    )
    assert roadmap.title == f"План мероприятий по подготовке к ГИА на 2024-2025 учебный год {owner}"
