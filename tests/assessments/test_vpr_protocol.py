"""Schools' «Протокол» forms from ФИС ОКО: marks from the scale, «Х» as 0, the absent counted, the work
named by the form or the upload, and the scale entered once and reused."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from assessments.models import ResultUpload, VprGradingScale, VprResult, VprTest
from assessments.vpr_import import vpr_import
from assessments.vpr_scales import parse_scale, scale_mark

HEADER = [
    "Пользователь",
    "Код",
    "Вариант",
    1,
    2,
    3,
    "4.1",
    "4.2",
    "Наименование класса",
    "Пол",
    "Отметка за предыдущий триместр/четверть/полугодие",
    "Учебник",
]
BOOK = "Виленкин Н.Я. и др."


def protocol_xlsx(rows, *, above=(), header=HEADER, sheet="Протокол", max_row=None, others=("Инструкция",)):
    """A school's form as ФИС ОКО gives it out: an instruction sheet first, then «Протокол»."""
    workbook = Workbook()
    first = workbook.active
    first.title = others[0] if others else sheet
    if others:
        first.append(["Заполните лист «Протокол». Для отсутствующих укажите вариант «отсутствовал»."])
        target = workbook.create_sheet(sheet)
    else:
        target = first
    for line in above:
        target.append(list(line))
    target.append(list(header))
    if max_row is not None:
        target.append(list(max_row))
    for row in rows:
        target.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SCHOOL_A_ROWS = [
    ["edu100001", 50001, 1, 1, 2, 1, 1, 2, "5а", "ж", 5, BOOK],  # 7 → «4» by 4,7,10
    ["edu100001", 50002, 2, 1, 2, 2, 1, 2, "5а", "м", 4, BOOK],  # 8 → «4»
    ["edu100001", 50003, "отсутствовал", None, None, None, None, None, "5а", "м", 3, BOOK],
    ["edu100001", 50004, 1, "Х", "X", 0, "х", 1, "5б", "ж", 3, BOOK],  # 1 → «2»
    ["edu100001", 50005, 2, 1, 2, 2, 1, 3, "5б", "ж", "", BOOK],  # 9 → «4»: the variant comes first
]
TITLE = [["ВПР 2025. Математика. 5 класс"], ["Дата проведения:", "15.04.2025"]]


@pytest.fixture
def logins(school_a, school_b):
    school_a.fis_oko_login, school_b.fis_oko_login = "sch100001", "sch100002"
    school_a.save()
    school_b.save()


def load(municipality, content, name="protocol.xlsx", **options):
    return vpr_import(content=content, filename=name, municipality=municipality, options=options)


@pytest.mark.parametrize(
    ("primary", "mark"), [(0, 2), (3, 2), (4, 3), (6, 3), (7, 4), (9, 4), (10, 5), (15, 5)]
)
def test_a_primary_score_gets_its_mark_by_the_scale(primary, mark):
    assert scale_mark(primary, (4, 7, 10)) == mark


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7,11", "три числа"),
        ("7,11,пять", "«пять» для отметки «5» — не целое число"),
        ("11,7,15", "должны расти"),
        ("0,4,8", "должны расти"),
    ],
)
def test_a_bad_scale_is_refused_in_russian(text, message):
    with pytest.raises(Exception, match=message):
        parse_scale(text)


def test_a_protocol_gets_marks_from_the_scale_counts_x_as_zero_and_the_absent_apart(
    municipality, logins, school_a
):
    report = load(municipality, protocol_xlsx(SCHOOL_A_ROWS, above=TITLE), scale="4, 7, 10")
    assert report.ok, [str(e) for e in report.errors]
    assert report.saved and report.layout == "«Протокол» школы (форма ФИС ОКО)"
    assert (report.subject, report.grade, report.year, report.absent) == ("Математика", 5, 2025, 1)
    test = VprTest.objects.get()
    assert test.title == "ВПР 2025 Математика 5 класс" and str(test.held_on) == "2025-04-15"
    assert [t["number"] for t in test.tasks] == ["1", "2", "3", "4.1", "4.2"]
    results = {
        r.participant_code: (r.primary_score, r.mark, r.journal_mark, r.class_name)
        for r in VprResult.objects.filter(school=school_a)
    }
    assert results == {
        "50001": (7, 4, 5, "5а"),
        "50002": (8, 4, 4, "5а"),
        "50004": (1, 2, 3, "5б"),
        "50005": (9, 4, None, "5б"),
    }
    assert VprResult.objects.get(participant_code="50004").task_scores == [None, None, 0, None, 1]
    scale = VprGradingScale.objects.get()
    assert (scale.subject.name, scale.grade, scale.year, scale.mins) == ("Математика", 5, 2025, (4, 7, 10))


