"""The methodist sets one status for several schools' rows of a measure, with one comment; rows saved by
someone else meanwhile are reported, not overwritten."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from roadmaps.models import Progress, ProgressChange, ProgressStatus
from roadmaps.progress import progress_update

from ..factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(municipality, school_a, school_b, measure):
    from schools.models import User

    return UserFactory(username="curator", role=User.Role.METHODIST, municipality=municipality,
                       curated=[school_a, school_b])


def _post(client, measure, rows, status="in_progress", comment="Проведено совещание", versions=None):
    data = {"rows": [str(r.pk) for r in rows], "status": status, "comment": comment}
    for r in rows:
        data[f"version-{r.pk}"] = str((versions or {}).get(r.pk, r.version))
    return client.post(f"/roadmaps/measures/{measure.pk}/bulk-status/", data)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_one_status_and_comment_for_several_schools(client, curator, measure, progress_a, progress_b):
    client.force_login(curator)
    page = client.get(f"/roadmaps/measures/{measure.pk}/").content.decode()
    assert "Выставить статус нескольким школам" in page and "Применить к отмеченным" in page
    response = _post(client, measure, [progress_a, progress_b])
    assert response.status_code == 302
    for row in (progress_a, progress_b):
        row.refresh_from_db()
        assert row.status == ProgressStatus.IN_PROGRESS and row.comment == "Проведено совещание"
        assert row.updated_by == curator and row.version == 1
    assert ProgressChange.objects.filter(progress__measure=measure).count() == 2
    assert any("выставлен" in m and "Школа А" in m and "Школа Б" in m for m in _messages(response))


def test_a_row_changed_meanwhile_is_reported_not_overwritten(
    client, curator, head_b, measure, progress_a, progress_b
):
    seen = {progress_a.pk: progress_a.version, progress_b.pk: progress_b.version}
    progress_update(progress=progress_b, user=head_b, status=ProgressStatus.NOT_REQUIRED,
                    comment="Нет 11 класса", expected_version=progress_b.version)
    client.force_login(curator)
    response = _post(client, measure, [progress_a, progress_b], versions=seen)
    progress_a.refresh_from_db()
    progress_b.refresh_from_db()
    assert progress_a.status == ProgressStatus.IN_PROGRESS
    assert progress_b.status == ProgressStatus.NOT_REQUIRED and progress_b.comment == "Нет 11 класса"
    said = _messages(response)
    assert any(m.startswith("МКОУ «Школа Б»: не изменено. Строку уже изменил") for m in said), said


def test_a_row_of_another_school_is_refused_and_nothing_is_written(client, methodist_a, measure, progress_a,
                                                                    progress_b):
    client.force_login(methodist_a)
    response = _post(client, measure, [progress_a, progress_b])
    assert response.status_code == 403
    assert not Progress.objects.filter(measure=measure).exclude(status=ProgressStatus.NOT_STARTED).exists()


def test_no_school_or_no_status_is_refused_with_a_message(client, curator, measure, progress_a):
    client.force_login(curator)
    response = _post(client, measure, [])
    assert any("Отметьте хотя бы одну школу" in m for m in _messages(response))
    response = _post(client, measure, [progress_a], status="")
    assert any("Статус не выставлен" in m for m in _messages(response))
    response = _post(client, measure, [progress_a], status="broken")
    assert response.status_code == 302
    progress_a.refresh_from_db()
    assert progress_a.status == ProgressStatus.NOT_STARTED


def test_a_school_head_and_the_coordinator_get_no_bulk_form(client, head_a, coordinator, measure, progress_a):
    for user in (head_a, coordinator):
        client.force_login(user)
        assert "Выставить статус нескольким школам" not in client.get(
            f"/roadmaps/measures/{measure.pk}/").content.decode()
    client.force_login(coordinator)
    assert _post(client, measure, [progress_a]).status_code == 403


def test_the_form_lists_only_the_curated_schools(client, methodist_a, municipality, measure, school_a):
    other = SchoolFactory(municipality=municipality, short_name="МКОУ «Школа В»")
    methodist_a.curated_schools.add(other)
    from roadmaps.progress import progress_sync_for_measure

    progress_sync_for_measure(measure=measure)
    client.force_login(methodist_a)
    page = client.get(f"/roadmaps/measures/{measure.pk}/").content.decode()
    form = page[page.index('data-testid="bulk-status"'):]
    assert "Школа В" in form and "Школа А" in form and "Школа Б" not in form
