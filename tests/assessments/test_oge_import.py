"""ОГЭ results as the РЦОИ lists come: our template, other headers and orders, extra columns, marks written
«5» or «отлично», a year instead of a date; bad cells named by row and column, and nothing half-saved."""

from __future__ import annotations

import datetime
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from assessments.models import OgeResult, ResultUpload
from assessments.oge_import import COLUMNS, oge_import, oge_template_xlsx, read_mark

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(school="A001", code="", klass="9А", subject="Математика", when=datetime.date(2024, 6, 4), year="",
        primary=17, mark=4):  # fmt: skip
    return [school, code, klass, subject, when, year, primary, mark]


def _import(municipality, rows, name="oge.xlsx", **kwargs):
    content = xlsx(rows) if not isinstance(rows, bytes) else rows
    return oge_import(content=content, filename=name, municipality=municipality, **kwargs)


def _stored():
    return sorted(
        (r.school.code, r.subject.name, r.year, r.participant_code, r.primary_score, r.mark)
        for r in OgeResult.objects.select_related("school", "subject")
    )


def test_the_template_is_read_and_saved(municipality, school_a, school_b):
    report = _import(
        municipality,
        [
            list(COLUMNS),
            row(code="2024-0901", primary=17, mark=4),
            row(code="2024-0902", primary=25, mark=5),
            row(school="B001", code="2024-0903", subject="Русский язык", when=datetime.date(2024, 6, 7),
                primary=20, mark=3),
        ],
    )  # fmt: skip
    assert report.ok and report.saved, [str(e) for e in report.errors]
    assert _stored() == [
        ("A001", "Математика", 2024, "2024-0901", 17, 4),
        ("A001", "Математика", 2024, "2024-0902", 25, 5),
        ("B001", "Русский язык", 2024, "2024-0903", 20, 3),
    ]
    assert report.groups() == {"МКОУ «Школа А»: Математика, 2024": 2, "МКОУ «Школа Б»: Русский язык, 2024": 1}


def test_the_offered_template_imports_as_it_is_downloaded(municipality, school_a):
    sheet = load_workbook(io.BytesIO(oge_template_xlsx())).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    rows = [[cell.value for cell in line] for line in sheet.iter_rows()]
    rows[1][0] = rows[2][0] = "A001"
    report = _import(municipality, rows)
    assert report.ok and len(report.rows) == 2, [str(e) for e in report.errors]


def test_a_list_written_its_own_way_title_other_headers_order_extra_columns_and_marks_in_words(
    municipality, school_a, school_b
):
    rows = [
        ["Результаты ОГЭ 2024 года, Кумторкалинский район"],
        [],
        ["№ п/п", "ФИО участника", "Учебный предмет", "Код школы", "Сумма баллов",
         "Оценка (по пятибалльной шкале)", "Дата проведения экзамена", "Примечание"],
        [1, "Иванов Иван Иванович", "математика", "a001", 17, "«4»", "04.06.2024", ""],
        [2, "Петрова Анна", "Математика", " A001 ", 25, "отлично", datetime.date(2024, 6, 4), ""],
        [3, "Сидоров Пётр", "Русский  язык", "B001", "", 3.0, "07.06.2024", "апелляция"],
        [],
    ]  # fmt: skip
    report = _import(municipality, rows)
    assert report.ok, [str(e) for e in report.errors]
    # No name is kept: the lists' ФИО column is not read.
    assert _stored() == [
        ("A001", "Математика", 2024, "", 17, 4),
        ("A001", "Математика", 2024, "", 25, 5),
        ("B001", "Русский язык", 2024, "", None, 3),
    ]


def test_a_csv_in_windows_1251_with_a_year_instead_of_a_date(municipality, school_a):
    content = "Год проведения;Предмет;Код ОО;Отметка ОГЭ;Класс\n2024;Химия;A001;5;9Б\n2024;Химия;A001;4;9Б\n"
    report = _import(municipality, content.encode("cp1251"), name="oge.csv")
    assert report.ok, [str(e) for e in report.errors]
    assert [(r.year, r.exam_date, r.mark, r.class_name) for r in OgeResult.objects.order_by("-mark")] == [
        (2024, None, 5, "9Б"),
        (2024, None, 4, "9Б"),
    ]


@pytest.mark.parametrize(
    ("written", "mark"),
    [(5, 5), ("5", 5), (4.0, 4), ("«3»", 3), ("отлично", 5), ("Хорошо", 4), ("2 (неудовлетворительно)", 2),
     ("неудовлетворительно", 2), ("6", None), ("", None), ("пять", None), (4.5, None)],
)  # fmt: skip
def test_a_mark_is_read_as_people_write_it(written, mark):
    assert read_mark(written) == mark


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_saved(municipality, school_a):
    rows = [
        list(COLUMNS),
        row(code="1"),
        row(code="2", school="Z999"),
        row(code="3", subject="Астрология"),
        row(code="4", mark="6"),
        row(code="5", when="31.02.2024"),
        row(code="6", primary="много"),
        row(code="1"),
        row(code="7", when=datetime.date(2099, 6, 4)),
    ]
    report = _import(municipality, rows)
    assert [str(e) for e in report.errors] == [
        "Строка 3, столбец «Код ОО» (A): нет школы с кодом «Z999»",
        "Строка 4, столбец «Предмет» (D): предмет «Астрология» не найден в справочнике",
        "Строка 5, столбец «Отметка» (H): «6» — ожидается отметка от 2 до 5",
        "Строка 6, столбец «Дата экзамена» (E): «31.02.2024» — такой даты нет",
        "Строка 7, столбец «Первичный балл» (G): «много» — ожидается целое число от 0 до 100 "
        "или пустая ячейка",
        "Строка 8, столбец «Код участника» (B): участник «1» уже есть по предмету «Математика» в строке 2",
        "Строка 9, столбец «Дата экзамена» (E): 04.06.2099 — этот день ещё не наступил, "
        "результатов быть не может",
    ]
    assert not report.saved and not OgeResult.objects.exists()


