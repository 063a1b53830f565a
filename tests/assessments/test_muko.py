"""The indicators the region asks for (МКО): the rule with numbers counted by hand on a small world,
``manage.py muko --json`` with its exact keys, the page, its Excel and PDF, and who may open them."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.aggregates import refresh_lines
from assessments.models import ObserverAssignment, OfficialFlag, VprRecheck, VprRecheckWork, VprResult
from assessments.muko import KEYS, MukoCounts, muko_counts, muko_indicators, region_total
from schools.models import User

from ..factories import MunicipalityFactory, SchoolFactory, UserFactory
from .factories import ObserverFactory, ProcedureFactory, VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


def _results(test, school, *, raised: int, total: int = 10) -> list:
    """``total`` participants of ``school``; ``raised`` of them with a ВПР mark above their journal mark."""
    return [
        VprResultFactory(test=test, school=school, mark=4 if n < raised else 3, journal_mark=3)
        for n in range(total)
    ]


@pytest.fixture
def world(municipality, school_a, school_b):
    """Two schools with ВПР 2024 and a closed third one: school A «повысили» 5 of 10 (an own sign, the
    threshold is 15%), school B honest but on the official list; an observer at school A only; four works
    of school A re-checked, one of them lowered, and a fifth chosen but not yet scored."""
    SchoolFactory(municipality=municipality, short_name="МКОУ «Закрытая»", is_active=False)
    test = VprTestFactory(municipality=municipality, year=2024)
    results_a = _results(test, school_a, raised=5)
    _results(test, school_b, raised=0)
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=school_b, subjects=[])
    procedure = ProcedureFactory(
        municipality=municipality, held_on=datetime.date(2024, 4, 16), schools=[school_a, school_b]
    )
    ObserverAssignment.objects.create(
        procedure=procedure, school=school_a, observer=ObserverFactory(municipality=municipality)
    )
    recheck = VprRecheck.objects.create(municipality=municipality, test=test, mode=VprRecheck.Mode.FLAGGED)
    for n, (result, new_mark) in enumerate(zip(results_a, (3, 4, 3, 3, None), strict=False)):
        VprRecheckWork.objects.create(
            recheck=recheck,
            result=result,
            school=school_a,
            code=f"W{n:04d}",
            original_primary=result.primary_score,
            original_mark=result.mark,
            primary_score=None if new_mark is None else result.primary_score,
            mark=new_mark,
        )
    return test


def test_each_indicator_counted_by_hand(world, municipality):
    data = muko_indicators(municipality=municipality, year=2024)
    assert tuple(data) == KEYS
    assert data["schools"] == 2  # the closed school is not counted
    assert data["schools_with_vpr"] == 2
    assert (data["flagged_own"], data["flagged_official"], data["flagged_both"]) == (1, 1, 0)
    assert data["with_observers_share"] == 0.5  # school A of the two with ВПР
    # Works of school A: marks 4, 4, 4, 4 (the first five were raised) re-checked as 3, 4, 3, 3: one stood.
    assert data["works_rechecked"] == 4
    assert data["objective_after_recheck_share"] == 0.25


def test_targeted_measures_after_last_years_signs_and_their_effect_this_year(
    world, municipality, school_a, school_b
):
    """2023: school B «повысила» 5 of 10, A wrote honestly; one targeted measure on the 2023 signs, for A
    and B. 2024 (the world, without B on the list): B honest — its signs went away; A «повысила» — signs
    now. Share: 1 of 2."""
    from roadmaps.models import TargetKind
    from roadmaps.targeted import targeted_measure_save

    from ..factories import MeasureFactory, RoadmapFactory

    earlier = VprTestFactory(municipality=municipality, year=2023)
    _results(earlier, school_a, raised=0)
    _results(earlier, school_b, raised=5)
    measure = MeasureFactory.build(
        roadmap=RoadmapFactory(municipality=municipality),
        title="Методический выезд",
        target_kind=TargetKind.METHODICAL_VISIT,
        basis_year=2023,
        deadline_end=datetime.date(2024, 3, 1),
    )
    targeted_measure_save(measure=measure, schools=[school_a, school_b])
    OfficialFlag.objects.filter(school=school_b, year=2024).delete()
    data = muko_indicators(municipality=municipality, year=2024)
    assert data["targeted_measures"] == 1
    assert data["signs_removed_share"] == 0.5
    # On the official list, B's signs would count as remaining: none of the two went away.
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=school_b, subjects=[])
    assert muko_indicators(municipality=municipality, year=2024)["signs_removed_share"] == 0.0
    # The 2023 indicators count measures taken after the 2022 ВПР: none.
    assert muko_indicators(municipality=municipality, year=2023)["targeted_measures"] == 0


def test_a_school_with_an_own_sign_and_on_the_list_counts_once_in_both(world, municipality, school_a):
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=school_a, subjects=[])
    data = muko_indicators(municipality=municipality, year=2024)
    assert (data["flagged_own"], data["flagged_official"], data["flagged_both"]) == (1, 2, 1)
    assert muko_counts(municipality=municipality, year=2024).flagged_any == 2


def test_a_year_without_anything_gives_zero_counts_and_no_shares(world, municipality):
    data = muko_indicators(municipality=municipality, year=2023)
    assert data["schools"] == 2
    assert data["schools_with_vpr"] == data["flagged_own"] == data["flagged_official"] == 0
    # No base, no share: None («нет данных»), never a made-up 0.
    assert data["with_observers_share"] is None
    assert data["objective_after_recheck_share"] is None
    assert data["works_rechecked"] == 0


def test_an_observer_of_another_year_or_another_procedure_does_not_count(world, municipality, school_b):
    other_year = ProcedureFactory(
        municipality=municipality, held_on=datetime.date(2023, 4, 16), schools=[school_b]
    )
    oge = ProcedureFactory(
        municipality=municipality, kind="oge", held_on=datetime.date(2024, 5, 20), schools=[school_b]
    )
    observer = ObserverFactory(municipality=municipality)
    ObserverAssignment.objects.create(procedure=other_year, school=school_b, observer=observer)
    ObserverAssignment.objects.create(procedure=oge, school=school_b, observer=observer)
    assert muko_indicators(municipality=municipality, year=2024)["with_observers_share"] == 0.5


def test_a_school_whose_results_were_taken_back_no_longer_took_part(world, municipality, school_b):
    """The counts follow the per school lines, which whoever deletes results recounts (as the admin does)."""
    VprResult.objects.filter(test=world, school=school_b).delete()
    refresh_lines([(world.pk, school_b.pk)])
    data = muko_indicators(municipality=municipality, year=2024)
    assert data["schools_with_vpr"] == 1
    assert data["with_observers_share"] == 1.0  # the observer's school A is the only one left
    assert muko_counts(municipality=municipality, year=2024).listed_without_vpr == 1  # B, still listed


def test_the_counts_read_the_per_school_lines_not_every_participant(world, municipality):
    """A region has ~150,000 participants' rows and 6,000 lines: the page must not scan the rows."""
    with CaptureQueriesContext(connection) as ctx:
        muko_indicators(municipality=municipality, year=2024)
    read = " ".join(query["sql"] for query in ctx.captured_queries)
    assert "assessments_vpraggregate" in read
    assert "assessments_vprresult" not in read


