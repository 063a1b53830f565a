"""ВПР import in the ФИС ОКО layout: a real-shaped file, and broken ones reported by row and column."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import ResultUpload, VprResult, VprTest
from assessments.uploads import upload_create, upload_run
from assessments.vpr_import import vpr_import

from .vpr_files import meta_lines, participant, standard_rows, vpr_csv, vpr_xlsx


def _import(municipality, content, name="vpr.xlsx", **kwargs):
    return vpr_import(content=content, filename=name, municipality=municipality, **kwargs)


def test_a_real_shaped_file_is_imported_with_levels_not_attempted_tasks_and_journal_marks(
    municipality, logins, school_a, school_b
):
    report = _import(municipality, vpr_xlsx(standard_rows(*logins)))
    assert report.ok and report.saved, [str(e) for e in report.errors]
    test = VprTest.objects.get()
    assert (test.year, test.subject.name, test.grade, test.max_score) == (2024, "Русский язык", 5, 6)
    assert test.held_on == datetime.date(2024, 4, 16)
    assert test.tasks == [
        {"number": "1", "max": 2, "level": "Б"},
        {"number": "2", "max": 1, "level": "Б"},
        {"number": "9.1", "max": 1, "level": "П"},
        {"number": "9.2", "max": 2, "level": "П"},
    ]
    first = VprResult.objects.get(school=school_a, participant_code="10002")
    assert (first.task_scores, first.primary_score, first.mark, first.journal_mark) == (
        [1, 1, None, 0],
        2,
        3,
        3,
    )
    assert VprResult.objects.get(school=school_a, participant_code="10003").journal_mark is None
    # The same code in two schools is two participants: ФИС ОКО codes are per school.
    assert VprResult.objects.filter(participant_code="10001").count() == 2
    assert report.schools() == {"A001": 3, "B001": 2}


def test_dry_run_checks_everything_and_saves_nothing(municipality, logins):
    report = _import(municipality, vpr_xlsx(standard_rows(*logins)), dry_run=True)
    assert report.ok and not report.saved and len(report.rows) == 5
    assert not VprTest.objects.exists() and not VprResult.objects.exists()


def test_the_same_file_as_csv_in_windows_1251_is_imported(municipality, logins):
    report = _import(municipality, vpr_csv(standard_rows(*logins)), name="vpr.csv")
    assert report.ok, [str(e) for e in report.errors]
    assert VprResult.objects.count() == 5


def test_an_unknown_school_login_is_an_error_naming_the_row_and_nothing_is_saved(municipality, logins):
    rows = standard_rows(*logins)
    rows[3][0] = "edu999999"
    report = _import(municipality, vpr_xlsx(rows))
    assert not report.ok and not VprResult.objects.exists() and not VprTest.objects.exists()
    assert [str(e) for e in report.errors] == [
        "Строка 10, столбец «ОО» (A): логин ОО «edu999999» не записан ни у одной школы, и по названию "
        "«школа» нет школы в муниципалитете; похожие: «МКОУ «Школа А»», «МКОУ «Школа Б»». Впишите логин "
        "школе в списке школ (столбец «Логин ФИС ОКО»)"
    ]


def test_every_bad_cell_is_reported_by_row_and_column(municipality, logins):
    a, b = logins
    rows = [
        participant(a, "1", [3, 1, 0, 0], 4, 4),  # task 1 has at most 2 points
        participant(a, "2", ["два", 1, 0, 0], 4, 4),
        participant(a, "3", [1, 1, 0, 0], 6, 7),  # no such marks
        participant(b, "4", [1, 1, 0, 0], 3, 3, klass="6Б"),
        participant(b, "", [1, 1, 0, 0], 3, 3),
    ]
    rows.append([b, "", "", "6", "5", 1, 1, 1, 0, 0, 5, 3, 3])  # primary 5, tasks sum to 2
    report = _import(municipality, vpr_xlsx(rows))
    assert [str(e) for e in report.errors] == [
        "Строка 7, столбец «1 (2б)» (G): балл «3» — ожидается целое от 0 до 2 или «X»",
        "Строка 8, столбец «1 (2б)» (G): балл «два» — ожидается целое от 0 до 2 или «X»",
        "Строка 9, столбец «Отметка» (L): «6» — ожидается отметка от 2 до 5",
        "Строка 9, столбец «Отметка по журналу» (M): «7» — ожидается отметка от 2 до 5 или пустая ячейка",
        "Строка 10, столбец «Класс» (E): класс «6Б», а файл — про 5 класс",
        "Строка 11, столбец «Код участника» (D): не указан код участника",
        "Строка 12, столбец «Первичный балл» (K): 5, а сумма баллов за задания 2",
    ]
    assert not VprResult.objects.exists()


def test_a_participant_twice_in_one_school_is_an_error(municipality, logins):
    a, _ = logins
    rows = [participant(a, "7", [1, 1, 0, 0], 3, 3), participant(a, "7", [2, 1, 0, 0], 3, 3)]
    report = _import(municipality, vpr_xlsx(rows))
    assert [str(e) for e in report.errors] == [
        "Строка 8, столбец «Код участника» (D): код участника «7» школы edu100001 уже был в строке 7"
    ]


def test_a_missing_column_and_a_bad_level_are_reported_before_any_row(municipality, logins):
    content = vpr_xlsx(
        standard_rows(*logins), tasks=[("1", 2, "Б"), ("2", 1, "Б"), ("9.1", 1, "Z"), ("9.2", 2, "П")]
    )
    report = _import(municipality, content)
    assert [str(e) for e in report.errors] == [
        "Строка 5, столбец «9.1 (1б)» (I): уровень задания «Z» — ожидается «Б» или «П»"
    ]


def test_max_score_of_the_header_must_match_the_tasks(municipality, logins):
    report = _import(municipality, vpr_xlsx(standard_rows(*logins), meta=meta_lines(max_score=45)))
    assert (
        "сумма максимальных баллов заданий (6) не равна максимальному первичному баллу из шапки (45)"
        in str(report.errors[0])
    )


def test_an_unknown_subject_and_a_missing_title_are_reported(municipality, logins):
    meta = [["Индивидуальные результаты"], ["Предмет: Астрология"], ["Максимальный первичный балл: 6"]]
    report = _import(municipality, vpr_xlsx(standard_rows(*logins), meta=meta))
    texts = [str(e) for e in report.errors]
    assert "В шапке файла нет названия вида «ВПР 2024 Русский язык 5 класс»." in texts
    assert "Предмет «Астрология» не найден в справочнике предметов." in texts


def test_a_file_without_the_header_row_is_refused(municipality):
    report = _import(municipality, vpr_xlsx([], meta=[["что-то другое"]], tasks=[]))
    assert "Не найдена строка заголовка" in str(report.errors[0]) or "нет столбцов заданий" in " ".join(
        str(e) for e in report.errors
    )


def test_a_file_that_is_not_a_table_is_refused_in_russian(municipality):
    report = _import(municipality, b"\x00\x01 not a workbook", name="results.xlsx")
    assert not report.ok and "не читается как таблица Excel" in str(report.errors[0])
    report = _import(municipality, b"hello", name="results.pdf")
    assert "ожидается таблица Excel (.xlsx) или CSV" in str(report.errors[0])


def test_a_reupload_replaces_the_results_of_its_schools_and_keeps_the_others(
    municipality, logins, school_a, school_b
):
    _import(municipality, vpr_xlsx(standard_rows(*logins)))
    a, _ = logins
    report = _import(municipality, vpr_xlsx([participant(a, "30001", [2, 1, 1, 2], 5, 5)]))
    assert report.ok and report.replaced == 3
    assert list(VprResult.objects.filter(school=school_a).values_list("participant_code", flat=True)) == [
        "30001"
    ]
    assert VprResult.objects.filter(school=school_b).count() == 2


def _upload(user, content):
    return upload_create(kind=ResultUpload.Kind.VPR, file=SimpleUploadedFile("vpr.xlsx", content), user=user)


def test_the_upload_record_keeps_status_summary_and_errors(municipality, logins, coordinator):
    rows = standard_rows(*logins)
    rows[0][0] = "edu000"
    upload = _upload(coordinator, vpr_xlsx(rows))
    upload_run(upload=upload, dry_run=True)
    upload.refresh_from_db()
    assert upload.status == ResultUpload.Status.FAILED
    assert upload.errors[0]["row"] == 7 and upload.errors[0]["column"] == "ОО"
    assert upload.errors[0]["text"].startswith("Строка 7, столбец «ОО» (A)")


def test_an_upload_is_previewed_then_loaded_from_the_same_stored_file(municipality, logins, coordinator):
    upload = _upload(coordinator, vpr_xlsx(standard_rows(*logins)))
    upload_run(upload=upload, dry_run=True)
    upload.refresh_from_db()
    assert upload.status == ResultUpload.Status.PREVIEW and upload.summary["rows"] == 5
    assert upload.summary["preview"][0][1] == "10001" and not VprResult.objects.exists()
    upload_run(upload=upload, dry_run=False)
    upload.refresh_from_db()
    assert upload.status == ResultUpload.Status.IMPORTED and upload.imported_at is not None
    assert set(VprResult.objects.values_list("upload", flat=True)) == {upload.pk}


def test_a_title_with_punctuation_and_no_subject_line_is_read(municipality, logins):
    meta = [["ВПР 2024. Математика. 5 класс"], ["Максимальный первичный балл: 6"]]
    report = _import(municipality, vpr_xlsx(standard_rows(*logins), meta=meta), dry_run=True)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.subject, report.grade, report.year, report.held_on) == ("Математика", 5, 2024, None)
