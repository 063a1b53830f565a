"""Charts drawn on the server as SVG text, so the page and the PDF show the same picture (no JS library).

Every function takes plain numbers and returns a complete <svg> element; text is escaped here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
VPR_COLOUR, JOURNAL_COLOUR = "#0d6efd", "#adb5bd"
LOWERED_COLOUR, CONFIRMED_COLOUR, RAISED_COLOUR = "#dc3545", "#ced4da", "#0d6efd"


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    # A minimum width keeps the text readable on a phone: the page scrolls the chart sideways instead.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px;min-width:{min(width, 480)}px" role="img" '
        f'aria-label="{escape(label)}" {FONT} font-size="11">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, colour: str, tip: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{colour}">'
        f"<title>{escape(tip)}</title></rect>"
    )


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    body = []
    for label, colour in items:
        body.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        body.append(_text(x + 14, y, label, anchor="start"))
        x += 14 + 7 * len(label) + 16
    return body


def marks_svg(*, title: str, vpr: Mapping[int, int], journal: Mapping[int, int]) -> str:
    """ВПР marks against journal marks of the same participants: two bars for each mark 2…5."""
    width, height, left, bottom, top = 360, 220, 30, 30, 44
    marks = (2, 3, 4, 5)
    peak = max([*vpr.values(), *journal.values(), 1])
    plot_h = height - top - bottom
    group = (width - left - 10) / len(marks)
    bar = group * 0.32
    body = [
        _text(width / 2, 14, title),
        *_legend(left, 32, [("ВПР", VPR_COLOUR), ("журнал", JOURNAL_COLOUR)]),
    ]
    body.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#666"/>'
    )
    for i, mark in enumerate(marks):
        x0 = left + i * group + group * 0.15
        for j, (source, counts, colour) in enumerate(
            (("ВПР", vpr, VPR_COLOUR), ("журнал", journal, JOURNAL_COLOUR))
        ):
            count = counts.get(mark, 0)
            h = plot_h * count / peak
            x = x0 + j * (bar + 2)
            y = height - bottom - h
            body.append(_rect(x, y, bar, h, colour, f"«{mark}» {source}: {count}"))
            body.append(_text(x + bar / 2, y - 3, str(count)))
        body.append(_text(x0 + bar + 1, height - bottom + 15, f"«{mark}»"))
    return _svg(width, height, title, body)


@dataclass(frozen=True)
class ShareBar:
    label: str
    lowered: float
    confirmed: float
    raised: float
    highlight: bool = False


def shares_svg(*, title: str, bars: Sequence[ShareBar]) -> str:
    """«Понизили / подтвердили / повысили» of each school as a stacked bar of 100%."""
    width, row_h, label_w, top = 760, 22, 300, 44
    height = top + row_h * max(len(bars), 1) + 8
    plot_w = width - label_w - 10
    body = [
        _text(width / 2, 14, title),
        *_legend(
            label_w,
            32,
            [("понизили", LOWERED_COLOUR), ("подтвердили", CONFIRMED_COLOUR), ("повысили", RAISED_COLOUR)],
        ),
    ]
    for i, item in enumerate(bars):
        y = top + i * row_h
        label = item.label if len(item.label) <= 40 else item.label[:39] + "…"
        weight = ' font-weight="bold"' if item.highlight else ""
        body.append(_text(label_w - 6, y + 14, label, anchor="end", extra=weight))
        x = label_w
        for name, share, colour in (
            ("понизили", item.lowered, LOWERED_COLOUR),
            ("подтвердили", item.confirmed, CONFIRMED_COLOUR),
            ("повысили", item.raised, RAISED_COLOUR),
        ):
            w = plot_w * share
            percent = f"{share * 100:.0f}%"
            body.append(_rect(x, y + 3, w, row_h - 6, colour, f"{item.label}: {name} {percent}"))
            if share >= 0.08:
                fill = ' fill="#fff"' if colour != CONFIRMED_COLOUR else ""
                body.append(_text(x + w / 2, y + 15, percent, extra=fill))
            x += w
    return _svg(width, height, title, body)


def histogram_svg(*, title: str, counts: Sequence[int], boundaries: Mapping[int, int]) -> str:
    """Participants by primary score, with the mark boundaries read from the file drawn as dashed lines."""
    width, height, left, bottom, top = 640, 236, 30, 30, 42
    n = max(len(counts), 1)
    peak = max([*counts, 1])
    plot_h = height - top - bottom
    step = (width - left - 10) / n
    body = [_text(width / 2, 14, title)]
    body.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#666"/>'
    )
    for score, count in enumerate(counts):
        h = plot_h * count / peak
        x = left + score * step
        body.append(_rect(x + 1, height - bottom - h, step - 2, h, VPR_COLOUR, f"{score} б.: {count} уч."))
        if n <= 40 or score % 5 == 0:
            body.append(_text(x + step / 2, height - bottom + 13, str(score)))
    for mark, score in sorted(boundaries.items()):
        x = left + score * step
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{height - bottom}" stroke="#dc3545" '
            'stroke-dasharray="4 3"/>'
        )
        body.append(_text(x, top - 5, f"«{mark}» от {score}", extra=' fill="#dc3545"'))
    return _svg(width, height, title, body)


def share_line_svg(*, title: str, points: Sequence[tuple[str, float, str]]) -> str:
    """One share per year as a line (0–100%): (label under the point, share, text over the point)."""
    width, height, left, bottom, top, right = 560, 220, 44, 30, 40, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    body = [_text(width / 2, 14, title)]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e9ecef"/>')
        body.append(_text(left - 6, y + 4, f"{tick * 100:.0f}%", anchor="end"))
    step = plot_w / max(len(points) - 1, 1)
    coordinates = []
    for i, (label, share, text) in enumerate(points):
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        y = top + plot_h * (1 - min(max(share, 0.0), 1.0))
        coordinates.append((x, y))
        body.append(_text(x, height - bottom + 16, label))
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{VPR_COLOUR}"><title>{escape(label)}: '
            f"{escape(text)}</title></circle>"
        )
        body.append(_text(x, y - 9, text))
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        body.insert(1, f'<polyline points="{path}" fill="none" stroke="{VPR_COLOUR}" stroke-width="2"/>')
    return _svg(width, height, title, body)