def test_the_scale_is_entered_once_and_the_next_schools_form_uses_it(municipality, logins, school_b):
    load(municipality, protocol_xlsx(SCHOOL_A_ROWS, above=TITLE), scale="4,7,10")
    rows_b = [["EDU100002", 7, 1, 2, 2, 2, 1, 3, "5", "ж", 5, BOOK]]
    report = load(municipality, protocol_xlsx(rows_b, above=TITLE))
    assert report.ok and report.scale_source == "сохранённая", [str(e) for e in report.errors]
    assert VprResult.objects.get(school=school_b).mark == 5
    assert VprResult.objects.count() == 5  # school A's results stay


def test_without_a_scale_the_form_is_refused_with_what_to_enter(municipality, logins):
    report = load(municipality, protocol_xlsx(SCHOOL_A_ROWS, above=TITLE))
    assert [str(e) for e in report.errors] == [
        "Нет шкалы отметок для ВПР «Математика», 5 класс, 2025: укажите при загрузке, с какого первичного "
        "балла ставится «3», «4» и «5» (например 7,11,15; в команде — --scale 7,11,15). Шкала сохранится "
        "для следующих форм."
    ]
    assert not VprResult.objects.exists()


def test_a_form_that_does_not_name_the_work_takes_it_from_the_upload(municipality, logins):
    content = protocol_xlsx(SCHOOL_A_ROWS)
    refused = load(municipality, content, scale="4,7,10")
    assert "Предмет не указан ни в форме, ни при загрузке" in refused.errors[0].message
    report = load(municipality, content, subject="математика", grade=5, year=2025, scale="4,7,10")
    assert report.ok and VprResult.objects.count() == 4


def test_the_forms_own_word_wins_and_a_contradiction_is_an_error(municipality, logins):
    report = load(municipality, protocol_xlsx(SCHOOL_A_ROWS, above=TITLE), grade=6, scale="4,7,10")
    assert [str(e) for e in report.errors] == ["В форме указан класс 5, а при загрузке — 6."]


def test_labels_in_cells_above_the_table_are_read(municipality, logins):
    above = [["Предмет", "Русский язык"], ["Класс", "5"], ["Год", "2025"]]
    report = load(municipality, protocol_xlsx(SCHOOL_A_ROWS, above=above), scale="4,7,10")
    assert report.ok and report.subject == "Русский язык", [str(e) for e in report.errors]


def test_a_max_row_bounds_each_task_and_bad_cells_are_placed(municipality, logins):
    rows = [
        ["edu100001", 1, 1, 3, 1, 1, 1, 1, "5а", "ж", 6, BOOK],
        ["edu100001", 2, 1, "н", 1, 1, 1, 1, "5а", "ж", 4, BOOK],
    ]
    max_row = ["Макс. балл", None, None, 2, 1, 2, 2, 3]
    report = load(municipality, protocol_xlsx(rows, above=TITLE, max_row=max_row), scale="4,7,10")
    assert [str(e) for e in report.errors] == [
        "Строка 5, столбец «1» (D): балл «3» — ожидается целое от 0 до 2 или «Х»",
        "Строка 5, столбец «Отметка за предыдущий период» (K): «6» — ожидается отметка от 2 до 5 или пустая "
        "ячейка",
        "Строка 6, столбец «1» (D): балл «н» — ожидается целое от 0 до 2 или «Х»",
    ]
    assert not VprResult.objects.exists()


def test_an_unknown_login_of_a_protocol_is_an_error_of_its_rows(municipality, logins):
    rows = [["edu999999", 1, 1, 1, 1, 1, 1, 1, "5а", "ж", 4, BOOK]]
    report = load(municipality, protocol_xlsx(rows, above=TITLE), scale="4,7,10")
    assert report.errors[0].row == 4 and report.errors[0].column == "Пользователь"
    assert "логин ОО «edu999999» не записан ни у одной школы" in report.errors[0].message


def test_prefilled_codes_without_results_are_skipped_with_a_warning(municipality, logins):
    rows = [*SCHOOL_A_ROWS, ["edu100001", 50006], ["edu100001", 50007, None, None]]
    report = load(municipality, protocol_xlsx(rows, above=TITLE), scale="4,7,10")
    assert report.ok
    assert any("Строки без результатов пропущены (2): коды 50006, 50007" in w for w in report.warnings)


def test_a_single_sheet_and_a_csv_protocol_are_recognised_by_their_header(municipality, logins):
    single = protocol_xlsx(SCHOOL_A_ROWS, above=TITLE, sheet="Лист1", others=())
    assert load(municipality, single, scale="4,7,10").layout == "«Протокол» школы (форма ФИС ОКО)"
    lines = [";".join("" if c is None else str(c) for c in row) for row in [*TITLE, HEADER, *SCHOOL_A_ROWS]]
    report = load(municipality, "\n".join(lines).encode("cp1251"), name="protocol.csv", scale="4,7,10")
    assert report.ok and len(report.rows) == 4, [str(e) for e in report.errors]


