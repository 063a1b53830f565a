"""Issue 13, trap 6: done late is done late, and «выполнено» needs its proof.

A measure finished after its deadline shows «выполнено с опозданием (на N дн.)» in the lists, the Excel
export, the execution matrix, the roadmap PDF and the protocol. «Выполнено» needs a file or a comment
saying where the proof is; the municipality decides which (Municipality.done_proof).
"""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports.documents import progress_matrix, roadmap_document
from reports.meetings import agenda_status
from reports.pdf import roadmap_html
from reports.xlsx import progress_matrix_xlsx
from roadmaps.evidence import evidence_attach
from roadmaps.models import ProgressStatus
from roadmaps.progress import DoneWithoutProofError, display_status, progress_update
from schools.models import Municipality, School

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
DEADLINE = datetime.date(2024, 2, 15)  # the measure fixture's deadline
PROOF = "Протокол № 3 от 20.02.2024, папка «Мониторинг»"


def _at(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=MOSCOW), tick=False)


def _done(progress, user, comment: str = PROOF):
    return progress_update(
        progress=progress,
        user=user,
        status=ProgressStatus.DONE,
        comment=comment,
        expected_version=progress.version,
    )


def test_done_after_the_deadline_is_done_late_by_n_days(time_machine, progress_a, head_a):
    _at(time_machine, DEADLINE + datetime.timedelta(days=5))
    row = _done(progress_a, head_a)
    assert row.done_on == DEADLINE + datetime.timedelta(days=5)
    assert display_status(row, DEADLINE + datetime.timedelta(days=30)) == (
        "done_late",
        "выполнено с опозданием (на 5 дн.)",
    )
    # Saving the comment again later does not move the day it was done.
    _at(time_machine, DEADLINE + datetime.timedelta(days=40))
    row = progress_update(
        progress=row,
        user=head_a,
        status=ProgressStatus.DONE,
        comment=PROOF + ".",
        expected_version=row.version,
    )
    assert row.done_on == DEADLINE + datetime.timedelta(days=5)


def test_done_in_time_is_simply_done(time_machine, progress_a, head_a):
    _at(time_machine, DEADLINE)
    row = _done(progress_a, head_a)
    assert display_status(row, DEADLINE + datetime.timedelta(days=30)) == ("done", "выполнено")


def test_leaving_done_clears_the_day(time_machine, progress_a, head_a):
    _at(time_machine, DEADLINE + datetime.timedelta(days=2))
    row = _done(progress_a, head_a)
    row = progress_update(
        progress=row, user=head_a, status=ProgressStatus.IN_PROGRESS, comment="", expected_version=row.version
    )
    assert row.done_on is None


@pytest.fixture
def late(time_machine, progress_a, head_a):
    _at(time_machine, DEADLINE + datetime.timedelta(days=7))
    return _done(progress_a, head_a)


def test_the_list_and_its_excel_say_done_late(client, late, department_head):
    client.force_login(department_head)
    page = client.get(reverse("roadmaps:measure_list")).content.decode()
    assert "выполнено с опозданием (на 7 дн.)" in page
    response = client.get(reverse("roadmaps:measure_list"), {"export": "xlsx"})
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    assert "выполнено с опозданием (на 7 дн.)" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_the_measure_page_and_the_row_say_done_late(client, late, head_a):
    client.force_login(head_a)
    assert (
        "выполнено с опозданием (на 7 дн.)"
        in client.get(reverse("roadmaps:progress_detail", args=[late.pk])).content.decode()
    )


def test_the_matrix_and_its_excel_say_done_late(late, roadmap):
    document = progress_matrix(
        roadmap=roadmap, schools=School.objects.all(), as_of=DEADLINE + datetime.timedelta(days=30)
    )
    assert document.measures[0].percent_done == 50
    sheet = load_workbook(io.BytesIO(progress_matrix_xlsx(document=document)))["Исполнение"]
    assert "выполнено с опозданием (на 7 дн.)" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_the_roadmap_pdf_says_done_late(late, roadmap):
    html = roadmap_html(
        document=roadmap_document(roadmap=roadmap, as_of=DEADLINE + datetime.timedelta(days=30))
    )
    assert "выполнено 1 ОО из 2; из них с опозданием — 1; просрочено — 1" in html


def test_the_protocol_says_done_late(late, measure):
    status = agenda_status(measure_ids=[measure.pk], as_of=DEADLINE + datetime.timedelta(days=30))
    assert "выполнено — 1 ОО из 2 (из них с опозданием — 1)" in status[measure.pk].line


def test_the_department_row_says_done_late_in_the_protocol(time_machine, roadmap, department_head):
    from roadmaps.progress import progress_sync_for_measure
    from tests.factories import MeasureFactory

    own = MeasureFactory(roadmap=roadmap, per_school=False, deadline_end=DEADLINE)
    progress_sync_for_measure(measure=own)
    _at(time_machine, DEADLINE + datetime.timedelta(days=3))
    _done(own.progress.get(), department_head)
    line = agenda_status(measure_ids=[own.pk], as_of=DEADLINE + datetime.timedelta(days=10))[own.pk].line
    assert line == "Исполнение Управлением образования: выполнено с опозданием (на 3 дн.)."


# --- «выполнено» needs its proof ---------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "  ", "да"])
def test_done_without_a_file_or_a_comment_is_refused(progress_a, head_a, comment):
    with pytest.raises(DoneWithoutProofError, match="где лежит подтверждение"):
        _done(progress_a, head_a, comment)
    progress_a.refresh_from_db()
    assert (progress_a.status, progress_a.version) == (ProgressStatus.NOT_STARTED, 0)


def test_a_file_is_proof_enough(progress_a, head_a):
    evidence_attach(progress=progress_a, user=head_a, upload=SimpleUploadedFile("akt.pdf", b"%PDF-1.4 test"))
    assert _done(progress_a, head_a, "").status == ProgressStatus.DONE


def test_a_municipality_may_ask_for_a_file(progress_a, head_a, municipality):
    Municipality.objects.filter(pk=municipality.pk).update(done_proof=Municipality.DoneProof.FILE)
    with pytest.raises(DoneWithoutProofError, match="прикрепите подтверждающий файл"):
        _done(progress_a, head_a, PROOF)
    evidence_attach(progress=progress_a, user=head_a, upload=SimpleUploadedFile("akt.pdf", b"%PDF-1.4 test"))
    assert _done(progress_a, head_a, "").status == ProgressStatus.DONE


def test_the_row_editor_shows_the_refusal_and_saves_nothing(client, progress_a, head_a):
    client.force_login(head_a)
    prefix = f"p{progress_a.pk}"
    response = client.post(
        reverse("roadmaps:progress_status", args=[progress_a.pk]),
        {f"{prefix}-status": "done", f"{prefix}-comment": "", f"{prefix}-version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "где лежит подтверждение" in response.content.decode()
    progress_a.refresh_from_db()
    assert progress_a.status == ProgressStatus.NOT_STARTED
    response = client.post(
        reverse("roadmaps:progress_detail", args=[progress_a.pk]),
        {"status": "done", "comment": "", "version": "0"},
    )
    assert response.status_code == 400
    assert "где лежит подтверждение" in response.content.decode()
