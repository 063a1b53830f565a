"""Two journal extracts of one school saved at the same moment, each on its own PostgreSQL connection: the
second waits for the first and replaces it; neither fails.

Each save first writes its new versions (rows that name the school), then takes the school's lock that
serialises the saves. A FOR UPDATE lock there waited for the other save's share lock on the school (taken
by its versions' foreign key) while that save waited for this one's: PostgreSQL broke the deadlock by
failing one of them (a 500 under `make load`). The barrier below holds both saves just before the lock.
"""

from __future__ import annotations

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from medals.importers import journal as journal_module
from medals.importers.journal import journal_save
from medals.importers.uploads import upload_create
from medals.models import ExtractVersion, Upload

from .factories import JOURNAL_HEADER, write_xlsx
from .test_journal_import import row

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_saves_of_one_schools_extract_at_once_both_succeed(
    postgres, candidate_a, school_a, tmp_path, monkeypatch
):
    uploads = [
        upload_create(
            school=school_a,
            kind=Upload.Kind.JOURNAL,
            name=f"{n}.xlsx",
            content=ContentFile(
                write_xlsx(tmp_path / f"{n}.xlsx", [JOURNAL_HEADER, row(mark=mark)]).read_bytes()
            ),
            user=None,
        )
        for n, mark in ((1, "5"), (2, "4"))
    ]
    barrier = threading.Barrier(2)
    make_current = journal_module.make_current

    def at_once(**kwargs):
        barrier.wait(timeout=20)
        return make_current(**kwargs)

    monkeypatch.setattr(journal_module, "make_current", at_once)
    errors: list[BaseException] = []
    results = []

    def save(upload: Upload) -> None:
        try:
            results.append(journal_save(upload=upload))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(upload,)) for upload in uploads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert [result.saved for result in results] == [1, 1]
    statuses = sorted(Upload.objects.filter(pk__in=[u.pk for u in uploads]).values_list("status", flat=True))
    assert statuses == sorted([Upload.Status.SAVED, Upload.Status.REPLACED])
    assert ExtractVersion.objects.filter(school=school_a, is_current=True).count() == 1
