"""Every bad file of tests/data/bad/ against every upload and import that takes it.

Each refused file gets a message in Russian — in the page's error area, naming the file, or the row and
the bad value where the importer reads rows — and a 200 or 400 (never a 500, never a redirect to a success
page), and the database stays as it was. The medal and results uploads keep every file they were given,
with its errors, as the upload history of their pages: there a refused file leaves exactly that one
record, marked refused, and leads to its page with the errors; nothing else changes. The commands fail
with a CommandError (exit status 1) and save nothing, under the same rule for the medal upload record.

The corpus is written by tests/data/make_bad_files.py. A case is a file in bad/ or, written «*/name», the
file of that name in the folder of the upload's own table layout (bad/journal/marks.csv for the journal
upload; the notebook marks use the journal's layout). «over_size_limit» is made by the test against a
lowered limit, and «passwd.xlsx» is sent under the name «../../etc/passwd.xlsx».

    R — refused with a Russian message, nothing saved
    A — accepted: Windows-1251 is a Russian encoding, not an error; a roadmap keeps formula-looking text
        as text and reads a formula cell as empty, never computing it; evidence is an attachment the server
        never opens, so a package that is damaged, a zip bomb or carries macros is kept as sent once its
        first bytes match its extension
    W — read with a warning quoting the bad value: the roadmap preview shows it, nothing is saved yet
    · — the upload does not take such a file

Browser uploads: rm roadmap import, sc school list, ca candidate register, jo journal extract, nb notebook
marks, vp ВПР results, eg ЕГЭ results, ev evidence of a progress row. Commands: import_roadmap,
import_schools, import_candidates, import_journal, import_journal --source notebook, import_vpr (ЕГЭ and
evidence have no command).
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.ege_import import ege_import
from assessments.models import ResultUpload
from assessments.vpr_import import vpr_import
from medals.importers.journal import journal_check
from medals.models import Source, Upload
from roadmaps.deadlines import DATE, parse_deadline
from roadmaps.importer.errors import MAX_BYTES as ROADMAP_MAX_BYTES
from roadmaps.models import Evidence
from roadmaps.plan_period import PlanPeriod
from schools.models import School, User
from schools.school_import import MAX_UNCOMPRESSED_BYTES

from .data.make_bad_files import EGE, FORMULAS, JOURNAL, VPR, VPR_HEADER, corpus, csv_bytes, vpr_above
from .medals.factories import CandidateFactory, PupilFactory

MATRIX = """
case                 | rm sc ca jo nb vp eg ev | import_ rm sc ca jo nb vp
empty.xlsx           | R  R  R  R  R  R  R  R  |         R  R  R  R  R  R
empty.csv            | ·  R  R  R  R  R  R  ·  |         ·  R  R  R  R  R
empty.txt            | R  ·  ·  ·  ·  ·  ·  R  |         R  ·  ·  ·  ·  ·
png_named.xlsx       | R  R  R  R  R  R  R  R  |         R  R  R  R  R  R
pdf_named.docx       | R  ·  ·  ·  ·  ·  ·  R  |         R  ·  ·  ·  ·  ·
text_named.xlsx      | R  R  R  R  R  R  R  R  |         R  R  R  R  R  R
truncated.xlsx       | R  R  R  R  R  R  R  A  |         R  R  R  R  R  R
truncated.docx       | R  ·  ·  ·  ·  ·  ·  A  |         R  ·  ·  ·  ·  ·
zip_bomb.xlsx        | R  R  R  R  R  R  R  A  |         R  R  R  R  R  R
over_size_limit      | R  R  R  R  R  R  R  R  |         R  R  R  R  R  R
macro.xlsm           | R  R  R  R  R  R  R  R  |         R  R  R  R  R  R
macro_inside.xlsx    | R  R  R  R  R  R  R  A  |         R  R  R  R  R  R
no_extension         | R  R  R  R  R  R  R  R  |         R  R  R  R  R  R
passwd.xlsx          | R  R  R  R  R  R  R  R  |         ·  ·  ·  ·  ·  ·
empty_sheet.xlsx     | R  R  R  R  R  R  R  ·  |         R  R  R  R  R  R
no_table.docx        | R  ·  ·  ·  ·  ·  ·  ·  |         R  ·  ·  ·  ·  ·
*/missing_columns    | R  R  R  R  R  R  R  ·  |         R  R  R  R  R  R
*/unknown_headers    | R  R  R  R  R  R  R  ·  |         R  R  R  R  R  R
*/header_wrong_row   | ·  R  R  R  R  R  R  ·  |         ·  R  R  R  R  R
*/header_only        | R  R  R  R  R  R  R  ·  |         R  R  R  R  R  R
*/duplicates         | W  R  R  R  R  R  R  ·  |         W  R  R  R  R  R
*/formulas.csv       | ·  R  R  R  R  R  R  ·  |         ·  R  R  R  R  R
*/formulas.xlsx      | A  R  R  R  R  R  R  ·  |         A  R  R  R  R  R
*/mixed_separators   | ·  R  R  R  R  R  R  ·  |         ·  R  R  R  R  R
*/bad_utf8           | R  R  R  R  R  R  R  ·  |         R  R  R  R  R  R
*/cp1251             | A  A  A  A  A  A  A  R  |         A  A  A  A  A  A
*/date_feb31         | W  ·  R  R  R  R  R  ·  |         W  ·  R  R  R  R
*/date_month13       | W  ·  R  R  R  R  R  ·  |         W  ·  R  R  R  R
*/date_outside_year  | W  ·  R  R  R  R  R  ·  |         W  ·  R  R  R  R
*/marks              | ·  ·  R  R  R  R  R  ·  |         ·  ·  R  R  R  R
"""

BAD = Path(__file__).resolve().parent / "data" / "bad"
UPLOADS = ("roadmap", "schools", "candidates", "journal", "notebook", "vpr", "ege", "evidence")
COMMANDS = ("roadmap", "schools", "candidates", "journal", "notebook", "vpr")
# The folder of each upload's own table layout; evidence takes documents, so its «*/cp1251» is the text.
LAYOUTS = {
    "roadmap": "roadmap",
    "schools": "schools",
    "candidates": "candidates",
    "journal": "journal",
    "notebook": "journal",
    "vpr": "vpr",
    "ege": "ege",
    "evidence": "roadmap",
}
UPLOAD_LIMIT = 1024 * 1024  # the lowered limit of the «over_size_limit» case
CYRILLIC = re.compile(r"[А-Яа-яЁё]{3,}")
NAMES_A_ROW = re.compile(r"(?i)(?:^|\W)строк[аеи]\s+\d+")  # «Строка 7, столбец …», «в строке 2»


def _matrix() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    uploads, commands = [], []
    for line in MATRIX.strip().splitlines()[1:]:
        case, web, cli = (part.split() for part in line.split("|"))
        (name,) = case
        uploads += [(name, target, outcome) for target, outcome in zip(UPLOADS, web, strict=True)]
        commands += [(name, target, outcome) for target, outcome in zip(COMMANDS, cli, strict=True)]
    return [r for r in uploads if r[2] != "·"], [r for r in commands if r[2] != "·"]


UPLOAD_CASES, COMMAND_CASES = _matrix()

# What a refusal must quote, by case (and by upload where the tables differ): the bad value or column.
QUOTES: dict[str, dict[str, tuple[str, ...]]] = {
    "*/date_feb31": {"*": ("31.02.",)},
    "*/date_month13": {"*": ("-13-01",)},
    "*/date_outside_year": {
        "roadmap": ("20.12.2024",),
        "candidates": ("01.09.2020",),
        "journal": ("15.09.2024",),
        "notebook": ("15.09.2024",),
        "vpr": ("16.04.2025",),
        "ege": ("30.05.2099",),
    },
    "*/marks": {
        "candidates": ("«III»", "«0»", "«отл»"),
        "ege": ("«-1»", "«4.5»", "«отл»", "«101»"),
        "*": ("«6»", "«0»", "«отл»", "«-1»", "«4.5»"),
    },
    "*/missing_columns": {
        "schools": ("«Код»", "«Краткое наименование»"),
        "candidates": ("«Дата рождения»", "«Класс»"),
        "journal": ("«Предмет»", "«Отметка»"),
        "notebook": ("«Предмет»", "«Отметка»"),
        "vpr": ("«Отметка»", "«Отметка по журналу»"),
        "ege": ("«Код ОО»", "«Дата экзамена»"),
        "roadmap": ("«Мероприятия»",),
    },
}
# Cases refused for the file as a whole, whose message must name the file.
FILE_NAMED = {
    "png_named.xlsx",
    "pdf_named.docx",
    "text_named.xlsx",
    "truncated.xlsx",
    "truncated.docx",
    "zip_bomb.xlsx",
    "macro.xlsm",
    "macro_inside.xlsx",
    "no_extension",
    "passwd.xlsx",
}
# Cases whose message must name a row of the file: the importer reads rows there.
ROW_CASES = {
    "*/duplicates",
    "*/formulas.csv",
    "*/formulas.xlsx",
    "*/bad_utf8",
    "*/mixed_separators",
    "*/date_feb31",
    "*/date_month13",
    "*/date_outside_year",
    "*/marks",
}


def quotes(case: str, target: str) -> tuple[str, ...]:
    by_target = QUOTES.get(case, {})
    return by_target.get(target, by_target.get("*", ()))


def bad_file(case: str, target: str) -> Path:
    if not case.startswith("*/"):
        return BAD / case
    folder, stem = BAD / LAYOUTS[target], case[2:]
    found = sorted(folder.glob(stem if "." in stem else f"{stem}.*"))
    assert len(found) == 1, f"{case} for {target}: expected one file in {folder}, found {found}"
    return found[0]


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label != "sessions"
    }


def changes(before: dict[str, int]) -> dict[str, int]:
    after = counts()
    return {label: after[label] - before[label] for label in before if after[label] != before[label]}


def _text(node) -> str:
    return " ".join(" ".join(node.itertext()).split())


def error_text(html: str) -> str:
    """The page's error area: field errors, red alerts and the table of errors that follows one."""
    tree = lxml.html.fromstring(html)
    parts = []
    for node in tree.xpath(
        "//*[contains(@class, 'invalid-feedback') or contains(@class, 'alert-danger')"
        " or contains(@class, 'errorlist') or contains(@data-testid, 'errors')]"
    ):
        parts.append(_text(node))
        following = node.getnext()
        if following is not None and following.xpath(".//table") and "danger" in node.get("class", ""):
            parts.append(_text(following))
    return " ".join(parts)


