"""The management commands: import_vpr and objectivity, with their exact JSON shapes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import VprResult

from ..factories import MunicipalityFactory
from .factories import VprResultFactory, VprTestFactory
from .vpr_files import standard_rows, vpr_xlsx


@pytest.fixture
def vpr_file(tmp_path, school_a, school_b):
    school_a.fis_oko_login, school_b.fis_oko_login = "edu100001", "edu100002"
    school_a.save()
    school_b.save()
    path = tmp_path / "ВПР_РУ_5.xlsx"
    path.write_bytes(vpr_xlsx(standard_rows("edu100001", "edu100002")))
    return path


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_vpr_dry_run_json_reports_the_file_and_saves_nothing(vpr_file):
    data = json.loads(_run("import_vpr", str(vpr_file), "--dry-run", "--json"))
    assert data == {
        "ok": True,
        "dry_run": True,
        "saved": False,
        "file": "ВПР_РУ_5.xlsx",
        "title": "ВПР 2024 Русский язык 5 класс",
        "subject": "Русский язык",
        "grade": 5,
        "year": 2024,
        "held_on": "2024-04-16",
        "max_score": 6,
        "tasks": 4,
        "rows": 5,
        "schools": {"A001": 3, "B001": 2},
        "replaced": 0,
        "layout": "ФИС ОКО «Индивидуальные результаты»",
        "absent": 0,
        "scale": None,
        "matched": [],
        "logins_saved": 0,
        "errors": [],
        "warnings": [],
    }
    assert not VprResult.objects.exists()


def test_import_vpr_loads_the_file_and_says_so_in_russian(vpr_file):
    out = _run("import_vpr", str(vpr_file))
    assert "ВПР 2024 Русский язык 5 класс: файл загружен; участников 5, школ 2." in out
    assert VprResult.objects.count() == 5


def test_import_vpr_with_a_bad_row_prints_it_in_json_and_fails(tmp_path, school_a, school_b):
    school_a.fis_oko_login = "edu100001"
    school_a.save()
    path = tmp_path / "bad.xlsx"
    path.write_bytes(vpr_xlsx(standard_rows("edu100001", "edu404")))
    out = io.StringIO()
    with pytest.raises(CommandError, match="ошибок 2"):
        call_command("import_vpr", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ok"] is False and data["saved"] is False
    assert (data["errors"][0]["row"], data["errors"][0]["column"]) == (10, "ОО")
    assert data["errors"][0]["message"].startswith(
        "логин ОО «edu404» не записан ни у одной школы, и по названию «школа» нет школы в муниципалитете"
    )
    assert data["matched"] == []
    assert not VprResult.objects.exists()


def test_import_vpr_refuses_a_missing_file(municipality):
    with pytest.raises(CommandError, match="не найден"):
        call_command("import_vpr", "/nonexistent.xlsx")


def test_commands_ask_for_the_municipality_when_there_are_several(vpr_file):
    MunicipalityFactory(name="Другой район")
    with pytest.raises(CommandError, match="укажите --municipality"):
        call_command("import_vpr", str(vpr_file), "--dry-run")
    assert "файл проверен" in _run(
        "import_vpr", str(vpr_file), "--dry-run", "--municipality", "Кумторкалинский район"
    )


def test_objectivity_json_has_the_agreed_shape_with_three_decimals(municipality, school_a):
    test = VprTestFactory(municipality=municipality)
    for mark, journal in [(5, 4)] * 2 + [(4, 4)] * 3 + [(3, 4)] * 1:
        VprResultFactory(test=test, school=school_a, mark=mark, journal_mark=journal)
    data = json.loads(_run("objectivity", "--year", "2024", "--json"))
    assert data == [
        {
            "school": "A001",
            "subject": "Русский язык",
            "grade": 5,
            "participants": 6,
            "lowered": 0.167,
            "confirmed": 0.5,
            "raised": 0.333,
            "flags": [
                "Повысили отметку: 33,3% участников (2 из 6) получили на ВПР отметку выше журнальной; "
                "порог 15,0%"
            ],
            "official_list": False,
            "school_kind": "СОШ",
            "flagged_years": [2024],
        }
    ]


def test_objectivity_of_a_year_without_results_is_an_empty_list(municipality):
    assert json.loads(_run("objectivity", "--year", "2019", "--json")) == []
    assert "Результатов ВПР за 2019 год нет." in _run("objectivity", "--year", "2019")
