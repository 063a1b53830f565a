"""The admin keeps a department head inside their municipality.

Before: the demo made the department head a superuser and the admin was not limited by municipality, so
a head of one municipality listed the users and schools of another and set a new password for them.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Subject
from schools.models import School, User

from ..factories import DEFAULT_PASSWORD, MunicipalityFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_municipalities():
    x = MunicipalityFactory(name="Район Икс")
    y = MunicipalityFactory(name="Район Игрек")
    school_x = SchoolFactory(municipality=x, short_name="МКОУ «Иксовская СОШ»")
    school_y = SchoolFactory(municipality=y, short_name="МКОУ «Игрековская СОШ»")
    head_x = UserFactory(
        username="nachalnik_x", role=User.Role.DEPARTMENT_HEAD, municipality=x, is_staff=True
    )
    director_x = UserFactory(
        username="direktor_x", last_name="Иксова", role=User.Role.SCHOOL_HEAD, municipality=x, school=school_x
    )
    director_y = UserFactory(
        username="direktor_y",
        last_name="Игрекова",
        role=User.Role.SCHOOL_HEAD,
        municipality=y,
        school=school_y,
    )
    return {"x": x, "y": y, "school_x": school_x, "school_y": school_y, "head_x": head_x,
            "director_x": director_x, "director_y": director_y}  # fmt: skip


def test_a_department_head_lists_only_the_users_and_schools_of_their_municipality(client, two_municipalities):
    w = two_municipalities
    client.force_login(w["head_x"])
    users = client.get(reverse("admin:schools_user_changelist"))
    assert users.status_code == 200
    assert "direktor_x" in users.content.decode() and "direktor_y" not in users.content.decode()
    schools = client.get(reverse("admin:schools_school_changelist"))
    assert schools.status_code == 200
    page = schools.content.decode()
    assert "Иксовская" in page and "Игрековская" not in page
    # Nor does a filter by municipality name the other one.
    assert "Район Игрек" not in page


def test_another_municipality_s_user_and_school_cannot_be_opened_or_changed(client, two_municipalities):
    w = two_municipalities
    y_user, y_school = w["director_y"], w["school_y"]
    client.force_login(w["head_x"])
    # The admin answers a row it does not show with a redirect to its list and «не существует».
    assert client.get(reverse("admin:schools_user_change", args=[y_user.pk])).status_code == 302
    assert client.get(reverse("admin:schools_school_change", args=[y_school.pk])).status_code == 302
    response = client.post(
        reverse("admin:auth_user_password_change", args=[y_user.pk]),
        {"password1": "Zahvachen-2024!", "password2": "Zahvachen-2024!"},
    )
    assert response.status_code == 404
    y_user.refresh_from_db()
    assert y_user.check_password(DEFAULT_PASSWORD)
    client.post(reverse("admin:schools_school_change", args=[y_school.pk]), {"short_name": "Захвачена"})
    assert School.objects.get(pk=y_school.pk).short_name == "МКОУ «Игрековская СОШ»"


def test_an_own_user_s_password_can_be_set(client, two_municipalities):
    w = two_municipalities
    client.force_login(w["head_x"])
    response = client.post(
        reverse("admin:auth_user_password_change", args=[w["director_x"].pk]),
        {"password1": "Novyi-parol-2024!", "password2": "Novyi-parol-2024!"},
    )
    assert response.status_code == 302
    w["director_x"].refresh_from_db()
    assert w["director_x"].check_password("Novyi-parol-2024!")


def _user_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "is_active": "on",
        "role": user.role,
        "middle_name": user.middle_name,
        "position": user.position,
        "municipality": user.municipality_id or "",
        "school": user.school_id or "",
        "date_joined_0": "01.09.2023",
        "date_joined_1": "08:00:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_no_superuser_granted_and_no_move_to_another_municipality(client, two_municipalities):
    w = two_municipalities
    director = w["director_x"]
    client.force_login(w["head_x"])
    url = reverse("admin:schools_user_change", args=[director.pk])
    form = client.get(url).content.decode()
    assert 'name="is_superuser"' not in form and 'name="is_staff"' not in form
    # The municipality list offers only their own.
    assert "Район Игрек" not in form
    client.post(url, _user_form(director, is_superuser="on", is_staff="on"))
    director.refresh_from_db()
    assert not director.is_superuser and not director.is_staff
    response = client.post(url, _user_form(director, municipality=w["y"].pk, school=w["school_y"].pk))
    assert response.status_code == 200  # the form, with the refused choice
    director.refresh_from_db()
    assert director.municipality == w["x"] and director.school == w["school_x"]


def test_a_user_added_by_a_department_head_is_of_their_municipality(client, two_municipalities):
    w = two_municipalities
    client.force_login(w["head_x"])
    form = {
        "username": "novyi_direktor",
        "password1": "Dlinnyi-parol-2024!",
        "password2": "Dlinnyi-parol-2024!",
        "usable_password": "true",
        "role": User.Role.DEPARTMENT_HEAD,
        "last_name": "Новикова",
        "first_name": "Нина",
    }
    # Without a municipality (a head with none would see every school), or with another one: refused.
    for municipality in ("", w["y"].pk):
        response = client.post(reverse("admin:schools_user_add"), {**form, "municipality": municipality})
        assert response.status_code == 200
        assert not User.objects.filter(username="novyi_direktor").exists()
    response = client.post(reverse("admin:schools_user_add"), {**form, "municipality": w["x"].pk})
    assert response.status_code == 302
    added = User.objects.get(username="novyi_direktor")
    assert added.municipality == w["x"] and not added.is_superuser


def test_a_department_head_s_own_scale_in_the_admin_is_checked_not_a_500(client, two_municipalities):
    from assessments.models import ScoreScale

    from ..assessments.factories import ScoreScaleFactory

    w = two_municipalities
    shared = ScoreScaleFactory(year=2024, points=[0, 1, 2])
    ScoreScaleFactory(subject=shared.subject, year=2024, municipality=w["x"], points=[0, 2, 4])
    client.force_login(w["head_x"])
    data = {"subject": shared.subject_id, "year": 2024, "municipality": w["x"].pk, "points": "[0, 3, 6]"}
    response = client.post(reverse("admin:assessments_scorescale_add"), data)
    assert response.status_code == 200  # the form says the scale exists
    assert ScoreScale.objects.count() == 2
    # The shared scale is read, never changed.
    client.post(
        reverse("admin:assessments_scorescale_change", args=[shared.pk]), {**data, "municipality": ""}
    )
    shared.refresh_from_db()
    assert shared.points == [0, 1, 2] and shared.municipality is None


def test_shared_reference_data_is_read_not_changed_by_a_department_head(client, two_municipalities):
    client.force_login(two_municipalities["head_x"])
    subject = Subject.objects.first()
    assert client.get(reverse("admin:assessments_subject_changelist")).status_code == 200
    client.post(reverse("admin:assessments_subject_change", args=[subject.pk]), {"name": "Захвачен"})
    assert Subject.objects.get(pk=subject.pk).name == subject.name
    assert client.get(reverse("admin:assessments_subject_add")).status_code == 403


def test_other_roles_marked_staff_see_nothing_in_the_admin(client, two_municipalities):
    methodist = UserFactory(role=User.Role.METHODIST, municipality=two_municipalities["x"], is_staff=True)
    client.force_login(methodist)
    assert client.get(reverse("admin:schools_user_changelist")).status_code == 403


def test_an_operator_sees_every_municipality(client, two_municipalities):
    operator = UserFactory(username="operator", municipality=None, is_staff=True, is_superuser=True)
    client.force_login(operator)
    page = client.get(reverse("admin:schools_user_changelist")).content.decode()
    assert "direktor_x" in page and "direktor_y" in page


def test_the_demo_makes_no_superuser():
    call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.filter(is_superuser=True).exists()
    head = User.objects.get(username="nachalnik")
    assert head.is_staff and head.role == User.Role.DEPARTMENT_HEAD