def test_a_missing_column_is_named_and_asked_for(municipality, school_a):
    without_mark = [["Код ОО", "Предмет", "Дата экзамена", "Балл"], ["A001", "Химия", "04.06.2024", 4]]
    report = _import(municipality, without_mark)
    assert [str(e) for e in report.errors] == ["в строке заголовка 1 нет столбца «Отметка»"]
    assert report.summary()["column_question"]
    # Pointed at «Балл», the same file loads.
    report = _import(municipality, without_mark, chosen={"exam_mark": "Балл"})
    assert report.ok and OgeResult.objects.get().mark == 4


def test_without_a_date_or_a_year_the_year_is_unknown(municipality, school_a):
    report = _import(municipality, [["Код ОО", "Предмет", "Отметка"], ["A001", "Химия", 4]])
    assert [str(e) for e in report.errors] == [
        "в строке заголовка 1 нет ни «Даты экзамена», ни «Года»: год не узнать"
    ]


def test_a_file_that_is_not_a_table_is_refused_in_russian(municipality):
    report = _import(municipality, b"%PDF-1.4 not a table", name="oge.xlsx")
    assert not report.ok and "oge.xlsx" in str(report.errors[0])
    assert not OgeResult.objects.exists()


def test_a_reupload_replaces_the_same_schools_subject_and_year_and_keeps_the_rest(
    municipality, school_a, school_b
):
    first = [list(COLUMNS), row(mark=3), row(mark=3), row(mark=4), row(school="B001", mark=5),
             row(subject="Русский язык", mark=4)]  # fmt: skip
    _import(municipality, first)
    report = _import(municipality, [list(COLUMNS), row(mark=5), row(mark=5)])
    assert report.ok and report.replaced == 3
    assert sorted(
        OgeResult.objects.values_list("school__code", "subject__name", "mark").order_by()
    ) == [("A001", "Математика", 5), ("A001", "Математика", 5), ("A001", "Русский язык", 4),
          ("B001", "Математика", 5)]  # fmt: skip


def test_the_coordinator_checks_then_loads_in_the_browser_and_a_school_head_may_not(
    client, coordinator, head_a, municipality, school_a
):
    client.force_login(head_a)
    assert client.get(reverse("assessments:oge_upload")).status_code == 403
    client.force_login(coordinator)
    bad = xlsx([list(COLUMNS), row(mark="семь")])
    response = client.post(reverse("assessments:oge_upload"), {"file": SimpleUploadedFile("oge.xlsx", bad)})
    upload = ResultUpload.objects.get(kind="oge")
    assert response.url == reverse("assessments:upload_detail", args=[upload.pk])
    page = html.unescape(client.get(response.url).content.decode())
    assert "«семь» — ожидается отметка от 2 до 5" in page and "ничего не сохранено" in page
    good = xlsx([list(COLUMNS), row(code="X1", mark=5), row(code="X2", mark=4)])
    response = client.post(reverse("assessments:oge_upload"), {"file": SimpleUploadedFile("oge2.xlsx", good)})
    upload = ResultUpload.objects.filter(kind="oge").order_by("-pk").first()
    page = html.unescape(client.get(response.url).content.decode())
    assert upload.status == "preview" and "МКОУ «Школа А»: Математика, 2024: 2" in page
    assert not OgeResult.objects.exists()
    client.post(reverse("assessments:upload_confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == "imported" and OgeResult.objects.count() == 2
    listed = html.unescape(client.get(reverse("assessments:oge_results")).content.decode())
    assert "X1" in listed and "X2" in listed


def test_a_column_headed_its_own_way_is_asked_for_once_and_remembered(
    client, coordinator, municipality, school_a
):
    client.force_login(coordinator)
    own_way = xlsx([["Код ОО", "Предмет", "Дата экзамена", "Балл по 5"], ["A001", "Химия", "04.06.2024", 4]])
    response = client.post(
        reverse("assessments:oge_upload"), {"file": SimpleUploadedFile("oge.xlsx", own_way)}
    )
    upload = ResultUpload.objects.get(kind="oge")
    assert upload.status == "failed" and upload.summary["column_question"]
    page = html.unescape(client.get(response.url).content.decode())
    assert 'data-testid="column-question-form"' in page and "Балл по 5" in page
    client.post(reverse("assessments:upload_columns", args=[upload.pk]), {"column-exam_mark": "Балл по 5"})
    upload.refresh_from_db()
    assert upload.status == "preview" and upload.summary["rows"] == 1
    # The department's next file of the same shape needs no question.
    again = client.post(reverse("assessments:oge_upload"), {"file": SimpleUploadedFile("oge2.xlsx", own_way)})
    assert ResultUpload.objects.get(pk=int(again.url.rstrip("/").split("/")[-1])).status == "preview"
