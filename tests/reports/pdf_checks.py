"""Reading PDFs back in tests: text by page, fonts, page size, and boxes that would be cut off."""

from __future__ import annotations

import io

from pypdf import PdfReader
from weasyprint import HTML

A4_PORTRAIT = (595, 842)


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    return "\n".join(pdf_pages(content))


def pdf_page_sizes(content: bytes) -> set[tuple[int, int]]:
    return {
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in PdfReader(io.BytesIO(content)).pages
    }


def pdf_fonts(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


def boxes_outside_content(html: str) -> list[str]:
    """Every laid-out box that reaches past the page's content area (what a printer would cut off)."""
    problems = []
    for number, page in enumerate(HTML(string=html).render().pages, start=1):
        page_box = page._page_box
        left = page_box.position_x + page_box.margin_left
        right = left + page_box.width
        for root in page_box.children:
            if type(root).__name__ == "MarginBox":
                continue
            for box in root.descendants():
                if box.width is None or not hasattr(box, "margin_width"):
                    continue
                if box.position_x < left - 0.5 or box.position_x + box.margin_width() > right + 0.5:
                    text = getattr(box, "text", "") or box.element_tag
                    problems.append(f"page {number}: {type(box).__name__} «{text[:40]}»")
    return problems
