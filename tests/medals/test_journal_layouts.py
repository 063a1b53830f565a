"""A journal in the layouts real electronic journals export: long (a row per mark), class sheets (pupils
× dates) and summary sheets (pupils × subjects). One dataset written three ways gives the same marks."""

import datetime

import pytest
from openpyxl import Workbook

from medals.importers.journal import journal_check
from medals.importers.journal_wide import CLASS_LAYOUT, LONG_LAYOUT, SUMMARY_LAYOUT, period_of_header
from medals.models import Grade, Source

from .factories import JOURNAL_HEADER, CandidateFactory, PupilFactory, write_csv, write_xlsx
from .test_journal_import import save

A, B = "Арсланова Динара Маратовна", "Бекмурзаев Ислам Русланович"
RU, ALG = "Русский язык", "Алгебра"
T_RU, T_ALG = "Учителева Мадина Ахмедовна", "Счётова Анна Ивановна"


@pytest.fixture
def pupils(school_a):
    CandidateFactory(
        pupil=PupilFactory(
            school=school_a, last_name="Арсланова", first_name="Динара", middle_name="Маратовна"
        )
    )
    CandidateFactory(
        pupil=PupilFactory(
            school=school_a, last_name="Бекмурзаев", first_name="Ислам", middle_name="Русланович"
        )
    )


def long_rows():
    """The dataset, a row per mark, as the long extract writes it."""

    def r(name, subject, kind, day, mark, period="", teacher=T_RU):
        return [name, "11А", "2023-2024", subject, period, kind, day, mark, teacher]

    return [
        JOURNAL_HEADER,
        r(A, RU, "текущая", "04.09.2023", "5"),
        r(B, RU, "текущая", "04.09.2023", "4"),
        r(A, RU, "контрольная работа", "11.09.2023", "4"),
        r(B, RU, "контрольная работа", "11.09.2023", "3"),
        r(A, RU, "текущая", "18.09.2023", "4"),
        r(A, RU, "текущая", "18.09.2023", "5"),
        r(A, ALG, "текущая", "05.09.2023", "5", teacher=T_ALG),
        r(B, ALG, "текущая", "05.09.2023", "3", teacher=T_ALG),
        r(A, RU, "", "", "5", period="1 полугодие"),
        r(B, RU, "", "", "4", period="1 полугодие"),
        r(A, ALG, "", "", "5", period="1 полугодие", teacher=T_ALG),
        r(B, ALG, "", "", "3", period="1 полугодие", teacher=T_ALG),
        r(A, RU, "годовая", "", "5", period="год"),
        r(B, ALG, "годовая", "", "4", period="год", teacher=T_ALG),
    ]


def class_sheet(book, subject, teacher, dates, kinds, marks, periods=None, first=False):
    """A class page of an electronic journal: title lines, a row of dates, maybe a row of kinds."""
    sheet = book.active if first else book.create_sheet()
    sheet.title = subject
    sheet.append([f"Журнал успеваемости 11А класса, {subject}, 2023/2024 учебный год"])
    sheet.append(["Учитель:", teacher])
    sheet.append([])
    period_heads = list(periods or {})
    sheet.append(["№", "Ученик", *dates, *period_heads, "Ср. балл"])
    if kinds:
        sheet.append([None, None, *kinds])
    for number, (name, cells) in enumerate(marks.items(), start=1):
        period_marks = [periods[head].get(name) for head in period_heads] if periods else []
        sheet.append([number, name, *cells, *period_marks, "4,5"])
    return sheet


RU_MARKS = {
    A: ["5", 4, "4/5"],
    B: [4, "3", "н"],
    "Гусейнов Артур": ["3", None, "2"],  # not a candidate: skipped, named
}
ALG_MARKS = {A: [5], B: ["3"], "Гусейнов Артур": ["н"]}


def workbook_with_period_columns(path):
    """Way 2: class sheets only, the period marks in columns after the dates."""
    book = Workbook()
    class_sheet(
        book,
        RU,
        T_RU,
        ["04.09", "11.09", "18.09"],
        ["", "К/р", ""],
        RU_MARKS,
        periods={"I полугодие": {A: 5, B: 4}, "Год": {A: 5}},
        first=True,
    )
    class_sheet(
        book,
        ALG,
        T_ALG,
        [datetime.date(2023, 9, 5)],
        None,
        ALG_MARKS,
        periods={"1 пол.": {A: "5", B: "3"}, "год": {B: "4"}},
    )
    book.save(path)
    return path


