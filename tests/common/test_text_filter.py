"""``clip`` (common/templatetags/text.py): what truncatechars writes for the texts of this app, faster."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.defaultfilters import truncatechars
from django.utils.safestring import mark_safe

from common.templatetags.text import clip

TITLE = (
    "Проведение мониторинга объективности результатов ВПР в общеобразовательных организациях "
    "района с анализом «красных зон» и выработкой адресных мер"
)


@pytest.mark.parametrize("length", [1, 2, 10, 60, 119, 120, len(TITLE) - 1, len(TITLE), len(TITLE) + 5])
def test_it_writes_what_truncatechars_writes(length):
    assert clip(TITLE, length) == truncatechars(TITLE, length)
    assert len(clip(TITLE, length)) == min(length, len(TITLE))


def test_short_empty_and_odd_values():
    assert clip("", 10) == ""
    assert clip("Школа", 0) == ""
    assert clip(None, 10) == truncatechars(None, 10) == "None"
    assert clip(12345, 3) == truncatechars(12345, 3)
    assert clip("Школа", "много") == "Школа"


def test_every_template_has_it_and_it_still_escapes():
    template = Template("{{ title|clip:6 }}|{{ html|clip:4 }}|{{ safe|clip:40 }}")
    out = template.render(Context({"title": TITLE, "html": "<b>жирный</b>", "safe": mark_safe("<i>да</i>")}))
    assert out == "Прове…|&lt;b&gt;…|<i>да</i>"
