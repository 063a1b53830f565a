"""Name matching has one home, common/names.py: people's and schools' names as documents write them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from common.names import (
    SchoolIndex,
    name_parts,
    normalize_name,
    normalize_school_name,
    person_key,
    person_names,
    school_keys,
    split_name,
)


@pytest.mark.parametrize(
    "written",
    [
        "Джаватова У.А.",
        "Джаватова У. А.",
        "У.А. Джаватова",
        "Джаватова  У.А.",
        "Джаватова Умукусюм Абдулаевна",
    ],
)
def test_the_three_written_forms_of_a_name_give_one_key(written):
    assert person_key(written) == "джаватова у.а."


def test_a_position_word_is_not_a_surname():
    assert person_key("Министр Я.Г. Бутаев") == "бутаев я.г."


def test_only_whole_names_are_names():
    assert person_names(["Абулашова А.О.", "руководители ОО", "В.Д. Мазепа"]) == [
        "Абулашова А.О.",
        "В.Д. Мазепа",
    ]


def test_name_parts_of_initials_and_of_a_full_name():
    assert name_parts("Арсланалиева М.Г.") == ("Арсланалиева", "М.", "Г.")
    assert name_parts("Иванов Пётр Сергеевич") == ("Иванов", "Пётр", "Сергеевич")
    with pytest.raises(ValueError, match="не похоже"):
        name_parts("методист")


def test_a_pupils_name_as_typed_in_a_register():
    assert normalize_name("  Алиева   Патимат Ёсифовна ") == "алиева патимат есифовна"
    assert split_name("Алиева Патимат") == ("Алиева", "Патимат", "")
    assert split_name("Алиева") is None
    assert split_name("Алиева 11") is None


def test_a_schools_name_whatever_its_legal_form_quotes_and_number_spacing():
    assert normalize_school_name("МКОУ «СОШ № 3» им. А.С. Пушкина") == normalize_school_name(
        'Муниципальное казённое общеобразовательное учреждение "Средняя общеобразовательная школа №3 '
        'имени А.С. Пушкина"'
    )


@dataclass(frozen=True)
class _School:
    short_name: str
    full_name: str


def test_the_stricter_school_key_wins_and_ambiguity_is_an_error():
    plain = _School("Коркмаскалинская СОШ", "МКОУ «Коркмаскалинская СОШ»")
    named = _School("Коркмаскалинская СОШ им. Баймурзаева", "МКОУ «Коркмаскалинская СОШ им.М.-З.Баймурзаева»")
    index = SchoolIndex([plain, named])
    assert index.match("МКОУ «Коркмаскалинская СОШ»") is plain
    assert index.match("Коркмаскалинская средняя общеобразовательная школа им.М.-З.Баймурзаева") is named
    with pytest.raises(ValueError, match="не найдена"):
        index.match("Гимназия №1")
    assert school_keys("МКОУ «Коркмаскалинская СОШ им. Баймурзаева»")[2] == "коркмаскалинская сош"
