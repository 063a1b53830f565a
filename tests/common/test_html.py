"""common.html.html: the same string as Django's format_html, for every kind of argument."""

from __future__ import annotations

import pytest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from common.html import escaped, html


@pytest.mark.parametrize(
    ("template", "args"),
    [
        ('<a href="{}" title="{}">{}</a>', ('/x?a=1&b="2"', "it's", "<b>Школа №1</b>")),
        ("{}{}", (mark_safe("<i>safe</i>"), None)),
        ("{} {} {}", (5, 2.5, gettext_lazy("Сохранено <sic>"))),
        ("<td>{}</td>", ("\u00a0&amp; «ёлка»",)),
        ("{}", (mark_safe("<span>") + "<x>",)),
    ],
)
def test_html_writes_what_format_html_writes(template, args):
    ours = html(template, *args)
    assert ours == format_html(template, *args)
    assert isinstance(ours, SafeString)


def test_escaped_leaves_safe_strings_and_escapes_the_rest():
    assert escaped(mark_safe("<b>")) == "<b>"
    assert escaped("<b>\"'&") == "&lt;b&gt;&quot;&#x27;&amp;"
