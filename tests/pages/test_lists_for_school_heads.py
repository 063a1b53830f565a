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
