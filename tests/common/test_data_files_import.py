"""Nothing previously accepted is refused now: every data file kept in the repository — the
good files under tests/data/ (not bad/) and the roadmap seeds — imports as it did at commit a0f5bca, the
start of the round that brought the import toolkit.

The expected figures were read by running the importers of a0f5bca in a temporary ``git worktree`` on
each file (measures, sections and the texts of the roadmaps, as short hashes). «register.xls» was
refused at a0f5bca only for being .xls («принимаются только таблицы .xlsx и .csv»); it is accepted now.
A new file under tests/data/ needs its row here: the test names it otherwise.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from medals.importers.register import register_check
from roadmaps.importer import parse_roadmap

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

ROADMAPS = {
    "roadmaps/seeds/000_58e98b430dd7557c.docx": {
        "title": "8477aa4e5f1e",
        "sections": 1,
        "measures": 15,
        "numbers": "284d6d06aa20",
        "titles": "703536522cb0",
        "deadlines": "564a80a18bc1",
        "responsible": 30,
        "appendices": 2,
    },
    "roadmaps/seeds/000_58e98b430dd7557c.txt": {
        "title": "8477aa4e5f1e",
        "sections": 1,
        "measures": 15,
        "numbers": "284d6d06aa20",
        "titles": "703536522cb0",
        "deadlines": "564a80a18bc1",
        "responsible": 30,
        "appendices": 2,
    },
    "roadmaps/seeds/001_15714ccce30c90f6.docx": {
        "title": "741a2350663e",
        "sections": 5,
        "measures": 37,
        "numbers": "9f433c32f5bb",
        "titles": "ce7dfb43a1f4",
        "deadlines": "821eb2c4e55a",
        "responsible": 45,
        "appendices": 0,
    },
    "roadmaps/seeds/001_15714ccce30c90f6.txt": {
        "title": "741a2350663e",
        "sections": 5,
        "measures": 37,
        "numbers": "9f433c32f5bb",
        "titles": "ce7dfb43a1f4",
        "deadlines": "821eb2c4e55a",
        "responsible": 45,
        "appendices": 0,
    },
    "roadmaps/seeds/004_88c78374c9d9ce23.docx": {
        "title": "a86575cf45a7",
        "sections": 3,
        "measures": 15,
        "numbers": "a106ce25286e",
        "titles": "c8730d34dffb",
        "deadlines": "772423d10e8e",
        "responsible": 28,
        "appendices": 0,
    },
    "roadmaps/seeds/004_88c78374c9d9ce23.txt": {
        "title": "a86575cf45a7",
        "sections": 3,
        "measures": 15,
        "numbers": "a106ce25286e",
        "titles": "c8730d34dffb",
        "deadlines": "772423d10e8e",
        "responsible": 28,
        "appendices": 0,
    },
}
REGISTERS = {
    # at a0f5bca: refused, «принимаются только таблицы .xlsx и .csv»; now one candidate, no errors
    "tests/data/tables/register.xls": {"errors": [], "created": 1},
}


def _data_files() -> list[str]:
    files = [
        path
        for path in DATA.rglob("*")
        if path.is_file() and "bad" not in path.relative_to(DATA).parts[:1] and path.suffix != ".py"
    ]
    seeds = [p for p in (ROOT / "roadmaps" / "seeds").iterdir() if p.suffix in (".docx", ".txt")]
    return sorted(str(path.relative_to(ROOT)) for path in (*files, *seeds))


def _short(texts: list[str]) -> str:
    return hashlib.sha1("|".join(texts).encode()).hexdigest()[:12]


def roadmap_summary(path: Path) -> dict:
    roadmap = parse_roadmap(path.read_bytes(), path.name)
    return {
        "title": _short([roadmap.title]),
        "sections": len(roadmap.sections),
        "measures": len(roadmap.measures),
        "numbers": _short([m.number for m in roadmap.measures]),
        "titles": _short([m.title for m in roadmap.measures]),
        "deadlines": _short([m.deadline_text for m in roadmap.measures]),
        "responsible": sum(len(m.responsible) for m in roadmap.measures),
        "appendices": len(roadmap.appendices),
    }


def test_every_data_file_has_its_expected_import() -> None:
    files = _data_files()
    assert files, "no data files found"
    assert sorted(set(files) - ROADMAPS.keys() - REGISTERS.keys()) == []


@pytest.mark.parametrize("name", sorted(ROADMAPS))
def test_a_roadmap_seed_imports_as_before(name: str) -> None:
    assert roadmap_summary(ROOT / name) == ROADMAPS[name]


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_a_register_imports_as_before(name: str, school_a) -> None:
    path = ROOT / name
    result = register_check(school=school_a, path=path, name=path.name)
    assert {"errors": [str(e) for e in result.errors], "created": result.created} == REGISTERS[name]
