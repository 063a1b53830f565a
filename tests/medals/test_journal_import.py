"""The journal extract: formats, every error kind, all-or-nothing, re-upload and the commands."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from medals.importers.journal import journal_check, journal_save
from medals.importers.uploads import upload_create
from medals.models import CURRENT_GRADES, ExtractVersion, Grade, Period, Source, Upload, WorkKind
from schools.dates import example_date

from .factories import JOURNAL_HEADER, CandidateFactory, PupilFactory, write_csv, write_xlsx

NAME = "Арсланова Динара Маратовна"


def row(**changes):
    values = {
        "name": NAME,
        "cls": "11А",
        "year": "2023-2024",
        "subject": "Русский язык",
        "period": "",
        "kind": "контрольная работа",
        "date": "12.10.2023",
        "mark": "5",
        "teacher": "Учителева Мадина Ахмедовна",
    }
    values.update(changes)
    return list(values.values())


def save(school, path, kind=Upload.Kind.JOURNAL):
    upload = upload_create(
        school=school, kind=kind, name=path.name, content=ContentFile(path.read_bytes()), user=None
    )
    return upload, journal_save(upload=upload)


def check(school, path, source=Source.JOURNAL):
    return journal_check(school=school, source=source, path=path, name=path.name)


COUNTS = ("rows", "saved", "replaced", "removed", "skipped", "errors")


def counts(data):
    """The counts of a result (or its JSON), without the lists the preview shows beside them."""
    data = data if isinstance(data, dict) else data.as_json()
    return {key: data[key] for key in COUNTS}


def only_error(result):
    assert result.saved == 0
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


@pytest.fixture
def good_rows():
    return [
        JOURNAL_HEADER,
        row(),
        row(cls="10А", year="2022-2023", date="15.11.2022", mark="4", kind="самостоятельная работа"),
        row(period="1 полугодие", kind="", date="", mark="5"),
        row(period="год", kind="годовая", date="", mark="5"),
        row(name="Посторонний Иван Иванович"),
    ]


def test_an_xlsx_extract_saves_the_candidates_marks_and_skips_other_pupils(
    candidate_a, school_a, tmp_path, good_rows
):
    upload, result = save(school_a, write_xlsx(tmp_path / "journal.xlsx", good_rows))
    assert counts(result) == {"rows": 5, "saved": 4, "replaced": 0, "removed": 0, "skipped": 1, "errors": []}
    assert result.skipped_names == [{"name": "Посторонний Иван Иванович", "row": 6, "rows": 1}]
    assert upload.status == Upload.Status.SAVED
    grades = Grade.objects.filter(candidate=candidate_a)
    assert {(g.academic_year, g.class_name, g.mark, g.work_kind, g.period) for g in grades} == {
        (2022, "10А", "4", WorkKind.INDEPENDENT, ""),
        (2023, "11А", "5", WorkKind.CONTROL, ""),
        (2023, "11А", "5", WorkKind.PERIOD, Period.H1),
        (2023, "11А", "5", WorkKind.YEAR, Period.YEAR),
    }
    control = grades.get(work_kind=WorkKind.CONTROL)
    assert (control.work_date, control.teacher, control.value) == (
        datetime.date(2023, 10, 12),
        "Учителева Мадина Ахмедовна",
        5,
    )


def test_real_date_cells_of_a_workbook_are_read(candidate_a, school_a, tmp_path):
    path = write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row(date=datetime.date(2023, 10, 12))])
    _, result = save(school_a, path)
    assert result.saved == 1
    assert Grade.objects.get(candidate=candidate_a).work_date == datetime.date(2023, 10, 12)


def test_a_utf8_csv_with_commas_is_read(candidate_a, school_a, tmp_path, good_rows):
    path = write_csv(tmp_path / "journal.csv", good_rows, encoding="utf-8-sig", delimiter=",")
    assert check(school_a, path).as_json()["saved"] == 4


def test_a_windows_1251_csv_with_semicolons_is_read(candidate_a, school_a, tmp_path, good_rows):
    path = write_csv(tmp_path / "journal.csv", good_rows, encoding="cp1251", delimiter=";")
    _, result = save(school_a, path)
    assert result.saved == 4
    assert Grade.objects.filter(candidate=candidate_a, teacher="Учителева Мадина Ахмедовна").count() == 4


def test_headers_are_matched_in_any_order_and_common_wording(candidate_a, school_a, tmp_path):
    header = [
        "Оценка",
        "Ф.И.О.",
        "Дата урока",
        "Учебный предмет",
        "Класс",
        "Уч. год",
        "Тип работы",
        "Период",
        "Педагог",
    ]
    values = ["4", NAME, "12.10.2023", "Русский язык", "11 А", "2023/24", "Контрольная", "", "Учителева М.А."]
    _, result = save(school_a, write_xlsx(tmp_path / "j.xlsx", [["Выгрузка из журнала"], header, values]))
    assert result.saved == 1, result.errors
    assert Grade.objects.get(candidate=candidate_a).mark == "4"


def test_a_near_miss_subject_is_matched(candidate_a, school_a, tmp_path):
    _, result = save(school_a, write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row(subject="Русский яз.")]))
    assert result.saved == 1
    assert Grade.objects.get(candidate=candidate_a).subject.name == "Русский язык"


def test_pass_and_not_attested_marks_are_accepted(candidate_a, school_a, tmp_path):
    rows = [JOURNAL_HEADER, row(mark="зач"), row(mark="н/а", date="13.10.2023")]
    _, result = save(school_a, write_xlsx(tmp_path / "j.xlsx", rows))
    assert result.saved == 2
    assert sorted(Grade.objects.values_list("mark", "value")) == [("зач", None), ("н/а", None)]


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"subject": "Астрология"}, "Предмет", "Предмет «Астрология» не найден в справочнике предметов."),
        ({"subject": ""}, "Предмет", "Не указан предмет."),
        ({"mark": "6"}, "Отметка", "«6»: допускаются отметки 2, 3, 4, 5, «зач» и «н/а»."),
        ({"mark": "н"}, "Отметка", "«н»: допускаются отметки 2, 3, 4, 5, «зач» и «н/а»."),
        ({"mark": ""}, "Отметка", "Нет отметки."),
        ({"date": "31.02.2024"}, "Дата", "«31.02.2024»: такой даты нет."),
        ({"date": "весной"}, "Дата", f"«весной»: ожидается дата вида {example_date(3, 15)}."),
        (
            {"date": "12.10.2024"},
            "Дата",
            "Дата 12.10.2024 вне 2023-2024 учебного года (01.09.2023 — 31.08.2024).",
        ),
        ({"date": ""}, "Дата", "Для работы без периода нужна дата в виде ДД.ММ.ГГГГ."),
        ({"cls": "9А"}, "Класс", "«9А»: нужны отметки 10 и 11 классов."),
        ({"cls": "Б11"}, "Класс", "«Б11»: ожидается вида 10А или 11 Б."),
        (
            {"cls": "10А"},
            "Класс",
            "«10А» не сходится с реестром: в 2023-2024 учебном году претендент учится в 11 классе.",
        ),
        ({"year": "2023"}, "Учебный год", "«2023»: ожидается вида 2023-2024."),
        ({"year": "2023-2025"}, "Учебный год", "«2023-2025»: ожидается вида 2023-2024."),
        ({"period": "5 четверть"}, "Период", None),
        ({"kind": "лекция"}, "Вид работы", None),
        ({"kind": "", "period": ""}, "Вид работы", "Не указан вид работы."),
        (
            {"kind": "годовая", "period": "2 четверть", "date": ""},
            "Период",
            "Вид работы «годовая» не сходится с периодом «2 четверть».",
        ),
        (
            {"kind": "четвертная", "period": "", "date": ""},
            "Период",
            "Вид работы «четвертная» не сходится с периодом «пусто».",
        ),
        ({"teacher": "Учитель 7"}, "Учитель", "«Учитель 7»: ожидается ФИО учителя."),
    ],
)
def test_every_bad_cell_is_an_error_naming_the_row_and_column(
    candidate_a, school_a, tmp_path, changes, column, message
):
    path = write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row(**changes)])
    error = only_error(check(school_a, path))
    assert error["row"] == 2
    assert error["column"] == column
    if message:
        assert error["message"] == message


def test_a_row_without_a_name_is_an_error(candidate_a, school_a, tmp_path):
    error = only_error(check(school_a, write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row(name="")])))
    assert error == {"row": 2, "column": "ФИО", "message": "Не заполнено ФИО."}


def test_bad_cells_of_pupils_who_are_not_candidates_are_only_skipped(candidate_a, school_a, tmp_path):
    result = check(
        school_a, write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row(name="Другой Ученик", mark="9")])
    )
    assert result.errors == []
    assert result.skipped == 1


def test_a_missing_column_is_named(candidate_a, school_a, tmp_path):
    header = [h for h in JOURNAL_HEADER if h != "Отметка"]
    error = only_error(check(school_a, write_xlsx(tmp_path / "j.xlsx", [header, row()[:-2]])))
    assert error["row"] == 0
    assert error["message"] == "В файле нет обязательных столбцов: «Отметка»."


def test_a_file_without_a_header_says_what_the_first_row_must_hold(candidate_a, school_a, tmp_path):
    error = only_error(check(school_a, write_xlsx(tmp_path / "j.xlsx", [["что-то"], ["ещё"]])))
    assert error["message"].startswith("В файле не найдена строка заголовков.")


def test_a_damaged_workbook_is_an_error_not_a_crash(candidate_a, school_a, tmp_path):
    path = tmp_path / "j.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    assert "не читается как таблица Excel" in only_error(check(school_a, path))["message"]


def test_another_file_type_is_refused(candidate_a, school_a, tmp_path):
    path = tmp_path / "j.txt"
    path.write_text("ФИО")
    assert (
        only_error(check(school_a, path))["message"]
        == "Файл «j.txt»: принимаются только таблицы .xlsx, .xls и .csv."
    )


def test_a_csv_in_neither_utf8_nor_1251_is_an_error(candidate_a, school_a, tmp_path):
    path = tmp_path / "j.csv"
    header = ";".join(JOURNAL_HEADER).encode("utf-8")
    path.write_bytes(header + b"\n" + b"a" * 70_000 + "\nЯ\xff".encode("utf-8", "surrogateescape") + b"\xc3")
    error = only_error(check(school_a, path))
    assert error["message"] == "Файл не в кодировке UTF-8 и не в Windows-1251: сохраните его как «CSV UTF-8»."


def test_an_ambiguous_name_asks_for_the_full_name(candidate_a, school_a, tmp_path):
    twin = PupilFactory(school=school_a, last_name="Арсланова", first_name="Динара", middle_name="Руслановна")
    CandidateFactory(pupil=twin)
    error = only_error(
        check(school_a, write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row(name="Арсланова Динара")]))
    )
    assert "несколько претендентов" in error["message"]


def test_notebook_marks_are_written_works_only(candidate_a, school_a, tmp_path):
    path = write_xlsx(tmp_path / "n.xlsx", [JOURNAL_HEADER, row(kind="текущая")])
    error = only_error(check(school_a, path, source=Source.NOTEBOOK))
    assert error["column"] == "Вид работы"


@pytest.mark.parametrize("batch", [5000, 1])  # one batch; or the rows before the bad one already written
def test_one_bad_row_saves_nothing_of_the_file(
    candidate_a, school_a, tmp_path, good_rows, batch, monkeypatch
):
    monkeypatch.setattr("medals.importers.journal_store.BATCH", batch)
    path = write_xlsx(tmp_path / "j.xlsx", [*good_rows, row(mark="7")])
    upload, result = save(school_a, path)
    assert result.saved == 0
    assert result.errors == [
        {"row": 7, "column": "Отметка", "message": "«7»: допускаются отметки 2, 3, 4, 5, «зач» и «н/а»."}
    ]
    assert upload.status == Upload.Status.REJECTED
    assert upload.error_count == 1
    assert not Grade.objects.exists()
    assert not ExtractVersion.objects.exists()


def test_every_error_of_the_file_is_reported_not_only_the_first(candidate_a, school_a, tmp_path):
    path = write_xlsx(
        tmp_path / "j.xlsx", [JOURNAL_HEADER, row(mark="7"), row(subject="Астрология", date="40.10.2023")]
    )
    result = check(school_a, path)
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "Отметка"), (3, "Предмет"), (3, "Дата")]


def test_uploading_the_same_extract_again_replaces_it_and_keeps_the_old_version(
    candidate_a, school_a, tmp_path
):
    first_upload, _ = save(
        school_a,
        write_xlsx(tmp_path / "a.xlsx", [JOURNAL_HEADER, row(mark="5"), row(mark="4", date="13.10.2023")]),
    )
    second_upload, result = save(school_a, write_xlsx(tmp_path / "b.xlsx", [JOURNAL_HEADER, row(mark="3")]))
    assert counts(result) == {"rows": 1, "saved": 1, "replaced": 2, "removed": 0, "skipped": 0, "errors": []}
    current = Grade.objects.filter(CURRENT_GRADES, candidate=candidate_a)
    assert list(current.values_list("mark", flat=True)) == ["3"]
    assert Grade.objects.filter(candidate=candidate_a).count() == 3  # the old version is kept
    old = ExtractVersion.objects.get(upload=first_upload)
    assert not old.is_current
    assert old.replaced_by == ExtractVersion.objects.get(upload=second_upload)
    first_upload.refresh_from_db()
    assert first_upload.status == Upload.Status.REPLACED


def test_an_extract_of_another_school_year_does_not_replace_this_one(candidate_a, school_a, tmp_path):
    save(school_a, write_xlsx(tmp_path / "a.xlsx", [JOURNAL_HEADER, row()]))
    _, result = save(
        school_a,
        write_xlsx(
            tmp_path / "b.xlsx", [JOURNAL_HEADER, row(cls="10А", year="2022-2023", date="12.10.2022")]
        ),
    )
    assert result.replaced == 0
    assert Grade.objects.filter(CURRENT_GRADES, candidate=candidate_a).count() == 2


def test_the_journal_and_the_notebooks_are_separate_extracts(candidate_a, school_a, tmp_path):
    save(school_a, write_xlsx(tmp_path / "a.xlsx", [JOURNAL_HEADER, row()]))
    _, result = save(
        school_a, write_xlsx(tmp_path / "b.xlsx", [JOURNAL_HEADER, row(mark="4")]), kind=Upload.Kind.NOTEBOOK
    )
    assert result.replaced == 0
    assert sorted(Grade.objects.filter(CURRENT_GRADES).values_list("source", "mark")) == [
        ("journal", "5"),
        ("notebook", "4"),
    ]


def test_the_check_says_how_many_marks_saving_would_replace(candidate_a, school_a, tmp_path):
    save(school_a, write_xlsx(tmp_path / "a.xlsx", [JOURNAL_HEADER, row(), row(date="13.10.2023")]))
    result = check(school_a, write_xlsx(tmp_path / "b.xlsx", [JOURNAL_HEADER, row()]))
    assert (result.saved, result.replaced) == (1, 2)
    assert Grade.objects.count() == 2


def test_another_schools_candidates_are_not_matched(candidate_a, school_b, tmp_path):
    result = check(school_b, write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row()]))
    assert (result.saved, result.skipped) == (0, 1)


def test_import_journal_prints_the_json_shape(candidate_a, school_a, tmp_path, capsys):
    path = write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row(), row(name="Другой Ученик")])
    call_command("import_journal", str(path), "--school", school_a.code, "--json")
    payload = json.loads(capsys.readouterr().out)
    assert counts(payload) == {"rows": 2, "saved": 1, "replaced": 0, "removed": 0, "skipped": 1, "errors": []}
    assert payload["skipped_names"] == [{"name": "Другой Ученик", "row": 3, "rows": 1}]
    assert (payload["replace"], payload["missing"]) == ("covered", [])
    assert Grade.objects.count() == 1
    assert Upload.objects.get().uploaded_by is None


def test_import_journal_fails_and_lists_errors_when_it_saved_nothing(candidate_a, school_a, tmp_path, capsys):
    path = write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row(mark="0")])
    with pytest.raises(CommandError, match="Ничего не сохранено"):
        call_command("import_journal", str(path), "--school", school_a.code, "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["saved"] == 0
    assert payload["errors"] == [
        {"row": 2, "column": "Отметка", "message": "«0»: допускаются отметки 2, 3, 4, 5, «зач» и «н/а»."}
    ]
    assert Upload.objects.get().status == Upload.Status.REJECTED


def test_import_journal_dry_run_saves_nothing(candidate_a, school_a, tmp_path, capsys):
    path = write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row()])
    call_command("import_journal", str(path), "--school", school_a.code, "--dry-run", "--source", "notebook")
    assert "будет сохранено: 1" in capsys.readouterr().out
    assert not Grade.objects.exists()
    assert not Upload.objects.exists()


def test_import_journal_refuses_an_unknown_school(tmp_path, db):
    path = write_xlsx(tmp_path / "j.xlsx", [JOURNAL_HEADER, row()])
    with pytest.raises(CommandError, match="Школа с кодом «NONE» не найдена"):
        call_command("import_journal", str(path), "--school", "NONE")


def test_on_postgresql_the_bulk_insert_and_the_one_current_version_rule_hold(
    postgres, candidate_a, school_a, tmp_path
):
    save(
        school_a,
        write_xlsx(tmp_path / "a.xlsx", [JOURNAL_HEADER, row(), row(date=datetime.date(2023, 10, 13))]),
    )
    _, result = save(school_a, write_xlsx(tmp_path / "b.xlsx", [JOURNAL_HEADER, row(mark="4")]))
    assert (result.saved, result.replaced) == (1, 2)
    current = Grade.objects.filter(CURRENT_GRADES, candidate=candidate_a).get()
    assert (current.mark, current.work_date) == ("4", datetime.date(2023, 10, 12))
    assert ExtractVersion.objects.filter(is_current=True).count() == 1


def test_on_postgresql_marks_written_batch_by_batch_keep_every_value(
    postgres, candidate_a, school_a, tmp_path, monkeypatch
):
    # Batches of two: the COPY of one batch runs while the next is read (journal_store.MarkWriter).
    monkeypatch.setattr("medals.importers.journal_store.BATCH", 2)
    teacher = "Учителева М.\\А. «N»\tи\\N"
    rows = [
        JOURNAL_HEADER,
        row(teacher=teacher),
        row(date="13.10.2023", mark="зач"),
        row(date="14.10.2023", mark="4"),
        row(period="1 полугодие", kind="", date="", mark="5"),
        row(cls="10А", year="2022-2023", date="15.11.2022", mark="3"),
    ]
    _, result = save(school_a, write_xlsx(tmp_path / "j.xlsx", rows))
    assert result.saved == 5
    saved = Grade.objects.filter(CURRENT_GRADES, candidate=candidate_a).order_by("academic_year", "work_date")
    assert [(g.class_name, g.period, g.work_date, g.mark, g.value) for g in saved] == [
        ("10А", "", datetime.date(2022, 11, 15), "3", 3),
        ("11А", "", datetime.date(2023, 10, 12), "5", 5),
        ("11А", "", datetime.date(2023, 10, 13), "зач", None),
        ("11А", "", datetime.date(2023, 10, 14), "4", 4),
        ("11А", Period.H1, None, "5", 5),
    ]
    assert saved[1].teacher == "Учителева М.\\А. «N» и\\N"  # the tab read as a space, as everywhere
    versions = ExtractVersion.objects.filter(is_current=True).order_by("academic_year")
    assert [version.marks for version in versions] == [1, 4]
