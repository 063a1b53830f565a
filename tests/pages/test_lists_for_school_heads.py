"""A school head's lists leave out the «Школа» column (it is always their school); list filters carry
the marker that folds them behind «Фильтры» on a phone (the browser test checks the folding)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _head(page: str) -> str:
    return page[page.index("<thead>"):page.index("</thead>")]


def test_the_school_column_is_left_out_for_a_school_head_only(client, head_a, methodist_a, progress_a):
    client.force_login(head_a)
    page = client.get("/roadmaps/measures/").content.decode()
    assert "Школа" not in _head(page)
    assert f'href="/roadmaps/progress/{progress_a.pk}/"' in page  # the row still opens, from its status
    client.force_login(methodist_a)
    assert "Школа" in _head(client.get("/roadmaps/measures/").content.decode())


def test_the_candidates_list_of_a_school_head_has_no_school_column(client, head_a, department_head):
    client.force_login(head_a)
    page = client.get("/medals/").content.decode()
    assert "<thead>" not in page or "Школа" not in _head(page)
    assert 'data-filter-fold' in page


def test_list_filters_are_marked_to_fold_on_a_phone(client, methodist_a):
    client.force_login(methodist_a)
    assert "data-filter-fold" in client.get("/roadmaps/measures/").content.decode()


def test_each_status_select_and_comment_is_labelled_with_its_school(client, methodist_a, measure, progress_a):
    client.force_login(methodist_a)
    page = client.get(f"/roadmaps/measures/{measure.pk}/").content.decode()
    assert 'aria-label="Статус: МКОУ «Школа А»"' in page
    assert 'aria-label="Комментарий: МКОУ «Школа А»"' in page


def _heads(page: str) -> str:
    """Every table header of the page (the dashboard and the risk groups have several tables)."""
    return " ".join(part.split("</thead>")[0] for part in page.split("<thead>")[1:])


@pytest.mark.parametrize(
    "url",
    ["/", "/medals/risks/?tab=candidates", "/medals/risks/?tab=teachers", "/medals/risks/?tab=schools",
     "/medals/comparison/", "/assessments/objectivity/", "/assessments/procedures/dates/"],
)
def test_summary_pages_of_a_school_head_have_no_school_column(client, head_a, progress_a, url):
    client.force_login(head_a)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<thead>" not in page or "Школа" not in _heads(page)
    if url == "/":
        assert "<thead>" in page and "МКОУ «Школа А»" in page  # the table is there, named by its school


@pytest.mark.parametrize("url", ["/", "/medals/risks/?tab=schools", "/medals/indicators/"])
def test_the_department_still_sees_the_school_column(client, department_head, progress_a, url):
    client.force_login(department_head)
    assert "Школа" in _heads(client.get(url).content.decode())


@pytest.mark.parametrize("tab", ["candidates", "teachers", "schools"])
def test_a_school_heads_risk_exports_have_no_school_column(client, head_a, department_head, tab):
    import io

    from openpyxl import load_workbook

    def header(user):
        client.force_login(user)
        response = client.get(f"/medals/risks/?tab={tab}&export=xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [cell.value for cell in next(sheet.iter_rows(max_row=1))]

    assert "Школа" not in header(head_a)
    assert "Школа" in header(department_head)


def test_the_export_drops_the_column_with_its_cells_and_width():
    import io

    from openpyxl import load_workbook

    from common.xlsx import table_to_xlsx

    content = table_to_xlsx(title="t", headers=["ФИО", "Школа", "Класс"], rows=[["Иванов", "СОШ 1", "11А"]],
                            widths=[30, 40, 8], omit=("Школа",))
    sheet = load_workbook(io.BytesIO(content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["ФИО", "Класс"], ["Иванов", "11А"]]
    assert sheet.column_dimensions["B"].width == 8


@pytest.mark.parametrize("url", ["/roadmaps/measures/?export=xlsx", "/assessments/results/vpr/?export=xlsx",
                                 "/assessments/objectivity/?export=xlsx",
                                 "/assessments/results/ege/?export=xlsx"])
def test_a_school_heads_list_exports_have_no_school_column(client, head_a, methodist_a, progress_a, url):
    import io

    from openpyxl import load_workbook

    def header(user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [cell.value for cell in next(sheet.iter_rows(max_row=1))]

    assert "Школа" not in header(head_a)
    assert "Школа" in header(methodist_a)


def test_the_measure_page_and_its_saved_row_have_no_school_column_for_a_school_head(
    client, head_a, methodist_a, measure, progress_a
):
    client.force_login(head_a)
    page = client.get(f"/roadmaps/measures/{measure.pk}/").content.decode()
    rows = page[page.index('data-testid="progress-rows"'):]
    assert "Школа" not in _head(rows)
    assert f'href="/roadmaps/progress/{progress_a.pk}/"' in rows  # «Подробнее» still opens the row
    response = client.post(f"/roadmaps/progress/{progress_a.pk}/status/",
                           {f"p{progress_a.pk}-status": "in_progress", f"p{progress_a.pk}-comment": "",
                            f"p{progress_a.pk}-version": progress_a.version},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    row = response.content.decode()
    assert row.count("<td") == 4 and ">МКОУ «Школа А»</a>" not in row  # the swapped row matches the table
    client.force_login(methodist_a)
    page = client.get(f"/roadmaps/measures/{measure.pk}/").content.decode()
    assert "Школа" in _head(page[page.index('data-testid="progress-rows"'):])
