"""The register records ЕГЭ or ГВЭ: the optional «Форма ГИА» column, as schools write it, in the preview,
the candidate list and card, the template; a bad value names its row and column and saves nothing."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from medals.importers.register import register_check
from medals.importers.values import parse_exam_form
from medals.models import Candidate, ExamForm, Upload

from .factories import CandidateFactory, PupilFactory, write_csv, write_xlsx
from .test_register_import import save


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("ЕГЭ", ExamForm.EGE),
        ("ГВЭ", ExamForm.GVE),
        ("ГВЭ-11", ExamForm.GVE),
        ("гвэ", ExamForm.GVE),
        ("  ГВЭ  ", ExamForm.GVE),
        ("«ГВЭ»", ExamForm.GVE),
        ('"ГВЭ-11"', ExamForm.GVE),
        ("ГВЭ (письменная форма)", ExamForm.GVE),
        ("егэ", ExamForm.EGE),
        ("", ExamForm.EGE),
        (None, ExamForm.EGE),
    ],
)
def test_the_forms_of_gia_as_schools_write_them(written, form):
    assert parse_exam_form(written) == form


@pytest.mark.parametrize("written", ["ОГЭ", "ГВЭ-9", "да", "1"])
def test_what_is_no_form_of_gia(written):
    assert parse_exam_form(written) is None


@pytest.mark.parametrize("heading", ["Форма ГИА", "Форма ГИА-11", "Экзамен", "ЕГЭ/ГВЭ", "форма  гиа"])
def test_the_column_under_any_of_its_names_other_order_and_extra_columns(school_a, tmp_path, heading):
    rows = [
        ["Реестр претендентов на медаль «За особые успехи в учении»"],
        ["№", "Фамилия", "Имя", "Отчество", heading, "Дата рождения", "Класс", "Медаль", "Примечание"],
        [1, "Гаджиева", "Амина", "Руслановна", " гвэ ", "05.04.2006", "11Б", "I", "переведена"],
        [2, "Алиев", "Артём", "Маратович", "", "06.05.2006", "11 Б", "II", ""],
        [3, "Сулейманова", "Ёлка", "Ивановна", '"ЕГЭ"', "07.06.2006", "11Б", "II", ""],
    ]
    upload, result = save(school_a, write_xlsx(tmp_path / "r.xlsx", rows))
    assert result.errors == []
    forms = dict(Candidate.objects.values_list("pupil__last_name", "exam_form"))
    assert forms == {"Гаджиева": ExamForm.GVE, "Алиев": ExamForm.EGE, "Сулейманова": ExamForm.EGE}
    upload.refresh_from_db()
    assert upload.report["gve"] == 1
    listed = [(c["row"], c["exam"]) for c in upload.report["candidates"]]
    assert listed == [(3, "ГВЭ"), (4, "ЕГЭ"), (5, "ЕГЭ")]


def test_a_bad_value_names_row_and_column_and_saves_nothing(school_a, tmp_path):
    rows = [
        ["ФИО", "Класс", "Дата рождения", "Степень медали", "Форма ГИА"],
        ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I", "ГВЭ"],
        ["Алиев Артём Маратович", "11Б", "06.05.2006", "II", "ОГЭ"],
    ]
    upload, result = save(school_a, write_csv(tmp_path / "r.csv", rows, encoding="cp1251"))
    assert result.errors == [
        {"row": 3, "column": "Форма ГИА", "message": "«ОГЭ»: укажите ЕГЭ или ГВЭ (пустая клетка — ЕГЭ)."}
    ]
    assert not Candidate.objects.exists()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.REJECTED


def test_a_register_without_the_column_keeps_the_form_set_on_the_card(school_a, tmp_path):
    pupil = PupilFactory(school=school_a, last_name="Гаджиева", first_name="Амина", middle_name="Руслановна")
    pupil.birth_date = "2006-04-05"
    pupil.save()
    candidate = CandidateFactory(
        pupil=pupil, graduation_year=2024, exam_form=ExamForm.GVE, gve_russian=5, gve_math=5
    )
    header = ["ФИО", "Класс", "Дата рождения", "Степень медали", "Учебный год"]
    row = ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I", "2023-2024"]
    path = write_xlsx(tmp_path / "a.xlsx", [header, row])
    check = register_check(school=school_a, path=path, name="a.xlsx")
    assert [(c["exam"], c["new"]) for c in check.candidates] == [("ГВЭ", False)]
    save(school_a, write_xlsx(tmp_path / "a.xlsx", [header, row]))
    candidate.refresh_from_db()
    assert (candidate.exam_form, candidate.gve_russian) == (ExamForm.GVE, 5)
    # The column present and «ЕГЭ»: ЕГЭ, and the ГВЭ marks go with the ГВЭ.
    save(school_a, write_xlsx(tmp_path / "b.xlsx", [[*header, "Форма ГИА"], [*row, "ЕГЭ"]]))
    candidate.refresh_from_db()
    assert (candidate.exam_form, candidate.gve_russian, candidate.gve_math) == (ExamForm.EGE, None, None)


def test_preview_list_and_card_show_gve(client, head_a, school_a, tmp_path):
    client.force_login(head_a)
    path = write_xlsx(
        tmp_path / "реестр.xlsx",
        [
            ["ФИО", "Класс", "Дата рождения", "Степень медали", "ЕГЭ/ГВЭ"],
            ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I", "ГВЭ-11"],
        ],
    )
    with path.open("rb") as handle:
        response = client.post(
            reverse("medals:upload", args=["candidates"]),
            {"school": school_a.pk, "file": handle, "graduation_year": 2024},
            follow=True,
        )
    page = response.content.decode()
    assert 'data-testid="register-preview"' in page
    assert "сдают ГВЭ: 1" in page
    upload = Upload.objects.get()
    client.post(reverse("medals:upload_save", args=[upload.pk]))
    candidate = Candidate.objects.get()
    assert candidate.exam_form == ExamForm.GVE
    listing = client.get(reverse("medals:candidate_list")).content.decode()
    assert 'data-testid="gve-badge"' in listing
    card = client.get(reverse("medals:candidate_detail", args=[candidate.pk])).content.decode()
    assert "ГВЭ" in card.split('data-testid="exam-form"')[1][:40]


def test_the_template_offers_the_column(client, head_a):
    client.force_login(head_a)
    response = client.get(reverse("medals:upload_template", args=["candidates"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Форма ГИА" in [cell.value for cell in sheet[1]]
