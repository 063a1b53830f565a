"""The Content-Security-Policy as chromium applies it: the pages a department head and a school head open
raise no CSP violation, and the confirm and auto-submit behaviours still work without inline handlers."""

from __future__ import annotations

import pytest

from roadmaps.models import Roadmap
from schools.models import User

from ..factories import DEFAULT_PASSWORD, RoadmapFactory, UserFactory
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: seen.append(str(e)))
    return seen


def test_pages_raise_no_csp_violation(page, live_server, municipality, school_a):
    head = UserFactory(username="csp_head", role=User.Role.DEPARTMENT_HEAD, municipality=municipality)
    roadmap = RoadmapFactory(municipality=municipality)
    seen = _violations(page)
    log_in(page, live_server, head.username, DEFAULT_PASSWORD)
    for path in ("/", "/roadmaps/", f"/roadmaps/{roadmap.pk}/", "/schools/", "/medals/indicators/",
                 "/assessments/", "/reports/", "/schools/locks/"):  # fmt: skip
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert not seen, seen

    # The archive button asks first (data-confirm): refusing keeps the plan, accepting archives it.
    page.goto(f"{live_server.url}/roadmaps/{roadmap.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("text=В архив")
    roadmap.refresh_from_db()
    assert roadmap.status != Roadmap.Status.ARCHIVED
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=В архив")
    page.wait_for_load_state("networkidle")
    roadmap.refresh_from_db()
    assert roadmap.status == Roadmap.Status.ARCHIVED

    # The status filter sends itself on change (data-autosubmit).
    page.goto(f"{live_server.url}/roadmaps/")
    page.select_option("#id_status", "archived")
    page.wait_for_url("**/roadmaps/?status=archived*")
    assert not seen, seen
