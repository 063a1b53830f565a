"""The department's list of schools from a spreadsheet: command and browser upload."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from portal.school_import import school_list_import
from roadmaps.models import Progress
from schools.models import School
from schools.school_import import schools_import
from tests.factories import MunicipalityFactory

from .factories import write_csv, write_xlsx

HEADER = ["Код", "Краткое наименование", "Полное наименование", "Тип", "Муниципалитет"]


def school_row(code="K010", kind="СОШ", municipality="Кумторкалинский район", short="МКОУ «Демо СОШ»"):
    return [code, short, f"Муниципальное казённое общеобразовательное учреждение {short}", kind, municipality]


def test_a_new_school_is_created_with_progress_rows_on_current_roadmaps(measure, municipality, tmp_path):
    path = write_xlsx(
        tmp_path / "s.xlsx",
        [HEADER, school_row(), school_row(code="K011", kind="гимназия", short="МКОУ «Гимназия»")],
    )
    result = school_list_import(path=path, name=path.name)
    assert (result.created, result.updated, result.errors) == (2, 0, [])
    school = School.objects.get(code="K010")
    assert (school.municipality, school.kind) == (municipality, School.Kind.SOSH)
    assert School.objects.get(code="K011").kind == School.Kind.GYMNASIUM
    assert Progress.objects.filter(measure=measure, school=school).exists()


def test_a_known_code_updates_the_school(school_a, tmp_path):
    path = write_csv(
        tmp_path / "s.csv",
        [HEADER, school_row(code="A001", kind="лицей", short="МКОУ «Лицей А»")],
        encoding="cp1251",
    )
    result = schools_import(path=path, name=path.name)
    assert (result.created, result.updated) == (0, 1)
    school_a.refresh_from_db()
    assert (school_a.short_name, school_a.kind) == ("МКОУ «Лицей А»", School.Kind.LYCEUM)


def test_an_unknown_municipality_is_an_error_naming_the_row(municipality, tmp_path):
    path = write_xlsx(
        tmp_path / "s.xlsx", [HEADER, school_row(), school_row(code="K2", municipality="Атлантида")]
    )
    result = schools_import(path=path, name=path.name)
    assert result.errors == [
        {
            "row": 3,
            "column": "Муниципалитет",
            "message": "Муниципалитет «Атлантида» не найден в справочнике (или не ваш): проверьте написание.",
        }
    ]
    assert not School.objects.filter(code="K010").exists()


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (school_row(kind="колледж"), "Тип"),
        (school_row(code=""), "Код"),
        (school_row(short=""), "Краткое наименование"),
    ],
)
def test_bad_rows_save_nothing(municipality, tmp_path, row, column):
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, row])
    result = schools_import(path=path, name=path.name)
    assert [e["column"] for e in result.errors][:1] == [column]
    assert result.created == 0
    assert not School.objects.exists()


def test_a_code_twice_in_the_file_is_an_error(municipality, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, school_row(), school_row()])
    assert (
        schools_import(path=path, name=path.name).errors[0]["message"]
        == "Код «K010» уже встречался в строке 2."
    )


def test_import_schools_prints_json_and_fails_on_errors(municipality, tmp_path, capsys):
    good = write_xlsx(tmp_path / "s.xlsx", [HEADER, school_row()])
    call_command("import_schools", str(good), "--json")
    assert json.loads(capsys.readouterr().out) == {"rows": 1, "created": 1, "updated": 0, "errors": []}
    bad = write_xlsx(tmp_path / "b.xlsx", [HEADER, school_row(code="K3", municipality="Нигде")])
    with pytest.raises(CommandError):
        call_command("import_schools", str(bad))
    assert "строка 2, столбец «Муниципалитет»" in capsys.readouterr().err


def test_the_dry_run_saves_nothing(municipality, tmp_path, capsys):
    call_command("import_schools", str(write_xlsx(tmp_path / "s.xlsx", [HEADER, school_row()])), "--dry-run")
    assert "будет добавлено: 1" in capsys.readouterr().out
    assert not School.objects.exists()


def xlsx_upload(tmp_path, rows):
    path = write_xlsx(tmp_path / "s.xlsx", rows)
    return SimpleUploadedFile("s.xlsx", path.read_bytes())


def test_the_department_head_loads_schools_in_the_browser(client, department_head, tmp_path):
    client.force_login(department_head)
    response = client.post(
        reverse("schools:school_import"), {"file": xlsx_upload(tmp_path, [HEADER, school_row()])}
    )
    assert response["Location"] == reverse("schools:school_import") + "?preview=1"
    assert not School.objects.exists()  # checked and shown first
    preview = client.get(response["Location"]).content.decode()
    assert "Будет добавлено школ: <strong>1</strong>" in preview and "МКОУ «Демо СОШ»" in preview
    token = client.session["school_import_pending"]["token"]
    response = client.post(reverse("schools:school_import"), {"confirm": token})
    assert response["Location"] == reverse("schools:school_list")
    assert School.objects.filter(code="K010").exists()
    # a second click saves nothing more and says why
    again = client.post(reverse("schools:school_import"), {"confirm": token}, follow=True)
    assert "Файл для проверки не найден" in again.content.decode()


def test_the_browser_upload_shows_errors_and_keeps_schools_of_other_municipalities_out(
    client, department_head, tmp_path
):
    MunicipalityFactory(name="Соседний район")
    client.force_login(department_head)
    response = client.post(
        reverse("schools:school_import"),
        {"file": xlsx_upload(tmp_path, [HEADER, school_row(municipality="Соседний район")])},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Муниципалитет «Соседний район» не найден" in content
    assert not School.objects.exists()


@pytest.mark.parametrize("user", ["methodist_a", "head_a", "coordinator"])
def test_only_the_department_head_loads_schools(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("schools:school_import")).status_code == 403


def test_the_template_names_the_columns(client, department_head):
    client.force_login(department_head)
    response = client.get(reverse("schools:school_import"), {"template": "1"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADER, "Логин ФИС ОКО"]
    assert rows[1][4] == "Кумторкалинский район"
