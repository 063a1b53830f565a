"""Every role's key pages at 1280 px and at 375 px: nothing scrolls sideways, «Выйти» is in sight, and
axe-core (the WCAG 2.1 rules ГОСТ Р 52872-2019 is built on) finds no serious or critical violation.

One browser for the whole module, the access matrix's world built once per test, people logged in by
session cookie, a list of key pages per role: the run stays around a minute or two.
The longest school name of the demo stands in the top bar of school A's head.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.access_world import World, build_world

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONGEST_DEMO_SCHOOL = "МКОУ «Коркмаскалинская СОШ им.М.-З.Баймурзаева»"
WIDTHS = (1280, 375)
SERIOUS = {"serious", "critical"}
AXE_REPORT = Path(settings.BASE_DIR) / "var" / "axe.txt"

Pages = Callable[[World], list[str]]

KEY_PAGES: dict[str, Pages] = {
    "anonymous": lambda w: ["/accounts/login/", "/accounts/reset/"],
    "head_a": lambda w: [
        "/",
        "/roadmaps/",
        f"/roadmaps/{w.roadmap.pk}/",
        "/roadmaps/measures/",
        f"/roadmaps/measures/{w.measure.pk}/",
        f"/roadmaps/progress/{w.progress_a.pk}/",
        "/schools/",
        "/medals/",
        "/medals/upload/journal/",
        f"/medals/uploads/{w.upload_a.pk}/",
        "/assessments/",
        "/assessments/results/vpr/",
        "/help/",
        "/search/?q=СОШ",
        "/accounts/profile/",
    ],
    "methodist_a": lambda w: [
        "/",
        "/roadmaps/measures/",
        f"/roadmaps/measures/{w.measure.pk}/",
        "/medals/",
        "/medals/comparison/",
        "/medals/rechecks/",
        "/reports/",
        "/help/",
    ],
    "department_head": lambda w: [
        "/",
        f"/roadmaps/{w.roadmap.pk}/",
        "/roadmaps/import/",
        "/reports/",
        "/reports/meetings/",
        f"/reports/meetings/{w.meeting.pk}/",
        "/medals/risks/",
        "/assessments/objectivity/",
        "/assessments/mock-exams/",
        "/help/",
    ],
    "member": lambda w: ["/", "/assessments/works/", "/medals/my-rechecks/",
                         f"/medals/my-rechecks/{w.recheck_a.pk}/", "/help/"],
    "coordinator": lambda w: ["/", "/assessments/", "/assessments/results/vpr/", "/assessments/objectivity/",
                              "/assessments/observers/", "/reports/", "/help/"],
}


@pytest.fixture(scope="module")
def module_browser():
    import shutil

    from playwright.sync_api import sync_playwright

    from .conftest import CHROMIUM_ARGS

    chromium_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium_path:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def world(transactional_db) -> World:
    built = build_world()
    school = built.school_a
    school.short_name = LONGEST_DEMO_SCHOOL
    school.full_name = f"Муниципальное казённое общеобразовательное учреждение {LONGEST_DEMO_SCHOOL[5:]}"
    school.save()
    return built


def _context(browser, live_server, world: World, role: str, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 500 else 812},
        locale="ru-RU",
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    user = world.user(role)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


WIDEST_JS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1
      && (!e.closest('.table-responsive') || getComputedStyle(e).position === 'absolute'))
    .slice(-3)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
}"""


def _logout_in_sight(page) -> bool:
    button = page.get_by_test_id("logout")
    if not button.is_visible():
        return False
    box = button.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] < 120


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"


