"""Who is reminded today, and sending the daily digest (digests.py builds it) so that it never goes out twice.

Sending claims a ``DigestDelivery`` row (one per person and local date) with a conditional UPDATE that
must change exactly one row before the e-mail goes out, and records «sent» right after it: a repeated
beat, a retried task or a second worker finds the row taken and sends nothing.
"""

from __future__ import annotations

import logging
import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from common.bulk import rows_update
from schools.models import Municipality, User

from .digests import BUCKETS, Digest, digest_for_user
from .digests_many import digests_for_users
from .mail import send_templated_mail, templated_message
from .models import DigestDelivery, DigestPreference

logger = logging.getLogger(__name__)

DEFAULT_LOCAL_HOUR = 7
# A claim that has not reached «sent» within this time belongs to a worker that died: take it again.
CLAIM_TIMEOUT = timedelta(minutes=30)
MAX_ATTEMPTS = 5
RECIPIENT_ROLES = (User.Role.SCHOOL_HEAD, User.Role.METHODIST, User.Role.DEPARTMENT_HEAD)


# --- who gets a digest today ------------------------------------------------------------------------


def local_now(*, municipality: Municipality, now: datetime) -> datetime:
    return now.astimezone(zoneinfo.ZoneInfo(municipality.timezone))


def wants_digest_on(*, preference: DigestPreference | None, local_date: date) -> bool:
    """No preference means a daily digest; weekly ones go out on the chosen weekday."""
    if preference is None or preference.frequency == DigestPreference.Frequency.DAILY:
        return True
    if preference.frequency == DigestPreference.Frequency.WEEKLY:
        return local_date.weekday() == preference.weekday
    return False


def digest_recipients(*, municipalities: Iterable[Municipality], local_date: date) -> list[User]:
    """The people of the municipalities whose digest is due on this local date and who have an address."""
    users = (
        User.objects.filter(
            municipality__in=[m.pk for m in municipalities], is_active=True, role__in=RECIPIENT_ROLES
        )
        .exclude(email="")
        .exclude(role=User.Role.SCHOOL_HEAD, school__isnull=True)
        .select_related("digest_preference", "school", "municipality")
        .order_by("pk")
    )
    return [
        user
        for user in users
        if wants_digest_on(preference=getattr(user, "digest_preference", None), local_date=local_date)
    ]


# --- sending -----------------------------------------------------------------------------------------


@dataclass
class DigestRunResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0

    def __iadd__(self, other: DigestRunResult) -> DigestRunResult:
        self.sent += other.sent
        self.skipped += other.skipped
        self.failed += other.failed
        return self


def _claimable(now: datetime) -> Q:
    stale = Q(status=DigestDelivery.Status.CLAIMED, claimed_at__lt=now - CLAIM_TIMEOUT)
    return (Q(status=DigestDelivery.Status.PENDING) | stale) & Q(attempts__lt=MAX_ATTEMPTS)


