from __future__ import annotations

import datetime
import io

from openpyxl import load_workbook

from reports.builders import build_document
from reports.documents import MatrixDocument, MatrixMeasure, progress_matrix
from reports.xlsx import progress_matrix_xlsx
from roadmaps.models import ProgressStatus
from schools.models import School

from .conftest import measure_numbered, set_status

MARCH_15 = datetime.date(2024, 3, 15)


def _matrix(roadmap, as_of=MARCH_15):
    schools = School.objects.filter(municipality=roadmap.municipality)
    return progress_matrix(roadmap=roadmap, schools=schools, as_of=as_of)


def _read(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_matrix_has_measures_down_and_schools_across_with_the_status_in_each_cell(
    medal_plan, school_a, school_b
):
    set_status(measure_numbered(medal_plan, "1."), school_a, ProgressStatus.DONE)
    set_status(measure_numbered(medal_plan, "6."), school_b, ProgressStatus.IN_PROGRESS)
    set_status(measure_numbered(medal_plan, "7.1"), school_b, ProgressStatus.NOT_REQUIRED)
    sheet = _read(progress_matrix_xlsx(document=_matrix(medal_plan)))["Исполнение"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "№",
        "Мероприятие",
        "Сроки (как в документе)",
        "Срок окончания",
        "Выполнено, %",
        "УО",
        "МКОУ «Школа А»",
        "МКОУ «Школа Б»",
    ]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    first = rows["Предварительная оценка количества претендентов на медаль"]
    assert [c.value for c in first[5:]] == [None, "выполнено", "просрочено"]
    assert first[4].value == 50
    sixth = rows["Анализ качества подготовки выпускников-претендентов на медаль"]
    assert [c.value for c in sixth[6:]] == ["не начато", "в работе"]
    seventh_one = rows["Проверка соответствия оценок в журналах оценкам в тетрадях"]
    assert [c.value for c in seventh_one[6:]] == ["просрочено", "не требуется"]
    department = rows["Рабочее совещание «Требования к уровню подготовки претендентов на медаль»"]
    assert [c.value for c in department[5:]] == ["просрочено", None, None]
    assert sheet.max_row == 1 + medal_plan.measures.count()


def test_matrix_cells_are_coloured_like_the_status_badges(medal_plan, school_a):
    set_status(measure_numbered(medal_plan, "1."), school_a, ProgressStatus.DONE)
    sheet = _read(progress_matrix_xlsx(document=_matrix(medal_plan)))["Исполнение"]
    colours = {}
    for row in sheet.iter_rows(min_row=2, min_col=6):
        for cell in row:
            if cell.value:
                colours[cell.value] = cell.fill.start_color.rgb[-6:]
    assert colours["выполнено"] == "C6EFCE"
    assert colours["просрочено"] == "FFC7CE"
    assert colours["не начато"] == "D9D9D9"


def test_matrix_freezes_the_header_and_first_columns_filters_and_keeps_dates_as_dates(medal_plan):
    workbook = _read(progress_matrix_xlsx(document=_matrix(medal_plan)))
    sheet = workbook["Исполнение"]
    assert sheet.freeze_panes == "F2"
    assert sheet.auto_filter.ref == f"A1:H{1 + medal_plan.measures.count()}"
    first_deadline = sheet["D2"]
    assert first_deadline.is_date
    assert first_deadline.value.date() == datetime.date(2023, 11, 30)
    legend = workbook["Легенда"]
    assert legend["B2"].value.date() == MARCH_15
    assert [legend.cell(row=r, column=1).value for r in range(4, 10)] == [
        "не начато",
        "в работе",
        "выполнено",
        "выполнено с опозданием",
        "просрочено",
        "не требуется",
    ]


def test_matrix_counts_overdue_as_of_the_date_it_is_built_for(medal_plan):
    early = _read(progress_matrix_xlsx(document=_matrix(medal_plan, as_of=datetime.date(2023, 11, 1))))
    values = {cell.value for row in early["Исполнение"].iter_rows(min_row=2, min_col=6) for cell in row}
    assert "просрочено" not in values


def test_matrix_writes_text_that_looks_like_a_formula_as_text():
    document = MatrixDocument(
        title='=HYPERLINK("http://evil")',
        as_of=MARCH_15,
        columns=["+СОШ", "@школа"],
        measures=[
            MatrixMeasure(
                number="-1",
                title="=1+1",
                deadline_text="=СЕГОДНЯ()",
                deadline=None,
                percent_done=None,
                cells=["done", ""],
            )
        ],
    )
    workbook = _read(progress_matrix_xlsx(document=document))
    sheet = workbook["Исполнение"]
    assert [c.value for c in sheet[1]][5:] == ["+СОШ", "@школа"]
    assert [c.data_type for c in sheet[2][:3]] == ["s", "s", "s"]
    assert sheet["B2"].value == "=1+1"
    assert workbook["Легенда"]["B1"].data_type == "s"


def test_a_methodist_gets_only_the_columns_of_the_schools_they_curate(medal_plan, methodist_a):
    built = build_document(kind="progress-xlsx", params={"roadmap": medal_plan.pk}, owner=methodist_a)
    header = [cell.value for cell in _read(built.content)["Исполнение"][1]]
    assert header[5:] == ["УО", "МКОУ «Школа А»"]