def test_the_region_is_the_sum_of_its_municipalities_and_its_shares_come_from_the_sums():
    one = MukoCounts(
        name="Первый",
        year=2024,
        schools=3,
        schools_with_vpr=2,
        flagged_own=1,
        with_observers=2,
        works_rechecked=10,
        works_objective=9,
    )
    two = MukoCounts(
        name="Второй",
        year=2024,
        schools=5,
        schools_with_vpr=4,
        flagged_own=0,
        with_observers=1,
        works_rechecked=0,
        works_objective=0,
    )
    total = region_total([one, two], year=2024).indicators()
    assert total["schools"] == 8 and total["schools_with_vpr"] == 6 and total["flagged_own"] == 1
    assert total["with_observers_share"] == 0.5  # 3 of 6, not the mean of 100% and 25%
    assert total["works_rechecked"] == 10 and total["objective_after_recheck_share"] == 0.9


def test_an_unknown_figure_of_one_municipality_leaves_the_region_unknown():
    one = MukoCounts(name="Первый", year=2024, targeted_measures=2)
    two = MukoCounts(name="Второй", year=2024, targeted_measures=None)
    assert region_total([one, two], year=2024).targeted_measures is None


# --- the command -------------------------------------------------------------------------------------


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_muko_json_prints_exactly_the_keys_with_the_numbers(world, municipality):
    data = json.loads(_run("muko", "--year", "2024", "--json"))
    assert set(data) == set(KEYS)
    assert data == muko_indicators(municipality=municipality, year=2024)
    assert data["flagged_own"] == 1 and data["with_observers_share"] == 0.5


