"""ФИС ОКО logins no school has yet are matched by «Название ОО»: unique, none, several; then remembered."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from assessments.models import ResultUpload, VprResult
from assessments.vpr_import import vpr_import
from assessments.vpr_schools import normalize_school_name
from schools.models import School
from tests.factories import SchoolFactory
from tests.medals.factories import write_xlsx

from .vpr_files import participant, vpr_xlsx


@pytest.mark.parametrize(
    ("file_name", "school_name"),
    [
        ("МКОУ «СОШ № 3»", "СОШ №3"),
        ('МБОУ "СОШ №3"', "МКОУ «СОШ № 3»"),
        ("мкоу сош N 3", "СОШ № 3"),
        ("Средняя общеобразовательная школа № 3", "МКОУ «СОШ №3»"),
        ("МКОУ «Новокаякентская СОШ им. А.С. Пушкина»", "Новокаякентская СОШ имени А.С. Пушкина"),
        ("Муниципальное казённое общеобразовательное учреждение «Гимназия №1»", "МАОУ Гимназия № 1"),
        ("ГБОУ «Лицей-интернат „Ёлочка“»", "Лицей - интернат «Елочка»"),
        ("  МКОУ  “Коркмаскалинская  СОШ”  ", "коркмаскалинская сош"),
    ],
)
def test_names_written_differently_are_the_same_school(file_name, school_name):
    assert normalize_school_name(file_name) == normalize_school_name(school_name)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("СОШ № 3", "СОШ № 13"),
        ("СОШ №3", "ООШ №3"),
        ("Гимназия №1", "Лицей №1"),
        ("СОШ №3 с. Темиргое", "СОШ №3"),
    ],
)
def test_different_schools_stay_different(first, second):
    assert normalize_school_name(first) != normalize_school_name(second)


@pytest.fixture
def fresh(municipality):
    """A fresh installation: schools loaded from a list, none with a ФИС ОКО login yet."""
    return [
        SchoolFactory(
            municipality=municipality,
            code="K03",
            short_name="МКОУ «Коркмаскалинская СОШ №3»",
            fis_oko_login="",
        ),
        SchoolFactory(
            municipality=municipality,
            code="K07",
            short_name="МКОУ «Темиргоевская СОШ им. Абдуллаева»",
            fis_oko_login="",
        ),
    ]


def rows_of(*schools):
    """Rows as ФИС ОКО writes them: its own login and its own way of writing the name."""
    return [
        [login, "Кумторкалинский район", name, *participant(login, code, scores, mark)[3:]]
        for login, name, code, scores, mark in schools
    ]


FILE_ROWS = [
    ("sch180003", 'МБОУ "Коркмаскалинская СОШ № 3"', "30001", [2, 1, 1, 2], 5),
    ("sch180003", 'МБОУ "Коркмаскалинская СОШ № 3"', "30002", [1, 0, "Х", 0], 2),
    ("sch180007", "Темиргоевская средняя общеобразовательная школа им. Абдуллаева", "70001", [2, 1, 0, 1], 4),
]


def test_a_unique_name_matches_the_login_and_saving_stores_it(municipality, fresh):
    dry = vpr_import(
        content=vpr_xlsx(rows_of(*FILE_ROWS)), filename="v.xlsx", municipality=municipality, dry_run=True
    )
    assert dry.ok, [str(e) for e in dry.errors]
    assert [m.as_json() for m in dry.matched] == [
        {
            "login": "sch180003",
            "school": "МКОУ «Коркмаскалинская СОШ №3»",
            "code": "K03",
            "by": "Название ОО",
            "name": 'МБОУ "Коркмаскалинская СОШ № 3"',
        },
        {
            "login": "sch180007",
            "school": "МКОУ «Темиргоевская СОШ им. Абдуллаева»",
            "code": "K07",
            "by": "Название ОО",
            "name": "Темиргоевская средняя общеобразовательная школа им. Абдуллаева",
        },
    ]
    assert not School.objects.exclude(fis_oko_login="").exists()  # a check stores nothing

    report = vpr_import(content=vpr_xlsx(rows_of(*FILE_ROWS)), filename="v.xlsx", municipality=municipality)
    assert report.saved and report.logins_saved == 2
    assert dict(School.objects.values_list("code", "fis_oko_login")) == {
        "K03": "sch180003",
        "K07": "sch180007",
    }
    assert VprResult.objects.filter(school__code="K03").count() == 2


def test_the_next_file_needs_no_matching_even_with_another_name_and_the_edu_prefix(municipality, fresh):
    vpr_import(content=vpr_xlsx(rows_of(*FILE_ROWS)), filename="v.xlsx", municipality=municipality)
    renamed = [("EDU180003", "какое-то другое название", "30001", [0, 0, 0, 0], 2)]
    report = vpr_import(content=vpr_xlsx(rows_of(*renamed)), filename="v.xlsx", municipality=municipality)
    assert report.ok and report.matched == [], [str(e) for e in report.errors]
    assert VprResult.objects.get(school__code="K03", participant_code="30001").mark == 2


def test_a_name_that_fits_no_school_is_an_error_of_each_row_naming_similar_schools(municipality, fresh):
    rows = rows_of(FILE_ROWS[0], ("sch180009", "МКОУ «Коркмаскалинская СОШ №9»", "90001", [1, 1, 1, 1], 4))
    report = vpr_import(content=vpr_xlsx(rows), filename="v.xlsx", municipality=municipality)
    assert not report.ok and not VprResult.objects.exists()
    assert [str(e) for e in report.errors] == [
        "Строка 8, столбец «ОО» (A): логин ОО «sch180009» не записан ни у одной школы, и по названию "
        "«МКОУ «Коркмаскалинская СОШ №9»» нет школы в муниципалитете; "
        "похожие: «МКОУ «Коркмаскалинская СОШ №3»». Впишите логин школе в списке школ "
        "(столбец «Логин ФИС ОКО»)"
    ]
    assert not School.objects.exclude(fis_oko_login="").exists()  # nothing half-saved, not even the match


def test_a_name_that_fits_several_schools_names_them_all(municipality, fresh):
    SchoolFactory(
        municipality=municipality,
        code="K33",
        short_name="Коркмаскалинская средняя общеобразовательная школа № 3",
        fis_oko_login="",
    )
    report = vpr_import(
        content=vpr_xlsx(rows_of(*FILE_ROWS[:2])), filename="v.xlsx", municipality=municipality
    )
    messages = [str(e) for e in report.errors]
    assert len(messages) == 2  # each row of that login
    assert messages[0] == (
        "Строка 7, столбец «ОО» (A): логин ОО «sch180003» не записан ни у одной школы, а по названию "
        '«МБОУ "Коркмаскалинская СОШ № 3"» подходят несколько школ: «Коркмаскалинская средняя '
        "общеобразовательная школа № 3» (код K33), «МКОУ «Коркмаскалинская СОШ №3»» (код K03)"
    )


def test_a_school_of_another_municipality_is_never_matched(municipality, fresh):
    other = SchoolFactory(short_name="МКОУ «Карабудахкентская СОШ №1»", code="Z01", fis_oko_login="")
    rows = rows_of(("sch990001", "МКОУ «Карабудахкентская СОШ №1»", "1", [0, 0, 0, 0], 2))
    report = vpr_import(content=vpr_xlsx(rows), filename="v.xlsx", municipality=municipality)
    assert not report.ok and "нет школы в муниципалитете" in report.errors[0].message
    other.refresh_from_db()
    assert other.fis_oko_login == ""


def test_a_school_with_another_login_is_not_taken_by_name(municipality, fresh):
    School.objects.filter(code="K03").update(fis_oko_login="sch180033")
    report = vpr_import(content=vpr_xlsx(rows_of(FILE_ROWS[0])), filename="v.xlsx", municipality=municipality)
    assert report.errors[0].message.endswith("но у неё записан другой логин «sch180033»")


def test_import_vpr_json_lists_the_matches_and_says_it_saved_them(municipality, fresh, tmp_path):
    path = tmp_path / "ВПР.xlsx"
    path.write_bytes(vpr_xlsx(rows_of(*FILE_ROWS)))
    out = io.StringIO()
    call_command("import_vpr", str(path), "--json", "--dry-run", stdout=out)
    dry = json.loads(out.getvalue())
    assert [(m["login"], m["code"], m["by"]) for m in dry["matched"]] == [
        ("sch180003", "K03", "Название ОО"),
        ("sch180007", "K07", "Название ОО"),
    ]
    assert dry["logins_saved"] == 0
    out = io.StringIO()
    call_command("import_vpr", str(path), stdout=out)
    text = out.getvalue()
    assert "Логины ФИС ОКО, найденные по «Названию ОО» (записаны школам):" in text
    assert "sch180003 → МКОУ «Коркмаскалинская СОШ №3»" in text
    assert School.objects.get(code="K07").fis_oko_login == "sch180007"


def test_a_fresh_installation_imports_a_school_list_then_a_fis_oko_file(municipality, tmp_path):
    schools = write_xlsx(
        tmp_path / "Список ОО.xlsx",
        [
            ["Код", "Краткое наименование", "Полное наименование", "Тип", "Муниципалитет"],
            [
                "K03",
                "МКОУ «Коркмаскалинская СОШ №3»",
                "Муниципальное казённое общеобразовательное учреждение "
                "«Коркмаскалинская средняя общеобразовательная школа №3»",
                "СОШ",
                "Кумторкалинский район",
            ],
            [
                "K07",
                "МКОУ «Темиргоевская СОШ им. Абдуллаева»",
                "МКОУ «Темиргоевская СОШ им. Абдуллаева»",
                "СОШ",
                "Кумторкалинский район",
            ],
        ],
    )
    call_command("import_schools", str(schools), stdout=io.StringIO())
    assert School.objects.count() == 2 and not School.objects.exclude(fis_oko_login="").exists()
    path = tmp_path / "ВПР_РУ_5.xlsx"
    path.write_bytes(vpr_xlsx(rows_of(*FILE_ROWS)))
    call_command("import_vpr", str(path), stdout=io.StringIO())
    assert VprResult.objects.count() == 3
    assert set(School.objects.values_list("fis_oko_login", flat=True)) == {"sch180003", "sch180007"}


def test_the_preview_page_lists_the_matches_and_confirming_stores_them(
    client, coordinator, municipality, fresh
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("ВПР.xlsx", vpr_xlsx(rows_of(*FILE_ROWS)))
    response = client.post(reverse("assessments:vpr_upload"), {"file": upload})
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="vpr-matched"' in page
    assert "sch180007" in page and "Темиргоевская средняя общеобразовательная школа им. Абдуллаева" in page
    assert not School.objects.exclude(fis_oko_login="").exists()
    client.post(reverse("assessments:upload_confirm", args=[ResultUpload.objects.get().pk]))
    assert School.objects.get(code="K03").fis_oko_login == "sch180003"
    assert ResultUpload.objects.get().status == ResultUpload.Status.IMPORTED


def test_a_failed_command_names_the_row(municipality, fresh, tmp_path):
    path = tmp_path / "v.xlsx"
    path.write_bytes(vpr_xlsx(rows_of(("sch1", "Несуществующая школа", "1", [0, 0, 0, 0], 2))))
    out = io.StringIO()
    with pytest.raises(CommandError, match="ошибок 1"):
        call_command("import_vpr", str(path), stdout=out)
    assert "Строка 7, столбец «ОО» (A): логин ОО «sch1» не записан" in out.getvalue()


def test_a_fis_oko_file_with_other_headers_and_no_logins_goes_in(municipality, fresh):
    """Headers as other exports write them: «Логин ОО», «Наименование ОО», «Код», «Сумма баллов», «Оценка»."""
    workbook_rows = [
        ["ВПР 2024 Русский язык 5 класс"],
        ["Максимальный первичный балл: 6"],
        [None, None, None, None, None, None, "Б", "Б", "П", "П"],
        [
            "Логин ОО",
            "МО",
            "Наименование ОО",
            "Код",
            "Наименование класса",
            "Вариант",
            "1 (2б)",
            "2 (1б)",
            "9.1 (1б)",
            "9.2 (2б)",
            "Сумма баллов",
            "Оценка",
            "Отметка в журнале",
        ],
        [
            "sch180003",
            "Кумторкалинский",
            "МКОУ «Коркмаскалинская СОШ № 3»",
            "1",
            "5а",
            1,
            2,
            1,
            1,
            2,
            6,
            5,
            5,
        ],
        [
            "sch180007",
            "Кумторкалинский",
            "Темиргоевская СОШ им. Абдуллаева",
            "2",
            "5б",
            2,
            0,
            0,
            "X",
            0,
            0,
            2,
            "",
        ],
    ]
    content = write_xlsx_bytes(workbook_rows)
    report = vpr_import(content=content, filename="ВПР.xlsx", municipality=municipality)
    assert report.ok and report.saved, [str(e) for e in report.errors]
    assert len(report.matched) == 2 and VprResult.objects.count() == 2


def write_xlsx_bytes(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_vpr_json_without_dry_run_reports_what_it_saved(municipality, fresh, tmp_path):
    path = tmp_path / "ВПР.xlsx"
    path.write_bytes(vpr_xlsx(rows_of(*FILE_ROWS)))
    out = io.StringIO()
    call_command("import_vpr", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["ok"], data["dry_run"], data["saved"], data["rows"], data["logins_saved"]) == (
        True,
        False,
        True,
        3,
        2,
    )
    assert data["schools"] == {"K03": 2, "K07": 1}
    assert [(m["login"], m["code"]) for m in data["matched"]] == [("sch180003", "K03"), ("sch180007", "K07")]
    assert VprResult.objects.count() == 3


def test_one_unknown_login_saves_nothing_and_the_refusal_names_its_rows_and_candidates(
    municipality, fresh, tmp_path
):
    """All or nothing: the unique matches of the other rows are not stored either, and the command says so."""
    unknown = ("sch180009", "МКОУ «Коркмаскалинская СОШ №9»")
    rows = rows_of(*FILE_ROWS, (*unknown, "90001", [1, 1, 1, 1], 4), (*unknown, "90002", [0, 0, 0, 0], 2))
    path = tmp_path / "ВПР.xlsx"
    path.write_bytes(vpr_xlsx(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="ошибок 2"):
        call_command("import_vpr", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["ok"], data["saved"], data["logins_saved"]) == (False, False, 0)
    assert [(e["row"], e["column"]) for e in data["errors"]] == [(10, "ОО"), (11, "ОО")]
    assert all(
        "«sch180009» не записан ни у одной школы" in e["message"]
        and "похожие: «МКОУ «Коркмаскалинская СОШ №3»»" in e["message"]
        for e in data["errors"]
    )
    assert not VprResult.objects.exists() and not School.objects.exclude(fis_oko_login="").exists()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_vpr", str(path), stdout=out)
    text = out.getvalue()
    assert "Строка 10, столбец «ОО» (A): логин ОО «sch180009»" in text
    assert "Логины ФИС ОКО, найденные по «Названию ОО» (не записаны: файл не загружен):" in text