def workbook_with_a_summary(path):
    """Way 3: class sheets of dates and a «Сводная ведомость» with subjects over their periods."""
    book = Workbook()
    class_sheet(
        book, RU, T_RU, ["04.09.2023", "11.09.2023", "18.09.2023"], ["", "КР", ""], RU_MARKS, first=True
    )
    class_sheet(book, ALG, T_ALG, ["05.09.23"], None, ALG_MARKS)
    summary = book.create_sheet("Сводная")
    summary.append(["Сводная ведомость итоговых отметок 11 «А» класса, 2023-2024 учебный год"])
    summary.append(["№", "ФИО обучающегося", "Русский язык", None, "Алгебра", None])
    summary.merge_cells("C2:D2")
    summary.merge_cells("E2:F2")
    summary.append([None, None, "1 полуг.", "год", "I п/г", "год"])
    summary.append([1, A, 5, 5, 5, None])
    summary.append([2, B, 4, None, 3, 4])
    summary.append([3, "Гусейнов Артур", 3, 3, 2, 2])
    summary.append([None, "Средний балл", 4, 4, 3.3, 3])
    book.save(path)
    return path


def marks():
    return sorted(
        Grade.objects.values_list(
            "candidate__pupil__last_name",
            "subject__name",
            "academic_year",
            "class_name",
            "period",
            "work_kind",
            "work_date",
            "mark",
        ),
        key=str,
    )


def test_one_dataset_written_three_ways_gives_the_same_marks(pupils, school_a, tmp_path):
    results = {}
    for way, path in (
        ("long", write_xlsx(tmp_path / "long.xlsx", long_rows())),
        ("periods", workbook_with_period_columns(tmp_path / "journal-11a.xlsx")),
        ("summary", workbook_with_a_summary(tmp_path / "svod.xlsx")),
    ):
        Grade.objects.all().delete()
        _, result = save(school_a, path)
        assert not result.errors, (way, result.errors)
        results[way] = (marks(), result)
    assert len(results["long"][0]) == 14
    assert results["periods"][0] == results["long"][0]
    assert results["summary"][0] == results["long"][0]
    assert results["long"][1].layout == LONG_LAYOUT
    assert results["periods"][1].layout == f"{CLASS_LAYOUT} (листы «Русский язык», «Алгебра»)"
    assert results["summary"][1].layout == (
        f"{CLASS_LAYOUT} (листы «Русский язык», «Алгебра»); {SUMMARY_LAYOUT} (лист «Сводная»)"
    )
    assert {s["name"] for s in results["summary"][1].skipped_names} == {"Гусейнов Артур"}


def test_the_wide_sheets_keep_the_kind_and_the_teacher(pupils, school_a, tmp_path):
    save(school_a, workbook_with_period_columns(tmp_path / "j.xlsx"))
    control = Grade.objects.get(
        candidate__pupil__last_name="Бекмурзаев", work_date=datetime.date(2023, 9, 11)
    )
    assert (control.work_kind, control.work_title, control.teacher, control.mark) == (
        "control",
        "К/р",
        T_RU,
        "3",
    )
    assert (
        Grade.objects.filter(
            work_date=datetime.date(2023, 9, 18), candidate__pupil__last_name="Арсланова"
        ).count()
        == 2
    )


