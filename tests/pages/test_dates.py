"""Dates that do not exist are named as such; examples use the current school year."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schools.dates import date_problem, example_date, example_school_year, is_impossible_date


@pytest.mark.parametrize("text", ["31.02.2026", "29.02.2025", "31/04/2026", "00.05.2025", "15.13.2025",
                                  "2026-02-31", "31.02.26", "31.02.2026 г."])
def test_a_day_that_does_not_exist(text):
    assert is_impossible_date(text)
    assert date_problem(text) == "такой даты нет"


@pytest.mark.parametrize("text", ["весной", "15 марта", "2024", "", "29.02.2024", "15.03.2026"])
def test_other_text_is_not_called_impossible(text):
    assert not is_impossible_date(text)


@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC))
def test_examples_are_in_the_school_year_under_way():
    assert example_date(3, 15) == "15.03.2027"
    assert example_date(9, 1) == "01.09.2026"
    assert example_school_year() == "2026-2027"
    assert date_problem("весной") == "ожидается дата вида 15.03.2027"


@time_machine.travel(datetime.datetime(2027, 5, 20, 9, 0, tzinfo=datetime.UTC))
def test_in_spring_the_school_year_began_the_autumn_before():
    assert example_date(9, 1) == "01.09.2026" and example_school_year() == "2026-2027"


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC))
def test_help_texts_give_examples_of_the_current_school_year(client, department_head):
    client.force_login(department_head)
    scales = client.get("/assessments/scales/").content.decode()
    assert "пробный экзамен 2026-2027 учебного года переводится по шкале 2027 года" in scales
    assert "2023-2024" not in scales
    upload = client.get("/assessments/results/vpr/upload/").content.decode()
    assert "«ВПР 2027 Русский язык 5 класс»" in upload


@pytest.mark.django_db
def test_a_vpr_file_dated_on_a_day_that_does_not_exist(municipality, school_a):
    from assessments.vpr_import import vpr_import
    from tests.assessments.vpr_files import meta_lines, standard_rows, vpr_xlsx

    school_a.fis_oko_login = "edu100001"
    school_a.save()
    content = vpr_xlsx(standard_rows("edu100001", "edu100001")[:1], meta=meta_lines(held_on="31.02.2024"))
    report = vpr_import(content=content, filename="vpr.xlsx", municipality=municipality, dry_run=True)
    assert any("дата проведения «31.02.2024»: такой даты нет" in str(issue) for issue in report.errors), [
        str(issue) for issue in report.errors
    ]
