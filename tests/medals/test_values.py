"""How a cell of an extract is read as a mark."""

import pytest

from medals.importers.values import parse_mark


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("5", ("5", 5)),
        (5.0, ("5", 5)),  # a spreadsheet number
        ("4,0", ("4", 4)),
        (" 2 ", ("2", 2)),
        ("зачёт", ("зач", None)),
        ("Зач.", ("зач", None)),
        ("Н/А", ("н/а", None)),
    ],
)
def test_a_mark_is_read_from_its_usual_spellings(cell, expected):
    assert parse_mark(cell) == expected


@pytest.mark.parametrize("cell", ["-5", "5+", "4.5", "45", "6", "1", "0", "отл", ""])
def test_anything_else_is_not_a_mark(cell):
    assert parse_mark(cell) is None
