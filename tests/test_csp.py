"""Content-Security-Policy: the pages need no inline script or style, so the policy can forbid both.

django-csp sends ``script-src 'self'`` and ``style-src 'self'``: an inline <script>, an on…= handler or a
style="…" attribute in a template would be refused by the browser, so none may come back. The print
templates (also the PDF's HTML) and the e-mails are the exception, and the web print page says so in its
own policy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from .assessments.factories import MockExamScheduleFactory

ROOT = Path(__file__).resolve().parent.parent
# Rendered only into PDFs by WeasyPrint (never served as a page) or into e-mails.
NOT_SERVED_AS_PAGES = ("templates/reports/email/", "templates/reports/print/", "templates/assessments/print/")
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=\s*[\"']", re.IGNORECASE),
    "style element": re.compile(r"<style[\s>]", re.IGNORECASE),
}


def page_templates() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    found = [p for folder in folders for p in folder.rglob("*.html")]
    return sorted(p for p in found if not str(p.relative_to(ROOT)).startswith(NOT_SERVED_AS_PAGES))


def test_no_template_of_a_page_has_inline_script_or_style():
    problems = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(ROOT)}:{line}: {what} «{match.group(0).strip()}»")
    assert len(page_templates()) > 50
    assert not problems, "The Content-Security-Policy would refuse:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_every_page_carries_the_policy(client, department_head):
    client.force_login(department_head)
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "Content-Security-Policy" in client.get(reverse("login"))


@pytest.mark.django_db
def test_the_print_page_allows_its_own_inline_styles_and_print_button_only(client, coordinator):
    schedule = MockExamScheduleFactory(municipality=coordinator.municipality)
    client.force_login(coordinator)
    response = client.get(reverse("assessments:schedule_print", args=[schedule.pk]))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "'unsafe-hashes' 'sha256-" in policy and "script-src 'self' 'unsafe-inline'" not in policy
