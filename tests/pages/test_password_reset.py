"""Password recovery by e-mail from the login page: Django's own views, in Russian."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_the_login_page_offers_recovery(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Забыли пароль?" in page and 'href="/accounts/reset/"' in page


def test_recovery_from_the_letter_to_the_new_password(client, head_a):
    head_a.email = "direktor@school.example"
    head_a.save()
    page = client.get("/accounts/reset/").content.decode()
    assert "Восстановление пароля" in page and "Адрес электронной почты" in page

    response = client.post("/accounts/reset/", {"email": "direktor@school.example"})
    assert response.status_code == 302 and response["Location"] == "/accounts/reset/sent/"
    assert "Проверьте почту" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.subject == "Восстановление пароля: Дорожная карта объективности"
    assert head_a.username in letter.body and "Чтобы выбрать новый пароль" in letter.body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", letter.body).group(1)

    form = client.get(link, follow=True)
    assert "Новый пароль" in form.content.decode() and "Сохранить пароль" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "Novyi-parol-2026", "new_password2": "Novyi-parol-2026"},
        follow=True,
    )
    assert "Пароль изменён" in done.content.decode()
    head_a.refresh_from_db()
    assert head_a.check_password("Novyi-parol-2026")


def test_an_unknown_address_sends_nothing_and_says_the_same(client, head_a):
    response = client.post("/accounts/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_used_or_forged_link_is_explained(client):
    page = client.get("/accounts/reset/MQ/set-password/").content.decode()
    assert "Ссылка недействительна" in page


def test_a_bad_address_is_refused_in_russian(client):
    page = client.post("/accounts/reset/", {"email": "не адрес"}).content.decode()
    assert "Введите правильный адрес электронной почты" in page
