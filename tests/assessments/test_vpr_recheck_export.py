"""The Excel file of the ВПР re-check list: one row per school, shares rounded to three places."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from assessments.lists import vpr_recheck_listing


def test_the_file_has_a_row_per_school_with_its_counts_and_rounded_shares():
    row = {
        "school": "МКОУ «Школа А»",
        "works_selected": 3,
        "works_rechecked": 3,
        "lowered": 1,
        "raised": 0,
        "unchanged": 2,
        "lowered_share": 1 / 3,
        "raised_share": 0.0,
        "objective_share": None,  # nothing re-checked yet reads as an empty cell, not as zero
    }
    sheet = load_workbook(io.BytesIO(vpr_recheck_listing(2024).xlsx([row]))).active
    assert sheet.title == "Перепроверка ВПР 2024"
    assert [[cell.value for cell in line] for line in sheet.iter_rows()] == [
        [
            "Школа",
            "Работ выбрано",
            "Перепроверено",
            "Отметка понижена",
            "Отметка повышена",
            "Без изменений",
            "Доля пониженных",
            "Доля повышенных",
            "Доля объективно оцененных работ по итогам перепроверки",
        ],
        ["МКОУ «Школа А»", 3, 3, 1, 0, 2, 0.333, 0, None],
    ]
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEFGHI"] == [
        40,
        12,
        14,
        14,
        14,
        14,
        14,
        14,
        24,
    ]
    assert vpr_recheck_listing(2024).filename == "vpr-recheck-2024.xlsx"
