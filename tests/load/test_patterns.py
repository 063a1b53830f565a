"""The patterns the load's users read pages with match the pages as they are rendered now: a pattern that
stops matching silently drops its task from `make load`."""

from __future__ import annotations

from django.urls import reverse

from tests.medals.factories import CandidateFactory, PupilFactory

from .patterns import CANDIDATE_ROW, PROGRESS_LINK, SCHOOL_OPTION, UPLOAD_PAGE, VERSION


def test_a_school_heads_pages_give_the_load_what_it_reads(client, head_a, school_a, progress_a):
    CandidateFactory(
        pupil=PupilFactory(school=school_a, last_name="Арсланова", first_name="Динара", grade=11, letter="А"),
        graduation_year=2025,
    )
    client.force_login(head_a)
    rows = CANDIDATE_ROW.findall(client.get(reverse("medals:candidate_list")).content.decode())
    assert [(name.strip(), cls, year) for name, cls, year in rows] == [
        ("Арсланова Динара Руслановна", "11А", "2025")
    ]
    links = PROGRESS_LINK.findall(client.get(reverse("roadmaps:measure_list")).content.decode())
    assert str(progress_a.pk) in links
    detail = client.get(reverse("roadmaps:progress_detail", args=[progress_a.pk])).content.decode()
    assert VERSION.search(detail)


def test_the_candidate_row_reads_a_list_with_the_school_column_too(client, department_head, school_a):
    CandidateFactory(pupil=PupilFactory(school=school_a, grade=10, letter="Б"), graduation_year=2026)
    client.force_login(department_head)
    rows = CANDIDATE_ROW.findall(client.get(reverse("medals:candidate_list")).content.decode())
    assert [(cls, year) for _, cls, year in rows] == [("10Б", "2026")]


def test_the_upload_page_address_is_found_in_a_redirect():
    assert UPLOAD_PAGE.search("http://127.0.0.1:8123/medals/uploads/42/").group(1) == "42"


def test_the_upload_form_gives_the_school_a_school_head_uploads_for(client, head_a, school_a):
    client.force_login(head_a)
    page = client.get(reverse("medals:upload", args=["journal"])).content.decode()
    assert SCHOOL_OPTION.search(page).group(1) == str(school_a.pk)
