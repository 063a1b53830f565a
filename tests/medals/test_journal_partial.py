"""Issue 13, trap 1: a partial journal extract never silently wipes the year.

The school's saved extract holds a whole half-year of three candidates; a secretary then uploads a few
rows about one of them. The old behaviour replaced the whole year (the other candidates lost every mark);
now the file replaces only what it contains unless «заменить полностью» is chosen, and the preview names
what the file lacks.
"""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from medals.importers.journal import journal_check, journal_save
from medals.importers.uploads import upload_check, upload_create
from medals.models import CURRENT_GRADES, Grade, Source, Upload

from .factories import JOURNAL_HEADER, CandidateFactory, PupilFactory, write_csv, write_xlsx

YEAR = "2023-2024"


def mark(name, subject="Русский язык", date="12.10.2023", value="5", period="", kind="текущая"):
    return [name, "11А", YEAR, subject, period, kind, date, value, "Учителева М. А."]


@pytest.fixture
def three(school_a):
    names = [
        ("Арсланова", "Динара", "Маратовна"),
        ("Бекмурзаев", "Ислам", "Русланович"),
        ("Гасанова", "Ася", ""),
    ]
    return [
        CandidateFactory(pupil=PupilFactory(school=school_a, last_name=a, first_name=b, middle_name=c))
        for a, b, c in names
    ]


FULL = [
    mark("Арсланова Динара Маратовна"),
    mark("Арсланова Динара Маратовна", date="19.10.2023", value="4"),
    mark("Арсланова Динара Маратовна", subject="Химия", date="13.10.2023"),
    mark("Арсланова Динара Маратовна", period="1 полугодие", kind="", date="", value="5"),
    mark("Бекмурзаев Ислам Русланович", date="12.10.2023", value="3"),
    mark("Бекмурзаев Ислам Русланович", subject="Химия", date="13.10.2023", value="4"),
    mark("Гасанова Ася", date="12.10.2023", value="5"),
    mark("Гасанова Ася", date="15.02.2024", value="4"),
]


def save(school, path, replace="covered"):
    upload = upload_create(
        school=school,
        kind=Upload.Kind.JOURNAL,
        name=path.name,
        content=ContentFile(path.read_bytes()),
        user=None,
    )
    return upload, journal_save(upload=upload, replace=replace)


def current(candidate=None):
    grades = Grade.objects.filter(CURRENT_GRADES)
    if candidate is not None:
        grades = grades.filter(candidate=candidate)
    rows = grades.values_list("candidate__pupil__last_name", "subject__name", "work_date", "period", "mark")
    return sorted(rows, key=lambda r: (r[0], r[1], str(r[2]), r[3], r[4]))


@pytest.fixture
def saved_year(three, school_a, tmp_path):
    save(school_a, write_xlsx(tmp_path / "year.xlsx", [JOURNAL_HEADER, *FULL]))
    assert Grade.objects.filter(CURRENT_GRADES).count() == 8
    return three


def test_a_six_row_extract_keeps_the_marks_of_everyone_and_everything_it_lacks(
    saved_year, school_a, tmp_path
):
    before = current()
    partial = write_xlsx(
        tmp_path / "partial.xlsx",
        [JOURNAL_HEADER, mark("Арсланова Динара Маратовна", value="3"), mark("Посторонний Пётр Петрович")],
    )
    _, result = save(school_a, partial)
    assert not result.errors
    # The old behaviour: replaced 8, and the file's one mark was all that stayed current.
    assert (result.saved, result.replaced, result.removed, result.kept) == (1, 2, 0, 6)
    after = current()
    assert len(after) == 7
    assert [row for row in before if row[0] != "Арсланова" or row[1] != "Русский язык" or row[3]] == [
        row for row in after if row[0] != "Арсланова" or row[1] != "Русский язык" or row[3]
    ]
    arslanova_russian = [
        row[4] for row in after if row[0] == "Арсланова" and row[1] == "Русский язык" and not row[3]
    ]
    assert arslanova_russian == ["3"]  # both October marks of the same half-year replaced by the file's one


def test_the_check_names_the_candidates_subjects_and_periods_the_file_lacks(saved_year, school_a, tmp_path):
    partial = write_csv(
        tmp_path / "partial.csv", [JOURNAL_HEADER, mark("Арсланова Динара Маратовна", value="3")]
    )
    result = journal_check(school=school_a, source=Source.JOURNAL, path=partial, name=partial.name)
    lines = {(m["candidate"], m["subject"], m["absent"]): (m["periods"], m["marks"]) for m in result.missing}
    assert lines == {
        ("Арсланова Динара Маратовна", "Русский язык", False): (["1 полугодие"], 1),
        ("Арсланова Динара Маратовна", "Химия", False): (["отметки с датой сентябрь–декабрь"], 1),
        ("Бекмурзаев Ислам Русланович", "Русский язык", True): (["отметки с датой сентябрь–декабрь"], 1),
        ("Бекмурзаев Ислам Русланович", "Химия", True): (["отметки с датой сентябрь–декабрь"], 1),
        ("Гасанова Ася", "Русский язык", True): (
            ["отметки с датой сентябрь–декабрь", "отметки с датой январь–август"],
            2,
        ),
    }
    assert (result.replaced, result.kept, result.removed) == (2, 6, 0)
    assert Grade.objects.count() == 8  # a check writes nothing


def test_replace_all_is_explicit_and_counts_what_it_removes(saved_year, school_a, tmp_path):
    partial = write_xlsx(
        tmp_path / "partial.xlsx", [JOURNAL_HEADER, mark("Арсланова Динара Маратовна", value="3")]
    )
    _, result = save(school_a, partial, replace="all")
    assert (result.saved, result.replaced, result.removed, result.kept) == (1, 2, 6, 0)
    assert [row[4] for row in current()] == ["3"]