def test_muko_takes_the_municipality_by_id_and_by_name(world, municipality):
    MunicipalityFactory(name="Другой район")
    by_id = json.loads(_run("muko", "--year", "2024", "--json", "--municipality", str(municipality.pk)))
    by_name = json.loads(_run("muko", "--year", "2024", "--json", "--municipality", municipality.name))
    assert by_id == by_name and by_id["schools"] == 2


def test_muko_without_json_prints_each_indicator_in_russian(world):
    text = _run("muko", "--year", "2024")
    assert "Доля ОО, где ВПР проходили с общественными наблюдателями: 50,0%" in text
    assert "Перепроверено работ ВПР муниципальной комиссией: 4" in text


# --- the page, Excel and PDF ---------------------------------------------------------------------------


def test_the_page_shows_each_number_and_what_it_means(world, client, department_head):
    client.force_login(department_head)
    page = client.get(reverse("assessments:muko")).content.decode()
    assert "Доля объективно оцененных работ по итогам перепроверки" in page
    assert "25,0%" in page and "50,0%" in page
    assert "Из перепроверенных работ — те, чью отметку перепроверка не изменила." in page
    assert "не рейтинг" in page
    pdf = f'href="{reverse("reports:muko_pdf")}?year=2024&amp;municipality={department_head.municipality_id}"'
    assert f"{pdf}>PDF по форме региона</a>" in page
    assert f'href="{reverse("assessments:objectivity")}">Анализ объективности</a>' in page


def test_the_excel_has_one_row_per_indicator(world, client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("assessments:muko"), {"year": 2024, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Муниципалитет", "Год", "Показатель", "Значение", "Ед. изм.")
    values = {row[2]: row[3] for row in rows[1:]}
    assert len(values) == len(KEYS)
    assert values["Доля ОО, где ВПР проходили с общественными наблюдателями"] == 50.0
    assert values["Перепроверено работ ВПР муниципальной комиссией"] == 4


def test_the_pdf_is_the_regions_table_on_a4(world, client, department_head):
    from pypdf import PdfReader

    client.force_login(department_head)
    response = client.get(reverse("reports:muko_pdf"), {"year": 2024})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Показатель" in text and "Значение" in text and "2024" in text
    # The share in its row, the unit in its own column; the department head signs it.
    assert "наблюдателями\n% 50,0\n" in text and "50,0%" not in text
    assert "Начальникова" in text


def test_a_pdf_of_a_year_without_data_sends_back_to_the_page_with_a_reason(world, client, department_head):
    client.force_login(department_head)
    for year in ("2019", "abc"):
        response = client.get(reverse("reports:muko_pdf"), {"year": year}, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("assessments:muko"))
        assert "выберите год из списка" in response.content.decode()


def test_a_bad_year_on_the_page_shows_the_latest_year_not_an_error(world, client, department_head):
    client.force_login(department_head)
    response = client.get(reverse("assessments:muko"), {"year": "двадцать"})
    assert response.status_code == 200 and "2024 год" in response.content.decode()


@pytest.mark.parametrize("role", [User.Role.SCHOOL_HEAD, User.Role.COMMISSION_MEMBER, User.Role.OBSERVER])
def test_school_heads_members_and_observers_do_not_open_the_indicators(
    world, client, municipality, school_a, role
):
    client.force_login(UserFactory(role=role, municipality=municipality, school=school_a))
    assert client.get(reverse("assessments:muko")).status_code == 403
    assert client.get(reverse("reports:muko_pdf"), {"year": 2024}).status_code == 403


def test_department_staff_cannot_ask_for_another_municipality(world, client, department_head):
    other = MunicipalityFactory(name="Чужой район")
    client.force_login(department_head)
    assert client.get(reverse("assessments:muko"), {"municipality": other.pk}).status_code == 404
    assert (
        client.get(reverse("reports:muko_pdf"), {"municipality": other.pk, "year": 2024}).status_code == 404
    )


def test_the_regional_analyst_opens_any_municipality(world, client, municipality):
    other = MunicipalityFactory(name="Другой район")
    analyst = UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None)
    client.force_login(analyst)
    page = client.get(reverse("assessments:muko"), {"municipality": municipality.pk}).content.decode()
    assert "50,0%" in page and municipality.name in page
    assert client.get(reverse("assessments:muko"), {"municipality": other.pk}).status_code == 200
