"""Imports between the project's packages point one way: each package reads only those to its right
(as the design writes it, «reports → medals → assessments → roadmaps → schools»):

    config → portal → depersonalisation → reports → medals → assessments → roadmaps → audit → schools → common

- ``common``: domain-free code (readers, header synonyms, Excel, lists, name matching); imports no app.
- ``schools``: municipalities, schools, pupils, people and who may see what.
- ``audit``: the log of exports that name pupils (152-ФЗ) and the retention period; the apps that export
  pupils' data write to it, so it sits below them and reads only ``schools``.
- ``roadmaps``, ``assessments``, ``medals``, ``reports``: the domain apps, in the design's order.
- ``depersonalisation``: pupils whose retention period has ended lose their names, and the files that name
  them are deleted — across medals, assessments and reports (the period itself is ``audit``'s).
- ``portal``: the site's pages that read every app — the home page (dashboard, the commission member's
  home), the top bar's template tags, search, help, the school list and card with their progress, and the
  school list import that also creates progress rows.
- ``config``: settings and the URL map, which assembles everything.

A package may import itself and any package to its right, never one to its left (``ORDER`` below lists
them lowest first); nothing in the apps imports ``bench`` or ``tests`` (development tools and tests live
outside the apps). Every import counts: at module level, inside a function, or under ``TYPE_CHECKING``.
Migrations are not scanned (they are history). There is no exception list: a new upward import fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ORDER = [
    "common",
    "schools",
    "audit",
    "roadmaps",
    "assessments",
    "medals",
    "reports",
    "depersonalisation",
    "portal",
    "config",
]
RANK = {name: rank for rank, name in enumerate(ORDER)}
# Packages of the repository that are not apps: nothing in the apps may import them.
OUTSIDE = {"bench", "tests"}


def _top_level_packages() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/__init__.py")}


def _app_modules() -> list[Path]:
    modules = []
    for package in ORDER:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                modules.append(path)
    return modules


def _imported_packages(path: Path) -> list[tuple[int, str, str]]:
    """(line, top-level package, dotted name) of every absolute import in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0], alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0], node.module))
    return found


def _violations() -> list[str]:
    local = _top_level_packages()
    problems = []
    for path in _app_modules():
        package = path.relative_to(ROOT).parts[0]
        for line, target, dotted in _imported_packages(path):
            where = f"{path.relative_to(ROOT)}:{line} imports {dotted}"
            if target in OUTSIDE:
                problems.append(f"{where} (outside the apps)")
            elif target in RANK and RANK[target] > RANK[package]:
                problems.append(f"{where} ({target} is above {package})")
            elif target in local and target not in RANK and target not in OUTSIDE:
                problems.append(f"{where} ({target} has no place in the order)")
    return problems


def test_every_package_of_the_repository_has_a_place_in_the_order():
    assert _top_level_packages() - OUTSIDE == set(ORDER)


def test_imports_point_only_down_the_order():
    problems = _violations()
    assert not problems, "Upward imports:\n" + "\n".join(problems)


def test_common_imports_no_app():
    apps = set(ORDER) - {"common"}
    problems = [
        f"{path.relative_to(ROOT)}:{line} imports {dotted}"
        for path in _app_modules()
        if path.relative_to(ROOT).parts[0] == "common"
        for line, target, dotted in _imported_packages(path)
        if target in apps
    ]
    assert not problems, problems


def test_the_scan_sees_an_upward_import(tmp_path):
    """The scan itself: an import inside a function and one under TYPE_CHECKING are both found."""
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from medals.models import Candidate\n"
        "def f():\n    import reports.jobs\n    from . import sibling\n",
        encoding="utf-8",
    )
    assert sorted(_imported_packages(module)) == [
        (1, "typing", "typing"),
        (3, "medals", "medals.models"),
        (5, "reports", "reports.jobs"),
    ]
