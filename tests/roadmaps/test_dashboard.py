"""The dashboard: overdue first, then what is due within 14 days, then the schools; every number a link."""

from __future__ import annotations

import datetime
import html as html_lib
import re
import zoneinfo

import pytest
from django.urls import reverse

from roadmaps.models import ProgressStatus, Roadmap
from roadmaps.progress import progress_sync_for_measure
from schools.models import User
from tests.factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
TODAY = datetime.date(2024, 3, 1)
DASHBOARD = reverse("dashboard")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2024, 3, 1, 12, 0, tzinfo=MOSCOW), tick=False)


def _measure(roadmap, number: str, end: datetime.date | None, **kwargs):
    measure = MeasureFactory(roadmap=roadmap, number=number, deadline_end=end, **kwargs)
    progress_sync_for_measure(measure=measure)
    return measure


def _set(measure, school, status: str) -> None:
    measure.progress.filter(school=school).update(status=status)


@pytest.fixture
def plan(roadmap, school_a, school_b):
    """For schools A and B (today is 1 March 2024):

    1  ended 15 Feb — A done, B in progress (overdue);
    2  ended 29 Feb — both not started (overdue);
    3  ends 1 Mar (today) — A not required, B not started;
    4  ends 15 Mar (the 14th day) — both not started;
    5  ends 16 Mar (the 15th day) — both in progress;
    6  on an archived roadmap, ended long ago — never shown.
    """
    m1 = _measure(roadmap, "1", datetime.date(2024, 2, 15), title="Анализ переводов претендентов")
    _set(m1, school_a, ProgressStatus.DONE)
    _set(m1, school_b, ProgressStatus.IN_PROGRESS)
    m2 = _measure(roadmap, "2", datetime.date(2024, 2, 29), title="Совещание с руководителями ОО")
    m3 = _measure(roadmap, "3", TODAY, title="Проверка журналов")
    _set(m3, school_a, ProgressStatus.NOT_REQUIRED)
    m4 = _measure(roadmap, "4", datetime.date(2024, 3, 15), title="Пробный экзамен по математике")
    m5 = _measure(roadmap, "5", datetime.date(2024, 3, 16), title="Перепроверка работ")
    m5.progress.update(status=ProgressStatus.IN_PROGRESS)
    archived = RoadmapFactory(municipality=roadmap.municipality, status=Roadmap.Status.ARCHIVED)
    _measure(archived, "6", datetime.date(2021, 5, 1), title="Старое мероприятие")
    return {"m1": m1, "m2": m2, "m3": m3, "m4": m4, "m5": m5}


def _open(client, user):
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response


def test_the_dashboard_is_dated_today_in_russian(client, plan, department_head):
    assert "Главная · 1 марта 2024 г." in _open(client, department_head).content.decode()


def test_overdue_comes_first_and_lists_open_rows_past_their_deadline(
    client, plan, department_head, school_a, school_b
):
    response = _open(client, department_head)
    html = response.content.decode()
    assert (
        html.index("Просрочено")
        < html.index("Срок в ближайшие 14 дней")
        < html.index('<h2 class="h5 mt-4">Школы')
    )
    overdue = [(p.measure.number, p.school) for p in response.context["overdue"]]
    assert overdue == [("1", school_b), ("2", school_a), ("2", school_b)]
    assert response.context["overdue_count"] == 3


def test_overdue_rows_wear_the_red_overdue_badge(client, plan, department_head):
    html = _open(client, department_head).content.decode()
    overdue_card = html[html.index("Просрочено") : html.index("Срок в ближайшие")]
    assert overdue_card.count('data-status="overdue"') == 3
    assert "text-bg-danger" in overdue_card


def test_due_soon_runs_from_today_to_the_14th_day_and_leaves_out_closed_rows(
    client, plan, department_head, school_a, school_b
):
    response = _open(client, department_head)
    due = [(p.measure.number, p.school) for p in response.context["due_soon"]]
    assert due == [("3", school_b), ("4", school_a), ("4", school_b)]
    assert response.context["due_soon_count"] == 3


def test_a_methodist_sees_only_curated_schools_everywhere_on_the_dashboard(
    client, plan, methodist_a, school_a
):
    response = _open(client, methodist_a)
    assert {p.school for p in response.context["overdue"]} == {school_a}
    assert {p.school for p in response.context["due_soon"]} == {school_a}
    assert [s.school for s in response.context["summaries"]] == [school_a]
    assert "Школа Б" not in response.content.decode()


def test_a_school_head_sees_only_their_school(client, plan, head_b, school_b):
    response = _open(client, head_b)
    assert response.context["overdue_count"] == 2
    assert [s.school for s in response.context["summaries"]] == [school_b]


def test_the_schools_table_counts_each_displayed_status(client, plan, department_head, school_a, school_b):
    summaries = {s.school: s for s in _open(client, department_head).context["summaries"]}
    a, b = summaries[school_a], summaries[school_b]
    assert (a.not_started, a.in_progress, a.done, a.overdue, a.not_required, a.total) == (1, 1, 1, 1, 1, 5)
    assert (b.not_started, b.in_progress, b.done, b.overdue, b.not_required, b.total) == (2, 1, 0, 2, 0, 5)
    assert (a.percent_done, b.percent_done) == (25, 0)


