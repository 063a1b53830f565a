"""The pages of ВПР as held now, for every role: school dates, observer acts and their printout, the
federal sample on the procedure's page, the flag on the objectivity and gaps pages; bad input never 500."""

import datetime
from urllib.parse import unquote

import pytest
from django.urls import reverse

from assessments.models import ObserverAct, ObserverConflict, SchoolProcedureDay
from assessments.observer_acts import STAGES, VIOLATIONS, act_record, act_view
from assessments.observers import observer_assign
from assessments.views.vpr import act_document
from assessments.vpr_dates import school_day_add

from .factories import ObserverFactory, ProcedureFactory, VprResultFactory, VprTestFactory

D = datetime.date


@pytest.fixture
def vpr(municipality, school_a, school_b):
    return ProcedureFactory(
        municipality=municipality,
        held_on=D(2025, 4, 1),
        window_start=D(2025, 4, 1),
        window_end=D(2025, 5, 16),
        schools=[school_a, school_b],
    )


@pytest.fixture
def acts(vpr, municipality, school_a, school_b, coordinator):
    """One booking per school; school A's act marks a violation, school B's none."""
    found = {}
    for school, violations in ((school_a, ["conduct_hints"]), (school_b, [])):
        school_day_add(procedure=vpr, school=school, day=D(2025, 4, 10), user=None)
        booking = observer_assign(
            procedure=vpr, school=school, observer=ObserverFactory(municipality=municipality)
        )
        act_record(
            assignment=booking,
            stages=["conduct"],
            violations=violations,
            remarks="Подсказки в 5Б" if violations else "",
            user=coordinator,
        )
        found[school.code] = booking
    return found


def page(client, user, name, *args, data=None, method="get"):
    client.force_login(user)
    return getattr(client, method)(reverse(name, args=args), data or {})


@pytest.mark.parametrize(
    ("user", "a_status", "b_status"),
    [
        ("head_a", 200, 404),
        ("head_b", 404, 200),
        ("methodist_a", 200, 404),
        ("department_head", 200, 200),
        ("coordinator", 200, 200),
        ("member", 403, 403),
    ],
)
def test_a_school_head_sees_their_own_schools_acts_only(client, request, acts, user, a_status, b_status):
    who = request.getfixturevalue(user)
    assert page(client, who, "assessments:observer_act", acts["A001"].pk).status_code == a_status
    assert page(client, who, "assessments:observer_act", acts["B001"].pk).status_code == b_status
    assert page(client, who, "assessments:observer_act_pdf", acts["A001"].pk).status_code == a_status


def test_the_act_prints_on_one_a4_page(client, head_a, coordinator, acts):
    response = page(client, head_a, "assessments:observer_act_pdf", acts["A001"].pk)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    # Named by the school and the day, never by a database id.
    assignment = acts["A001"]
    disposition = response["Content-Disposition"]
    name = f"Акт наблюдателя, {assignment.school.short_name}, {assignment.day:%d.%m.%Y}.pdf"
    assert unquote(disposition) == f"inline; filename*=utf-8''{name}"
    # The longest act the form takes: every stage, every violation, 1,500 characters of remarks.
    act_record(
        assignment=acts["A001"],
        stages=[code for code, _ in STAGES],
        violations=[v.code for v in VIOLATIONS],
        remarks="Нарушение порядка проведения. " * 50,
        user=coordinator,
    )
    document = act_document(act_view(acts["A001"]))
    assert len(document.pages) == 1
    assert document.pages[0].width == pytest.approx(210 * 96 / 25.4, rel=0.01)  # A4 portrait


def test_an_act_not_filled_in_yet_is_not_printed(client, coordinator, vpr, school_a, municipality):
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 15), user=None)
    booking = observer_assign(
        procedure=vpr, school=school_a, observer=ObserverFactory(municipality=municipality)
    )
    response = page(client, coordinator, "assessments:observer_act_pdf", booking.pk)
    assert response.status_code == 302


