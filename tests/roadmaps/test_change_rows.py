"""A plan row's history is written in Python (roadmap_tags.change_rows): the same HTML the template's loop
wrote, in the municipality's time zone, escaping included."""

from __future__ import annotations

import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import timezone

from roadmaps.models import ProgressChange, ProgressStatus
from roadmaps.templatetags.roadmap_tags import change_rows
from schools.models import User

LOOP = (
    "{% for c in changes %}\n"
    '        <tr><td class="text-nowrap">{{ c.changed_at|date:"d.m.Y H:i" }}</td>'
    "<td>{{ c.changed_by.short_name }}</td>\n"
    "        <td>{{ c.get_old_status_display }}{% if c.old_comment != c.new_comment and c.old_comment %}"
    '<div class="text-muted prewrap">{{ c.old_comment }}</div>{% endif %}</td>\n'
    "        <td>{{ c.get_new_status_display }}{% if c.old_comment != c.new_comment %}"
    '<div class="text-muted prewrap">{{ c.new_comment }}</div>{% endif %}</td></tr>\n'
    "      {% endfor %}"
)


def test_the_rows_are_what_the_template_wrote():
    author = User(last_name="О'Коннор", first_name="Анна", middle_name="Ильинична")
    at = datetime.datetime(2026, 3, 1, 21, 30, tzinfo=datetime.UTC)
    changes = [
        ProgressChange(changed_by=author, changed_at=at, old_status="", new_status=ProgressStatus.IN_PROGRESS,
                       old_comment="", new_comment="Начали <сверку> & «проверку»"),
        ProgressChange(changed_by=None, changed_at=at, old_status=ProgressStatus.IN_PROGRESS,
                       new_status=ProgressStatus.DONE, old_comment="Было", new_comment="Было"),
        ProgressChange(changed_by=author, changed_at=at, old_status=ProgressStatus.DONE,
                       new_status=ProgressStatus.IN_PROGRESS, old_comment="Было\nдве строки", new_comment=""),
    ]  # fmt: skip
    for zone in ("Europe/Moscow", "Asia/Tomsk"):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            written = change_rows(changes)
            assert written == Template(LOOP).render(Context({"changes": changes}))
    assert "&lt;сверку&gt; &amp;" in written and "О&#x27;Коннор" in written
    assert change_rows([]) == ""
