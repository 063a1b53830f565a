"""The official list of schools with signs of non-objective ВПР results: the import (file and command), the
years side by side and the fields it adds to ``objectivity --json``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from assessments.flag_list import flag_list_check, flag_list_save, same_municipality
from assessments.flag_years import flag_history
from assessments.models import OfficialFlag, VprMarkStatistics, VprTest
from schools.models import School

from ..factories import SchoolFactory
from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The way the region forwards it: a title line, a header with columns of its own, a regional list.
REGIONAL = [
    ["Перечень ОО с признаками необъективных результатов ВПР-2024", None, None, None, None, None, None],
    [],
    ["№ п/п", "Муниципалитет", "Логин ОО", "Наименование ОО", "Предмет", "Класс", "Год", "Примечание"],
    [1, "Кумторкалинский муниципальный район", "sch100901", "МКОУ «Школа А»", "Математика", "5", 2024, ""],
    [2, "Кумторкалинский район", "", "Муниципальное казённое общеобразовательное учреждение «Школа Б»",
     "Русский язык", "6 класс", 2024, "повторно"],
    [3, "Кумторкалинский район", "SCH100901", "МКОУ «Школа А»", "Русский язык", 5, 2024, ""],
    [4, "Буйнакский район", "sch200001", "МКОУ «Чиркейская СОШ»", "Математика", 5, 2024, ""],
    [5, "г. Махачкала", "sch300001", "МБОУ «Лицей №8»", "Математика", 7, 2024, ""],
    [6, "Кумторкалинский район", "sch100999", "МКОУ «Нет такой СОШ»", "Математика", 8, 2024, ""],
]  # fmt: skip


@pytest.fixture
def schools(municipality, school_a, school_b):
    school_a.fis_oko_login = "edu100901"
    school_a.save()
    school_b.fis_oko_login = ""
    school_b.save()
    return school_a, school_b


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_regional_list_gives_each_school_once_skips_other_municipalities_and_lists_the_unmatched(
    municipality, schools
):
    result = flag_list_check(
        content=xlsx(REGIONAL), name="перечень.xlsx", municipality=municipality, year=2024
    )
    # 6 rows of data; A twice (by login, the second in capitals), B by its full name, 2 of other
    # municipalities, 1 unknown school.
    assert result.as_json() == {
        "rows": 6,
        "schools": ["A001", "B001"],
        "unmatched": [{"row": 9, "text": "sch100999 · МКОУ «Нет такой СОШ»"}],
        "errors": [],
        "other_municipality": 2,
    }
    assert flag_list_save(result=result, municipality=municipality) == 2
    saved = {flag.school.code: flag.subjects for flag in OfficialFlag.objects.filter(year=2024)}
    assert saved == {
        "A001": ["Математика, 5 класс", "Русский язык, 5 класс"],
        "B001": ["Русский язык, 6 класс"],
    }


def test_the_command_saves_and_a_second_upload_of_the_year_replaces_the_list(municipality, schools, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(REGIONAL))
    data = json.loads(_run("import_flag_list", str(path), "--year", "2024", "--json"))
    assert data["schools"] == ["A001", "B001"]
    assert OfficialFlag.objects.count() == 2
    only_b = tmp_path / "only_b.csv"
    only_b.write_text("Наименование ОО;Класс\nМКОУ «Школа Б»;5\n", encoding="cp1251")
    assert "школ муниципалитета: 1" in _run("import_flag_list", str(only_b), "--year", "2024")
    assert list(OfficialFlag.objects.values_list("school__code", "year")) == [("B001", 2024)]


def test_dry_run_saves_nothing(municipality, schools, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(REGIONAL))
    data = json.loads(_run("import_flag_list", str(path), "--year", "2024", "--dry-run", "--json"))
    assert data["rows"] == 6 and data["schools"] == ["A001", "B001"]
    assert not OfficialFlag.objects.exists()


def test_an_error_in_one_row_saves_nothing_and_names_row_and_column(municipality, schools, tmp_path):
    rows = [
        ["Логин ОО", "Наименование ОО", "Класс", "Год"],
        ["sch100901", "", 5, 2024],
        ["", "МКОУ «Школа Б»", "пятый", 2024],
        ["", "", 6, 2024],
        ["sch100901", "", 7, 2023],
    ]
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="ничего не сохранено"):
        call_command("import_flag_list", str(path), "--year", "2024", "--json", stdout=out)
    assert json.loads(out.getvalue())["errors"] == [
        {"row": 3, "column": "Класс", "message": "«пятый» — не класс (ВПР пишут 4–11 классы)"},
        {"row": 4, "column": "Логин ОО", "message": "не указаны ни логин, ни наименование ОО"},
        {"row": 5, "column": "Год", "message": "год 2023, а загружается список за 2024 год"},
    ]
    assert not OfficialFlag.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.docx", b"PK\x03\x04 not a table", "ожидается таблица"),
        ("list.xlsx", b"this is not a workbook", "list.xlsx"),
        ("list.csv", "Предмет;Класс\nМатематика;5\n".encode(), "«Логин ОО» или «Наименование ОО»"),
        ("list.csv", "Логин ОО;Наименование ОО\n".encode(), "нет строк со школами"),
    ],
)
def test_a_bad_file_is_a_russian_message_and_saves_nothing(municipality, schools, name, content, message):
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=schools[0])
    result = flag_list_check(content=content, name=name, municipality=municipality, year=2024)
    assert not result.ok and message in result.errors[0].message
    with pytest.raises(ValueError):
        flag_list_save(result=result, municipality=municipality)
    assert OfficialFlag.objects.count() == 1


def test_a_name_two_schools_share_is_unmatched_not_guessed(municipality, schools):
    SchoolFactory(municipality=municipality, short_name="МКОУ «СОШ №3»", code="C3", fis_oko_login="")
    SchoolFactory(municipality=municipality, short_name="МБОУ СОШ № 3", code="D3", fis_oko_login="")
    content = "Наименование ОО\n«СОШ №3»\n".encode()
    result = flag_list_check(content=content, name="l.csv", municipality=municipality, year=2024)
    assert result.as_json()["schools"] == [] and result.unmatched == [{"row": 2, "text": "«СОШ №3»"}]


def test_a_login_under_the_header_oo_is_read_as_a_login(municipality, schools):
    # ФИС ОКО heads the login column «ОО», which is also a way to head a school's name.
    content = "ОО;Предмет\nsch100901;Математика\n".encode()
    result = flag_list_check(content=content, name="l.csv", municipality=municipality, year=2024)
    assert result.as_json()["schools"] == ["A001"]


def test_municipality_names_are_compared_without_their_kind(municipality):
    assert same_municipality("Кумторкалинский муниципальный район", municipality)
    assert same_municipality("МР «Кумторкалинский район»", municipality)
    assert not same_municipality("Буйнакский район", municipality)


def _flag_school(school, year: int) -> None:
    """6 participants, 2 of them above their journal mark: 2/6 = 33,3% > 15% — «Повысили отметку»."""
    test = VprTestFactory(municipality=school.municipality, year=year)
    for mark, journal in [(5, 4)] * 2 + [(4, 4)] * 4:
        VprResultFactory(test=test, school=school, mark=mark, journal_mark=journal)


def _plain_school(school, year: int) -> None:
    """6 participants, each with the journal's mark: no flag (the test of the year already exists)."""
    test = VprTest.objects.get(municipality=school.municipality, year=year)
    for _ in range(6):
        VprResultFactory(test=test, school=school, mark=4, journal_mark=4)


