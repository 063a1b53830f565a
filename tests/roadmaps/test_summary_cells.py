"""{% summary_cells %} writes a row of the dashboard's table of schools in Python: exactly what the template
code it replaced wrote, for a school head and for the others, with and without overdue rows, and with a
school's name that needs escaping."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import reverse

from roadmaps.progress import SchoolSummary
from tests.factories import SchoolFactory

# The cells as the dashboard wrote them with template code.
TEMPLATE_CELLS = """{% load tables %}{% if not school_head %}<td><a href="{% url 'schools:school_detail' s.school.pk %}">{{ s.school.short_name }}</a></td>{% endif %}
    <td class="text-end"><a href="{{ list_url }}?school={{ s.school.pk }}&status=not_started">{{ s.not_started }}</a></td>
    <td class="text-end"><a href="{{ list_url }}?school={{ s.school.pk }}&status=in_progress">{{ s.in_progress }}</a></td>
    <td class="text-end"><a href="{{ list_url }}?school={{ s.school.pk }}&status=done">{{ s.done }}</a></td>
    <td class="text-end"><a class="{% if s.overdue %}text-danger fw-bold{% endif %}" href="{{ list_url }}?school={{ s.school.pk }}&overdue=on">{{ s.overdue }}</a></td>
    <td class="text-end hide-sm"><a href="{{ list_url }}?school={{ s.school.pk }}&status=not_required">{{ s.not_required }}</a></td>
    <td>{% progress_bar s.percent_done %}</td>"""  # noqa: E501


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.django_db
@pytest.mark.parametrize("school_head", [False, True])
@pytest.mark.parametrize(
    "counts",
    [(0, 0, 0, 0, 0, 0), (12, 3, 4, 2, 1, 2), (1500, 0, 0, 1500, 0, 0), (7, 0, 0, 0, 7, 0)],
)
def test_the_cells_are_those_the_template_wrote(municipality, school_head, counts):
    school = SchoolFactory(municipality=municipality, short_name='СОШ «Берёзка» <№1> & "филиал"')
    summary = SchoolSummary(school, *counts)
    context = {"s": summary, "list_url": reverse("roadmaps:measure_list"), "school_head": school_head}
    expected = _render(TEMPLATE_CELLS, **context)
    written = _render("{% load roadmap_tags %}{% summary_cells s list_url school_head %}", **context)
    assert written == expected
    assert ("&lt;№1&gt; &amp; &quot;филиал&quot;" in written) is not school_head