def test_a_file_of_period_marks_replaces_those_periods_only(saved_year, school_a, tmp_path):
    quarter = write_xlsx(
        tmp_path / "h1.xlsx",
        [
            JOURNAL_HEADER,
            *(
                mark(n, period="1 полугодие", kind="", date="", value="4")
                for n in ("Арсланова Динара Маратовна", "Бекмурзаев Ислам Русланович")
            ),
        ],
    )
    _, result = save(school_a, quarter)
    assert (result.saved, result.replaced, result.kept) == (2, 1, 7)
    after = current()
    assert len(after) == 9
    assert [r[4] for r in after if r[3] == "h1"] == ["4", "4"]


def test_the_same_file_again_replaces_everything_and_lacks_nothing(saved_year, school_a, tmp_path):
    _, result = save(school_a, write_xlsx(tmp_path / "again.xlsx", [JOURNAL_HEADER, *FULL]))
    assert (result.replaced, result.kept, result.removed, result.missing) == (8, 0, 0, [])
    assert Grade.objects.filter(CURRENT_GRADES).count() == 8


def test_the_command_takes_replace_and_reports_removed(saved_year, school_a, tmp_path, capsys):
    partial = write_xlsx(tmp_path / "p.xlsx", [JOURNAL_HEADER, mark("Гасанова Ася", value="2")])
    call_command("import_journal", str(partial), "--school", school_a.code, "--json", "--dry-run")
    dry = json.loads(capsys.readouterr().out)
    assert (dry["replace"], dry["replaced"], dry["removed"], dry["kept"]) == ("covered", 1, 0, 7)
    assert Grade.objects.filter(CURRENT_GRADES).count() == 8
    call_command("import_journal", str(partial), "--school", school_a.code, "--json", "--replace", "all")
    payload = json.loads(capsys.readouterr().out)
    assert (payload["replaced"], payload["removed"]) == (1, 7)
    assert {m["candidate"] for m in payload["missing"]} == {
        "Арсланова Динара Маратовна",
        "Бекмурзаев Ислам Русланович",
        "Гасанова Ася",
    }
    assert Grade.objects.filter(CURRENT_GRADES).count() == 1


def test_the_command_text_names_what_the_file_lacks_and_whom_it_skipped(
    saved_year, school_a, tmp_path, capsys
):
    partial = write_xlsx(
        tmp_path / "p.xlsx",
        [JOURNAL_HEADER, mark("Гасанова Ася", value="2"), mark("Иванов Иван"), mark("Иванов Иван")],
    )
    call_command("import_journal", str(partial), "--school", school_a.code)
    out = capsys.readouterr()
    assert "В файле нет отметок, которые были в прежней версии (останутся прежние)" in out.err
    assert "Бекмурзаев Ислам Русланович — нет в файле: Химия, 2023-2024" in out.err
    assert "Иванов Иван (строка 3, строк 2)" in out.err
    assert "оставлено прежних отметок, которых нет в файле: 7" in out.out
    assert Grade.objects.filter(CURRENT_GRADES).count() == 8


def test_the_preview_warns_and_offers_both_choices_and_saving_keeps_by_default(
    client, head_a, saved_year, school_a, tmp_path
):
    partial = write_xlsx(
        tmp_path / "p.xlsx", [JOURNAL_HEADER, mark("Гасанова Ася", value="2"), mark("Петров Пётр")]
    )
    client.force_login(head_a)
    with partial.open("rb") as handle:
        response = client.post(
            reverse("medals:upload", args=["journal"]), {"school": school_a.pk, "file": handle}
        )
    content = client.get(response["Location"]).content.decode()
    assert 'data-testid="upload-missing"' in content and 'role="alert"' in content
    assert "В новом файле нет 7 отметок" in content
    assert "Бекмурзаев Ислам Русланович" in content and "Химия" in content
    assert 'value="covered" id="replace-covered" checked' in content and 'value="all"' in content
    assert "Петров Пётр — строка 3" in content
    upload = Upload.objects.filter(status=Upload.Status.PREVIEW).get()
    client.post(reverse("medals:upload_save", args=[upload.pk]))
    assert Grade.objects.filter(CURRENT_GRADES).count() == 8
    detail = client.get(reverse("medals:upload_detail", args=[upload.pk])).content.decode()
    assert "Оставлено прежних отметок, которых нет в файле" in detail


def test_replacing_fully_in_the_browser_must_be_chosen(client, head_a, saved_year, school_a, tmp_path):
    partial = write_xlsx(tmp_path / "p.xlsx", [JOURNAL_HEADER, mark("Гасанова Ася", value="2")])
    upload = upload_create(
        school=school_a,
        kind=Upload.Kind.JOURNAL,
        name="p.xlsx",
        content=ContentFile(partial.read_bytes()),
        user=None,
    )
    upload_check(upload=upload)
    client.force_login(head_a)
    bad = client.post(reverse("medals:upload_save", args=[upload.pk]), {"replace": "everything"}, follow=True)
    assert "Выберите, дополнить прежние отметки или заменить их полностью." in bad.content.decode()
    assert Grade.objects.filter(CURRENT_GRADES).count() == 8
    response = client.post(reverse("medals:upload_save", args=[upload.pk]), {"replace": "all"}, follow=True)
    assert "Удалено прежних, которых нет в файле: 7." in response.content.decode()
    assert Grade.objects.filter(CURRENT_GRADES).count() == 1