def test_years_side_by_side_and_the_share_per_year(municipality, school_a, school_b):
    # 2023: A flagged by its own results, B plain. 2024: both plain, B on the official list.
    # 2025: only the official list, naming A.
    _flag_school(school_a, 2023)
    _plain_school(school_b, 2023)
    test_2024 = VprTestFactory(municipality=municipality, year=2024)
    for school in (school_a, school_b):
        for _ in range(6):
            VprResultFactory(test=test_2024, school=school, mark=4, journal_mark=4)
    OfficialFlag.objects.create(
        municipality=municipality, year=2024, school=school_b, subjects=["Математика, 5 класс"]
    )
    OfficialFlag.objects.create(municipality=municipality, year=2025, school=school_a)
    history = flag_history(municipality)
    assert history.years == [2023, 2024, 2025]
    rows = {row.school.code: row for row in history.rows([school_a, school_b])}
    assert [mark.label for mark in rows["A001"].marks] == ["признаки", "нет", "в списке"]
    assert [mark.label for mark in rows["B001"].marks] == ["нет", "в списке", "—"]
    assert rows["A001"].flagged_years == [2023, 2025]
    assert rows["B001"].flagged_years == [2024]
    # 2023: 1 of 2 took part; 2024: 1 of 2; 2025: 1 of 1 (only the listed school is known).
    assert [(s.year, s.flagged, s.schools, s.text) for s in history.shares()] == [
        (2023, 1, 2, "1 из 2 (50,0%)"),
        (2024, 1, 2, "1 из 2 (50,0%)"),
        (2025, 1, 1, "1 из 1 (100,0%)"),
    ]


def test_objectivity_json_adds_the_official_list_the_school_kind_and_the_flagged_years(
    municipality, school_a, school_b
):
    school_b.kind = School.Kind.GYMNASIUM
    school_b.save()
    _flag_school(school_a, 2023)
    _plain_school(school_b, 2023)
    OfficialFlag.objects.create(municipality=municipality, year=2023, school=school_b)
    OfficialFlag.objects.create(municipality=municipality, year=2022, school=school_a)
    data = json.loads(_run("objectivity", "--year", "2023", "--json"))
    extra = {row["school"]: (row["official_list"], row["school_kind"], row["flagged_years"]) for row in data}
    assert extra == {"A001": (False, "СОШ", [2022, 2023]), "B001": (True, "гимназия", [2023])}
    assert set(data[0]) == {
        "school", "subject", "grade", "participants", "lowered", "confirmed", "raised", "flags",
        "official_list", "school_kind", "flagged_years",
    }  # fmt: skip


def test_the_demo_has_official_lists_of_three_years_and_a_second_load_adds_nothing(municipality):
    from assessments.demo import load_assessments_demo

    load_assessments_demo(municipality=municipality)
    first = list(
        OfficialFlag.objects.order_by("year", "school__code").values_list("year", "school_id", "subjects")
    )
    load_assessments_demo(municipality=municipality)
    again = list(
        OfficialFlag.objects.order_by("year", "school__code").values_list("year", "school_id", "subjects")
    )
    assert again == first and [year for year, *_ in first] == [2023, 2023, 2024, 2024, 2025]
    for year in (2023, 2024, 2025):
        assert VprMarkStatistics.objects.filter(municipality=municipality, year=year).count() == 6
    history = flag_history(municipality)
    assert history.years == [2023, 2024, 2025]
    # Every year has ВПР results of the five schools and a list: the list's schools are counted flagged.
    in_2023, in_2024, in_2025 = history.shares()
    assert in_2023.flagged >= 2 and in_2024.flagged >= 2 and in_2025.flagged >= 1
    assert in_2023.schools == in_2024.schools == in_2025.schools == 5