def _number_links(html: str) -> list[tuple[str, int]]:
    return [
        (html_lib.unescape(href), int(number))
        for href, number in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>\s*(\d+)\s*</a>', html)
    ]


def _roadmap_part(html: str) -> str:
    """The cards and the schools table, without the notifications card that the reports app adds."""
    return html.split('data-testid="notifications"', 1)[0]


@pytest.mark.parametrize("role", ["department_head", "coordinator", "methodist_a", "head_b"])
def test_every_number_links_to_exactly_the_rows_behind_it(client, request, plan, role):
    html = _open(client, request.getfixturevalue(role)).content.decode()
    links = _number_links(_roadmap_part(html))
    assert len(links) >= 2 + 5  # the two cards and five counts per school
    for href, number in links:
        assert href.startswith(reverse("roadmaps:measure_list")), href
        listed = client.get(href)
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == number, href


def test_the_overdue_number_opens_the_overdue_rows(client, plan, department_head):
    html = _open(client, department_head).content.decode()
    assert f'href="{reverse("roadmaps:measure_list")}?overdue=on" data-testid="overdue-count">3</a>' in html


def test_the_due_soon_number_opens_the_unfinished_rows_due_from_today_to_the_14th_day(
    client, plan, department_head
):
    html = _open(client, department_head).content.decode()
    query = "due_from=2024-03-01&due_to=2024-03-15&unfinished=on"
    assert f'href="{reverse("roadmaps:measure_list")}?{query}" data-testid="due-soon-count">3</a>' in html


def test_only_twenty_overdue_rows_are_listed_with_a_link_to_all(client, roadmap, school_a, department_head):
    for n in range(21):
        _measure(roadmap, str(n + 1), datetime.date(2024, 2, 1))
    response = _open(client, department_head)
    assert len(response.context["overdue"]) == 20
    assert "Все просроченные (21)" in response.content.decode()


def test_with_nothing_to_do_the_cards_say_so(client, school_a, department_head):
    html = _open(client, department_head).content.decode()
    assert "Просроченных мероприятий нет." in html
    assert "В ближайшие две недели сроков нет." in html


def test_a_methodist_without_schools_is_told_whom_to_ask(client, municipality, school_a):
    methodist = UserFactory(role=User.Role.METHODIST, municipality=municipality)
    html = _open(client, methodist).content.decode()
    assert "За вами пока не закреплены школы." in html


def test_today_is_the_municipalitys_today(client, db, time_machine):
    """At 20:30 in Moscow it is already 2 March in Tomsk (UTC+7): a 1 March deadline is overdue there."""
    time_machine.move_to(datetime.datetime(2024, 3, 1, 20, 30, tzinfo=MOSCOW), tick=False)
    tomsk = MunicipalityFactory(name="Томский район", timezone="Asia/Tomsk")
    moscow = MunicipalityFactory(name="Кумторкалинский район", timezone="Europe/Moscow")
    heads = {}
    for municipality in (tomsk, moscow):
        SchoolFactory(municipality=municipality)
        _measure(RoadmapFactory(municipality=municipality), "1", TODAY)
        heads[municipality.name] = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=municipality)
    tomsk_page = _open(client, heads["Томский район"])
    assert tomsk_page.context["today"] == datetime.date(2024, 3, 2)
    assert tomsk_page.context["overdue_count"] == 1
    moscow_page = _open(client, heads["Кумторкалинский район"])
    assert moscow_page.context["today"] == TODAY
    assert moscow_page.context["overdue_count"] == 0
    assert moscow_page.context["due_soon_count"] == 1


def test_a_card_line_names_the_measure_its_school_and_its_deadline(
    client, roadmap, school_a, department_head
):
    """A line of «Просрочено»: the number without its stop, the title (escaped), the status, the school or
    the department, the deadline's date and its words as in the document."""
    _measure(
        roadmap,
        "1.2.",
        datetime.date(2024, 2, 15),
        title="Анализ <i>журналов</i>",
        deadline_text="до 15 февраля",
    )
    _measure(roadmap, "", datetime.date(2024, 2, 20), title="Приказ УО", per_school=False)
    client.force_login(department_head)
    page = client.get(DASHBOARD).content.decode()
    card = page.split('data-testid="overdue-count"', 1)[1].split("</ul>", 1)[0]
    lines = re.findall(r'<li class="list-group-item">(.*?)</li>', card, re.S)
    text = [re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", line))).strip() for line in lines]
    assert (
        "1.2. Анализ <i>журналов</i> просрочено МКОУ «Школа А» · срок 15 февраля 2024 г. · до 15 февраля"
        in text
    )
    assert any(
        t.startswith("Приказ УО просрочено Управление образования · срок 20 февраля 2024 г.") for t in text
    )
    assert "<i>" not in card and 'data-status="overdue"' in card
