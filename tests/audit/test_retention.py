"""Pupils' personal data is kept until 31 August of the year after graduation (or the municipality's own
period) and then depersonalised: names and birth dates gone, every number the analyses need kept."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Avg, Count

from assessments.models import EgeResult, MockWork
from audit.retention import first_kept_year, retention_end
from depersonalisation.expired import pupils_depersonalise
from depersonalisation.tasks import depersonalise_expired
from medals.models import Candidate, Grade, Upload
from medals.risks import candidate_assessments
from schools.models import Pupil

from ..assessments.factories import EgeResultFactory, MockWorkFactory
from ..medals.factories import CandidateFactory, GradeFactory, PupilFactory

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2025, 8, 31)  # graduates of 2024, kept «until the end of the following school year»
FIRST_DAY_AFTER = datetime.date(2025, 9, 1)


@pytest.fixture
def class_of_2024(school_a, school_b):
    """Three graduates of 2024 with marks, ЕГЭ scores and a mock-exam work, and one of 2025."""
    graduates = [
        CandidateFactory(
            pupil=PupilFactory(school=school, last_name=name, first_name="Мадина"), graduation_year=2024
        )
        for school, name in ((school_a, "Арсланова"), (school_a, "Бекова"), (school_b, "Гаджиева"))
    ]
    for candidate, marks in zip(graduates, (["5", "5", "4"], ["5", "3"], ["4"]), strict=True):
        for mark in marks:
            GradeFactory(candidate=candidate, mark=mark)
        EgeResultFactory(pupil=candidate.pupil, score_100=60 + 10 * len(marks))
    MockWorkFactory(pupil=graduates[0].pupil, exam__schedule__municipality=school_a.municipality)
    younger = CandidateFactory(pupil=PupilFactory(school=school_a, last_name="Юсупова"), graduation_year=2025)
    return graduates, younger


def _numbers() -> dict:
    """What the analyses and the indicators read: counts per school and year, marks, scores."""
    return {
        "candidates": list(
            Candidate.objects.values("school", "graduation_year").annotate(n=Count("pk")).order_by("school")
        ),
        "grades": list(
            Grade.objects.values("candidate", "mark").annotate(n=Count("pk")).order_by("candidate", "mark")
        ),
        "ege": EgeResult.objects.aggregate(n=Count("pk"), mean=Avg("score_100")),
        "mock_works": MockWork.objects.count(),
        "pupils": list(
            Pupil.objects.values("school", "grade", "letter").annotate(n=Count("pk")).order_by("school")
        ),
    }


def test_the_default_period_ends_on_31_august_of_the_year_after_graduation(municipality):
    assert municipality.pupil_data_keep_years == 1
    assert retention_end(graduation_year=2024, keep_years=1) == LAST_DAY
    assert first_kept_year(municipality=municipality, today=LAST_DAY) == 2024
    assert first_kept_year(municipality=municipality, today=FIRST_DAY_AFTER) == 2025


def test_on_the_last_day_nothing_changes(municipality, class_of_2024):
    done = pupils_depersonalise(municipality=municipality, today=LAST_DAY)
    assert done.pupils == 0
    assert sorted(Pupil.objects.values_list("last_name", flat=True)) == [
        "Арсланова",
        "Бекова",
        "Гаджиева",
        "Юсупова",
    ]


def test_the_day_after_names_are_gone_and_every_number_is_kept(municipality, class_of_2024):
    graduates, younger = class_of_2024
    before = _numbers()
    risks_before = {
        c.pk: a.reasons
        for c, a in zip(graduates, candidate_assessments(candidates=graduates).values(), strict=True)
    }

    done = pupils_depersonalise(municipality=municipality, today=FIRST_DAY_AFTER)

    assert done.pupils == 3
    assert _numbers() == before
    for candidate in graduates:
        pupil = Pupil.objects.get(pk=candidate.pupil_id)
        assert (pupil.last_name, pupil.first_name, pupil.middle_name, pupil.birth_date) == (
            "Выпускник 2024",
            f"№ {pupil.pk}",
            "",
            None,
        )
        assert pupil.depersonalised_at is not None
    reloaded = list(Candidate.objects.filter(pk__in=[c.pk for c in graduates]).select_related("pupil"))
    risks_after = {
        c.pk: a.reasons
        for c, a in zip(reloaded, candidate_assessments(candidates=reloaded).values(), strict=True)
    }
    assert risks_after == risks_before
    names = set(Pupil.objects.values_list("last_name", flat=True))
    assert not names & {"Арсланова", "Бекова", "Гаджиева"}
    younger.pupil.refresh_from_db()
    assert younger.pupil.last_name == "Юсупова" and younger.pupil.birth_date is not None
    assert pupils_depersonalise(municipality=municipality, today=FIRST_DAY_AFTER).pupils == 0


def test_a_pupil_seen_in_a_later_year_is_kept(municipality, class_of_2024):
    graduates, _ = class_of_2024
    EgeResultFactory(pupil=graduates[1].pupil, year=2025, subject__name="Математика (профильная)")
    assert pupils_depersonalise(municipality=municipality, today=FIRST_DAY_AFTER).pupils == 2
    graduates[1].pupil.refresh_from_db()
    assert graduates[1].pupil.last_name == "Бекова"


@pytest.mark.parametrize(
    ("keep", "kept_on", "gone_on"), [(0, "2024-08-31", "2024-09-01"), (2, "2026-08-31", "2026-09-01")]
)
def test_the_municipality_sets_its_own_period(municipality, class_of_2024, keep, kept_on, gone_on):
    municipality.pupil_data_keep_years = keep
    municipality.save()
    kept, gone = datetime.date.fromisoformat(kept_on), datetime.date.fromisoformat(gone_on)
    assert pupils_depersonalise(municipality=municipality, today=kept).pupils == 0
    assert pupils_depersonalise(municipality=municipality, today=gone).pupils == 3


def test_another_municipality_keeps_its_pupils_by_its_own_period(municipality, class_of_2024):
    from ..factories import MunicipalityFactory, SchoolFactory

    other = MunicipalityFactory(name="Другой район", pupil_data_keep_years=3)
    pupil = PupilFactory(school=SchoolFactory(municipality=other), last_name="Чужая")
    CandidateFactory(pupil=pupil, graduation_year=2024)
    call_command("depersonalise_pupils", "--date", "2025-09-01", stdout=io.StringIO())
    pupil.refresh_from_db()
    assert pupil.last_name == "Чужая"
    assert Pupil.objects.filter(last_name="Выпускник 2024").count() == 3


def test_expired_source_files_are_deleted_and_their_counts_kept(
    municipality, school_a, class_of_2024, django_capture_on_commit_callbacks
):
    old = Upload.objects.create(
        school=school_a,
        kind="candidates",
        original_name="реестр 2023.xlsx",
        rows=3,
        errors=[{"row": 2, "message": "Арсланова Мадина: нет даты рождения"}],
    )
    old.file.save("old.xlsx", ContentFile(b"PK names"), save=True)
    Upload.objects.filter(pk=old.pk).update(uploaded_at=datetime.datetime(2023, 5, 10, tzinfo=datetime.UTC))
    recent = Upload.objects.create(school=school_a, kind="journal", original_name="журнал 2024.xlsx", rows=9)
    recent.file.save("recent.xlsx", ContentFile(b"PK names"), save=True)
    Upload.objects.filter(pk=recent.pk).update(
        uploaded_at=datetime.datetime(2024, 10, 1, tzinfo=datetime.UTC)
    )
    stored = settings.MEDIA_ROOT / old.file.name

    with django_capture_on_commit_callbacks(execute=True):
        done = pupils_depersonalise(municipality=municipality, today=FIRST_DAY_AFTER)

    assert done.files == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.file.name, old.rows, old.errors) == ("", 3, [])
    assert not stored.exists()
    assert recent.file.name and (settings.MEDIA_ROOT / recent.file.name).exists()


def test_dry_run_changes_nothing_and_says_how_many(municipality, class_of_2024):
    out = io.StringIO()
    call_command("depersonalise_pupils", "--date", "2025-09-01", "--dry-run", stdout=out)
    assert "будет обезличено обучающихся: 3" in out.getvalue()
    assert "хранятся выпуски с 2025 года" in out.getvalue()
    assert not Pupil.objects.filter(depersonalised_at__isnull=False).exists()


def test_a_bad_date_is_refused_in_russian(db):
    with pytest.raises(CommandError, match=r"Дата «31\.08\.2025» не распознана"):
        call_command("depersonalise_pupils", "--date", "31.08.2025")


def test_beat_runs_it_every_day(municipality, class_of_2024, time_machine):
    entry = settings.CELERY_BEAT_SCHEDULE["audit-depersonalise-expired"]
    assert entry["task"] == "audit.depersonalise_expired" and entry["schedule"] <= 24 * 60 * 60
    time_machine.move_to(datetime.datetime(2025, 9, 2, 3, 0, tzinfo=datetime.UTC))
    assert depersonalise_expired() == {"pupils": 3, "files": 0}


def test_a_large_year_is_depersonalised_in_chunks(municipality, class_of_2024, monkeypatch):
    from depersonalisation import expired

    monkeypatch.setattr(expired, "CHUNK", 2)
    assert pupils_depersonalise(municipality=municipality, today=FIRST_DAY_AFTER).pupils == 3
    assert Pupil.objects.filter(last_name="Выпускник 2024", depersonalised_at__isnull=False).count() == 3


def test_an_expired_report_file_is_deleted_and_the_job_says_why(
    municipality, department_head, class_of_2024, django_capture_on_commit_callbacks
):
    from reports.models import ReportJob

    job = ReportJob.objects.create(owner=department_head, kind="candidates-xlsx", status="done", pupils=3)
    job.file.save("c.xlsx", ContentFile(b"PK names"), save=True)
    ReportJob.objects.filter(pk=job.pk).update(created_at=datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert pupils_depersonalise(municipality=municipality, today=FIRST_DAY_AFTER).files == 1
    job.refresh_from_db()
    assert (job.file.name, job.status) == ("", "failed") and "истёк срок хранения" in job.error
