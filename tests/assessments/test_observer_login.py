"""A public observer with a login: «Мои выезды» lists their own bookings only; they open, fill in and print
the acts of those bookings and no other; the rest of the app is closed to them. The coordinator links an
observer's card to the account."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Observer, ObserverAct
from assessments.observer_acts import act_record
from assessments.observers import observer_assign
from schools.models import User

from ..factories import UserFactory
from .factories import ObserverFactory, ProcedureFactory

D = datetime.date


@pytest.fixture
def observer_users(municipality):
    return [
        UserFactory(username=f"nablyudatel{n}", role=User.Role.OBSERVER, municipality=municipality)
        for n in (1, 2)
    ]


@pytest.fixture
def bookings(municipality, school_a, school_b, observer_users):
    """Observer 1 at school A, observer 2 at school A and, a week later, at school B."""
    vpr = ProcedureFactory(municipality=municipality, held_on=D(2025, 4, 15), schools=[school_a, school_b])
    later = ProcedureFactory(municipality=municipality, held_on=D(2025, 4, 22), schools=[school_b])
    first = ObserverFactory(municipality=municipality, last_name="Первов", user=observer_users[0])
    second = ObserverFactory(municipality=municipality, last_name="Вторая", user=observer_users[1])
    return {
        "mine": observer_assign(procedure=vpr, school=school_a, observer=first),
        "theirs": observer_assign(procedure=vpr, school=school_a, observer=second),
        "theirs_b": observer_assign(procedure=later, school=school_b, observer=second),
    }


def act_post(stages=("conduct",), violations=(), remarks=""):
    return {"stages": list(stages), "violations": list(violations), "remarks": remarks}


def test_an_observer_sees_only_the_acts_they_wrote(client, observer_users, bookings, school_b):
    me = observer_users[0]
    client.force_login(me)
    act_url = reverse("assessments:observer_act", args=[bookings["mine"].pk])
    response = client.post(act_url, act_post(violations=["conduct_phones"], remarks="Телефоны в 5А"))
    assert response.status_code == 302
    act = ObserverAct.objects.get(assignment=bookings["mine"])
    assert act.entered_by == me and act.violations == ["conduct_phones"]
    bookings["mine"].refresh_from_db()
    assert bookings["mine"].violations is True  # the act flags the school, whoever wrote it
    page = client.get(act_url)
    assert page.status_code == 200 and "Акт заполнил наблюдатель" in page.text
    # The other observer's acts, at the same school or another, are not there for them: not to read, not
    # to print, not to write.
    act_record(
        assignment=bookings["theirs"], stages=["conduct"], violations=[], remarks="", user=observer_users[1]
    )
    for booking in (bookings["theirs"], bookings["theirs_b"]):
        assert client.get(reverse("assessments:observer_act", args=[booking.pk])).status_code == 404
        assert client.get(reverse("assessments:observer_act_pdf", args=[booking.pk])).status_code == 404
        refused = client.post(reverse("assessments:observer_act", args=[booking.pk]), act_post())
        assert refused.status_code == 404
    assert ObserverAct.objects.get(assignment=bookings["theirs"]).entered_by == observer_users[1]
    assert not ObserverAct.objects.filter(assignment=bookings["theirs_b"]).exists()
    # «Мои выезды»: their one booking, with its act.
    visits = client.get(reverse("assessments:index"))
    assert visits.status_code == 200 and "Мои выезды" in visits.text
    assert visits.text.count(f'href="{act_url}"') == 1
    assert school_b.short_name not in visits.text
    assert reverse("assessments:observer_act", args=[bookings["theirs"].pk]) not in visits.text
    pdf = client.get(reverse("assessments:observer_act_pdf", args=[bookings["mine"].pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_an_act_the_coordinator_entered_from_the_form_says_so(client, observer_users, bookings, coordinator):
    act_record(assignment=bookings["mine"], stages=["conduct"], violations=[], remarks="", user=coordinator)
    client.force_login(observer_users[0])
    page = client.get(reverse("assessments:observer_act", args=[bookings["mine"].pk]))
    assert page.status_code == 200
    assert "Внесён по бланку наблюдателя" in page.text and "Акт заполнил наблюдатель" not in page.text


def test_a_bad_act_of_the_observer_is_refused_with_the_reason(client, observer_users, bookings):
    client.force_login(observer_users[0])
    url = reverse("assessments:observer_act", args=[bookings["mine"].pk])
    response = client.post(url, act_post(violations=["conduct_phones"], remarks=""))
    assert response.status_code == 400
    assert "опишите их в замечаниях" in response.text
    assert not ObserverAct.objects.filter(assignment=bookings["mine"]).exists()


@pytest.mark.parametrize(
    "name",
    [
        "roadmaps:roadmap_list",
        "roadmaps:measure_list",
        "schools:school_list",
        "medals:candidate_list",
        "reports:index",
        "reports:meeting_list",
        "assessments:vpr_dates",
        "assessments:observer_list",
        "assessments:procedure_list",
        "assessments:objectivity",
        "assessments:schedule_list",
    ],
)
def test_nothing_else_of_the_app_opens_for_an_observer(client, observer_users, bookings, name):
    client.force_login(observer_users[0])
    assert client.get(reverse(name)).status_code == 403


def test_an_observer_without_a_card_is_told_whom_to_ask(client, municipality):
    lonely = UserFactory(role=User.Role.OBSERVER, municipality=municipality)
    client.force_login(lonely)
    page = client.get(reverse("assessments:index"))
    assert page.status_code == 200
    assert "ещё не связана с карточкой наблюдателя" in page.text and "Назначений пока нет" in page.text


def test_the_coordinator_links_a_card_to_an_account(client, coordinator, municipality, observer_users):
    card = ObserverFactory(municipality=municipality, last_name="Безучётный")
    taken = ObserverFactory(municipality=municipality, user=observer_users[1])
    stranger = UserFactory(role=User.Role.OBSERVER)  # another municipality's observer
    client.force_login(coordinator)
    url = reverse("assessments:observer_edit", args=[card.pk])
    form = client.get(url).context["form"]
    offered = set(form.fields["user"].queryset)
    assert observer_users[0] in offered
    assert observer_users[1] not in offered  # already on another card
    assert stranger not in offered and coordinator not in offered
    data = {
        "last_name": card.last_name,
        "first_name": card.first_name,
        "middle_name": card.middle_name,
        "organisation": card.organisation,
        "phone": "",
        "user": observer_users[0].pk,
    }
    assert client.post(url, data).status_code == 302
    card.refresh_from_db()
    assert card.user == observer_users[0]
    # Somebody else's account cannot be put on the card by hand either.
    data["user"] = observer_users[1].pk
    assert client.post(url, data).status_code == 200
    card.refresh_from_db()
    assert card.user == observer_users[0] and Observer.objects.get(pk=taken.pk).user == observer_users[1]
