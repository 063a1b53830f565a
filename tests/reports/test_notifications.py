"""The same notifications as the digest, in the app: on the dashboard, and the digest's own settings page."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from reports.models import DigestPreference

from .reminder_fixtures import deadline_plan

MONDAY_NOON_MOSCOW = "2024-03-11 09:00:00+00:00"


@pytest.fixture
def plan(municipality, school_a, school_b, methodist_a):
    return deadline_plan(municipality=municipality, responsible=methodist_a)


@time_machine.travel(MONDAY_NOON_MOSCOW, tick=False)
def test_a_school_head_sees_their_notifications_on_the_dashboard(client, plan, head_a):
    client.force_login(head_a)
    page = client.get(reverse("dashboard")).content.decode()
    notes = page[page.index('data-testid="notifications"') :]
    assert "Уведомления о сроках" in notes
    assert "Просрочено" in notes and "Срок через 4–7 дней" in notes
    assert "Анализ переводов претендентов" in notes
    assert "Школа Б" not in notes
    assert reverse("reports:preferences") in notes


@time_machine.travel(MONDAY_NOON_MOSCOW, tick=False)
def test_the_department_head_sees_the_municipal_summary(client, plan, department_head):
    client.force_login(department_head)
    page = client.get(reverse("dashboard")).content.decode()
    notes = page[page.index('data-testid="notifications"') :]
    assert "/roadmaps/measures/?overdue=on" in notes
    assert "школ: 2" in notes


@time_machine.travel("2023-06-01 09:00:00+00:00", tick=False)
def test_with_nothing_due_the_dashboard_says_so(client, plan, head_a):
    client.force_login(head_a)
    page = client.get(reverse("dashboard")).content.decode()
    assert "На ближайшую неделю сроков нет, просроченного нет." in page


def test_a_school_head_switches_the_digest_to_weekly(client, head_a):
    client.force_login(head_a)
    page = client.get(reverse("reports:preferences")).content.decode()
    assert head_a.email in page
    response = client.post(reverse("reports:preferences"), {"frequency": "weekly", "weekday": "4"})
    assert response.status_code == 302
    preference = DigestPreference.objects.get(user=head_a)
    assert (preference.frequency, preference.weekday) == ("weekly", 4)
    client.post(reverse("reports:preferences"), {"frequency": "off", "weekday": "0"})
    assert DigestPreference.objects.get(user=head_a).frequency == "off"


def test_a_person_without_an_address_is_told_no_mail_will_come(client, head_a):
    head_a.email = ""
    head_a.save()
    client.force_login(head_a)
    assert "не указан адрес электронной почты" in client.get(reverse("reports:preferences")).content.decode()


def test_an_unknown_frequency_is_refused(client, head_a):
    client.force_login(head_a)
    response = client.post(reverse("reports:preferences"), {"frequency": "hourly", "weekday": "0"})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not DigestPreference.objects.exists()
