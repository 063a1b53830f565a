"""The private iCalendar address of each person: their deadlines, nobody else's, read back by icalendar."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar

from roadmaps.calendar_feed import token_issue
from roadmaps.models import ProgressStatus, Roadmap
from roadmaps.progress import progress_sync_for_measure
from schools.models import CalendarToken

from ..factories import MeasureFactory, RoadmapFactory

pytestmark = pytest.mark.django_db


def _events(client, token: str) -> list:
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def plan(municipality, school_a, school_b):
    one_day = MeasureFactory(roadmap__municipality=municipality, number="3",
                             title="Совещание с руководителями ОО", deadline_start=None,
                             deadline_end=datetime.date(2027, 3, 15),
                             deadline_text="До 15 марта 2027 года")
    roadmap = one_day.roadmap
    span = MeasureFactory(roadmap=roadmap, number="4", title="Пробные экзамены в 11 классах",
                          deadline_start=datetime.date(2027, 1, 20), deadline_end=datetime.date(2027, 2, 10),
                          deadline_text="Январь — февраль 2027")
    for measure in (one_day, span):
        progress_sync_for_measure(measure=measure)
    row_a = one_day.progress.get(school=school_a)
    row_a.status = ProgressStatus.IN_PROGRESS
    row_a.comment = "Приказ школы А № 12 секретный"
    row_a.save()
    draft = MeasureFactory(roadmap=RoadmapFactory(municipality=municipality, status=Roadmap.Status.DRAFT),
                           title="Черновое мероприятие", deadline_end=datetime.date(2027, 4, 1))
    progress_sync_for_measure(measure=draft)
    return one_day, span


def test_a_school_head_gets_their_school_deadlines_as_all_day_events_and_spans(client, head_a, plan):
    events = _events(client, token_issue(head_a).token)
    by_title = {str(e["SUMMARY"]): e for e in events}
    assert set(by_title) == {"№ 3. Совещание с руководителями ОО", "№ 4. Пробные экзамены в 11 классах"}
    day = by_title["№ 3. Совещание с руководителями ОО"]
    assert day.decoded("DTSTART") == datetime.date(2027, 3, 15)
    assert day.decoded("DTEND") == datetime.date(2027, 3, 16)  # an all-day event
    assert "Статус (МКОУ «Школа А»): в работе" in str(day["DESCRIPTION"])
    assert "До 15 марта 2027 года" in str(day["DESCRIPTION"])
    spanned = by_title["№ 4. Пробные экзамены в 11 классах"]
    assert spanned.decoded("DTSTART") == datetime.date(2027, 1, 20)
    assert spanned.decoded("DTEND") == datetime.date(2027, 2, 11)


def test_the_feed_carries_no_other_school_and_no_draft(client, head_a, head_b, plan):
    raw = client.get(f"/calendar/{token_issue(head_b).token}.ics").content.decode()
    unfolded = raw.replace("\r\n ", "")
    assert "Школа Б" in unfolded
    assert "Школа А" not in unfolded and "секретный" not in unfolded
    assert "Черновое мероприятие" not in unfolded


def test_statuses_follow_changes(client, head_a, plan, school_a):
    one_day, _ = plan
    token = token_issue(head_a).token
    row = one_day.progress.get(school=school_a)
    row.status = ProgressStatus.DONE
    row.save()
    day = next(e for e in _events(client, token) if "Совещание" in str(e["SUMMARY"]))
    assert "Статус (МКОУ «Школа А»): выполнено" in str(day["DESCRIPTION"])


def test_a_methodist_gets_the_measures_they_answer_for_without_school_rows(client, methodist_a, plan):
    one_day, _span = plan
    assert _events(client, token_issue(methodist_a).token) == []
    one_day.responsible_users.add(methodist_a)
    events = _events(client, CalendarToken.objects.get(user=methodist_a).token)
    assert [str(e["SUMMARY"]) for e in events] == ["№ 3. Совещание с руководителями ОО"]
    assert "Вы указаны ответственным" in str(events[0]["DESCRIPTION"])
    assert "Школа А" not in str(events[0]["DESCRIPTION"])


def test_the_address_is_revocable_and_reissuable_on_the_profile_page(client, head_a, plan):
    client.force_login(head_a)
    page = client.get("/accounts/profile/").content.decode()
    assert "Получить адрес календаря" in page
    client.post("/accounts/calendar/issue/")
    first = CalendarToken.objects.get(user=head_a).token
    assert len(first) >= 40
    page = client.get("/accounts/profile/").content.decode()
    assert f"/calendar/{first}.ics" in page
    client.post("/accounts/calendar/issue/")
    second = CalendarToken.objects.get(user=head_a).token
    assert second != first
    client.logout()
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    assert client.get(f"/calendar/{second}.ics").status_code == 200
    client.force_login(head_a)
    client.post("/accounts/calendar/revoke/")
    client.logout()
    assert client.get(f"/calendar/{second}.ics").status_code == 404
    assert client.get("/calendar/guessed-token.ics").status_code == 404


def test_a_deactivated_person_has_no_feed(client, head_a, plan):
    token = token_issue(head_a).token
    head_a.is_active = False
    head_a.save()
    assert client.get(f"/calendar/{token}.ics").status_code == 404
