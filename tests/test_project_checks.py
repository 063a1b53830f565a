"""What CI enforces besides the suite: the checks `make test` runs first, and the seed documents in place."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SEEDS = BASE_DIR / "roadmaps" / "seeds"
SEED_NAMES = ["000_58e98b430dd7557c", "001_15714ccce30c90f6", "004_88c78374c9d9ce23"]


def _make_rule(target: str) -> tuple[list[str], str]:
    """A Makefile target's prerequisites and its recipe."""
    text = (BASE_DIR / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{target}:([^\n]*)\n((?:\t[^\n]*\n)*)", text, re.M)
    assert match, f"make {target} has no rule"
    return match.group(1).split(), match.group(2)


def test_make_test_runs_ruff_and_the_migrations_check_once_before_the_suite():
    """ruff and `makemigrations --check` run in `make test` (what CI runs), not again inside the suite."""
    prerequisites, recipe = _make_rule("test")
    assert {"lint", "migrations-check"} <= set(prerequisites)
    assert "pytest" in recipe
    assert "ruff check" in _make_rule("lint")[1]
    assert "makemigrations --check" in _make_rule("migrations-check")[1]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_each_seed_document_is_copied_as_text_and_as_word(name):
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    assert len(text) > 1000
    with zipfile.ZipFile(SEEDS / f"{name}.docx") as docx:
        assert "word/document.xml" in docx.namelist()


def test_the_seed_readme_names_every_seed():
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    for name in SEED_NAMES:
        assert f"`{name}`" in readme


def test_seed_000_is_the_kumtorkala_plan_for_2023_2024():
    text = (SEEDS / "000_58e98b430dd7557c.txt").read_text(encoding="utf-8")
    assert "ПЛАН МЕРОПРИЯТИЙ (ДОРОЖНАЯ КАРТА)" in text
    assert "КУМТОРКАЛИНСКОМ РАЙОНЕ В 2023-2024 УЧЕБНОМ ГОДУ" in text


APPS = ["config", "common", "schools", "audit", "roadmaps", "assessments", "medals", "reports"]
APPS += ["depersonalisation", "portal"]
MAX_MODULE_LINES = 500
# One algorithm with one entry point each: a plan's text read into measures, a «Сроки» text into dates.
ONE_ALGORITHM = {"roadmaps/importer/parser.py", "roadmaps/deadlines.py"}


def test_no_module_of_the_apps_is_over_500_lines():
    """A module that outgrows 500 lines is split along its seams (migrations aside)."""
    too_long = {}
    for app in APPS:
        for path in (BASE_DIR / app).rglob("*.py"):
            name = path.relative_to(BASE_DIR).as_posix()
            if "/migrations/" in name or name in ONE_ALGORITHM:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_MODULE_LINES:
                too_long[name] = lines
    assert not too_long, too_long