def test_maxima_unknown_grow_with_each_schools_form(municipality, logins):
    load(municipality, protocol_xlsx(SCHOOL_A_ROWS, above=TITLE), scale="4,7,10")
    assert [t["max"] for t in VprTest.objects.get().tasks] == [1, 2, 2, 1, 3]
    rows_b = [["edu100002", 7, 1, 3, 1, 2, 1, 3, "5в", "ж", 5, BOOK]]
    report = load(municipality, protocol_xlsx(rows_b, above=TITLE))
    assert report.ok, [str(e) for e in report.errors]
    assert [t["max"] for t in VprTest.objects.get().tasks] == [3, 2, 2, 1, 3]


def test_import_vpr_takes_subject_grade_year_and_scale(municipality, logins, tmp_path):
    path = tmp_path / "Протокол_5_мат.xlsx"
    path.write_bytes(protocol_xlsx(SCHOOL_A_ROWS))
    out = io.StringIO()
    args = ["--subject", "Математика", "--grade", "5", "--year", "2025", "--scale", "4,7,10"]
    call_command("import_vpr", str(path), *args, "--json", "--dry-run", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["layout"], data["absent"], data["scale"], data["rows"]) == (
        "«Протокол» школы (форма ФИС ОКО)",
        1,
        [4, 7, 10],
        4,
    )
    assert not VprGradingScale.objects.exists()
    out = io.StringIO()
    call_command("import_vpr", str(path), *args, stdout=out)
    assert "Шкала отметок (сохранена): «3» от 4, «4» от 7, «5» от 10." in out.getvalue()
    assert "участников 4, школ 1, отсутствовали 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import_vpr", str(path), "--scale", "10,7,4", stdout=io.StringIO())


def test_the_coordinator_uploads_a_protocol_with_the_scale_in_the_form(
    client, coordinator, municipality, logins
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("Протокол.xlsx", protocol_xlsx(SCHOOL_A_ROWS, above=TITLE))
    response = client.post(reverse("assessments:vpr_upload"), {"file": upload, "scale": "4,7,10"})
    page = client.get(response["Location"]).content.decode()
    assert "«Протокол» школы (форма ФИС ОКО)" in page and "«3» от 4, «4» от 7, «5» от 10" in page
    assert not VprGradingScale.objects.exists()
    client.post(reverse("assessments:upload_confirm", args=[ResultUpload.objects.get().pk]))
    assert VprGradingScale.objects.get().entered_by == coordinator
    listing = client.get(reverse("assessments:vpr_upload")).content.decode()
    assert 'data-testid="vpr-scales"' in listing


def test_a_bad_scale_in_the_upload_form_is_shown_on_the_form(client, coordinator, municipality):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("Протокол.xlsx", protocol_xlsx(SCHOOL_A_ROWS, above=TITLE))
    response = client.post(reverse("assessments:vpr_upload"), {"file": upload, "scale": "15,11,7"})
    assert response.status_code == 400
    assert "должны расти" in response.content.decode()
    assert not ResultUpload.objects.exists()


def test_russian_language_criteria_columns_are_tasks(municipality, logins):
    """The Russian-language form heads its criteria «1К1», «1К2», «2К1» and its parts «3(1)»."""
    header = [
        "Пользователь",
        "Код",
        "Вариант",
        "1К1",
        "1К2",
        "2 К1",
        "3(1)",
        "3(2)",
        "Наименование класса",
        "Пол",
        "Отметка за предыдущий триместр/четверть/полугодие",
        "Учебник",
    ]
    rows = [["edu100001", 1, 1, 4, 3, 2, 1, "Х", "5а", "м", 4, "Ладыженская Т.А."]]
    above = [["ВПР 2025 Русский язык 5 класс"]]
    report = load(municipality, protocol_xlsx(rows, above=above, header=header), scale="5,8,10")
    assert report.ok, [str(e) for e in report.errors]
    assert [t["number"] for t in report.tasks] == ["1К1", "1К2", "2К1", "3(1)", "3(2)"]
    assert (report.rows[0].primary, report.rows[0].mark) == (10, 5)


def test_a_level_row_over_the_tasks_gives_their_levels(municipality, logins):
    above = [*TITLE, [None, None, None, "Б", "Б", "Б", "П", "П"]]
    report = load(municipality, protocol_xlsx(SCHOOL_A_ROWS, above=above), scale="4,7,10")
    assert report.ok, [str(e) for e in report.errors]
    assert [t["level"] for t in VprTest.objects.get().tasks] == ["Б", "Б", "Б", "П", "П"]


@pytest.mark.parametrize("written", ["отсутствовал", "Отсутствовала", "ОТСУТСТВОВАЛ", "не писал", "неявка"])
def test_the_absent_are_counted_however_the_school_wrote_it(municipality, logins, written):
    rows = [
        *SCHOOL_A_ROWS[:2],
        ["edu100001", 50009, written, None, None, None, None, None, "5а", "ж", 4, BOOK],
    ]
    report = load(municipality, protocol_xlsx(rows, above=TITLE), scale="4,7,10")
    assert report.ok and (len(report.rows), report.absent) == (2, 1), [str(e) for e in report.errors]