def test_no_page_of_any_role_scrolls_sideways_and_logout_is_in_sight(module_browser, live_server, world):
    problems = []
    for width in WIDTHS:
        for role, pages in KEY_PAGES.items():
            context, page = _context(module_browser, live_server, world, role, width)
            try:
                for path in pages(world):
                    _visit(page, live_server.url + path)
                    if (extra := _sideways(page)) > 0:
                        widest = ", ".join(page.evaluate(WIDEST_JS))  # the elements that stick out
                        problems.append(f"{role} {path} at {width} px: {extra} px sideways ({widest})")
                        screenshot(page, f"sideways-{width}-{role}-{path.strip('/').replace('/', '-')}")
                    if role != "anonymous" and not _logout_in_sight(page):
                        problems.append(f"{role} {path} at {width} px: «Выйти» is not in sight")
            finally:
                context.close()
    assert not problems, "\n".join(problems)

    # The longest school name of the demo is shortened, the full name in the tooltip, at both widths.
    for width in WIDTHS:
        context, page = _context(module_browser, live_server, world, "head_a", width)
        try:
            _visit(page, live_server.url + "/")
            if width < 1200:
                page.get_by_role("button", name="Меню").click()
            school = page.get_by_test_id("topbar-school")
            school.wait_for(state="visible")
            assert school.evaluate("e => e.scrollWidth > e.clientWidth"), "the name is shortened"
            assert world.school_a.full_name in page.get_by_test_id("user-menu").get_attribute("title")
            assert _sideways(page) <= 0, f"the open menu at {width} px scrolls sideways"
            screenshot(page, f"top-bar-{width}")
        finally:
            context.close()

    # On a phone the list filters fold behind one button; on a desktop they stay open.
    for width, folded in ((375, True), (1280, False)):
        context, page = _context(module_browser, live_server, world, "methodist_a", width)
        try:
            _visit(page, live_server.url + "/roadmaps/measures/")
            toggle, form = page.locator(".filters-toggle"), page.locator("#measure-filter")
            assert toggle.is_visible() == folded and form.is_visible() != folded
            if folded:
                assert toggle.inner_text().startswith("Фильтры")
                toggle.click()
                assert form.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        finally:
            context.close()

    # The reports form shows only the field the chosen kind needs.
    context, page = _context(module_browser, live_server, world, "department_head", 1280)
    try:
        _visit(page, live_server.url + "/reports/")
        for kind, shown, hidden in (
            ("protocol-pdf", "#id_meeting", "#id_roadmap"),
            ("roadmap-pdf", "#id_roadmap", "#id_meeting"),
            ("objectivity-xlsx", "#id_vpr_year", "#id_school_year"),
            ("candidates-xlsx", "#id_school_year", "#id_vpr_year"),
        ):
            page.select_option("#id_kind", kind)
            assert page.locator(shown).is_visible() and not page.locator(hidden).is_visible(), kind
    finally:
        context.close()


def test_axe_finds_no_serious_or_critical_violation_on_any_key_page(module_browser, live_server, world):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    axe = Axe()
    found, report = [], []
    for role, pages in KEY_PAGES.items():
        context, page = _context(module_browser, live_server, world, role, 1280)
        try:
            for path in pages(world):
                _visit(page, live_server.url + path)
                results = axe.run(page)
                for violation in results.response["violations"]:
                    targets = "; ".join(", ".join(n["target"]) for n in violation["nodes"][:4])
                    line = f"{role} {path}: {violation['id']} ({violation['impact']}) — {targets}"
                    report.append(line)
                    if violation["impact"] in SERIOUS:
                        found.append(line)
        finally:
            context.close()
    # Every finding, the minor and moderate ones too, for whoever improves the pages next.
    AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
    AXE_REPORT.write_text("\n".join(report) + "\n", encoding="utf-8")
    assert not found, "\n".join(found)

    # An htmx update is read out: the new row count of the filtered list reaches the live region.
    context, page = _context(module_browser, live_server, world, "methodist_a", 1280)
    try:
        _visit(page, live_server.url + "/roadmaps/measures/")
        live = page.locator("#live-status")
        assert live.get_attribute("aria-live") == "polite"
        page.locator("#measure-filter select").first.select_option(index=1)
        expect(live).to_contain_text("Показано")  # no eval: the pages' CSP forbids it
    finally:
        context.close()
