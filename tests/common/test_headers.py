"""Header recognition: every synonym of the table, the ways people write headers, three name columns,
and the answers to the column question (the form, ``--column`` and the remembered choice)."""

import pytest

from common.imports import (
    HEADER_SYNONYMS,
    Column,
    MissingColumns,
    answers_from_form,
    column_question,
    find_header,
    header_key,
    parse_column_answers,
    remember_columns,
    remembered_columns,
)

EVERY_SYNONYM = [(key, spelling) for key, spellings in HEADER_SYNONYMS.items() for spelling in spellings]


def _mangled(spelling: str) -> str:
    """The spelling as people type it: other case, «е» for «ё», a line break and spaces around."""
    text = spelling.upper().replace("Ё", "Е")
    if " " in text:
        first, rest = text.split(" ", 1)
        text = f"{first}\n {rest}"
    return f"  {text} "


@pytest.mark.parametrize(("key", "spelling"), EVERY_SYNONYM)
def test_every_synonym_finds_its_column_in_any_case_and_spacing(key, spelling):
    columns = [Column(key, "Столбец", required=True)]
    for written in (spelling, _mangled(spelling)):
        header = find_header([["Что-то другое", written]], columns)
        assert header.positions[key] == 1, written


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("№", "number"),
        ("N", "number"),
        ("No", "number"),
        ("№ п/п", "number"),
        ("N п/п", "number"),
        ("ОО", "school"),
        ("Школа", "school"),
        ("Образовательная организация", "school"),
        ("Наименование ОО", "school"),
        ("наименование\nОО", "school"),
        ("ФИО", "full_name"),
        ("Ф.И.О.", "full_name"),
        ("Ф. И. О.", "full_name"),
        ("Фамилия, имя, отчество", "full_name"),
        ("Фамилия,\nимя,  отчество", "full_name"),
        ("«ФИО»", "full_name"),
        ("Дата рождения (ДД.ММ.ГГГГ)", "birth_date"),
        ("Учёбный год", "academic_year"),
        ("Предыдущая ОО", "previous_school"),
        ("Логин ФИС ОКО", "login"),
        ("Логин ОО", "login"),
    ],
)
def test_the_issue_spellings(written, key):
    columns = [
        Column(k, k) for k in ("number", "school", "full_name", "birth_date", "academic_year", "login")
    ]
    columns.append(Column("previous_school", "Предыдущая школа"))
    header = find_header([[written]], [*columns, Column(key, key, required=True)])
    assert header.positions == {key: 0}


def test_header_keys_ignore_case_yo_punctuation_and_spaces():
    assert header_key(" Ф.И.О. ") == header_key("фио") == header_key("Ф И О")
    assert header_key("Учёбный\nгод") == header_key("учебный год")
    assert header_key("№ п/п") == header_key("N п/п")


NAME = Column("full_name", "ФИО", required=True, parts=("last_name", "first_name", "middle_name"))


def test_three_name_columns_stand_for_fio():
    header = find_header([["Фамилия", "Имя", "Отчество", "Класс"]], [NAME, Column("class", "Класс")])
    row = ["Гаджиева", "Амина", "Руслановна", "11А"]
    assert header.has("full_name")
    assert header.text(row, "full_name") == "Гаджиева Амина Руслановна"
    assert header.letter("full_name") == "A"


def test_a_middle_name_column_is_not_needed_but_a_first_name_is():
    assert find_header([["Фамилия", "Имя"]], [NAME]).text(["Иванов", "Иван"], "full_name") == "Иванов Иван"
    with pytest.raises(MissingColumns):
        find_header([["Фамилия", "Отчество"]], [NAME])


def test_a_title_above_the_header_and_columns_in_any_order():
    rows = [["Реестр претендентов на 2024 год"], [], ["Класс", "№", "Ф.И.О."], ["11А", 1, "Иванов Иван"]]
    header = find_header(iter(rows), [Column("number", "№"), NAME, Column("class", "Класс", required=True)])
    assert (header.row_number, header.positions) == (3, {"class": 0, "number": 1, "full_name": 2})


def test_a_missing_column_carries_what_the_question_shows():
    rows = [["Ученик", "Дисциплина", "Балл"], ["Иванов", "Химия", 70], ["Петров", "Физика", 65]]
    with pytest.raises(MissingColumns) as caught:
        find_header(
            rows, [Column("full_name", "ФИО", required=True), Column("mark", "Отметка", required=True)]
        )
    error = caught.value
    assert str(error).startswith("В файле не найдена строка заголовков.")
    assert (error.header_row, error.cells) == (1, ["Ученик", "Дисциплина", "Балл"])
    question = column_question(error)
    assert question["sample"] == [["Иванов", "Химия", "70"], ["Петров", "Физика", "65"]]
    assert [q["title"] for q in question["questions"]] == ["ФИО", "Отметка"]
    assert [o["label"] for o in question["questions"][0]["options"]] == [
        "A: Ученик",
        "B: Дисциплина",
        "C: Балл",
    ]


def test_the_message_names_the_missing_columns_when_others_were_found():
    with pytest.raises(MissingColumns, match=r"В файле нет обязательных столбцов: «Предмет»\."):
        find_header([["ФИО", "Балл"]], [NAME, Column("subject", "Предмет", required=True)])


def test_a_chosen_column_wins_over_the_synonyms():
    columns = [Column("subject", "Предмет", required=True), Column("mark", "Отметка", required=True)]
    header = find_header([["Курс", "Итог", "Предмет"]], columns, chosen={"subject": "курс", "mark": "ИТОГ"})
    assert header.positions == {"subject": 0, "mark": 1}
    assert header.written("subject") == "Курс"


def test_column_answers_from_the_command_line():
    columns = [Column("subject", "Предмет", required=True), Column("medal", "Степень медали")]
    assert parse_column_answers(["Предмет=Курс", "медаль = Награда"], columns) == {
        "subject": "Курс",
        "medal": "Награда",
    }
    with pytest.raises(ValueError, match="ожидается «Столбец=Заголовок в файле»"):
        parse_column_answers(["Предмет"], columns)
    with pytest.raises(ValueError, match="такого столбца нет"):
        parse_column_answers(["Погода=Курс"], columns)


def test_column_answers_from_the_form():
    columns = [Column("subject", "Предмет"), Column("mark", "Отметка")]
    assert answers_from_form({"column-subject": " Курс ", "column-mark": "", "other": "x"}, columns) == {
        "subject": "Курс"
    }


@pytest.mark.django_db
def test_a_remembered_choice_is_per_place_and_kind_and_a_new_answer_replaces_it():
    remember_columns(scope="school:1", kind="candidates", answers={"medal": "Награда"})
    remember_columns(scope="school:1", kind="candidates", answers={"medal": "Медаль выпускника"})
    remember_columns(scope="school:2", kind="candidates", answers={"medal": "Другое"})
    assert remembered_columns(scope="school:1", kind="candidates") == {"medal": "Медаль выпускника"}
    assert remembered_columns(scope="school:1", kind="journal") == {}
