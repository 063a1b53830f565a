"""«Регион»: every municipality side by side and the region in total (the sum), with Excel; the regional
analyst and a superuser open it, everybody else gets 403."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import OfficialFlag
from schools.models import User

from ..factories import MunicipalityFactory, SchoolFactory, UserFactory
from .factories import VprResultFactory, VprTestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_municipalities(municipality, school_a, school_b):
    """The first: schools A (an own sign: 5 of 10 «повысили») and B (honest, on the official list). The
    second: three schools, two with honest ВПР, one of them on the list."""
    test = VprTestFactory(municipality=municipality, year=2024)
    for n in range(10):
        VprResultFactory(test=test, school=school_a, mark=4 if n < 5 else 3, journal_mark=3)
        VprResultFactory(test=test, school=school_b, mark=3, journal_mark=3)
    OfficialFlag.objects.create(municipality=municipality, year=2024, school=school_b, subjects=[])
    second = MunicipalityFactory(name="Второй район")
    schools = [SchoolFactory(municipality=second, short_name=f"МКОУ «Вторая {n}»") for n in range(3)]
    other_test = VprTestFactory(municipality=second, year=2024)
    for school in schools[:2]:
        for _ in range(10):
            VprResultFactory(test=other_test, school=school, mark=3, journal_mark=3)
    OfficialFlag.objects.create(municipality=second, year=2024, school=schools[0], subjects=[])
    return municipality, second


@pytest.fixture
def analyst():
    return UserFactory(role=User.Role.REGIONAL_ANALYST, municipality=None, username="analyst")


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_region_total_is_the_sum_of_the_two_municipalities(two_municipalities, client, analyst):
    client.force_login(analyst)
    rows = _rows(client.get(reverse("assessments:region"), {"year": 2024, "export": "xlsx"}).content)
    header, first, second, total = rows[0], *rows[1:]
    assert header[:7] == (
        "Муниципалитет",
        "Год",
        "ОО",
        "ОО с ВПР",
        "С признаками (анализ)",
        "В перечне",
        "И то и другое",
    )
    assert first[0] == "Второй район" and first[2:7] == (3, 2, 0, 1, 0)
    assert second[0] == "Кумторкалинский район" and second[2:7] == (2, 2, 1, 1, 0)
    assert total[0] == "Регион" and total[2:7] == (5, 4, 1, 2, 0)
    # Flagged share of the region: 3 flagged (A by its sign, B and «Вторая 0» by the list) of 4 with ВПР.
    assert total[header.index("Доля ОО с признаками, %")] == 75.0


def test_the_page_shows_each_municipality_and_the_region(two_municipalities, client, analyst):
    client.force_login(analyst)
    page = client.get(reverse("assessments:region")).content.decode()
    assert "Второй район" in page and "Кумторкалинский район" in page and "Регион в целом" in page
    assert "75,0%" in page and "2024 год" in page
    # Each municipality's name opens its own indicators.
    first, _ = two_municipalities
    assert f"{reverse('assessments:muko')}?year=2024&municipality={first.pk}" in page


def test_a_superuser_opens_the_region_page(two_municipalities, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True, municipality=None))
    assert client.get(reverse("assessments:region")).status_code == 200


@pytest.mark.parametrize(
    "role",
    [
        User.Role.DEPARTMENT_HEAD,
        User.Role.METHODIST,
        User.Role.COORDINATOR,
        User.Role.SCHOOL_HEAD,
        User.Role.COMMISSION_MEMBER,
        User.Role.OBSERVER,
    ],
)
def test_everybody_else_is_refused(two_municipalities, client, school_a, role):
    municipality, _ = two_municipalities
    client.force_login(UserFactory(role=role, municipality=municipality, school=school_a))
    assert client.get(reverse("assessments:region")).status_code == 403
    assert client.get(reverse("assessments:region"), {"export": "xlsx"}).status_code == 403


def test_without_any_results_the_page_says_so(client, analyst, municipality):
    client.force_login(analyst)
    page = client.get(reverse("assessments:region")).content.decode()
    assert "Ни в одном муниципалитете ещё нет результатов ВПР" in page


def test_the_region_demo_gives_the_second_municipality_believable_numbers(municipality, client, analyst):
    from assessments.demo import load_assessments_demo
    from assessments.demo_region import SECOND, load_region_demo
    from assessments.models import VprResult
    from assessments.muko import muko_counts
    from roadmaps.models import Measure

    load_assessments_demo(municipality=municipality)
    second = MunicipalityFactory(name=SECOND)
    SchoolFactory(municipality=second, code="IZ20", short_name="МКОУ «СОШ №20» ИГОСК")
    load_region_demo(district=municipality)
    before = (VprResult.objects.count(), Measure.objects.count(), OfficialFlag.objects.count())
    load_region_demo(district=municipality)
    # A second run adds nothing.
    assert (VprResult.objects.count(), Measure.objects.count(), OfficialFlag.objects.count()) == before

    years = sorted(
        set(VprResult.objects.filter(test__municipality=municipality).values_list("test__year", flat=True))
    )
    first = muko_counts(municipality=second, year=years[0])
    assert (first.schools, first.schools_with_vpr) == (5, 5)
    assert first.flagged_own >= 1 and first.flagged_official == 1
    assert first.indicators()["with_observers_share"] == 0.6
    # Measures after the first year's signs, for the school that «повысила» and the one on the list: the
    # next year the first is honest and the other still on the list — one of two.
    following = muko_counts(municipality=second, year=years[1]).indicators()
    assert following["targeted_measures"] == 1 and following["signs_removed_share"] == 0.5
    client.force_login(analyst)
    page = client.get(reverse("assessments:region"), {"year": years[-1]}).content.decode()
    assert SECOND in page and municipality.name in page and "Регион в целом" in page