def error_rows(html: str) -> list[str]:
    """The row numbers in the tables of errors (the first column; «весь файл» or «—» for the whole file)."""
    tree = lxml.html.fromstring(html)
    tables = tree.xpath(
        "//*[contains(@data-testid, 'errors')]//tr"
        " | //*[contains(@class, 'alert-danger')]/following-sibling::*[1]//tbody/tr"
    )
    return [_text(row.xpath("./td")[0]) for row in tables if row.xpath("./td")]


def heading(html: str) -> str:
    return " ".join(_text(node) for node in lxml.html.fromstring(html).xpath("//h1"))


def warning_text(html: str) -> str:
    return " ".join(
        _text(node) for node in lxml.html.fromstring(html).xpath("//*[@data-testid='import-warnings']")
    )


def page_text(html: str) -> str:
    return _text(lxml.html.fromstring(html).body)


def multipart(fields: dict[str, object], filename: str, content: bytes) -> tuple[bytes, str]:
    """A form body written by hand, so the file name reaches the server exactly as given, path and all."""
    boundary = "----bad-input-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Uploaders:
    """Who uploads what: school A with a medal candidate, a ФИС ОКО login and a progress row."""

    client: Client
    users: dict[str, User]
    school_a: School
    progress_pk: int


@pytest.fixture
def uploaders(
    client, settings, department_head, methodist_a, head_a, coordinator, school_a, school_b, progress_a
) -> Uploaders:
    school_a.fis_oko_login = "edu100001"
    school_a.save()
    pupil = PupilFactory(
        school=school_a, last_name="Арсланова", first_name="Динара", middle_name="Маратовна", grade=11
    )
    CandidateFactory(pupil=pupil, school=school_a, graduation_year=2024)
    users = {
        "roadmap": department_head,
        "schools": department_head,
        "candidates": head_a,
        "journal": head_a,
        "notebook": methodist_a,
        "vpr": coordinator,
        "ege": coordinator,
        "evidence": head_a,
    }
    return Uploaders(client=client, users=users, school_a=school_a, progress_pk=progress_a.pk)


