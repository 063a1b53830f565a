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
    """What the form posts without scripts: the ticked boxes as «rows», the versions seen in one field."""
    seen = " ".join(f"{r.pk}:{(versions or {}).get(r.pk, r.version)}" for r in rows)
    data = {"rows": [str(r.pk) for r in rows], "status": status, "comment": comment, "versions": seen}
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


def _form_of(page: str) -> str:
    start = page.index('data-testid="bulk-status"')
    return page[start:page.index("</form>", start)]


def test_a_measure_of_1500_schools_is_set_in_one_post(client, department_head, municipality, roadmap):
    """Two fields per school hit Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1000) past ~499 schools: the form
    posts the versions in one field and the ticked schools packed in one field (app.js) or as «all»."""
    import re

    from roadmaps.progress import progress_sync_for_measure
    from schools.models import School

    from ..factories import MeasureFactory

    School.objects.bulk_create(
        School(municipality=municipality, code=f"B{n:04d}", short_name=f"МКОУ «СОШ № {n}»",
               full_name=f"МКОУ «СОШ № {n}»", kind=School.Kind.SOSH, fis_oko_login=f"bulk{n}")
        for n in range(1500)
    )
    measure = MeasureFactory(roadmap=roadmap, number="9")
    progress_sync_for_measure(measure=measure)
    rows = list(Progress.objects.filter(measure=measure))
    assert len(rows) == 1500
    client.force_login(department_head)
    form = _form_of(client.get(f"/roadmaps/measures/{measure.pk}/").content.decode())
    names = re.findall(r'name="([^"]+)"', form)
    assert names.count("rows") == 1500 and "versions" in names and "all" in names
    assert len([n for n in names if n != "rows"]) < 10  # no field per school besides its checkbox
    versions = re.search(r'name="versions" value="([^"]*)"', form).group(1)
    assert len(versions.split()) == 1500

    # The ticked schools packed into one field, as app.js sends them: 1,499 of 1,500.
    chosen = " ".join(str(r.pk) for r in rows[1:])
    response = client.post(f"/roadmaps/measures/{measure.pk}/bulk-status/",
                           {"chosen": chosen, "versions": versions, "status": "in_progress", "comment": "1"})
    assert response.status_code == 302
    assert Progress.objects.filter(measure=measure, status=ProgressStatus.IN_PROGRESS).count() == 1499
    assert Progress.objects.get(pk=rows[0].pk).status == ProgressStatus.NOT_STARTED

    # «Все школы списка»: every row, with the versions seen on the (now outdated) page — 1,499 are stale.
    response = client.post(f"/roadmaps/measures/{measure.pk}/bulk-status/",
                           {"all": "1", "versions": versions, "status": "not_required", "comment": ""})
    assert response.status_code == 302
    assert Progress.objects.get(pk=rows[0].pk).status == ProgressStatus.NOT_REQUIRED
    assert Progress.objects.filter(measure=measure, status=ProgressStatus.IN_PROGRESS).count() == 1499


def test_an_altered_versions_field_is_refused_with_a_message(client, curator, measure, progress_a):
    client.force_login(curator)
    response = client.post(f"/roadmaps/measures/{measure.pk}/bulk-status/",
                           {"rows": [str(progress_a.pk)], "versions": "abc", "status": "in_progress"})
    assert any("страница устарела" in m for m in _messages(response))
    response = client.post(f"/roadmaps/measures/{measure.pk}/bulk-status/",
                           {"rows": [str(progress_a.pk)], "versions": "", "status": "in_progress"})
    assert any("страница устарела" in m for m in _messages(response))
    progress_a.refresh_from_db()
    assert progress_a.status == ProgressStatus.NOT_STARTED


def test_the_form_of_a_one_page_measure_takes_the_page_rows_and_they_are_the_changeable_ones(
    client, department_head, methodist_a, curator, head_a, coordinator, municipality, measure, progress_a,
    progress_b,
):
    """Up to a page of schools the form is built from the rows the page read (no second query): for every
    role they must be what changeable_rows reads, the department's own row and other schools left out."""
    from roadmaps.bulk_status import changeable_rows

    Progress.objects.create(measure=measure, school=None)
    for n in range(3):
        SchoolFactory(municipality=municipality, short_name=f"МКОУ «Школа Г{n}»")
    from roadmaps.progress import progress_sync_for_measure

    progress_sync_for_measure(measure=measure)
    for user in (department_head, methodist_a, curator, head_a, coordinator):
        client.force_login(user)
        response = client.get(f"/roadmaps/measures/{measure.pk}/")
        assert response.status_code == 200
        shown = [row.pk for row in response.context["bulk_rows"]]
        assert shown == [row.pk for row in changeable_rows(user, measure)], user.username
        assert all(row.school_id is not None for row in response.context["bulk_rows"])
    client.force_login(department_head)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert len(client.get(f"/roadmaps/measures/{measure.pk}/").context["bulk_rows"]) == 5
    reads = [q["sql"] for q in context.captured_queries]
    reads = [sql for sql in reads if sql.startswith('SELECT "roadmaps_progress"."id"')]
    assert len(reads) == 1, reads
