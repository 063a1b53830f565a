"""The register of candidates: creating, updating and withdrawing candidates, and every error kind."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from medals.importers.register import register_check, register_save
from medals.importers.uploads import upload_create
from medals.models import Candidate, MedalDegree, Upload
from schools.dates import example_date
from schools.models import Pupil

from .factories import REGISTER_HEADER, write_csv, write_xlsx


def person(**changes):
    values = {
        "name": "Гаджиева Амина Руслановна",
        "cls": "11Б",
        "birth": "05.04.2006",
        "degree": "I",
        "year": "2023-2024",
        "previous": "",
        "transfer": "",
    }
    values.update(changes)
    return list(values.values())


def save(school, path):
    upload = upload_create(
        school=school,
        kind=Upload.Kind.CANDIDATES,
        name=path.name,
        content=ContentFile(path.read_bytes()),
        user=None,
    )
    return upload, register_save(upload=upload)


def only_error(result):
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_a_register_creates_pupils_and_candidates(school_a, school_b, tmp_path):
    rows = [
        REGISTER_HEADER,
        person(),
        person(
            name="Магомедов Рашид",
            cls="10А",
            birth="01.02.2007",
            degree="2",
            previous="B001",
            transfer="01.09.2023",
        ),
    ]
    upload, result = save(school_a, write_xlsx(tmp_path / "r.xlsx", rows))
    assert result.as_json() == {"rows": 2, "created": 2, "updated": 0, "withdrawn": 0, "errors": []}
    amina = Candidate.objects.get(pupil__first_name="Амина")
    assert (amina.school, amina.graduation_year, amina.degree) == (school_a, 2024, MedalDegree.FIRST)
    assert (amina.pupil.grade, amina.pupil.letter, amina.pupil.middle_name) == (11, "Б", "Руслановна")
    rashid = Candidate.objects.get(pupil__first_name="Рашид")
    assert (rashid.graduation_year, rashid.degree, rashid.previous_school) == (
        2025,
        MedalDegree.SECOND,
        school_b,
    )
    assert rashid.transfer_date == datetime.date(2023, 9, 1)
    assert rashid.register_upload == upload


def test_a_new_register_updates_and_withdraws_the_candidates_it_no_longer_names(school_a, tmp_path):
    save(
        school_a,
        write_xlsx(tmp_path / "a.xlsx", [REGISTER_HEADER, person(), person(name="Лишняя Ольга Ивановна")]),
    )
    _, result = save(school_a, write_xlsx(tmp_path / "b.xlsx", [REGISTER_HEADER, person(degree="II")]))
    assert result.as_json() == {"rows": 1, "created": 0, "updated": 1, "withdrawn": 1, "errors": []}
    assert Pupil.objects.count() == 2
    assert Candidate.objects.get(pupil__first_name="Амина").degree == MedalDegree.SECOND
    assert not Candidate.objects.get(pupil__first_name="Ольга").is_active


def test_the_check_counts_without_writing(school_a, tmp_path):
    save(school_a, write_xlsx(tmp_path / "a.xlsx", [REGISTER_HEADER, person()]))
    path = write_csv(
        tmp_path / "b.csv", [REGISTER_HEADER, person(), person(name="Новая Вера Петровна")], encoding="cp1251"
    )
    result = register_check(school=school_a, path=path, name=path.name)
    assert (result.created, result.updated, result.replaced) == (1, 1, 0)
    assert Candidate.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"name": "Гаджиева"}, "ФИО", "«Гаджиева»: ожидается «Фамилия Имя Отчество»."),
        ({"cls": "9А"}, "Класс", "«9А»: претенденты учатся в 10 или 11 классе, например 11А."),
        ({"birth": "2006"}, "Дата рождения", "«2006»: ожидается дата рождения вида 05.04.2006."),
        ({"degree": "III"}, "Степень медали", "«III»: укажите I или II (степень медали)."),
        ({"year": "23-24"}, "Учебный год", "«23-24»: ожидается вида 2023-2024."),
        (
            {"transfer": "01.09.2023"},
            "Предыдущая школа",
            "Указана дата перевода, но не указана предыдущая школа.",
        ),
        ({"previous": "СОШ №5"}, "Дата перевода", "Указана предыдущая школа, но нет даты перевода."),
        (
            {"previous": "СОШ №5", "transfer": "1 сентября"},
            "Дата перевода",
            f"«1 сентября»: ожидается дата вида {example_date(9, 1)}.",
        ),
        ({"previous": "СОШ №5", "transfer": "31.09.2023"}, "Дата перевода", "«31.09.2023»: такой даты нет."),
        ({"birth": "30.02.2007"}, "Дата рождения", "«30.02.2007»: такой даты нет."),
        (
            {"previous": "СОШ №5", "transfer": "01.06.2022"},
            "Дата перевода",
            "Дата перевода 01.06.2022 не приходится на 10–11 классы (01.09.2022 — 31.08.2024).",
        ),
        (
            {"previous": "A001", "transfer": "01.09.2023"},
            "Предыдущая школа",
            "Предыдущая школа совпадает с текущей.",
        ),
    ],
)
def test_every_bad_register_cell_is_an_error_naming_the_row_and_column(
    school_a, tmp_path, changes, column, message
):
    path = write_xlsx(tmp_path / "r.xlsx", [REGISTER_HEADER, person(**changes)])
    upload, result = save(school_a, path)
    assert only_error(result) == {"row": 2, "column": column, "message": message}
    assert upload.status == Upload.Status.REJECTED
    assert not Candidate.objects.exists()


def test_a_candidate_twice_in_one_register_is_an_error(school_a, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [REGISTER_HEADER, person(), person()])
    error = only_error(register_check(school=school_a, path=path, name=path.name))
    assert error == {"row": 3, "column": "ФИО", "message": "Этот претендент уже есть в строке 2."}


def test_a_previous_school_outside_the_list_is_kept_as_written(school_a, tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [REGISTER_HEADER, person(previous="Гимназия №1 г. Махачкалы", transfer="15.01.2024")],
    )
    save(school_a, path)
    candidate = Candidate.objects.get()
    assert candidate.previous_school is None
    assert candidate.previous_school_name == "Гимназия №1 г. Махачкалы"


def test_import_candidates_prints_its_json(school_a, tmp_path, capsys):
    path = write_xlsx(tmp_path / "r.xlsx", [REGISTER_HEADER, person()])
    call_command("import_candidates", str(path), "--school", school_a.code, "--json")
    assert json.loads(capsys.readouterr().out) == {
        "rows": 1,
        "created": 1,
        "updated": 0,
        "withdrawn": 0,
        "errors": [],
    }


def test_import_candidates_fails_on_errors(school_a, tmp_path, capsys):
    path = write_xlsx(tmp_path / "r.xlsx", [REGISTER_HEADER, person(degree="")])
    with pytest.raises(CommandError):
        call_command("import_candidates", str(path), "--school", school_a.code)
    assert "строка 2, столбец «Степень медали»" in capsys.readouterr().err
    assert not Candidate.objects.exists()