def post_upload(uploaders: Uploaders, target: str, filename: str, content: bytes) -> HttpResponse:
    fields: dict[str, object] = {}
    if target == "roadmap":
        url = reverse("roadmaps:roadmap_import")
    elif target == "schools":
        url = reverse("schools:school_import")
    elif target in ("candidates", "journal", "notebook"):
        url = reverse("medals:upload", args=[target])
        fields["school"] = uploaders.school_a.pk
    elif target in ("vpr", "ege"):
        url = reverse(f"assessments:{target}_upload")
    else:
        url = reverse("roadmaps:evidence_upload", args=[uploaders.progress_pk])
    uploaders.client.force_login(uploaders.users[target])
    body, content_type = multipart(fields, filename, content)
    return uploaders.client.post(url, data=body, content_type=content_type)


# The uploads that keep a record of every file they were given, and the statuses of a refused and a
# checked-and-waiting file there.
RECORDS: dict[str, tuple[type[Model], str, str]] = {
    "candidates": (Upload, Upload.Status.REJECTED, Upload.Status.PREVIEW),
    "journal": (Upload, Upload.Status.REJECTED, Upload.Status.PREVIEW),
    "notebook": (Upload, Upload.Status.REJECTED, Upload.Status.PREVIEW),
    "vpr": (ResultUpload, ResultUpload.Status.FAILED, ResultUpload.Status.PREVIEW),
    "ege": (ResultUpload, ResultUpload.Status.FAILED, ResultUpload.Status.PREVIEW),
}