@pytest.mark.parametrize(("user", "status"), [("head_a", 403), ("methodist_a", 403), ("member", 403)])
def test_only_the_coordinator_or_the_head_of_department_enters_an_act(client, request, acts, user, status):
    booking = acts["A001"]
    response = page(
        client,
        request.getfixturevalue(user),
        "assessments:observer_act",
        booking.pk,
        data={"stages": ["conduct"], "remarks": ""},
        method="post",
    )
    assert response.status_code == status
    assert ObserverAct.objects.get(assignment=booking).violations == ["conduct_hints"]


def test_the_coordinator_corrects_an_act_and_the_flag_follows(client, coordinator, acts):
    booking = acts["A001"]
    response = page(
        client,
        coordinator,
        "assessments:observer_act",
        booking.pk,
        data={"stages": ["conduct", "checking"], "violations": [], "remarks": ""},
        method="post",
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.violations is False


@pytest.mark.parametrize(
    "data",
    [
        {"stages": [], "remarks": ""},
        {"stages": ["conduct"], "violations": ["conduct_phones"], "remarks": ""},
        {"stages": ["bogus"]},
        {"stages": ["conduct"], "violations": ["checking_criteria"], "remarks": "x"},
        {"stages": ["conduct"], "remarks": "я" * 1501},
        {"stages": ["conduct\x00"], "remarks": "\x00"},
    ],
)
def test_a_bad_act_gets_a_russian_message_and_changes_nothing(client, coordinator, acts, data):
    booking = acts["A001"]
    response = page(client, coordinator, "assessments:observer_act", booking.pk, data=data, method="post")
    assert response.status_code == 400
    assert ObserverAct.objects.get(assignment=booking).violations == ["conduct_hints"]


@pytest.mark.parametrize("name", ["assessments:objectivity", "assessments:observer_gaps"])
def test_a_violation_flags_the_school_on_the_objectivity_and_observer_pages(
    client, department_head, acts, name
):
    content = page(client, department_head, name).content.decode()
    assert 'data-testid="flagged-schools"' in content
    assert "МКОУ «Школа А» — ВПР" in content and "МКОУ «Школа Б» — ВПР" not in content


def test_school_b_does_not_see_school_a_flagged(client, head_b, acts):
    content = page(client, head_b, "assessments:objectivity").content.decode()
    assert "МКОУ «Школа А»" not in content


@pytest.mark.parametrize(
    ("user", "a_status", "may_post"),
    [
        ("head_a", 200, True),
        ("head_b", 404, False),
        ("methodist_a", 200, False),
        ("coordinator", 200, True),
        ("department_head", 200, True),
        ("member", 403, False),
    ],
)
def test_who_enters_a_schools_dates(client, request, vpr, school_a, user, a_status, may_post):
    who = request.getfixturevalue(user)
    assert page(client, who, "assessments:school_dates", vpr.pk, school_a.pk).status_code == a_status
    response = page(
        client,
        who,
        "assessments:school_dates",
        vpr.pk,
        school_a.pk,
        data={"day": "2025-04-15"},
        method="post",
    )
    assert response.status_code == (302 if may_post else (a_status if a_status != 200 else 403))
    assert SchoolProcedureDay.objects.filter(school=school_a).exists() is may_post


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2025-03-31", "вне федерального периода"),
        ("2025-05-17", "вне федерального периода"),
        ("31.02.2025", "Дата — в виде"),
        ("", "Укажите дату"),
        ("\x00", "Дата — в виде"),
    ],
)
def test_a_bad_date_is_refused_with_a_russian_message(client, head_a, vpr, school_a, day, message):
    response = page(
        client, head_a, "assessments:school_dates", vpr.pk, school_a.pk, data={"day": day}, method="post"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SchoolProcedureDay.objects.exists()


def test_a_date_is_removed_unless_an_observer_is_booked(client, head_a, vpr, school_a, municipality):
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 15), user=None)
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 16), user=None)
    observer_assign(
        procedure=vpr,
        school=school_a,
        observer=ObserverFactory(municipality=municipality),
        held_on=D(2025, 4, 16),
    )
    assert (
        page(
            client,
            head_a,
            "assessments:school_dates",
            vpr.pk,
            school_a.pk,
            data={"remove": "2025-04-15"},
            method="post",
        ).status_code
        == 302
    )
    refused = page(
        client,
        head_a,
        "assessments:school_dates",
        vpr.pk,
        school_a.pk,
        data={"remove": "2025-04-16"},
        method="post",
    )
    assert refused.status_code == 400 and "уже назначен наблюдатель" in refused.content.decode()
    assert list(SchoolProcedureDay.objects.values_list("held_on", flat=True)) == [D(2025, 4, 16)]


