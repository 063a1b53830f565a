"""Every `make X` the README tells people to run has a recipe in the Makefile: a target that is only
named (a .PHONY entry, or a rule line with nothing under it) answers «Nothing to be done» and does nothing."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MENTION = re.compile(r"\bmake ([a-z][a-z0-9_-]*)")
RULE = re.compile(r"^([A-Za-z0-9_.$() -]+?)\s*:(?!=)(.*)$")


def readme_targets(text: str) -> set[str]:
    return set(MENTION.findall(text))


def targets_with_recipe(makefile: str) -> set[str]:
    """Targets whose own rule has at least one recipe line (a line starting with a tab under it)."""
    lines = makefile.splitlines()
    found: set[str] = set()
    for number, line in enumerate(lines):
        match = RULE.match(line)
        if not match or line.startswith("\t") or match[1].startswith("."):
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if following.startswith("\t") and following.strip():
            found.update(match[1].split())
    return found


def test_the_readme_names_the_targets_people_run():
    named = readme_targets((ROOT / "README.md").read_text(encoding="utf-8"))
    assert {"run", "test", "load", "bench", "backup", "restore"} <= named


def test_every_make_target_the_readme_mentions_has_a_recipe():
    named = readme_targets((ROOT / "README.md").read_text(encoding="utf-8"))
    with_recipe = targets_with_recipe((ROOT / "Makefile").read_text(encoding="utf-8"))
    missing = sorted(named - with_recipe)
    assert not missing, f"README называет make {', make '.join(missing)}, а в Makefile у них нет рецепта"


def test_every_phony_target_has_a_recipe_too():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.M)[1].split())
    with_recipe = targets_with_recipe(makefile)
    # `install` is a rule on the venv stamp, which has the recipe.
    assert sorted(phony - with_recipe - {"install"}) == []


def test_a_target_named_only_as_phony_is_caught():
    makefile = ".PHONY: run load\n\nrun: install\n\t$(PY) manage.py runserver\n\nload:\n\nbench: install\n"
    assert targets_with_recipe(makefile) == {"run"}
    mentioned = readme_targets("Run `make load` and make bench, then make run PORT=8080.")
    assert mentioned == {"load", "bench", "run"}