def the_record(target: str, response: HttpResponse, before: dict[str, int]):
    """The one upload record a file left, checked to be all it left, and that the redirect leads to it."""
    model, _, _ = RECORDS[target]
    assert changes(before) == {model._meta.label: 1}
    record = model.objects.order_by("-pk").first()
    detail = "medals:upload_detail" if model is Upload else "assessments:upload_detail"
    assert response["Location"] == reverse(detail, args=[record.pk])
    return record


def kept_name(sent: str) -> str:
    """The name the server keeps of an uploaded file: the last part of what the browser sent."""
    return sent.rsplit("/", 1)[-1]


def sent_file(case: str, target: str) -> tuple[str, bytes]:
    if case == "over_size_limit":
        sample = bad_file("*/cp1251", target) if target != "evidence" else BAD / "truncated.xlsx"
        return f"big{sample.suffix}", sample.read_bytes().ljust(UPLOAD_LIMIT + 1, b"\n")
    path = bad_file(case, target)
    name = "../../etc/passwd.xlsx" if case == "passwd.xlsx" else path.name
    return name, path.read_bytes()


def assert_refusal_names_the_place(case: str, target: str, text: str, rows: list[str] | None = None) -> None:
    """``text`` is the error area (or a command's output); ``rows`` the row column of a table of errors."""
    assert CYRILLIC.search(text), f"no Russian message in the error area: {text!r}"
    for quoted in quotes(case, target):
        assert quoted in text, f"the message does not quote {quoted}: {text!r}"
    if case in ROW_CASES:
        in_table = any(row.isdigit() for row in rows or [])
        assert in_table or NAMES_A_ROW.search(text), f"the message names no row: {text!r}"
    if case == "*/formulas.csv":
        assert any(formula in text for formula in FORMULAS), f"the formulas are not quoted as text: {text!r}"
    if case == "passwd.xlsx":
        assert "etc/" not in text


@pytest.mark.parametrize(("case", "target"), [(c, t) for c, t, outcome in UPLOAD_CASES if outcome == "R"])
def test_a_bad_file_uploaded_in_the_browser_gets_a_russian_message_and_saves_nothing(
    uploaders, settings, case, target
):
    settings.IMPORT_MAX_BYTES = settings.EVIDENCE_MAX_BYTES = UPLOAD_LIMIT
    filename, content = sent_file(case, target)
    before = counts()
    response = post_upload(uploaders, target, filename, content)
    page = response
    if response.status_code == 302:
        assert target in RECORDS, f"a refused file must not redirect: {response['Location']}"
        record = the_record(target, response, before)
        assert record.status == RECORDS[target][1]
        assert record.original_name == kept_name(filename)
        page = uploaders.client.get(response["Location"])
        assert page.status_code == 200
    else:
        assert response.status_code in (200, 400)
        assert changes(before) == {}
    html = page.content.decode()
    assert_refusal_names_the_place(case, target, error_text(html), error_rows(html))
    if case in FILE_NAMED:
        assert f"«{kept_name(filename)}»" in error_text(html) or kept_name(filename) in heading(html)


