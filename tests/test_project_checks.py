"""What CI enforces on the whole project: no missing migrations, ruff clean, the seed documents in place."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent
SEEDS = BASE_DIR / "roadmaps" / "seeds"
SEED_NAMES = ["000_58e98b430dd7557c", "001_15714ccce30c90f6", "004_88c78374c9d9ce23"]


def test_no_model_change_is_missing_a_migration(db):
    out = io.StringIO()
    # --check exits with status 1 (SystemExit) when a migration is missing, which fails this test.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _ruff() -> list[str]:
    local = BASE_DIR / ".venv" / "bin" / "ruff"
    return [str(local)] if local.exists() else [sys.executable, "-m", "ruff"]


def test_ruff_finds_nothing_in_the_whole_project():
    result = subprocess.run(
        [*_ruff(), "check", "--no-cache", "."],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
