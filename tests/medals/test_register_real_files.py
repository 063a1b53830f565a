"""Registers written the way school secretaries write them: without «Учебный год», with
«Предыдущая ОО», three name columns, other headers, order and spacing, cp1251 CSV, an old .xls, a column
nobody recognises (the column question and the remembered choice) and ``--column``."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from common.imports import remembered_columns
from medals.importers.register import current_graduation_year, register_check
from medals.models import Candidate, Upload
from schools.models import Pupil

from .factories import write_csv, write_xlsx

DATA = Path(__file__).resolve().parent.parent / "data" / "tables"
ISSUE_HEADER = ["ФИО", "Класс", "Дата рождения", "Медаль", "Предыдущая ОО", "Дата перевода"]


def transfer_date() -> str:
    """A day in this year's 11th grade (it started on 1 September a year before graduation)."""
    return f"15.01.{current_graduation_year()}" if datetime.date.today().month < 9 else "15.09.2000"


def issue_register(school_b) -> list[list[str]]:
    year = current_graduation_year()
    return [
        ISSUE_HEADER,
        ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I", "", ""],
        ["Магомедов Рашид Ильясович", "11А", "01.02.2006", "II", school_b.short_name, f"02.09.{year - 1}"],
        ["Алиева Патимат", "10А", "11.11.2007", "золотая", "", ""],
    ]


def test_the_issue_register_without_a_year_imports_for_the_current_graduating_year(
    school_a, school_b, tmp_path
):
    path = write_xlsx(tmp_path / "r.xlsx", issue_register(school_b))
    result = register_check(school=school_a, path=path, name=path.name)
    assert (result.errors, result.created, result.graduation_year) == ([], 3, current_graduation_year())
    call_command("import_candidates", str(path), "--school", school_a.code)
    year = current_graduation_year()
    assert dict(Candidate.objects.values_list("pupil__last_name", "graduation_year")) == {
        "Гаджиева": year,
        "Магомедов": year,
        "Алиева": year + 1,
    }
    transferred = Candidate.objects.get(pupil__last_name="Магомедов")
    assert (transferred.previous_school, transferred.transfer_date) == (
        school_b,
        datetime.date(year - 1, 9, 2),
    )


