"""Login throttling with django-axes.

Before: 60 wrong passwords in a row, then the right one logged in.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.models import User

from ..factories import DEFAULT_PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _throttling_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = 0.5  # 30 minutes


def _login(client, username: str, password: str, address: str = "10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_sixty_wrong_passwords_then_the_right_one_does_not_log_in(client, head_a):
    for _ in range(60):
        response = _login(client, head_a.username, "neverno")
        assert response.status_code in (200, 429)
    response = _login(client, head_a.username, DEFAULT_PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Слишком много неудачных попыток входа" in page and "Попробуйте через 30 мин." in page
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302  # still the login page


def test_the_account_is_locked_from_any_address(client, head_a):
    for attempt in range(5):
        _login(client, head_a.username, "neverno", address=f"10.0.1.{attempt}")
    assert _login(client, head_a.username, DEFAULT_PASSWORD, address="10.9.9.9").status_code == 429


def test_one_address_trying_many_accounts_is_locked(client, head_a, methodist_a):
    for attempt in range(5):
        _login(client, f"nobody{attempt}", "neverno", address="10.6.6.6")
    assert _login(client, head_a.username, DEFAULT_PASSWORD, address="10.6.6.6").status_code == 429
    # Another address is not locked, and the right password there logs in.
    assert _login(client, methodist_a.username, DEFAULT_PASSWORD, address="10.0.0.8").status_code == 302


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, head_a):
    for _ in range(4):
        assert _login(client, head_a.username, "neverno").status_code == 200
    assert _login(client, head_a.username, DEFAULT_PASSWORD).status_code == 302


def test_the_department_head_unlocks_a_person_of_their_municipality(client, head_a, department_head):
    for _ in range(6):
        _login(client, head_a.username, "neverno")
    client.force_login(department_head)
    assert reverse("schools:login_locks") in client.get(reverse("dashboard")).content.decode()  # the menu
    page = client.get(reverse("schools:login_locks")).content.decode()
    assert head_a.username in page
    response = client.post(reverse("schools:login_locks"), {"username": head_a.username})
    assert response.status_code == 302
    assert (
        "Сейчас заблокированных учётных записей нет"
        in client.get(reverse("schools:login_locks")).content.decode()
    )
    client.logout()
    assert _login(client, head_a.username, DEFAULT_PASSWORD, address="10.0.0.9").status_code == 302


def test_another_municipality_s_lock_is_neither_shown_nor_lifted(client, department_head):
    stranger = UserFactory(
        username="chuzhoi", role=User.Role.SCHOOL_HEAD, municipality=MunicipalityFactory(name="Район Игрек")
    )
    for _ in range(6):
        _login(client, stranger.username, "neverno")
    client.force_login(department_head)
    assert "chuzhoi" not in client.get(reverse("schools:login_locks")).content.decode()
    response = client.post(reverse("schools:login_locks"), {"username": "chuzhoi"}, follow=True)
    assert "не найден среди сотрудников вашего муниципалитета" in response.content.decode()
    client.logout()
    assert _login(client, "chuzhoi", DEFAULT_PASSWORD, address="10.0.0.10").status_code == 429


def test_only_the_department_head_opens_the_locks_page(client, head_a, methodist_a):
    for user in (head_a, methodist_a):
        client.force_login(user)
        assert client.get(reverse("schools:login_locks")).status_code == 403