@pytest.mark.parametrize(("case", "target", "outcome"), [row for row in UPLOAD_CASES if row[2] != "R"])
def test_a_file_an_upload_takes_is_read_as_written_and_held_until_confirmed(
    uploaders, settings, case, target, outcome
):
    filename, content = sent_file(case, target)
    before = counts()
    response = post_upload(uploaders, target, filename, content)
    assert response.status_code == 302
    page = uploaders.client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    if target == "roadmap":
        # The preview lives in the session; the roadmap is saved only when the preview is confirmed.
        assert response["Location"] == reverse("roadmaps:roadmap_import_preview")
        assert changes(before) == {}
        if outcome == "W":
            for quoted in quotes(case, target) or ("повторно",):
                assert quoted in warning_text(html)
        elif case == "*/formulas.xlsx":
            assert FORMULAS[2] in page_text(html) and FORMULAS[3] in page_text(html)
        else:
            assert "Анализ результатов ВПР по школам" in page_text(html)
    elif target == "schools":
        # The school list is shown first and saved only when the preview is confirmed.
        assert response["Location"] == reverse("schools:school_import") + "?preview=1"
        assert "МКОУ «Новая СОШ»" in page_text(html) and error_text(html) == ""
        assert changes(before) == {}
        token = uploaders.client.session["school_import_pending"]["token"]
        uploaders.client.post(reverse("schools:school_import"), {"confirm": token})
        assert School.objects.filter(short_name="МКОУ «Новая СОШ»", kind=School.Kind.SOSH).exists()
        assert changes(before).get("schools.School") == 1
    elif target == "evidence":
        evidence = Evidence.objects.get()
        assert (evidence.original_name, evidence.progress_id) == (filename, uploaders.progress_pk)
        assert changes(before) == {"roadmaps.Evidence": 1}
    else:
        record = the_record(target, response, before)
        assert record.status == RECORDS[target][2]
        assert error_text(html) == ""


# --- the same files through the management commands --------------------------------------------------

COMMAND_LINES = {
    "roadmap": ["import_roadmap"],
    "schools": ["import_schools"],
    "candidates": ["import_candidates", "--school", "A001"],
    "journal": ["import_journal", "--school", "A001"],
    "notebook": ["import_journal", "--school", "A001", "--source", "notebook"],
    "vpr": ["import_vpr"],
}


def command_file(case: str, target: str, tmp_path: Path) -> Path:
    if case != "over_size_limit":
        return bad_file(case, target)
    # A sparse file just over every limit, so the commands meet it without it taking disk space.
    path = tmp_path / ("big.txt" if target == "roadmap" else "big.csv")
    with path.open("wb") as out:
        out.truncate(max(ROADMAP_MAX_BYTES, UPLOAD_LIMIT) + 1)
    return path


def run(target: str, path: Path, *options: str, out: io.StringIO, err: io.StringIO) -> None:
    name, *arguments = COMMAND_LINES[target]
    call_command(name, str(path), *arguments, *options, stdout=out, stderr=err)


@pytest.mark.parametrize(("case", "target"), [(c, t) for c, t, outcome in COMMAND_CASES if outcome == "R"])
def test_a_bad_file_given_to_an_import_command_fails_in_russian_and_saves_nothing(
    uploaders, settings, tmp_path, case, target
):
    settings.IMPORT_MAX_BYTES = UPLOAD_LIMIT
    path = command_file(case, target, tmp_path)
    before = counts()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        run(target, path, out=out, err=err)
    printed = f"{refused.value} {out.getvalue()} {err.getvalue()}"
    assert CYRILLIC.search(str(refused.value))
    assert_refusal_names_the_place(case, target, printed)
    if case in FILE_NAMED:
        assert f"«{path.name}»" in printed
    found = changes(before)
    if found:
        # The medal commands keep the refused file as an upload record, as the upload page does.
        assert target in ("candidates", "journal", "notebook") and found == {"medals.Upload": 1}
        assert Upload.objects.get().status == Upload.Status.REJECTED


# What a dry run prints of a file it reads: proof that every row was read, in the right encoding.
READ = {
    "roadmap": "мероприятий: ",
    "schools": "строк: 1, будет добавлено: 1",
    "candidates": "строк: 1, добавлено: 1",
    "journal": "строк: 1, будет сохранено: 1",
    "notebook": "строк: 1, будет сохранено: 1",
    "vpr": "ошибок нет; участников 2",
}


@pytest.mark.parametrize(("case", "target", "outcome"), [row for row in COMMAND_CASES if row[2] != "R"])
def test_a_file_an_import_command_takes_is_read_as_written_in_a_dry_run(uploaders, case, target, outcome):
    before = counts()
    out, err = io.StringIO(), io.StringIO()
    run(target, bad_file(case, target), "--dry-run", out=out, err=err)
    printed = out.getvalue()
    assert changes(before) == {}
    assert READ[target] in printed
    if outcome == "W":
        for quoted in quotes(case, target) or ("повторно",):
            assert quoted in printed
    elif case == "*/formulas.xlsx":
        # Formula-looking text stays text; a real formula cell is read as empty, never computed.
        assert FORMULAS[2] in printed and "срок не указан" in printed
    elif target == "roadmap":
        assert "Предупреждений нет" in printed


