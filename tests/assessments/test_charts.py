"""Server-side SVG charts: well-formed, one bar per value, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assessments.charts import ShareBar, histogram_svg, marks_svg, shares_svg

SVG = "{http://www.w3.org/2000/svg}"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_marks_chart_draws_a_vpr_and_a_journal_bar_for_each_mark():
    root = _tree(marks_svg(title="Школа <А>", vpr={2: 1, 3: 4, 4: 6, 5: 2}, journal={3: 3, 4: 8, 5: 2}))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 8
    tips = [bar.find(f"{SVG}title").text for bar in bars]
    assert "«4» ВПР: 6" in tips and "«2» журнал: 0" in tips
    assert root.find(f"{SVG}title").text == "Школа <А>"


def test_shares_chart_stacks_three_shares_per_school_to_full_width():
    root = _tree(
        shares_svg(
            title="ВПР", bars=[ShareBar("Школа", 0.25, 0.5, 0.25), ShareBar("Муниципалитет", 0, 1, 0, True)]
        )
    )
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(widths) == 6
    assert abs(sum(widths[:3]) - sum(widths[3:])) < 0.5


def test_histogram_marks_each_boundary():
    svg = histogram_svg(title="Баллы", counts=[0, 1, 5, 2], boundaries={3: 2})
    root = _tree(svg)
    assert len([r for r in root.iter(f"{SVG}rect")]) == 4
    assert "«3» от 2" in svg and "stroke-dasharray" in svg


def test_an_empty_chart_is_still_a_valid_picture():
    _tree(shares_svg(title="Пусто", bars=[]))
    _tree(histogram_svg(title="Пусто", counts=[], boundaries={}))
