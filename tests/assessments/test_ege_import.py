"""ЕГЭ results per pupil: matched by ФИО within the school or by a stored participant code."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from assessments.ege_import import COLUMNS, ege_import, ege_template_xlsx
from assessments.models import EgeResult

from .factories import PupilFactory


def ege_xlsx(rows: list[list[object]], header=COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(
    code="A001",
    last="Образцова",
    first="Анна",
    middle="",
    birth=None,
    pupil_code="",
    subject="Русский язык",
    when=datetime.date(2024, 5, 30),
    primary=38,
    score=72,
):
    return [code, last, first, middle, birth, pupil_code, subject, when, primary, score]


@pytest.fixture
def anna(school_a):
    return PupilFactory(school=school_a, last_name="Образцова", first_name="Анна", middle_name="Петровна")


def _import(municipality, rows, **kwargs):
    return ege_import(content=ege_xlsx(rows), filename="ege.xlsx", municipality=municipality, **kwargs)


def test_results_are_matched_by_name_within_the_school_and_the_code_is_kept(municipality, anna):
    report = _import(municipality, [row(pupil_code="2024-000123"), row(subject="Математика", score=68)])
    assert report.ok and report.created == 2, [str(e) for e in report.errors]
    russian = EgeResult.objects.get(subject__name="Русский язык")
    assert (russian.pupil, russian.score_100, russian.primary_score, russian.year) == (anna, 72, 38, 2024)
    assert russian.participant_code == "2024-000123"


def test_a_later_file_may_carry_the_stored_code_alone(municipality, anna):
    _import(municipality, [row(pupil_code="2024-000123")])
    report = _import(
        municipality, [row(last="", first="", pupil_code="2024-000123", subject="Химия", score=81)]
    )
    assert report.ok, [str(e) for e in report.errors]
    assert EgeResult.objects.get(subject__name="Химия").pupil == anna


def test_a_reupload_replaces_the_result_of_the_same_subject_and_year(municipality, anna):
    _import(municipality, [row(score=72)])
    report = _import(municipality, [row(score=75)])
    assert (report.created, report.updated) == (0, 1)
    assert EgeResult.objects.get().score_100 == 75


def test_an_unknown_pupil_and_namesakes_are_errors_naming_the_row(municipality, anna, school_a):
    PupilFactory(
        school=school_a, last_name="Двойникова", first_name="Ева", birth_date=datetime.date(2006, 1, 1)
    )
    PupilFactory(
        school=school_a, last_name="Двойникова", first_name="Ева", birth_date=datetime.date(2006, 2, 2)
    )
    report = _import(
        municipality, [row(last="Неизвестная", first="Ольга"), row(last="Двойникова", first="Ева")]
    )
    assert [str(e) for e in report.errors] == [
        "Строка 2, столбец «Фамилия» (B): в школе МКОУ «Школа А» нет ученика Неизвестная Ольга",
        "Строка 3, столбец «Фамилия» (B): в школе МКОУ «Школа А» несколько учеников Двойникова Ева: "
        "укажите дату рождения или код участника",
    ]
    assert not EgeResult.objects.exists()


def test_namesakes_are_told_apart_by_the_birth_date(municipality, school_a):
    twin = PupilFactory(
        school=school_a, last_name="Двойникова", first_name="Ева", birth_date=datetime.date(2006, 2, 2)
    )
    PupilFactory(
        school=school_a, last_name="Двойникова", first_name="Ева", birth_date=datetime.date(2006, 1, 1)
    )
    report = _import(municipality, [row(last="Двойникова", first="Ева", birth=datetime.date(2006, 2, 2))])
    assert report.ok and EgeResult.objects.get().pupil == twin


def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_saved(municipality, anna):
    rows = [row(), row(code="Z999"), row(subject="Астрология"), row(score=101), row(when="весной"),
            row(when="31.02.2024")]
    report = _import(municipality, rows)
    assert [str(e) for e in report.errors] == [
        "Строка 3, столбец «Код ОО» (A): нет школы с кодом «Z999»",
        "Строка 4, столбец «Предмет» (G): предмет «Астрология» не найден в справочнике",
        "Строка 5, столбец «Тестовый балл» (J): «101» — ожидается целое от 0 до 100",
        "Строка 6, столбец «Дата экзамена» (H): «весной» — ожидается дата ДД.ММ.ГГГГ",
        "Строка 7, столбец «Дата экзамена» (H): «31.02.2024» — такой даты нет",
    ]
    assert not EgeResult.objects.exists()


def test_the_same_pupil_and_subject_twice_in_a_file_is_an_error(municipality, anna):
    report = _import(municipality, [row(), row(score=90)])
    assert [str(e) for e in report.errors] == [
        "Строка 3, столбец «Предмет» (G): у ученика Образцова Анна Петровна уже есть результат по предмету "
        "«Русский язык» в строке 2"
    ]


def test_a_file_without_the_score_column_is_refused(municipality):
    content = ege_xlsx([["A001", "x"]], header=("Код ОО", "Фамилия"))
    report = ege_import(content=content, filename="ege.xlsx", municipality=municipality)
    assert [str(e) for e in report.errors] == [
        "Не найдена строка заголовка со столбцом «Тестовый балл»: скачайте шаблон."
    ]


def test_a_code_of_a_pupil_of_another_school_is_refused(municipality, anna, school_b):
    _import(municipality, [row(pupil_code="C-1")])
    report = _import(municipality, [row(code="B001", last="", first="", pupil_code="C-1")])
    assert "учится в другой школе (МКОУ «Школа А»)" in str(report.errors[0])


def test_the_template_has_the_expected_header_and_is_importable_in_shape(municipality):
    sheet = load_workbook(io.BytesIO(ege_template_xlsx())).active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    report = ege_import(
        content=ege_template_xlsx(), filename="t.xlsx", municipality=municipality, dry_run=True
    )
    assert [str(e) for e in report.errors] == ["Строка 2, столбец «Код ОО» (A): нет школы с кодом «S0001»"]