@pytest.mark.parametrize(
    ("user", "status"), [("head_a", 200), ("methodist_a", 200), ("coordinator", 200), ("member", 403)]
)
def test_the_list_of_school_dates(client, request, vpr, acts, user, status):
    response = page(client, request.getfixturevalue(user), "assessments:vpr_dates")
    assert response.status_code == status
    if user == "head_a":
        content = response.content.decode()
        assert "МКОУ «Школа А»" in content and "МКОУ «Школа Б»" not in content and "10.04.2025" in content


def test_the_coordinator_books_on_a_date_and_a_conflict_is_refused_on_the_page(
    client, coordinator, vpr, school_a, municipality
):
    school_day_add(procedure=vpr, school=school_a, day=D(2025, 4, 15), user=None)
    observer = ObserverFactory(municipality=municipality)
    ObserverConflict.objects.create(observer=observer, school=school_a, reason=ObserverConflict.Reason.CHILD)
    response = page(
        client,
        coordinator,
        "assessments:procedure_detail",
        vpr.pk,
        data={"school": school_a.pk, "observer": observer.pk, "held_on": "2025-04-15"},
        method="post",
    )
    assert response.status_code == 400
    assert "конфликт интересов" in response.content.decode()


def test_the_observer_form_records_conflicts_of_interest(client, coordinator, school_a, school_b):
    response = page(
        client,
        coordinator,
        "assessments:observer_create",
        data={
            "last_name": "Иванова",
            "first_name": "Анна",
            "child_schools": [school_a.pk],
            "relative_schools": [school_b.pk],
        },
        method="post",
    )
    assert response.status_code == 302
    assert sorted(ObserverConflict.objects.values_list("school__code", "reason")) == [
        ("A001", "child"),
        ("B001", "relative"),
    ]


def test_the_procedure_page_compares_the_federal_sample_with_the_rest(
    client, department_head, vpr, municipality, school_a, school_b
):
    vpr.federal_sample.set([school_a])
    test = VprTestFactory(municipality=municipality, year=2025, subject=vpr.subject, grade=vpr.grade)
    for mark in (3, 3):
        VprResultFactory(test=test, school=school_a, mark=mark, journal_mark=3)
    for mark in (5, 4):
        VprResultFactory(test=test, school=school_b, mark=mark, journal_mark=4)
    content = page(client, department_head, "assessments:procedure_detail", vpr.pk).content.decode()
    assert 'data-testid="federal-sample"' in content and "с контролем объективности" in content
    assert "3,00" in content and "4,50" in content  # mean marks: sample 3.0, the rest 4.5
    assert "на 1,50" in content and "Разрыв велик" in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"window_start": "2025-04-01"}, "Укажите обе даты периода"),
        ({"window_start": "2025-05-01", "window_end": "2025-04-01"}, "Конец периода раньше его начала"),
        (
            {"window_start": "2025-04-01", "window_end": "2025-05-16", "held_on": "2025-06-01"},
            "Дата вне периода",
        ),
    ],
)
def test_a_bad_window_is_refused(client, coordinator, school_a, data, message):
    form = {"kind": "vpr", "held_on": "2025-04-01", "schools": [school_a.pk], **data}
    response = page(client, coordinator, "assessments:procedure_create", data=form, method="post")
    assert response.status_code == 200
    assert message in response.content.decode()