def digest_deliver(*, user: User, local_date: date) -> str:
    """Claim, build and send one person's digest for one local date.

    Returns "sent", "skipped" (taken by another run, already sent, or nothing to say) or "failed".
    The claim is a single UPDATE … WHERE status allows it: whoever changes the row owns the send.
    """
    token = uuid.uuid4()
    now = timezone.now()
    claimed = (
        DigestDelivery.objects.filter(user=user, local_date=local_date)
        .filter(_claimable(now))
        .update(
            status=DigestDelivery.Status.CLAIMED,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    )
    if claimed != 1:
        return "skipped"
    mine = DigestDelivery.objects.filter(user=user, local_date=local_date, claim_token=token)
    try:
        digest = digest_for_user(user=user, local_date=local_date)
        if digest.is_empty:
            mine.update(status=DigestDelivery.Status.EMPTY, item_count=0, error="")
            return "skipped"
        send_templated_mail(to=[user.email], template="digest", context=digest_mail_context(digest=digest))
    except Exception as exc:
        # Give the row back: the next run tries again, up to MAX_ATTEMPTS.
        logger.exception("digest for user %s on %s failed", user.pk, local_date)
        mine.update(status=DigestDelivery.Status.PENDING, claim_token=None, error=str(exc)[:2000])
        return "failed"
    mine.update(status=DigestDelivery.Status.SENT, sent_at=timezone.now(), item_count=digest.total, error="")
    return "sent"


def digest_message(*, digest: Digest) -> EmailMultiAlternatives:
    """The e-mail of one digest: subject, text and HTML rendered from the digest templates."""
    return templated_message(
        to=[digest.user.email], template="digest", context=digest_mail_context(digest=digest)
    )


def digests_send_for_municipality(
    *, municipality: Municipality, local_date: date, dry_run: bool = False
) -> DigestRunResult:
    """Send one municipality's digests for a local date."""
    return digests_send_for_municipalities(
        municipalities=[municipality], local_date=local_date, dry_run=dry_run
    )


def digests_send_for_municipalities(
    *, municipalities: Iterable[Municipality], local_date: date, dry_run: bool = False
) -> DigestRunResult:
    """Send the digests of the municipalities for one local date in a constant number of queries, however
    many municipalities and people: a region's hourly run reads and writes each table once or twice.

    The rows are created if missing; one conditional UPDATE claims every row that may be taken (a row
    another run holds, or already sent, stays as it is: nobody gets a digest twice); the digests are built
    in memory from one read of the rows and sent over one mail connection; the outcomes are recorded with
    one statement each: sent, empty, failed (given back for the next run).
    """
    municipalities = list(municipalities)
    places = [m.pk for m in municipalities]
    recipients = digest_recipients(municipalities=municipalities, local_date=local_date)
    if dry_run:
        return _dry_run(municipalities=municipalities, recipients=recipients, local_date=local_date)
    result = DigestRunResult()
    if not recipients:
        return result
    DigestDelivery.objects.bulk_create(
        [DigestDelivery(user=user, local_date=local_date) for user in recipients], ignore_conflicts=True
    )
    token, now = uuid.uuid4(), timezone.now()
    by_id = {user.pk: user for user in recipients}
    DigestDelivery.objects.filter(user_id__any_of=list(by_id), local_date=local_date).filter(
        _claimable(now)
    ).update(
        status=DigestDelivery.Status.CLAIMED, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    claimed = list(
        DigestDelivery.objects.filter(local_date=local_date, claim_token=token).order_by("user_id")
    )
    result.skipped = len(recipients) - len(claimed)
    if not claimed:
        return result
    users = [by_id[row.user_id] for row in claimed]
    sent, empty, failed = [], [], []
    try:
        digests = digests_for_users(municipalities=municipalities, users=users, local_date=local_date)
    except Exception as exc:
        logger.exception("digests of municipalities %s on %s could not be built", places, local_date)
        digests, failed = {}, [(row, str(exc)) for row in claimed]
    if digests:
        mail_connection = get_connection()
        try:
            mail_connection.open()  # one connection for the whole run; if it fails, each send says so
        except Exception:
            logger.warning("mail connection for the digests of %s could not be opened", places)
        try:
            for row in claimed:
                digest = digests[row.user_id]
                if digest.is_empty:
                    empty.append(row)
                    continue
                try:
                    message = digest_message(digest=digest)
                    message.connection = mail_connection
                    message.send()
                except Exception as exc:
                    logger.exception("digest for user %s on %s failed", row.user_id, local_date)
                    failed.append((row, str(exc)))
                    continue
                row.status, row.sent_at, row.item_count, row.error = (
                    DigestDelivery.Status.SENT,
                    timezone.now(),
                    digest.total,
                    "",
                )
                sent.append(row)
        finally:
            mail_connection.close()
    # One statement each (common.bulk.rows_update: one array per field, where bulk_update's CASE per row
    # and field took longer for a region's 1,580 rows than the rest of the run's queries together).
    rows_update(sent, ["status", "sent_at", "item_count", "error"])
    if empty:
        DigestDelivery.objects.filter(pk__any_of=[row.pk for row in empty]).update(
            status=DigestDelivery.Status.EMPTY, item_count=0, error=""
        )
    # Given back: the next run tries again, up to MAX_ATTEMPTS.
    for row, error in failed:
        row.status, row.claim_token, row.error = DigestDelivery.Status.PENDING, None, error[:2000]
    rows_update([row for row, _ in failed], ["status", "claim_token", "error"])
    result.sent, result.failed = len(sent), len(failed)
    result.skipped += len(empty)
    return result


def _dry_run(
    *, municipalities: list[Municipality], recipients: list[User], local_date: date
) -> DigestRunResult:
    result = DigestRunResult()
    now = timezone.now()
    open_claims = set(
        DigestDelivery.objects.filter(user__in=recipients, local_date=local_date)
        .exclude(_claimable(now))
        .values_list("user_id", flat=True)
    )
    digests = digests_for_users(municipalities=municipalities, users=recipients, local_date=local_date)
    for user in recipients:
        if user.pk in open_claims or digests[user.pk].is_empty:
            result.skipped += 1
        else:
            result.sent += 1
    return result


def digests_send(
    *,
    now: datetime | None = None,
    local_date: date | None = None,
    local_hour: int | None = None,
    dry_run: bool = False,
) -> DigestRunResult:
    """Send the digests of every municipality.

    With ``local_hour`` (the hourly beat) a municipality is served only once its local clock has reached
    that hour; ``local_date`` (the command's --date) names the local date to send for everywhere. The
    municipalities due are sent together per local date (a region spans one or two at any moment).
    """
    now = now or timezone.now()
    result = DigestRunResult()
    due: dict[date, list[Municipality]] = {}
    for municipality in Municipality.objects.order_by("pk"):
        local = local_now(municipality=municipality, now=now)
        if local_hour is not None and local_date is None and local.hour < local_hour:
            continue
        due.setdefault(local_date or local.date(), []).append(municipality)
    for day, municipalities in sorted(due.items()):
        result += digests_send_for_municipalities(
            municipalities=municipalities, local_date=day, dry_run=dry_run
        )
    return result


def digest_mail_context(*, digest: Digest) -> dict:
    return {
        "digest": digest,
        "user": digest.user,
        "site_url": settings.SITE_URL.rstrip("/"),
        "bucket_specs": BUCKETS,
    }
