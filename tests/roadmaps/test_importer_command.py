"""manage.py import_roadmap: --dry-run --json prints the parsed document; without --dry-run it saves."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from roadmaps.importer import parse_roadmap
from roadmaps.models import Roadmap

SEEDS = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_roadmap", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    "name", ["000_58e98b430dd7557c.docx", "001_15714ccce30c90f6.txt", "004_88c78374c9d9ce23.docx"]
)
def test_dry_run_json_prints_the_document_and_touches_no_database(name: str) -> None:
    path = SEEDS / name
    printed = run(str(path), "--dry-run", "--json")
    document = parse_roadmap(path.read_bytes(), name).as_json()
    assert json.loads(printed) == document
    assert json.dumps(document["title"], ensure_ascii=False) in printed and "\\u04" not in printed
    assert printed.startswith('{\n  "title": ')  # indent=2


def test_dry_run_prints_a_summary_in_russian() -> None:
    printed = run(str(SEEDS / "004_88c78374c9d9ce23.txt"), "--dry-run")
    assert printed.splitlines() == [
        'Дорожная карта: "Дорожная карта " по обеспечению объективности оценки образовательных результатов '
        'в МО Кумторкалинский район" на 2021 год',
        "Период: 01.01.2021 – 31.12.2021",
        "Утверждена: М.-Д.М.Агалаев от 26.02.2021",
        "Разделов: 3, мероприятий: 15, приложений: 0",
        "Предупреждений нет.",
    ]


def test_summary_lists_the_warnings() -> None:
    printed = run(str(SEEDS / "000_58e98b430dd7557c.txt"), "--dry-run")
    assert "Разделов: 1, мероприятий: 15, приложений: 2" in printed
    assert "Предупреждения (6):" in printed
    assert "  – В нумерации мероприятий пропущен номер 9 (перед 10)." in printed


def test_an_unreadable_file_is_a_command_error(tmp_path: Path) -> None:
    bad = tmp_path / "план.docx"
    bad.write_bytes(b"not a document")
    with pytest.raises(CommandError, match="не является документом Word"):
        run(str(bad), "--dry-run")


def test_a_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="не найден"):
        run(str(tmp_path / "нет.docx"), "--dry-run")


@pytest.mark.django_db
def test_without_dry_run_the_roadmap_is_saved(municipality, school_a, school_b) -> None:
    printed = run(str(SEEDS / "004_88c78374c9d9ce23.docx"), "--municipality", municipality.name)
    roadmap = Roadmap.objects.get()
    assert f"Сохранена дорожная карта №{roadmap.pk}: мероприятий 15." in printed
    assert roadmap.municipality == municipality
    assert roadmap.source_name == "004_88c78374c9d9ce23.docx"


@pytest.mark.django_db
def test_saving_needs_a_known_municipality(municipality) -> None:
    with pytest.raises(CommandError, match="не найден"):
        run(str(SEEDS / "004_88c78374c9d9ce23.docx"), "--municipality", "Нет такого")
    assert not Roadmap.objects.exists()