def test_the_year_can_be_given_for_a_register_without_one(school_a, school_b, tmp_path, capsys):
    rows = [ISSUE_HEADER, ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I", "", ""]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    call_command("import_candidates", str(path), "--school", school_a.code, "--year", "2025", "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert Candidate.objects.get().graduation_year == 2025
    with pytest.raises(CommandError, match="год выпуска от 2000 до 2100"):
        call_command("import_candidates", str(path), "--school", school_a.code, "--year", "25")


def test_a_register_with_a_year_column_keeps_using_it(school_a, tmp_path):
    rows = [
        [*ISSUE_HEADER, "Учебный год"],
        ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I", "", "", "2023-2024"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    result = register_check(school=school_a, path=path, name=path.name, graduation_year=2030)
    assert (result.errors, result.graduation_year) == ([], None)


def test_an_old_xls_register_imports(school_a):
    path = DATA / "register.xls"
    result = register_check(school=school_a, path=path, name=path.name)
    assert (result.errors, result.created) == ([], 1)


def test_a_cp1251_csv_with_semicolons_other_headers_order_spacing_and_quotes(school_a, tmp_path):
    rows = [
        ["Реестр претендентов на награждение медалью «За особые успехи в учении»"],
        ["Дата рождения (ДД.ММ.ГГГГ)", " Ф.И.О. ", "Степень\nмедали", "КЛАСС", "Учёбный год"],
        ["05.04.2006", "«Гаджиева Амина Руслановна»".strip("«»"), "I степени", "11 «Б»", "2023/24"],
    ]
    path = write_csv(tmp_path / "r.csv", rows, encoding="cp1251", delimiter=";")
    result = register_check(school=school_a, path=path, name=path.name)
    assert (result.errors, result.created) == ([], 1)


def test_three_name_columns(school_a, tmp_path):
    rows = [
        ["№ п/п", "Фамилия", "Имя", "Отчество", "Класс", "Дата рождения", "Медаль"],
        [1, "Гаджиева", "Амина", "Руслановна", "11Б", "05.04.2006", "I"],
        [2, "Иванов", "Иван", "", "11Б", "06.05.2006", "II"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    call_command("import_candidates", str(path), "--school", school_a.code)
    assert sorted(Pupil.objects.values_list("last_name", "first_name", "middle_name")) == [
        ("Гаджиева", "Амина", "Руслановна"),
        ("Иванов", "Иван", ""),
    ]


def test_a_control_character_in_a_cell_is_not_saved(school_a, tmp_path):
    rows = [ISSUE_HEADER, ["Гаджиева_x0000_ Амина Руслановна", "11Б", "05.04.2006", "I", "", ""]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    call_command("import_candidates", str(path), "--school", school_a.code)
    assert Pupil.objects.get().full_name == "Гаджиева Амина Руслановна"


UNKNOWN_MEDAL = [
    ["ФИО", "Класс", "Дата рождения", "Награда"],
    ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I"],
]


def test_a_column_nobody_recognises_is_named_on_the_command_line(school_a, tmp_path, capsys):
    path = write_xlsx(tmp_path / "r.xlsx", UNKNOWN_MEDAL)
    with pytest.raises(CommandError):
        call_command("import_candidates", str(path), "--school", school_a.code)
    assert "В файле нет обязательных столбцов: «Степень медали»" in capsys.readouterr().err
    call_command(
        "import_candidates", str(path), "--school", school_a.code, "--column", "Степень медали=Награда"
    )
    assert Candidate.objects.get().degree == 1
    with pytest.raises(CommandError, match="такого столбца нет"):
        call_command("import_candidates", str(path), "--school", school_a.code, "--column", "Погода=Награда")


def _upload(client, school, path):
    with path.open("rb") as handle:
        return client.post(
            reverse("medals:upload", args=["candidates"]), {"school": school.pk, "file": handle}
        )


def test_the_column_question_is_answered_once_and_remembered_for_the_school(
    client, head_a, school_a, tmp_path
):
    client.force_login(head_a)
    path = write_xlsx(tmp_path / "r.xlsx", UNKNOWN_MEDAL)
    _upload(client, school_a, path)
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.REJECTED
    page = client.get(reverse("medals:upload_detail", args=[upload.pk])).content.decode()
    assert "Это столбец «Степень медали»?" in page
    assert "Гаджиева Амина Руслановна" in page  # the file's first rows are shown
    response = client.post(reverse("medals:upload_columns", args=[upload.pk]), {"column-medal": "Награда"})
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == Upload.Status.PREVIEW
    assert remembered_columns(scope=f"school:{school_a.pk}", kind="candidates") == {"medal": "Награда"}
    client.post(reverse("medals:upload_save", args=[upload.pk]))
    assert Candidate.objects.get().degree == 1
    # next month's register from the same system goes straight to the preview
    _upload(client, school_a, write_xlsx(tmp_path / "r2.xlsx", UNKNOWN_MEDAL))
    assert Upload.objects.order_by("-pk").first().status == Upload.Status.PREVIEW


def test_the_column_question_of_another_school_is_not_answered(client, head_b, school_a, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", UNKNOWN_MEDAL)
    client.force_login(head_b)
    upload = Upload.objects.create(school=school_a, kind=Upload.Kind.CANDIDATES, original_name="r.xlsx")
    response = client.post(reverse("medals:upload_columns", args=[upload.pk]), {"column-medal": "Награда"})
    assert response.status_code == 404
    assert remembered_columns(scope=f"school:{school_a.pk}", kind="candidates") == {}
    assert path.exists()


def test_an_empty_answer_changes_nothing(client, head_a, school_a, tmp_path):
    client.force_login(head_a)
    _upload(client, school_a, write_xlsx(tmp_path / "r.xlsx", UNKNOWN_MEDAL))
    upload = Upload.objects.get()
    client.post(reverse("medals:upload_columns", args=[upload.pk]), {"column-medal": ""})
    upload.refresh_from_db()
    assert upload.status == Upload.Status.REJECTED


def test_the_form_takes_the_graduation_year(client, head_a, school_a, tmp_path):
    client.force_login(head_a)
    path = write_xlsx(
        tmp_path / "r.xlsx", [ISSUE_HEADER, ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I", "", ""]]
    )
    with path.open("rb") as handle:
        client.post(
            reverse("medals:upload", args=["candidates"]),
            {"school": school_a.pk, "file": handle, "graduation_year": 2025},
        )
    upload = Upload.objects.get()
    assert (upload.status, upload.report["graduation_year"]) == (Upload.Status.PREVIEW, 2025)
    client.post(reverse("medals:upload_save", args=[upload.pk]))
    assert Candidate.objects.get().graduation_year == 2025


@pytest.mark.parametrize(
    ("written", "degree"),
    [
        ("I", 1),
        ("II", 2),
        ("2", 2),
        ("I степени", 1),
        ("II степени", 2),
        ("Медаль «За особые успехи в учении» I степени", 1),
        ("медаль «за особые успехи в учении» II степени", 2),
        ("золотая", 1),
        ("Серебряная медаль", 2),
        ("серебро", 2),
        ("золото", 1),
    ],
)
def test_the_medal_as_schools_write_it(written, degree):
    from medals.importers.values import parse_degree

    assert parse_degree(written) == degree


def test_a_birth_date_written_with_g():
    from medals.importers.values import parse_date

    assert parse_date("05.04.2006 г.") == parse_date("05.04.2006 года") == datetime.date(2006, 4, 5)


def test_a_transfer_outside_the_assumed_year_says_how_to_give_the_year(school_a, school_b, tmp_path):
    rows = [
        ISSUE_HEADER,
        ["Магомедов Рашид Ильясович", "11А", "01.02.2006", "II", school_b.code, "02.09.2015"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    result = register_check(school=school_a, path=path, name=path.name)
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "Дата перевода")]
    assert "укажите год выпуска при загрузке" in result.errors[0]["message"]