def test_a_summary_alone_with_the_period_in_its_title(pupils, school_a, tmp_path):
    path = write_xlsx(
        tmp_path / "svod.xlsx",
        [
            ["Сводная ведомость успеваемости 11А класса за 1 полугодие 2023-2024 учебного года"],
            [],
            ["№ п/п", "Фамилия, имя, отчество", "Русский язык", "Алгебра", "Физ-ра", "Поведение"],
            [1, A, "5", "5", "зач", "прим."],
            [2, B, "4", "3", "", "уд."],
        ],
    )
    result = journal_check(school=school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert not result.errors, result.errors
    assert result.layout == f"{SUMMARY_LAYOUT} (лист «Sheet»)"
    assert result.saved == 5
    assert "В файле не указан учитель: отметки сохранятся без учителя." in result.warnings
    assert any("«Поведение» (F) не распознан" in w for w in result.warnings)


def test_a_csv_class_sheet_is_read_too(pupils, school_a, tmp_path):
    path = write_csv(
        tmp_path / "russkiy.csv",
        [
            ["Предмет:", "Русский язык"],
            ["Класс:", "11А"],
            ["Учебный год:", "2023-2024"],
            ["ФИО", "04.09", "11.09"],
            [A, "5", "4"],
            [B, "н", "3"],
        ],
        encoding="cp1251",
    )
    result = journal_check(school=school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert not result.errors and result.saved == 3, result.errors


def test_a_bad_mark_in_a_wide_sheet_names_the_sheet_row_and_date_column(pupils, school_a, tmp_path):
    book = Workbook()
    class_sheet(book, RU, T_RU, ["04.09", "11.09"], None, {A: ["5", "7"], B: ["4", "3"]}, first=True)
    path = tmp_path / "j.xlsx"
    book.save(path)
    _, result = save(school_a, path)
    assert result.errors == [
        {
            "row": 5,
            "column": "лист «Русский язык», «11.09» (D)",
            "message": "«7»: допускаются отметки 2, 3, 4, 5, «зач» и «н/а».",
        }
    ]
    assert not Grade.objects.exists()


def test_a_class_sheet_without_a_year_and_short_dates_is_refused_in_russian(pupils, school_a, tmp_path):
    path = write_xlsx(
        tmp_path / "j.xlsx",
        [["Предмет: Русский язык"], ["Класс: 11А"], ["ФИО", "04.09", "11.09"], [A, "5", "4"]],
    )
    result = journal_check(school=school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert result.errors[0]["message"] == (
        "лист «Sheet»: дата «04.09» без года, а учебный год над таблицей не указан "
        "(«Учебный год: 2023-2024»)."
    )
    assert result.saved == 0


def test_a_long_extract_without_a_teacher_column_is_accepted_with_a_warning(pupils, school_a, tmp_path):
    rows = [row[:-1] for row in long_rows()]
    path = write_xlsx(tmp_path / "no-teacher.xlsx", rows)
    upload, result = save(school_a, path)
    assert not result.errors and result.saved == 14
    assert result.warnings == ["В файле нет столбца «Учитель»: отметки сохранятся без учителя."]
    upload.refresh_from_db()
    assert upload.report["layout"] == LONG_LAYOUT


def test_a_file_in_no_layout_still_says_which_columns_are_missing(pupils, school_a, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["Фамилия", "Что-то"], ["Иванов", "5"]])
    result = journal_check(school=school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert result.errors[0]["message"].startswith("В файле не найдена строка заголовков")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("1 четв.", "q1"),
        ("IV четверть", "q4"),
        ("2 ч", "q2"),
        ("I полугодие", "h1"),
        ("2 п/г", "h2"),
        ("1 пол.", "h1"),
        ("Год", "year"),
        ("годовая", "year"),
        ("Итог", "final"),
        ("Ср. балл", None),
        ("3 полугодие", None),
    ],
)
def test_period_headers_as_journals_write_them(text, period):
    assert period_of_header(text) == period


def test_the_preview_shows_the_layout(client, head_a, pupils, school_a, tmp_path):
    path = workbook_with_a_summary(tmp_path / "svod.xlsx")
    client.force_login(head_a)
    from django.urls import reverse

    with path.open("rb") as handle:
        response = client.post(
            reverse("medals:upload", args=["journal"]), {"school": school_a.pk, "file": handle}
        )
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="upload-layout"' in page and "сводная ведомость" in page
    assert "Гусейнов Артур — строка 8" in page


ODD_HEADER = ["Ученик", "Класс", "Учебный год", "Курс", "Период", "Вид работы", "Дата", "Балл", "Учитель"]


def odd_rows():
    """An extract from a journal that calls the subject «Курс» and the mark «Балл»."""
    return [ODD_HEADER, *(row for row in long_rows()[1:3])]


def test_unknown_columns_are_asked_and_the_answer_is_remembered_for_the_school(
    client, head_a, pupils, school_a, tmp_path
):
    from django.urls import reverse

    from medals.models import Upload

    client.force_login(head_a)
    path = write_xlsx(tmp_path / "odd.xlsx", odd_rows())
    with path.open("rb") as handle:
        response = client.post(
            reverse("medals:upload", args=["journal"]), {"school": school_a.pk, "file": handle}
        )
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="column-question-form"' in page and "Курс" in page
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.REJECTED
    client.post(
        reverse("medals:upload_columns", args=[upload.pk]), {"column-subject": "Курс", "column-mark": "Балл"}
    )
    upload.refresh_from_db()
    assert (upload.status, upload.saved) == (Upload.Status.PREVIEW, 2)
    # Next month's extract from the same journal goes straight to the preview.
    again = journal_check(school=school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert not again.errors and again.saved == 2


def test_import_journal_takes_the_columns_on_the_command_line(pupils, school_a, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = write_xlsx(tmp_path / "odd.xlsx", odd_rows())
    with pytest.raises(CommandError):
        call_command("import_journal", str(path), "--school", school_a.code, "--dry-run")
    capsys.readouterr()
    call_command(
        "import_journal",
        str(path),
        "--school",
        school_a.code,
        "--column",
        "Предмет=Курс",
        "--column",
        "Отметка=Балл",
    )
    assert Grade.objects.count() == 2
    with pytest.raises(CommandError, match="такого столбца нет"):
        call_command("import_journal", str(path), "--school", school_a.code, "--column", "Планета=Курс")


def test_a_class_sheet_named_after_its_class_with_a_blank_name_header(pupils, school_a, tmp_path):
    """Some journals leave the pupils' header cell empty and name the sheet after the class."""
    book = Workbook()
    sheet = book.active
    sheet.title = "11А"
    sheet.append(["Предмет: Русский язык", None, "Учебный год: 2023-2024"])
    sheet.append(["№", None, "04.09", "11.09", "1 четв."])
    sheet.append([1, A, 5, 4, 5])
    sheet.append([2, B, None, "3", 4])
    path = tmp_path / "11a.xlsx"
    book.save(path)
    result = journal_check(school=school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert not result.errors, result.errors
    assert (result.saved, result.layout) == (5, f"{CLASS_LAYOUT} (лист «11А»)")


@pytest.mark.parametrize("header", ["ФИО учащегося", "Фамилия, имя обучающегося", "Список класса", "Ф.И.О."])
def test_name_headers_journals_use(pupils, school_a, tmp_path, header):
    path = write_xlsx(
        tmp_path / "j.xlsx",
        [["Предмет: Алгебра"], ["Класс: 11А"], ["Учебный год: 2023-2024"], [header, "05.09"], [A, "5"]],
    )
    result = journal_check(school=school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert not result.errors and result.saved == 1, result.errors


def test_a_class_sheet_with_months_over_day_numbers(pupils, school_a, tmp_path):
    """Journals that print the month once over the days: «Сентябрь» over 4, 11, 18; «Октябрь» over 2."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Русский язык"
    sheet.append(["Класс: 11А", None, "2023-2024 учебный год"])
    sheet.append(["№", "ФИО", "Сентябрь", None, None, "Октябрь", "I полугодие"])
    sheet.append([None, None, 4, 11, 18, "2", None])
    sheet.merge_cells("C2:E2")
    sheet.merge_cells("B2:B3")
    sheet.append([1, A, 5, 4, "4/5", 3, 5])
    sheet.append([2, B, 4, 3, "н", None, 4])
    path = tmp_path / "months.xlsx"
    book.save(path)
    _, result = save(school_a, path)
    assert not result.errors, result.errors
    assert result.saved == 9  # «н» is an absence, «4/5» two marks
    dates = sorted({d for d in Grade.objects.values_list("work_date", flat=True) if d})
    assert dates == [
        datetime.date(2023, 9, 4),
        datetime.date(2023, 9, 11),
        datetime.date(2023, 9, 18),
        datetime.date(2023, 10, 2),
    ]
