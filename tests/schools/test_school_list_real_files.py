"""School lists written the way departments write them: ФИС ОКО logins, columns left out,
other headers, a column nobody recognises (the column question, remembered), and ``--column``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from common.imports import remembered_columns
from schools.logins import login_key, same_login
from schools.models import School
from schools.school_import import schools_import
from tests.medals.factories import write_csv, write_xlsx

HEADER = ["Код", "Краткое наименование", "Полное наименование", "Тип", "Муниципалитет", "Логин ФИС ОКО"]


def row(code="K010", short="МКОУ «Демо СОШ»", login="sch150001", municipality="Кумторкалинский район"):
    return [
        code,
        short,
        f"Муниципальное казённое общеобразовательное учреждение {short}",
        "СОШ",
        municipality,
        login,
    ]


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("sch150001", "edu150001", True),
        ("SCH150001", " edu150001 ", True),
        ("sch_150001", "edu150001", True),
        ("sch150001", "sch150002", False),
        ("sch150001", "edu1500010", False),
        ("", "", False),
        ("school-login", "SCHOOL-LOGIN", True),
    ],
)
def test_sch_and_edu_with_the_same_number_are_one_login(first, second, same):
    assert same_login(first, second) is same


def test_the_login_key():
    assert login_key("edu150001") == login_key("sch150001") == "150001"


@pytest.mark.parametrize("title", ["Логин ФИС ОКО", "Логин ОО", "Логин", "логин\nФИС  ОКО"])
def test_the_login_column_is_stored_on_the_school(municipality, tmp_path, title):
    path = write_xlsx(tmp_path / "s.xlsx", [[*HEADER[:-1], title], row()])
    result = schools_import(path=path, name=path.name)
    assert result.errors == []
    assert School.objects.get(code="K010").fis_oko_login == "sch150001"


def test_a_login_of_another_school_is_refused_even_written_with_edu(school_a, municipality, tmp_path):
    school_a.fis_oko_login = "sch150001"
    school_a.save()
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, row(login="edu150001")])
    result = schools_import(path=path, name=path.name)
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "Логин ФИС ОКО")]
    assert "уже записан у школы «" in result.errors[0]["message"]
    assert not School.objects.filter(code="K010").exists()


def test_the_same_login_twice_in_the_file_is_an_error(municipality, tmp_path):
    path = write_xlsx(
        tmp_path / "s.xlsx", [HEADER, row(), row(code="K011", short="МКОУ «Другая СОШ»", login="edu150001")]
    )
    result = schools_import(path=path, name=path.name)
    assert result.errors[0]["message"] == "Логин «edu150001» уже встречался в строке 2."


def test_an_empty_login_keeps_the_stored_one(school_a, tmp_path):
    school_a.fis_oko_login = "sch150001"
    school_a.save()
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, row(code=school_a.code, login="")])
    assert schools_import(path=path, name=path.name).errors == []
    school_a.refresh_from_db()
    assert school_a.fis_oko_login == "sch150001"


def test_a_list_with_only_codes_names_and_logins_for_one_municipality(municipality, tmp_path):
    rows = [
        ["№ п/п", "Код ОО", "Наименование ОО", "Школа", "Логин"],
        [1, "K1", "МКОУ «Лицей №1»", "Лицей №1", "sch1"],
        [2, "K2", "МКОУ «Гимназия им. Пушкина»", "Гимназия им. Пушкина", "sch2"],
        [3, "K3", "МКОУ «Карабудахкентская СОШ №2»", "Карабудахкентская СОШ №2", ""],
    ]
    path = write_csv(tmp_path / "s.csv", rows, encoding="cp1251")
    result = schools_import(path=path, name=path.name, municipalities={"x": municipality})
    assert result.errors == []
    assert dict(School.objects.values_list("code", "kind")) == {
        "K1": School.Kind.LYCEUM,
        "K2": School.Kind.GYMNASIUM,
        "K3": School.Kind.SOSH,
    }
    assert School.objects.get(code="K1").full_name == "МКОУ «Лицей №1»"
    assert set(School.objects.values_list("municipality", flat=True)) == {municipality.pk}


def test_without_a_municipality_column_several_municipalities_are_an_error(municipality, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [["Код", "Краткое наименование"], ["K1", "Лицей №1"]])
    from tests.factories import MunicipalityFactory

    MunicipalityFactory(name="Другой район")
    result = schools_import(path=path, name=path.name)
    assert "нет столбца «Муниципалитет»" in result.errors[0]["message"]


UNKNOWN_CODE = [["Идентификатор", "Краткое наименование"], ["K1", "Лицей №1"]]


def test_the_column_is_named_on_the_command_line(municipality, tmp_path, capsys):
    path = write_xlsx(tmp_path / "s.xlsx", UNKNOWN_CODE)
    with pytest.raises(CommandError):
        call_command("import_schools", str(path))
    assert "В файле нет обязательных столбцов: «Код»" in capsys.readouterr().err
    call_command("import_schools", str(path), "--column", "Код=Идентификатор")
    assert School.objects.get(code="K1").short_name == "Лицей №1"


def test_the_column_question_in_the_browser_is_remembered(client, department_head, tmp_path):
    client.force_login(department_head)
    path = write_xlsx(tmp_path / "s.xlsx", UNKNOWN_CODE)
    url = reverse("schools:school_import")
    page = client.post(url, {"file": SimpleUploadedFile("s.xlsx", path.read_bytes())}).content.decode()
    assert "Это столбец «Код»?" in page and "Лицей №1" in page
    token = client.session["school_import_pending"]["token"]
    response = client.post(url, {"pending": token, "column-school_code": "Идентификатор"})
    assert response["Location"] == url + "?preview=1"
    assert "Лицей №1" in client.get(response["Location"]).content.decode()
    client.post(url, {"confirm": token})
    assert School.objects.get(code="K1").short_name == "Лицей №1"
    scope = f"municipality:{department_head.municipality_id}"
    assert remembered_columns(scope=scope, kind="schools") == {"school_code": "Идентификатор"}
    assert "school_import_pending" not in client.session
    # the next list from the same system goes straight in
    again = [["Идентификатор", "Краткое наименование"], ["K2", "Гимназия №2"]]
    path2 = write_xlsx(tmp_path / "s2.xlsx", again)
    response = client.post(url, {"file": SimpleUploadedFile("s2.xlsx", path2.read_bytes())})
    assert response["Location"] == url + "?preview=1"
    client.post(url, {"confirm": client.session["school_import_pending"]["token"]})
    assert School.objects.filter(code="K2").exists()


def test_a_stale_or_foreign_pending_token_is_refused(client, department_head):
    client.force_login(department_head)
    response = client.post(reverse("schools:school_import"), {"pending": "../../etc/passwd"}, follow=True)
    assert "Файл для проверки не найден" in response.content.decode()
    assert not School.objects.exists()


def test_control_characters_in_cells_are_not_saved(municipality, tmp_path):
    xlsx = write_xlsx(tmp_path / "s.xlsx", [HEADER, row(short="МКОУ «Демо_x0000_ СОШ»")])
    assert schools_import(path=xlsx, name=xlsx.name).errors == []
    assert School.objects.get(code="K010").short_name == "МКОУ «Демо СОШ»"
    csv_path = tmp_path / "s.csv"
    csv_path.write_bytes(
        ";".join(HEADER).encode() + "\nK011;Лицей\x00 №1;Лицей №1;лицей;Кумторкалинский район;\n".encode()
    )
    assert schools_import(path=csv_path, name=csv_path.name).errors == []
    assert School.objects.get(code="K011").short_name == "Лицей №1"


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("МБОУ СОШ", School.Kind.SOSH),
        ("СОШ с УИОП", School.Kind.SOSH),
        ("Средняя общеобразовательная школа", School.Kind.SOSH),
        ("ООШ", School.Kind.OOSH),
        ("НОШ", School.Kind.OTHER),
        ("Школа-интернат", School.Kind.OTHER),
        ("Гимназия", School.Kind.GYMNASIUM),
        ("", School.Kind.SOSH),  # empty: read from the name «МКОУ «Демо СОШ»»
    ],
)
def test_types_as_departments_write_them(municipality, tmp_path, written, kind):
    line = row()
    line[3] = written
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, line])
    assert schools_import(path=path, name=path.name).errors == []
    assert School.objects.get(code="K010").kind == kind


def test_one_name_column_is_both_names(municipality, tmp_path):
    rows = [["Код ОО", "Наименование ОО", "Логин ФИС ОКО"], ["K1", "МКОУ «Лицей №1»", "sch1"]]
    path = write_xlsx(tmp_path / "s.xlsx", rows)
    assert schools_import(path=path, name=path.name).errors == []
    school = School.objects.get(code="K1")
    assert (school.short_name, school.full_name, school.kind) == (
        "МКОУ «Лицей №1»",
        "МКОУ «Лицей №1»",
        "lyceum",
    )
