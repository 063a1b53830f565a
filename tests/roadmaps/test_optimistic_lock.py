"""Two people editing the same progress row: the second is told, and loses nothing."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from roadmaps.models import Progress, ProgressChange, ProgressStatus
from roadmaps.progress import StaleProgressError, progress_update

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
FIRST_SAVE = datetime.datetime(2024, 2, 10, 10, 15, tzinfo=MOSCOW)
SECOND_SAVE = datetime.datetime(2024, 2, 10, 10, 20, tzinfo=MOSCOW)
HER_COMMENT = "Проведено совещание, протокол №3 приложен"
HIS_COMMENT = "Справка о проверке тетрадей 9-11 классов"


@pytest.fixture
def first_saved(progress_a, methodist_a, time_machine):
    """The methodist saved the row first, while the school head still had version 0 open."""
    time_machine.move_to(FIRST_SAVE, tick=False)
    return progress_update(
        progress=progress_a,
        user=methodist_a,
        status=ProgressStatus.DONE,
        comment=HER_COMMENT,
        expected_version=0,
    )


def _row_data(progress: Progress, *, status: str, comment: str, version: int) -> dict:
    prefix = f"p{progress.pk}"
    return {f"{prefix}-status": status, f"{prefix}-comment": comment, f"{prefix}-version": str(version)}


# --- the rule ----------------------------------------------------------------------------------------


def test_the_second_save_with_an_old_version_is_refused_in_russian_naming_who_and_what(
    progress_a, first_saved, head_a, methodist_a
):
    stale = Progress.objects.get(pk=progress_a.pk)
    stale.version = 0
    with pytest.raises(StaleProgressError) as exc:
        progress_update(
            progress=stale,
            user=head_a,
            status=ProgressStatus.IN_PROGRESS,
            comment=HIS_COMMENT,
            expected_version=0,
        )
    message = str(exc.value)
    assert f"Строку уже изменил {methodist_a.short_name} 10.02.2024 10:15" in message
    assert "сейчас статус «выполнено»" in message
    assert "Ваши изменения не сохранены, но остались в форме" in message
    assert exc.value.current.comment == HER_COMMENT


def test_a_refused_save_changes_nothing_and_writes_no_history(progress_a, first_saved, head_a, methodist_a):
    with pytest.raises(StaleProgressError):
        progress_update(
            progress=progress_a,
            user=head_a,
            status=ProgressStatus.IN_PROGRESS,
            comment=HIS_COMMENT,
            expected_version=0,
        )
    progress_a.refresh_from_db()
    assert (progress_a.status, progress_a.comment, progress_a.version, progress_a.updated_by) == (
        ProgressStatus.DONE,
        HER_COMMENT,
        1,
        methodist_a,
    )
    assert ProgressChange.objects.filter(progress=progress_a).count() == 1


def test_a_save_against_the_current_version_goes_through(progress_a, first_saved, head_a):
    saved = progress_update(
        progress=first_saved,
        user=head_a,
        status=ProgressStatus.IN_PROGRESS,
        comment=HIS_COMMENT,
        expected_version=1,
    )
    assert (saved.status, saved.comment, saved.version) == (ProgressStatus.IN_PROGRESS, HIS_COMMENT, 2)


def test_the_history_keeps_who_when_old_and_new_for_each_save(
    progress_a, first_saved, head_a, methodist_a, time_machine
):
    time_machine.move_to(SECOND_SAVE, tick=False)
    progress_update(
        progress=first_saved,
        user=head_a,
        status=ProgressStatus.IN_PROGRESS,
        comment=HIS_COMMENT,
        expected_version=1,
    )
    changes = [
        (c.changed_by, c.changed_at, c.old_status, c.new_status, c.old_comment, c.new_comment)
        for c in ProgressChange.objects.filter(progress=progress_a).order_by("changed_at")
    ]
    assert changes == [
        (methodist_a, FIRST_SAVE, ProgressStatus.NOT_STARTED, ProgressStatus.DONE, "", HER_COMMENT),
        (head_a, SECOND_SAVE, ProgressStatus.DONE, ProgressStatus.IN_PROGRESS, HER_COMMENT, HIS_COMMENT),
    ]


# --- the inline (htmx) edit --------------------------------------------------------------------------


def test_htmx_second_editor_gets_409_with_the_message_and_their_comment_kept(
    client, progress_a, first_saved, head_a
):
    client.force_login(head_a)
    response = client.post(
        reverse("roadmaps:progress_status", args=[progress_a.pk]),
        _row_data(progress_a, status="in_progress", comment=HIS_COMMENT, version=0),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="row-error"' in html
    assert "Строку уже изменил" in html
    assert HIS_COMMENT in html
    assert response.context["form"]["comment"].value() == HIS_COMMENT
    assert response.context["form"]["status"].value() == "in_progress"
    progress_a.refresh_from_db()
    assert progress_a.comment == HER_COMMENT


def test_htmx_conflict_moves_the_form_to_the_current_version_so_saving_again_is_deliberate(
    client, progress_a, first_saved, head_a
):
    client.force_login(head_a)
    url = reverse("roadmaps:progress_status", args=[progress_a.pk])
    conflict = client.post(
        url,
        _row_data(progress_a, status="in_progress", comment=HIS_COMMENT, version=0),
        HTTP_HX_REQUEST="true",
    )
    assert f'name="p{progress_a.pk}-version" value="1"' in conflict.content.decode()
    again = client.post(
        url,
        _row_data(progress_a, status="in_progress", comment=HIS_COMMENT, version=1),
        HTTP_HX_REQUEST="true",
    )
    assert again.status_code == 200
    assert "Сохранено" in again.content.decode()
    progress_a.refresh_from_db()
    assert (progress_a.status, progress_a.comment, progress_a.version, progress_a.updated_by) == (
        ProgressStatus.IN_PROGRESS,
        HIS_COMMENT,
        2,
        head_a,
    )


def test_htmx_first_editor_saves_and_gets_the_row_back(client, progress_a, head_a):
    client.force_login(head_a)
    response = client.post(
        reverse("roadmaps:progress_status", args=[progress_a.pk]),
        _row_data(progress_a, status="done", comment=HIS_COMMENT, version=0),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="progress-{progress_a.pk}"')
    assert 'data-status="done_late"' in html  # done today, long after its deadline of 2024
    assert f'name="p{progress_a.pk}-version" value="1"' in html


def test_without_htmx_the_second_editor_gets_409_and_the_full_form_with_their_comment(
    client, progress_a, first_saved, head_a
):
    client.force_login(head_a)
    response = client.post(
        reverse("roadmaps:progress_status", args=[progress_a.pk]),
        _row_data(progress_a, status="in_progress", comment=HIS_COMMENT, version=0),
    )
    assert response.status_code == 409
    form = response.context["form"]
    assert form["comment"].value() == HIS_COMMENT
    assert str(form["version"].value()) == "1"
    assert "Строку уже изменил" in response.content.decode()


# --- the full form -----------------------------------------------------------------------------------


def test_full_form_second_editor_gets_409_with_the_message_and_their_comment_kept(
    client, progress_a, first_saved, head_a
):
    client.force_login(head_a)
    url = reverse("roadmaps:progress_detail", args=[progress_a.pk])
    response = client.post(url, {"status": "in_progress", "comment": HIS_COMMENT, "version": "0"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Строку уже изменил" in html
    assert f"{HIS_COMMENT}</textarea>" in html
    assert "выполнено" in html  # the current status is shown beside the kept form
    progress_a.refresh_from_db()
    assert (progress_a.comment, progress_a.version) == (HER_COMMENT, 1)


def test_full_form_after_a_conflict_saves_on_the_second_try(client, progress_a, first_saved, head_a):
    client.force_login(head_a)
    url = reverse("roadmaps:progress_detail", args=[progress_a.pk])
    conflict = client.post(url, {"status": "in_progress", "comment": HIS_COMMENT, "version": "0"})
    version = conflict.context["form"]["version"].value()
    assert str(version) == "1"
    again = client.post(url, {"status": "in_progress", "comment": HIS_COMMENT, "version": version})
    assert again.status_code == 302
    progress_a.refresh_from_db()
    assert (progress_a.comment, progress_a.version) == (HIS_COMMENT, 2)


def test_full_form_history_table_shows_who_and_both_values(
    client, progress_a, first_saved, head_a, methodist_a
):
    client.force_login(head_a)
    url = reverse("roadmaps:progress_detail", args=[progress_a.pk])
    client.post(url, {"status": "in_progress", "comment": HIS_COMMENT, "version": "1"})
    response = client.get(url)
    html = response.content.decode()
    history = html[html.index('<h2 class="h5">История</h2>') :]
    assert methodist_a.short_name in history and head_a.short_name in history
    assert "10.02.2024 10:15" in history
    assert HER_COMMENT in history and HIS_COMMENT in history
    assert [c.new_status for c in response.context["changes"]] == [
        ProgressStatus.IN_PROGRESS,
        ProgressStatus.DONE,
    ]


@pytest.mark.parametrize(
    "status", [ProgressStatus.IN_PROGRESS, ProgressStatus.DONE, ProgressStatus.NOT_REQUIRED]
)
def test_the_row_handed_back_is_the_row_as_saved(first_saved, head_a, status, time_machine):
    """progress_update hands back the row as its UPDATE left it without reading it again: every column
    must equal what the database holds, done and not done, first save and second."""
    time_machine.move_to(SECOND_SAVE, tick=False)
    saved = progress_update(
        progress=first_saved, user=head_a, status=status, comment=HIS_COMMENT, expected_version=1
    )
    stored = Progress.objects.get(pk=saved.pk)
    for field in Progress._meta.concrete_fields:
        assert getattr(saved, field.attname) == getattr(stored, field.attname), field.name
    assert saved.version == 2 and saved.updated_by == head_a
    assert saved.done_on == (FIRST_SAVE.date() if status == ProgressStatus.DONE else None)