def test_a_refused_import_lists_its_errors_by_row_and_column_in_json(uploaders):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_journal", str(BAD / "journal" / "marks.csv"), "--school", "A001", "--json", stdout=out
        )
    errors = json.loads(out.getvalue())["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(row, "Отметка") for row in range(2, 7)]
    assert all(CYRILLIC.search(e["message"]) for e in errors)


# --- where the fixes made for this corpus stop ---------------------------------------------------------


def test_current_marks_may_repeat_on_a_day_but_a_control_work_or_a_year_mark_may_not(uploaders, tmp_path):
    current = JOURNAL.with_values({"Вид работы": "текущая"})
    year_mark = JOURNAL.with_values({"Вид работы": "годовая", "Период": "год", "Дата": ""})
    path = tmp_path / "journal.csv"
    path.write_bytes(csv_bytes(JOURNAL.table([current, current, year_mark])))
    kept = journal_check(school=uploaders.school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert (kept.errors, kept.saved) == ([], 3)
    path.write_bytes(csv_bytes(JOURNAL.table([year_mark, JOURNAL.good[0], year_mark, JOURNAL.good[0]])))
    refused = journal_check(school=uploaders.school_a, source=Source.JOURNAL, path=path, name=path.name)
    assert [(e["row"], e["column"]) for e in refused.errors] == [(4, "Период"), (5, "Дата")]
    assert refused.errors[0]["message"].startswith("Повтор строки 2:")


def test_a_real_iso_date_in_a_roadmap_deadline_is_read_as_that_day():
    deadline = parse_deadline(
        "до 2024-03-15", PlanPeriod(datetime.date(2023, 9, 1), datetime.date(2024, 8, 31))
    )
    assert (deadline.kind, deadline.start, deadline.end, deadline.warnings) == (
        DATE,
        None,
        datetime.date(2024, 3, 15),
        [],
    )


def test_a_vpr_titled_with_both_years_of_the_school_year_may_be_held_in_either(uploaders):
    rows = [*vpr_above(VPR_HEADER), VPR_HEADER, *VPR.good]
    rows[0] = ["ВПР 2023-2024 Русский язык 5 класс"]
    report = vpr_import(
        content=csv_bytes(rows),
        filename="vpr.csv",
        municipality=uploaders.school_a.municipality,
        dry_run=True,
    )
    assert report.errors == [] and len(report.rows) == 2


def test_ege_results_of_today_are_taken_and_of_tomorrow_refused(uploaders):
    today = timezone.localdate()
    rows = [
        EGE.with_values({"Дата экзамена": f"{today:%d.%m.%Y}"}),
        EGE.with_values(
            {"Дата экзамена": f"{today + datetime.timedelta(days=1):%d.%m.%Y}", "Предмет": "Химия"}
        ),
    ]
    report = ege_import(
        content=csv_bytes(EGE.table(rows)),
        filename="ege.csv",
        municipality=uploaders.school_a.municipality,
        dry_run=True,
    )
    assert [(issue.row, issue.column) for issue in report.errors] == [(3, "Дата экзамена")]
    assert len(report.rows) == 1


# --- the corpus itself ---------------------------------------------------------------------------------


def test_the_committed_corpus_is_exactly_what_the_generator_writes():
    written = corpus()
    committed = {
        path.relative_to(BAD).as_posix(): path.read_bytes() for path in BAD.rglob("*") if path.is_file()
    }
    assert sorted(committed) == sorted(written)
    assert [name for name, data in written.items() if committed[name] != data] == []
    assert len(written) >= 30


def test_every_file_of_the_corpus_is_fed_to_some_upload_or_command():
    used = {
        bad_file(case, target).relative_to(BAD).as_posix()
        for case, target, _ in UPLOAD_CASES + COMMAND_CASES
        if case != "over_size_limit"
    }
    assert used == set(corpus())


def test_the_zip_bomb_stays_small_on_disk_and_declares_more_than_the_limit():
    path = BAD / "zip_bomb.xlsx"
    with zipfile.ZipFile(path) as archive:
        declared = sum(member.file_size for member in archive.infolist())
    assert path.stat().st_size < 64 * 1024 < MAX_UNCOMPRESSED_BYTES < declared
