"""The rows of «what the file lacks» are written in Python (medals_tags.missing_rows): the same HTML the
template's loop wrote, escaping included."""

from __future__ import annotations

from django.template import Context, Template

from medals.templatetags.medals_tags import missing_rows

LOOP = (
    '{% for m in missing %}<tr><td>{{ m.candidate }}{% if m.absent %} <span class="badge text-bg-danger">'
    "нет в файле</span>{% endif %}</td><td>{{ m.subject }}</td><td>{{ m.year }}</td>"
    '<td>{{ m.periods|join:", " }}</td><td class="text-end">{{ m.marks }}</td></tr>{% endfor %}'
)
MISSING = [
    {"candidate": "Арсланова Динара", "absent": True, "subject": "Русский язык", "year": "2023-2024",
     "periods": ["I четверть", "II четверть"], "marks": 4},
    {"candidate": "O'Brien <b>&</b>", "absent": False, "subject": "Физика \"углублённая\"",
     "year": "2024-2025", "periods": [], "marks": 0},
    {"candidate": "Без периодов", "subject": "Химия", "year": "2024-2025", "marks": 12},
]  # fmt: skip


def test_the_rows_are_what_the_template_wrote():
    assert missing_rows(MISSING) == Template(LOOP).render(Context({"missing": MISSING}))
    assert "O&#x27;Brien &lt;b&gt;&amp;&lt;/b&gt;" in missing_rows(MISSING)


def test_nothing_missing_is_no_rows():
    assert missing_rows([]) == "" == missing_rows("")
