"""Russian error pages in every mode, a favicon, `make run PORT=`, a README that stays in the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from schools.error_pages import RussianErrorPagesMiddleware

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_wrong_id_shows_the_russian_404_in_every_mode(client, head_a, debug):
    client.force_login(head_a)
    with override_settings(DEBUG=debug):
        response = client.get("/roadmaps/999999/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Страница не найдена" in text
    assert "Выйти" in text  # the person's own top bar, not a bare page
    assert "DEBUG = True" not in text and "URLconf" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_wrong_address_shows_the_russian_404_in_every_mode(client, head_a, debug):
    client.force_login(head_a)
    with override_settings(DEBUG=debug):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Страница не найдена" in text
    assert "Django tried these URL patterns" not in text


@pytest.mark.django_db
def test_the_technical_page_is_there_for_a_developer_who_asks(client, head_a):
    client.force_login(head_a)
    with override_settings(DEBUG=True, TECHNICAL_ERROR_PAGES=True):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" not in response.content.decode()


@pytest.mark.django_db
def test_a_crash_in_debug_mode_shows_the_russian_500_and_is_logged(rf: RequestFactory, caplog):
    request = rf.get("/roadmaps/")
    middleware = RussianErrorPagesMiddleware(lambda r: None)
    with override_settings(DEBUG=True):
        response = middleware.process_exception(request, ValueError("boom"))
    assert response.status_code == 500
    assert "Ошибка на сервере" in response.content.decode()
    assert "boom" not in response.content.decode()
    assert any("server error" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_with_debug_off_the_middleware_leaves_errors_to_django(rf: RequestFactory):
    middleware = RussianErrorPagesMiddleware(lambda r: None)
    with override_settings(DEBUG=False):
        assert middleware.process_exception(rf.get("/"), ValueError("boom")) is None


@pytest.mark.django_db
def test_403_is_russian(client, member):
    client.force_login(member)
    with override_settings(DEBUG=True):
        response = client.get("/roadmaps/")
    assert response.status_code == 403
    assert "Нет доступа" in response.content.decode()


def test_the_500_template_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "Ошибка на сервере" in render_to_string("500.html")


@pytest.mark.django_db
def test_favicon(client, head_a):
    client.force_login(head_a)
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_make_run_takes_port_and_prints_the_address_it_serves():
    out = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "runserver 127.0.0.1:8123" in out
    assert "http://127.0.0.1:8123/" in out
    default = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "runserver 127.0.0.1:8000" in default


def test_readme_does_not_point_outside_the_repository():
    readme = (ROOT / "README.md").read_text()
    assert not re.search(r"\.\./", readme), "README links outside the repository"
