"""ВПР files in the ФИС ОКО layout whose columns the export heads its own way: the preview
shows the file's first rows and asks which column is which, the answer is remembered for the department,
and ``import_vpr --column`` gives the same answers on the command line."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from assessments.models import ResultUpload, VprResult
from assessments.vpr_import import vpr_import
from common.imports import remembered_columns

from .vpr_files import header, meta_lines, standard_rows

# «Логин школы» is not a spelling of «ОО», «Итог (5-балльная)» not one of «Отметка».
RENAMED = {"ОО": "Логин школы", "Отметка": "Итог (5-балльная)"}


def renamed_xlsx(rows: list[list[object]], renamed: dict[str, str] = RENAMED) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for line in meta_lines():
        sheet.append(line)
    levels, names = header()
    sheet.append(levels)
    sheet.append([renamed.get(name, name) for name in names])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scope(municipality) -> str:
    return f"municipality:{municipality.pk}"


def test_unknown_headers_ask_which_column_is_which_and_save_nothing(municipality, logins):
    content = renamed_xlsx(standard_rows(*logins))
    report = vpr_import(content=content, filename="vpr.xlsx", municipality=municipality)
    assert not report.ok and not VprResult.objects.exists()
    assert {str(issue) for issue in report.errors} >= {
        "в строке заголовка 6 нет столбца «ОО»",
        "в строке заголовка 6 нет столбца «Отметка»",
    }
    question = report.summary()["column_question"]
    assert question["header_row"] == 6
    assert [item["title"] for item in question["questions"]] == ["ОО", "Отметка"]
    assert [item["name"] for item in question["questions"]] == ["column-vpr_login", "column-vpr_mark"]
    assert "Итог (5-балльная)" in [option["value"] for option in question["questions"][1]["options"]]
    assert question["sample"][0][:4] == ["edu100001", "Кумторкалинский район", "школа", "10001"]
    assert len(question["sample"]) == 5


def test_a_file_with_every_column_found_asks_nothing(municipality, logins):
    content = renamed_xlsx(standard_rows(*logins), renamed={})
    report = vpr_import(content=content, filename="vpr.xlsx", municipality=municipality, dry_run=True)
    assert report.ok and report.missing is None and "column_question" not in report.summary()


def test_chosen_columns_import_the_file(municipality, logins, school_a):
    content = renamed_xlsx(standard_rows(*logins))
    chosen = {"vpr_login": "Логин школы", "vpr_mark": "итог (5-БАЛЛЬНАЯ)"}  # as typed: case is no matter
    report = vpr_import(content=content, filename="vpr.xlsx", municipality=municipality, chosen=chosen)
    assert report.ok and report.saved, [str(e) for e in report.errors]
    assert VprResult.objects.get(school=school_a, participant_code="10001").mark == 5
    assert VprResult.objects.count() == 5


def test_the_column_question_of_a_vpr_upload_is_answered_and_remembered(
    client, coordinator, municipality, logins
):
    client.force_login(coordinator)
    content = renamed_xlsx(standard_rows(*logins))
    client.post(reverse("assessments:vpr_upload"), {"file": SimpleUploadedFile("vpr.xlsx", content)})
    upload = ResultUpload.objects.get()
    assert upload.status == ResultUpload.Status.FAILED
    page = client.get(reverse("assessments:upload_detail", args=[upload.pk])).content.decode()
    assert "Это столбец «ОО»?" in page and "Это столбец «Отметка»?" in page
    assert "Кумторкалинский район" in page  # the file's first rows are shown
    response = client.post(
        reverse("assessments:upload_columns", args=[upload.pk]),
        {"column-vpr_login": "Логин школы", "column-vpr_mark": "Итог (5-балльная)"},
    )
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == ResultUpload.Status.PREVIEW, upload.errors
    assert remembered_columns(scope=scope(municipality), kind="vpr") == {
        "vpr_login": "Логин школы",
        "vpr_mark": "Итог (5-балльная)",
    }
    assert not VprResult.objects.exists()  # the preview saves nothing
    client.post(reverse("assessments:upload_confirm", args=[upload.pk]))
    assert VprResult.objects.count() == 5
    # next month's export of the same system goes straight to the preview
    client.post(reverse("assessments:vpr_upload"), {"file": SimpleUploadedFile("vpr2.xlsx", content)})
    assert ResultUpload.objects.order_by("-pk").first().status == ResultUpload.Status.PREVIEW


def test_an_empty_answer_is_refused_and_remembers_nothing(client, coordinator, municipality, logins):
    client.force_login(coordinator)
    content = renamed_xlsx(standard_rows(*logins))
    client.post(reverse("assessments:vpr_upload"), {"file": SimpleUploadedFile("vpr.xlsx", content)})
    upload = ResultUpload.objects.get()
    response = client.post(reverse("assessments:upload_columns", args=[upload.pk]), {"column-vpr_mark": ""})
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == ResultUpload.Status.FAILED
    assert remembered_columns(scope=scope(municipality), kind="vpr") == {}


def test_a_school_head_cannot_answer_the_question(client, coordinator, head_a, municipality, logins):
    client.force_login(coordinator)
    content = renamed_xlsx(standard_rows(*logins))
    client.post(reverse("assessments:vpr_upload"), {"file": SimpleUploadedFile("vpr.xlsx", content)})
    upload = ResultUpload.objects.get()
    client.force_login(head_a)
    response = client.post(
        reverse("assessments:upload_columns", args=[upload.pk]), {"column-vpr_mark": "Итог (5-балльная)"}
    )
    assert response.status_code in (403, 404)
    assert remembered_columns(scope=scope(municipality), kind="vpr") == {}


def test_import_vpr_takes_the_same_answers_as_column(tmp_path, municipality, logins, capsys):
    path = tmp_path / "vpr.xlsx"
    path.write_bytes(renamed_xlsx(standard_rows(*logins)))
    with pytest.raises(CommandError, match="ошибок"):
        call_command("import_vpr", str(path), "--json")
    assert "нет столбца «Отметка»" in capsys.readouterr().out
    call_command(
        "import_vpr", str(path), "--column", "Отметка=Итог (5-балльная)", "--column", "Логин ОО=Логин школы"
    )
    assert VprResult.objects.count() == 5
    assert "загружен; участников 5, школ 2" in capsys.readouterr().out


def test_import_vpr_refuses_an_unknown_column_name(tmp_path, municipality, logins):
    path = tmp_path / "vpr.xlsx"
    path.write_bytes(renamed_xlsx(standard_rows(*logins)))
    with pytest.raises(CommandError, match="«Погода»: такого столбца нет"):
        call_command("import_vpr", str(path), "--column", "Погода=Итог")
    with pytest.raises(CommandError, match="ожидается «Столбец=Заголовок в файле»"):
        call_command("import_vpr", str(path), "--column", "Отметка")
    assert not VprResult.objects.exists()


@pytest.mark.parametrize(
    ("ours", "theirs", "key"),
    [
        ("Код участника", "Шифр участника", "vpr_participant"),
        ("Первичный балл", "Итого баллов", "vpr_primary"),
        ("Отметка по журналу", "Четвертная", "vpr_journal"),
        ("Класс", "Параллель/буква", "vpr_class"),
    ],
)
def test_each_required_column_may_be_asked_for_and_named(municipality, logins, ours, theirs, key):
    content = renamed_xlsx(standard_rows(*logins), renamed={ours: theirs})
    asked = vpr_import(content=content, filename="vpr.xlsx", municipality=municipality, dry_run=True)
    assert [item["title"] for item in asked.summary()["column_question"]["questions"]] == [ours]
    answered = vpr_import(
        content=content, filename="vpr.xlsx", municipality=municipality, dry_run=True, chosen={key: theirs}
    )
    assert answered.ok and len(answered.rows) == 5, [str(e) for e in answered.errors]
