"""The top bar's search finds only what the person may see; the help is per role and the «?» opens the
matching section."""

from __future__ import annotations

import pytest

from medals.models import Candidate
from portal.help import SECTIONS
from portal.search import query_words
from roadmaps.models import Roadmap

from ..factories import MeasureFactory, RoadmapFactory
from ..medals.factories import CandidateFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def findable(municipality, school_a, school_b, measure):
    measure.title = "Анализ объективности пробных экзаменов"
    measure.save()
    own_plan_b = MeasureFactory(
        roadmap=RoadmapFactory(municipality=municipality, school=school_b, status=Roadmap.Status.APPROVED),
        title="Анализ объективности в школе Б", number="1",
    )
    pupil_a = PupilFactory(school=school_a, last_name="Алиева", first_name="Патимат")
    pupil_b = PupilFactory(school=school_b, last_name="Алиева", first_name="Зарема")
    return {
        "measure": measure,
        "plan_b": own_plan_b,
        "cand_a": CandidateFactory(pupil=pupil_a, school=school_a),
        "cand_b": CandidateFactory(pupil=pupil_b, school=school_b),
    }


def _search(client, user, q):
    client.force_login(user)
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_words_in_any_order_and_case(client, head_a, findable):
    page = _search(client, head_a, "ЭКЗАМЕНОВ анализ")
    assert "Анализ объективности пробных экзаменов" in page


def test_a_school_head_finds_their_own_only(client, head_a, findable):
    page = _search(client, head_a, "Анализ объективности")
    assert "Анализ объективности пробных экзаменов" in page
    assert "в школе Б" not in page  # school B's own plan
    people = _search(client, head_a, "Алиева")
    assert "Патимат" in people and "Зарема" not in people
    schools = _search(client, head_a, "Школа")
    assert "Школа А" in schools and "Школа Б" not in schools.replace(head_a.school.short_name, "")


def test_the_department_head_finds_every_school(client, department_head, findable):
    page = _search(client, department_head, "Алиева")
    assert "Патимат" in page and "Зарема" in page
    assert "в школе Б" in _search(client, department_head, "объективности школе")


def test_a_commission_member_finds_no_names(client, member, findable):
    page = _search(client, member, "Алиева")
    assert "Патимат" not in page and "Зарема" not in page
    assert "Анализ объективности" not in _search(client, member, "Анализ")


def test_a_coordinator_finds_no_candidates(client, coordinator, findable):
    assert Candidate.objects.count() == 2
    page = _search(client, coordinator, "Алиева")
    assert "Патимат" not in page


def test_short_or_empty_queries_say_so(client, head_a):
    assert "Слишком короткий запрос" in _search(client, head_a, "а")
    assert "Введите слова" in _search(client, head_a, "")
    assert "ничего не найдено" in _search(client, head_a, "Несуществующее")
    assert query_words("«Коркмаскалинская» СОШ №3") == ["Коркмаскалинская", "СОШ"]


def test_the_top_bar_has_the_search_box_help_and_logout(client, head_a):
    client.force_login(head_a)
    page = client.get("/").content.decode()
    assert 'role="search"' in page and 'name="q"' in page
    assert 'data-testid="logout"' in page and "Выйти" in page
    assert 'data-testid="help-link"' in page


@pytest.mark.parametrize(
    ("user_fixture", "has", "lacks"),
    [
        ("head_a", ["report-measure", "journal"], ["march-meeting", "vpr"]),
        ("department_head", ["march-meeting", "report-measure", "recheck"], ["works"]),
        ("member", ["recheck", "works"], ["report-measure", "journal", "march-meeting"]),
        ("coordinator", ["vpr"], ["journal", "recheck"]),
        ("methodist_a", ["report-measure", "journal", "recheck", "import-roadmap"], ["march-meeting"]),
    ],
)
def test_each_role_reads_the_steps_of_its_own_tasks(client, request, user_fixture, has, lacks):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    page = client.get("/help/").content.decode()
    for section in has:
        assert f'id="{section}"' in page, section
    for section in lacks:
        assert f'id="{section}"' not in page, section


def test_templates_offered_are_the_ones_the_role_may_download(client, head_a, department_head, member):
    client.force_login(head_a)
    page = client.get("/help/").content.decode()
    assert "/medals/upload/journal/template/" in page
    assert "/roadmaps/import/template.xlsx" not in page
    assert "/medals/upload/candidates/template/" in page
    assert client.get("/medals/upload/journal/template/").status_code == 200
    client.force_login(department_head)
    page = client.get("/help/").content.decode()
    assert "/roadmaps/import/template.xlsx" in page
    client.force_login(member)
    assert 'id="templates"' not in client.get("/help/").content.decode()


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("/roadmaps/measures/", "report-measure"),
        ("/medals/upload/journal/", "journal"),
        ("/", "start"),
    ],
)
def test_the_question_mark_opens_the_matching_section(client, head_a, url, section):
    client.force_login(head_a)
    page = client.get(url).content.decode()
    assert f'href="/help/#{section}"' in page
    assert f'id="{section}"' in client.get("/help/").content.decode()


def test_the_meeting_pages_open_the_meeting_help_for_the_department_head(client, department_head):
    client.force_login(department_head)
    assert 'href="/help/#march-meeting"' in client.get("/reports/meetings/").content.decode()


def test_every_section_has_steps():
    assert all(section.steps for section in SECTIONS)
