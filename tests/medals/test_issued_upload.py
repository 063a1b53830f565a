"""The issued-medals upload: a school's list as schools write it, matched to its candidates of the year,
previewed with the check against the ЕГЭ (69/70 for gold, 59/60 for silver), saved all or nothing; a school
head for their own school only."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from medals.importers.values import parse_issued_medal
from medals.issued import issued_rows
from medals.models import Candidate, ExamForm, IssuedMedal, Upload
from tests.assessments.factories import EgeResultFactory

from .factories import CandidateFactory, PupilFactory, subject, write_csv, write_xlsx

GOLD_BELOW = "ЕГЭ по русскому языку 69 б., нужно не менее 70"


def graduate(school, last, first, middle, russian, other=90, exam_form=ExamForm.EGE, letter="А"):
    pupil = PupilFactory(school=school, last_name=last, first_name=first, middle_name=middle, letter=letter)
    if russian is not None:
        EgeResultFactory(pupil=pupil, subject=subject("Русский язык"), year=2024, score_100=russian)
        EgeResultFactory(pupil=pupil, subject=subject("Физика"), year=2024, score_100=other)
    return CandidateFactory(pupil=pupil, graduation_year=2024, exam_form=exam_form)


@pytest.fixture
def graduates(school_a):
    return {
        "gold69": graduate(school_a, "Выпускникова", "Анна", "Сергеевна", 69),
        "gold70": graduate(school_a, "Золотова", "Мария", "Ивановна", 70, other=70),
        "silver59": graduate(school_a, "Серебрякова", "Алёна", "Ивановна", 59),
        "silver60": graduate(school_a, "Шестидесятова", "Зарема", "Маратовна", 60, other=60),
        "gve": graduate(school_a, "Гвэшова", "Фатима", "Алиевна", None, exam_form=ExamForm.GVE),
    }


def upload(client, user, school, path, year=2024):
    client.force_login(user)
    with path.open("rb") as handle:
        return client.post(
            reverse("medals:upload", args=["issued"]),
            {"school": school.pk, "file": handle, "graduation_year": year},
            follow=True,
        )


def issued():
    return dict(Candidate.objects.values_list("pupil__last_name", "issued_medal"))


@pytest.mark.parametrize(
    ("written", "medal"),
    [
        ("I степени", IssuedMedal.FIRST),
        ("золотая", IssuedMedal.FIRST),
        ("1", IssuedMedal.FIRST),
        (1, IssuedMedal.FIRST),
        ("Медаль «За особые успехи в учении» I степени", IssuedMedal.FIRST),
        ("II степени", IssuedMedal.SECOND),
        ("Серебряная", IssuedMedal.SECOND),
        (" 2 ", IssuedMedal.SECOND),
        ("нет", IssuedMedal.NONE),
        ("", IssuedMedal.NONE),
        (None, IssuedMedal.NONE),
        ("—", IssuedMedal.NONE),
    ],
)
def test_medals_as_schools_write_them(written, medal):
    assert parse_issued_medal(written) == medal


def test_a_list_as_a_school_writes_it_is_previewed_checked_and_saved(
    client, head_a, school_a, graduates, tmp_path
):
    rows = [
        ["Сведения о выпускниках, награждённых медалью «За особые успехи в учении», 2024 г."],
        ["№ п/п", "Отчество", "Имя", "Фамилия", "Медаль", "Класс", "Примечание"],
        [1, "Сергеевна", "Анна", "Выпускникова", "золотая", "11 А", ""],
        [2, "Ивановна", "Мария", " Золотова ", "«I степени»", "11А", ""],
        [3, "Ивановна", "Алена", "Серебрякова", " 2 ", "", "ё в реестре"],
        [4, "Маратовна", "Зарема", "ШЕСТИДЕСЯТОВА", "серебряная", "11а", ""],
        [5, "Алиевна", "Фатима", "Гвэшова", "1", "11А", "ГВЭ"],
        [6, "Петрович", "Пётр", "Безмедальный", "нет", "11А", "не претендент"],
        [7, "Ахмедович", "Ахмед", "Пустов", "", "11Б", ""],
    ]
    response = upload(client, head_a, school_a, write_xlsx(tmp_path / "выпуск 2024.xlsx", rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="issued-preview"' in page
    assert GOLD_BELOW in page
    assert "ЕГЭ по русскому языку 59 б., нужно не менее 60" in page
    assert "Безмедальный" in page and 'data-testid="issued-skipped"' in page
    record = Upload.objects.get()
    assert (record.kind, record.status, record.rows, record.saved, record.skipped) == (
        "issued",
        "preview",
        7,
        5,
        2,
    )
    assert record.report["findings"] == 2
    assert set(issued().values()) == {""}  # the preview writes nothing
    client.post(reverse("medals:upload_save", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == Upload.Status.SAVED
    assert issued() == {
        "Выпускникова": IssuedMedal.FIRST,
        "Золотова": IssuedMedal.FIRST,
        "Серебрякова": IssuedMedal.SECOND,
        "Шестидесятова": IssuedMedal.SECOND,
        "Гвэшова": IssuedMedal.FIRST,
    }
    findings = {
        row.candidate.pupil.last_name: row.findings for row in issued_rows(school=school_a, year=2024)
    }
    assert findings == {
        "Выпускникова": (GOLD_BELOW,),
        "Золотова": (),
        "Серебрякова": ("ЕГЭ по русскому языку 59 б., нужно не менее 60",),
        "Шестидесятова": (),
        "Гвэшова": (),
    }


@pytest.mark.parametrize(
    ("medal", "russian", "found"), [("1", 69, True), ("1", 70, False), ("2", 59, True), ("2", 60, False)]
)
def test_the_ege_check_at_its_boundaries_through_the_upload(
    client, head_a, school_a, tmp_path, medal, russian, found
):
    candidate = graduate(school_a, "Граничная", "Амина", "Руслановна", russian, other=russian)
    path = write_csv(tmp_path / "медали.csv", [["ФИО", "Медаль"], ["Граничная Амина Руслановна", medal]])
    upload(client, head_a, school_a, path)
    client.post(reverse("medals:upload_save", args=[Upload.objects.get().pk]))
    candidate.refresh_from_db()
    assert candidate.issued_medal == medal
    [row] = issued_rows(school=school_a, year=2024)
    assert bool(row.findings) is found
    page = client.get(reverse("medals:issued_medals"), {"school": school_a.pk, "year": 2024}).content.decode()
    assert ('data-testid="issued-findings"' in page) is found


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        (
            [
                ["ФИО", "Медаль"],
                ["Выпускникова Анна Сергеевна", "1"],
                ["Золотова Мария Ивановна", "бронзовая"],
            ],
            {
                "row": 3,
                "column": "Медаль",
                "message": "«бронзовая»: укажите «I степени» (золотая, 1), «II степени» (серебряная, 2) "
                "или «нет».",
            },
        ),
        (
            [
                ["Ф.И.О.", "Выданная медаль"],
                ["Выпускникова Анна Сергеевна", "1"],
                ["Неизвестная Ольга Петровна", "II степени"],
            ],
            {
                "row": 3,
                "column": "Ф.И.О.",
                "message": "«Неизвестная Ольга Петровна» нет среди претендентов 2024 года выпуска этой "
                "школы: медаль вносится претенденту из реестра. Проверьте ФИО и год выпуска.",
            },
        ),
        (
            [
                ["ФИО", "Класс", "Медаль"],
                ["Выпускникова Анна Сергеевна", "11А", "1"],
                ["Золотова Мария Ивановна", "9А", "1"],
            ],
            {"row": 3, "column": "Класс", "message": "«9А»: выпускники — 11 класс, например 11А."},
        ),
        (
            [["ФИО", "Медаль"], ["Выпускникова Анна Сергеевна", "1"], ["выпускникова анна сергеевна", "2"]],
            {"row": 3, "column": "ФИО", "message": "Выпускникова Анна Сергеевна уже есть в строке 2."},
        ),
    ],
)
def test_a_bad_file_names_row_and_column_and_saves_nothing(
    client, head_a, school_a, graduates, tmp_path, rows, error
):
    response = upload(client, head_a, school_a, write_xlsx(tmp_path / "м.xlsx", rows))
    record = Upload.objects.get()
    assert record.status == Upload.Status.REJECTED
    assert record.errors == [error]
    assert "Ничего из этого файла не записано" in response.content.decode()
    assert set(issued().values()) == {""}
    assert client.post(reverse("medals:upload_save", args=[record.pk]), follow=True).status_code == 200
    assert set(issued().values()) == {""}


def test_two_graduates_of_one_name_need_the_class(client, head_a, school_a, tmp_path):
    graduate(school_a, "Алиева", "Патимат", "Магомедовна", 80, letter="А")
    graduate(school_a, "Алиева", "Патимат", "Магомедовна", 50, letter="Б")
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Медаль"], ["Алиева Патимат Магомедовна", "1"]])
    upload(client, head_a, school_a, path)
    assert "подходят несколько претендентов" in Upload.objects.get().errors[0]["message"]
    path = write_xlsx(
        tmp_path / "b.xlsx", [["ФИО", "Класс", "Медаль"], ["Алиева Патимат Магомедовна", "11Б", "нет"]]
    )
    upload(client, head_a, school_a, path)
    client.post(reverse("medals:upload_save", args=[Upload.objects.latest("pk").pk]))
    assert sorted(Candidate.objects.values_list("pupil__letter", "issued_medal")) == [
        ("А", ""),
        ("Б", "none"),
    ]


def test_a_year_without_candidates_and_a_file_without_the_medal_column(
    client, head_a, school_a, graduates, tmp_path
):
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Медаль"], ["Выпускникова Анна Сергеевна", "1"]])
    upload(client, head_a, school_a, path, year=2023)
    assert "нет претендентов 2023 года выпуска" in Upload.objects.get().errors[0]["message"]
    path = write_xlsx(tmp_path / "b.xlsx", [["ФИО", "Награда"], ["Выпускникова Анна Сергеевна", "1"]])
    response = upload(client, head_a, school_a, path)
    assert 'data-testid="column-question-form"' in response.content.decode()
    record = Upload.objects.latest("pk")
    client.post(reverse("medals:upload_columns", args=[record.pk]), {"column-issued_medal": "Награда"})
    record.refresh_from_db()
    assert record.status == Upload.Status.PREVIEW


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("head_a", 200),
        ("methodist_a", 200),
        ("department_head", 200),
        ("head_b", 200),
        ("coordinator", 403),
        ("member", 403),
    ],
)
def test_who_uploads_for_school_a(client, request, school_a, graduates, tmp_path, user, status):
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Медаль"], ["Выпускникова Анна Сергеевна", "1"]])
    response = upload(client, request.getfixturevalue(user), school_a, path)
    assert response.status_code == status
    # head_b (and methodist_b) cannot choose school A: the form refuses it, nothing is stored.
    assert Upload.objects.filter(school=school_a).exists() is (
        user in {"head_a", "methodist_a", "department_head"}
    )


@pytest.mark.parametrize("user", ["head_b", "methodist_b"])
def test_another_schools_upload_is_not_found(client, request, head_a, school_a, graduates, tmp_path, user):
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Медаль"], ["Выпускникова Анна Сергеевна", "1"]])
    upload(client, head_a, school_a, path)
    record = Upload.objects.get()
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("medals:upload_detail", args=[record.pk])).status_code == 404
    assert client.post(reverse("medals:upload_save", args=[record.pk])).status_code == 404
    assert set(issued().values()) == {""}


def test_the_template(client, head_a):
    client.force_login(head_a)
    response = client.get(reverse("medals:upload_template", args=["issued"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["ФИО", "Класс", "Медаль"]
