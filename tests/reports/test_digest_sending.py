"""A digest goes out once per person and local date, whatever happens to beat, tasks and workers."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from reports.models import DigestDelivery
from reports.reminders import CLAIM_TIMEOUT, MAX_ATTEMPTS, digest_deliver, digests_send
from reports.tasks import send_due_digests
from roadmaps.models import Progress, ProgressStatus

from .reminder_fixtures import MONDAY, deadline_plan

MONDAY_MORNING_MOSCOW = datetime.datetime(2024, 3, 11, 5, 0, tzinfo=datetime.UTC)  # 08:00 in Moscow


@pytest.fixture
def recipients(municipality, school_a, school_b, methodist_a, head_a, head_b, department_head):
    deadline_plan(municipality=municipality, responsible=methodist_a)
    return {methodist_a, head_a, head_b, department_head}


def _addresses() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@time_machine.travel(MONDAY_MORNING_MOSCOW, tick=False)
def test_a_repeated_beat_sends_nobody_a_second_digest(recipients):
    first = send_due_digests.delay(local_hour=7).get()
    second = send_due_digests.delay(local_hour=7).get()
    assert first == {"sent": 4, "skipped": 0, "failed": 0}
    assert second == {"sent": 0, "skipped": 4, "failed": 0}
    assert _addresses() == sorted(user.email for user in recipients)
    assert set(DigestDelivery.objects.values_list("status", flat=True)) == {DigestDelivery.Status.SENT}


@time_machine.travel(MONDAY_MORNING_MOSCOW, tick=False)
def test_a_retried_task_after_a_worker_died_mid_run_sends_only_what_was_not_sent(recipients, head_a, head_b):
    # The first worker created the rows, sent head A's digest and died while it was sending head B's.
    digests_send(local_date=MONDAY)
    DigestDelivery.objects.filter(user=head_b).update(
        status=DigestDelivery.Status.CLAIMED, claimed_at=MONDAY_MORNING_MOSCOW, sent_at=None
    )
    mail.outbox.clear()
    # The broker redelivers the task at once: B's claim is fresh, so it may still be on its way — wait.
    assert send_due_digests.apply(kwargs={"local_hour": 7}).get() == {"sent": 0, "skipped": 4, "failed": 0}
    assert mail.outbox == []
    # Past the claim timeout the claim is taken as lost, and B (only B) gets the digest.
    with time_machine.travel(
        MONDAY_MORNING_MOSCOW + CLAIM_TIMEOUT + datetime.timedelta(minutes=1), tick=False
    ):
        result = send_due_digests.apply(kwargs={"local_hour": 7}).get()
    assert result == {"sent": 1, "skipped": 3, "failed": 0}
    assert _addresses() == [head_b.email]


def test_a_digest_with_nothing_to_say_is_not_sent_and_not_built_again(recipients, head_a, school_a):
    Progress.objects.filter(school=school_a).update(status=ProgressStatus.DONE)
    assert digest_deliver(user=head_a, local_date=MONDAY) == "skipped"  # no row: nothing was claimed
    digests_send(local_date=MONDAY)
    assert head_a.email not in _addresses()
    assert DigestDelivery.objects.get(user=head_a).status == DigestDelivery.Status.EMPTY


def test_a_mail_server_that_fails_loses_nobody_the_next_run_sends(recipients, settings, head_a):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = False
    failed = digests_send(local_date=MONDAY)
    assert failed.failed == 4
    row = DigestDelivery.objects.get(user=head_a)
    assert (row.status, row.attempts) == (DigestDelivery.Status.PENDING, 1)
    assert row.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send(local_date=MONDAY).sent == 4
    assert len(mail.outbox) == 4


def test_a_digest_that_keeps_failing_is_given_up_after_the_last_attempt(recipients, head_a):
    DigestDelivery.objects.create(user=head_a, local_date=MONDAY, attempts=MAX_ATTEMPTS)
    assert digest_deliver(user=head_a, local_date=MONDAY) == "skipped"
    assert mail.outbox == []


def test_the_command_prints_how_many_it_sent_and_skipped(recipients):
    out = StringIO()
    call_command("send_reminders", "--date", "2024-03-11", stdout=out)
    assert out.getvalue().strip() == "Отправлено: 4, пропущено: 0, ошибок: 0."
    out = StringIO()
    call_command("send_reminders", "--date", "2024-03-11", stdout=out)
    assert out.getvalue().strip() == "Отправлено: 0, пропущено: 4, ошибок: 0."
    assert len(mail.outbox) == 4


def test_the_dry_run_counts_without_sending_or_claiming(recipients, head_a, school_a):
    Progress.objects.filter(school=school_a).update(status=ProgressStatus.DONE)
    out = StringIO()
    call_command("send_reminders", "--date", "2024-03-11", "--dry-run", stdout=out)
    assert "было бы отправлено 3, пропущено 1" in out.getvalue()
    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()


def test_the_command_refuses_a_date_it_cannot_read(recipients):
    with pytest.raises(CommandError, match="не в формате ГГГГ-ММ-ДД"):
        call_command("send_reminders", "--date", "15.03.2024")
