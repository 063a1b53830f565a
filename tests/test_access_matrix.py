"""Every URL of the project, for every role, against the objects of school A.

The table below is the access policy written down: one row per URL name (a few names have a second row
for a second kind of object), one column per role, written from the access rules of each app
(schools/access.py, roadmaps/access.py, medals/access.py, assessments/access.py,
reports/access.py). The URL resolver is walked too: a URL that is not in the table fails
``test_every_url_of_the_project_is_in_the_access_table`` with its name, so a new view is covered the day
it appears.

Answers, in the role order of ``ROLES``:
    L    302 to the login page          200  the page (or the file)
    403  refused: the role may not      404  refused: the object is not the role's to see
    302  a redirect to ``Row.redirect`` (never to the login page): the login page sends a signed-in person
         home, and the candidates' pages send a commission member to the works assigned to them
    act  a role that may act posted an empty form: 200, 302 or 400 (never 500, never the login page)

A POST that is refused must leave the database exactly as it was. Whatever the answer, nobody outside
school A and the department reads school A's private names (``World.private_a``), a commission
member never reads a pupil's name, and the code of an anonymously checked work is read only by its
organisers and its checker (``World.checking_codes``).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.test.client import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from common.xlsx import XLSX_CONTENT_TYPE

from .access_world import ROLES, World, build_world, evidence_on

pytestmark = pytest.mark.django_db

Kwargs = Callable[[World], dict]


@dataclass(frozen=True)
class Row:
    kwargs: Kwargs | None = None
    get: str | None = None
    post: str | None = None
    label: str = ""
    query: Kwargs | None = None
    redirect: str | None = None
    # (school A's marker, school B's marker or None) in a main list: each role must find exactly the
    # schools it sees.
    lists: Callable[[World], tuple[str, str | None]] | None = None
    # What every role answered 200 must find (the page is not merely empty).
    shows: Callable[[World], list[str]] | None = None


def pk(attribute: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, attribute).pk}


def fresh_evidence_of_a(w: World) -> dict:
    # Removing evidence deletes its file: each test removes a file of its own, not the shared one.
    return {"pk": evidence_on(w.progress_a, user=w.users["head_a"], name="udalyaemyi-akt.pdf").pk}


def export(w: World) -> dict:
    return {"export": "xlsx"}


def school_names(w: World) -> tuple[str, str]:
    return w.school_a.short_name, w.school_b.short_name


def pupil_names(w: World) -> tuple[str, str]:
    return w.pupil_a.last_name, w.pupil_b.last_name


def vpr_dates_list(w: World) -> dict:
    """A list of ВПР dates waiting for confirmation (a new one per request: confirming it is an act)."""
    from django.core.files.base import ContentFile

    from assessments.models import VprDatesUpload

    upload = VprDatesUpload(municipality=w.school_a.municipality, original_name="daty-vpr.csv")
    table = f"Код ОО;Предмет;Класс;Дата\n{w.school_a.code};Русский язык;5;16.04.2024\n"
    upload.file.save("daty-vpr.csv", ContentFile(table.encode()), save=True)
    return {"pk": upload.pk}


def calendar_of_head_b(w: World) -> dict:
    from roadmaps.calendar_feed import token_issue

    return {"token": token_issue(w.users["head_b"]).token}


def only_school_a(w: World) -> dict:
    # A list filtered to school A by hand: whoever may not see A gets the list of nothing, not A's rows.
    return {"school": w.school_a.pk}


def in_municipality_2(w: World) -> dict:
    # The regional analyst's choice of municipality (schools.middleware); for anybody else a no-op.
    return {"municipality": w.municipality_2.pk}


# fmt: off
# The columns:           anonymous head_a head_b methodist_a methodist_b department_head member coordinator
#                        analyst observer
# Anyone signed in.
ALL_PAGES =            "L    200  200  200  200  200  200  200  200  200"
ALL_ACT =              "L    act  act  act  act  act  act  act  403  act"
# The regional analyst reads and changes nothing (schools.middleware.ReadOnlyRolesMiddleware refuses every
# POST) but their own sign-in: the password is theirs.
OWN_ACCOUNT_ACT =      "L    act  act  act  act  act  act  act  act  act"
# The department head alone: plans, the list of schools, meetings (schools.access.is_department_head).
HEAD_ONLY =            "L    403  403  403  403  200  403  403  403  403"
HEAD_ACTS =            "L    403  403  403  403  act  403  403  403  403"
# Roadmaps and schools: every role but the commission member (schools.access.NAVIGATION).
ROADMAP_PAGES =        "L    200  200  200  200  200  403  200  200  403"
# School A's data: its head, its curator, the department head and the coordinator read it
# (schools_visible); the coordinator only reads (may_change_school_data).
SCHOOL_A_PAGE =        "L    200  404  200  404  200  403  200  200  403"
SCHOOL_A_ACTS =        "L    act  404  act  404  act  403  403  403  403"
# A row the department executes itself (no school): department staff, never a school (school_q).
DEPARTMENT_ROW =       "L    404  404  200  200  200  403  200  200  403"
DEPARTMENT_ROW_ACTS =  "L    404  404  act  act  act  403  403  403  403"
# Loading a plan from a document: the department head and the methodists (may_import_roadmaps).
IMPORTERS =            "L    403  403  200  200  200  403  403  403  403"
IMPORTERS_ACT =        "L    403  403  act  act  act  403  403  403  403"
# Medals: the coordinator does not open the section; a commission member sees no candidate and is sent
# from the candidates' pages to the works assigned to them (medals/access.py).
MEDAL_LISTS =          "L    200  200  200  200  200  302  403  200  403"
CANDIDATE_A =          "L    200  404  200  404  200  404  403  200  403"
CANDIDATE_ACTS =       "L    act  404  act  404  act  404  403  403  403"
# The register and the journal: whoever changes the school's data (may_upload).
SCHOOL_UPLOADS =       "L    200  200  200  200  200  403  403  403  403"
SCHOOL_UPLOADS_ACT =   "L    act  act  act  act  act  403  403  403  403"
# Notebooks, re-checks, indicators: methodists and the department head (medals.access.is_medal_staff) ...
MEDAL_STAFF =          "L    403  403  200  200  200  403  403  200  403"
MEDAL_STAFF_ACT =      "L    403  403  act  act  act  403  403  403  403"
# ... of which the regional analyst reads the lists but uploads no notebook (may_upload).
NOTEBOOK_UPLOADS =     "L    403  403  200  200  200  403  403  403  403"
# ... and for school A, its curator and the department head (may_manage_rechecks, may_edit_indicators).
CURATOR_OF_A =         "L    403  404  200  404  200  404  403  403  403"
CURATOR_ACTS =         "L    403  404  act  404  act  404  403  403  403"
# Assessments (assessments/access.py): viewers are department staff and school heads, each seeing the
# results of their schools; managers the department head and the coordinator; staff the department;
# the checker a commission member, by work codes.
VIEWERS =              "L    200  200  200  200  200  403  200  200  403"
MANAGERS =             "L    403  403  403  403  200  403  200  403  403"
MANAGERS_ACT =         "L    403  403  403  403  act  403  act  403  403"
STAFF =                "L    403  403  200  200  200  403  200  200  403"
CHECKER =              "L    403  403  403  403  403  200  403  403  403"
CHECKER_ACTS =         "L    403  403  403  403  403  act  403  403  403"
# Reports: department staff (NAVIGATION); a report belongs to its owner and the department head
# (reports/access.py), and is retried by its owner only.
REPORT_PAGES =         "L    403  403  200  200  200  403  200  200  403"
REPORT_ACTS =          "L    403  403  act  act  act  403  act  403  403"
# A list too long for its Excel file in a request: whoever opens «Отчёты» orders it, the analyst too
# (the file is theirs alone: schools.middleware.READ_ONLY_ALLOWED_POSTS).
LIST_EXPORT_ACTS =     "L    403  403  act  act  act  403  act  act  403"
# An object of municipality 2 asked for with ?municipality=<2>: the analyst who chose municipality 2 reads
# it, nobody of municipality 1 reaches it, whatever the address says (a commission member and an observer
# do not open the section at all).
OTHER_MUNICIPALITY =   "L    404  404  404  404  404  403  404  200  403"
OTHER_MUNICIPALITY_ACTS = "L 404  404  404  404  404  403  404  403  403"

# The region's page (every municipality side by side): the regional analyst alone (may_read_region).
REGION_PAGES =         "L    403  403  403  403  403  403  403  200  403"

MY_RECHECKS = "medals:member_rechecks"  # where a commission member is sent from the candidates' pages

TABLE: dict[str, Row | list[Row]] = {
    # --- the front door ---------------------------------------------------------------------------------
    "login":                  Row(get="200 302 302 302 302 302 302 302 302 302", redirect="dashboard"),
    "logout":                 Row(post="L  302 302 302 302 302 302 302 302 302", redirect="login"),
    "password_change":        Row(get=ALL_PAGES, post=OWN_ACCOUNT_ACT),
    "password_change_done":   Row(get=ALL_PAGES),
    # No login, no data: «ok» or what is down (config/health.py).
    "healthz":                Row(get="200 200 200 200 200 200 200 200 200 200"),
    # Password recovery by e-mail: open to everyone, it says the same whoever asks.
    "password_reset":         Row(get="200 200 200 200 200 200 200 200 200 200",
                                  post="act act act act act act act act act act"),
    "password_reset_done":    Row(get="200 200 200 200 200 200 200 200 200 200"),
    "password_reset_confirm": Row(lambda w: {"uidb64": "MQ", "token": "set-password"},
                                  get="200 200 200 200 200 200 200 200 200 200"),
    "password_reset_complete": Row(get="200 200 200 200 200 200 200 200 200 200"),
    # A public observer's home is «Мои выезды» (assessments:index).
    "dashboard":              Row(get="L 200 200 200 200 200 200 200 200 302", redirect="assessments:index",
                                  lists=school_names),
    "profile":                Row(get=ALL_PAGES),
    "help":                   Row(get=ALL_PAGES),
    # The search finds only what each role may see: school B's name is found by whoever sees B.
    "search": [
        Row(get=ALL_PAGES),
        Row(get=ALL_PAGES, query=lambda w: {"q": w.school_a.short_name.split()[-1].strip("«»")},
            lists=school_names, label="a school's name"),
    ],
    "calendar_issue":         Row(post=ALL_ACT),
    "calendar_revoke":        Row(post=ALL_ACT),
    # The private calendar address: the token is the key, whoever holds it (here school B's head's feed).
    "calendar_feed":          Row(calendar_of_head_b, get="200 200 200 200 200 200 200 200 200 200"),
    "favicon":                Row(get="200 200 200 200 200 200 200 200 200 200"),
    # --- schools ----------------------------------------------------------------------------------------
    "schools:school_list": [
        Row(get=ROADMAP_PAGES, lists=school_names),
        Row(get=ROADMAP_PAGES, lists=school_names, query=export, label="Excel"),
    ],
    "schools:school_detail": [
        Row(pk("school_a"), get=SCHOOL_A_PAGE),
        Row(pk("school_c"), get=OTHER_MUNICIPALITY, query=in_municipality_2,
            shows=lambda w: [w.school_c.short_name], label="school C of municipality 2"),
        # Without the choice the analyst looks at the first municipality, as its department does.
        Row(pk("school_c"), get="L 404 404 404 404 404 403 404 404 403",
            label="school C of municipality 2, municipality 1 shown"),
    ],
    "schools:school_import":  Row(get=HEAD_ONLY, post=HEAD_ACTS),
    "schools:login_locks":    Row(get=HEAD_ONLY, post=HEAD_ACTS),
    # --- roadmaps ---------------------------------------------------------------------------------------
    "roadmaps:roadmap_list": [
        Row(get=ROADMAP_PAGES),
        Row(get=ROADMAP_PAGES, query=export, label="Excel"),
    ],
    "roadmaps:roadmap_create": Row(get=HEAD_ONLY, post=HEAD_ACTS),
    "roadmaps:roadmap_import": Row(get=IMPORTERS, post=IMPORTERS_ACT),
    "roadmaps:roadmap_import_preview": Row(
        get="L 403 403 302 302 302 403 403 403 403", post="L 403 403 302 302 302 403 403 403 403",
        redirect="roadmaps:roadmap_import",
    ),
    "roadmaps:roadmap_import_template": Row(get=IMPORTERS),
    "roadmaps:roadmap_detail": [
        Row(pk("plan_a"), get=SCHOOL_A_PAGE, label="school A's own plan"),
        Row(pk("roadmap"), get=ROADMAP_PAGES, label="the municipal plan"),
    ],
    "roadmaps:roadmap_edit":  Row(pk("plan_a"), get=HEAD_ONLY, post=HEAD_ACTS),
    # plan_a is approved: «Утвердить» is for drafts only, the head is sent back to the plan with a message.
    "roadmaps:roadmap_approve": Row(pk("plan_a"), get=HEAD_ACTS, post=HEAD_ACTS),
    "roadmaps:roadmap_archive": Row(pk("plan_a"), post=HEAD_ACTS),
    "roadmaps:section_create": Row(pk("plan_a"), get=HEAD_ONLY, post=HEAD_ACTS),
    "roadmaps:measure_create": Row(pk("plan_a"), get=HEAD_ONLY, post=HEAD_ACTS),
    "roadmaps:section_edit":  Row(pk("plan_a_section"), get=HEAD_ONLY, post=HEAD_ACTS),
    "roadmaps:measure_list": [
        Row(get=ROADMAP_PAGES, lists=school_names),
        Row(get=ROADMAP_PAGES, lists=school_names, query=export, label="Excel"),
        Row(get=ROADMAP_PAGES, lists=lambda w: (w.school_a.short_name, None), query=only_school_a,
            label="?school=A"),
    ],
    "roadmaps:measure_detail": [
        Row(pk("measure"), get=ROADMAP_PAGES, label="a municipal measure", lists=school_names),
        Row(pk("plan_a_measure"), get=SCHOOL_A_PAGE, label="a measure of school A's plan"),
        # A targeted measure of school A: another school's head (or curator) gets 404, not its title.
        Row(pk("targeted_a"), get=SCHOOL_A_PAGE, label="a targeted measure of school A"),
    ],
    "roadmaps:measure_edit":  Row(pk("plan_a_measure"), get=HEAD_ONLY, post=HEAD_ACTS),
    # One status for several schools: an empty form is refused with a message; rows of schools the person
    # may not change are refused whole (tests/pages/test_bulk_status.py).
    "roadmaps:bulk_status": [
        Row(pk("measure"), post="L act act act act act 403 act 403 403", label="a municipal measure"),
        Row(pk("plan_a_measure"), post="L act 404 act 404 act 403 act 403 403", label="school A's plan"),
    ],
    "roadmaps:progress_detail": [
        Row(pk("progress_a"), get=SCHOOL_A_PAGE, post=SCHOOL_A_ACTS),
        Row(pk("progress_department"), get=DEPARTMENT_ROW, post=DEPARTMENT_ROW_ACTS,
            label="the department's row"),
        Row(pk("progress_c"), get=OTHER_MUNICIPALITY, post=OTHER_MUNICIPALITY_ACTS, query=in_municipality_2,
            label="school C of municipality 2"),
    ],
    "roadmaps:progress_status": [
        Row(pk("progress_a"), post=SCHOOL_A_ACTS),
        Row(pk("progress_department"), post=DEPARTMENT_ROW_ACTS, label="the department's row"),
    ],
    "roadmaps:evidence_upload": Row(pk("progress_a"), post=SCHOOL_A_ACTS),
    "roadmaps:evidence_download": Row(pk("evidence_a"), get=SCHOOL_A_PAGE),
    "roadmaps:evidence_remove": Row(fresh_evidence_of_a, post=SCHOOL_A_ACTS),
    # --- medals -----------------------------------------------------------------------------------------
    "medals:candidate_list": [
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, lists=pupil_names),
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, lists=pupil_names, query=export, label="Excel"),
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, lists=lambda w: (w.pupil_a.last_name, None),
            query=only_school_a, label="?school=A"),
    ],
    "medals:candidate_detail": [
        Row(pk("candidate_a"), get=CANDIDATE_A),
        Row(pk("candidate_c"), get="L 404 404 404 404 404 404 403 200 403", query=in_municipality_2,
            shows=lambda w: [w.candidate_c.pupil.last_name], label="school C of municipality 2"),
    ],
    "medals:notebook_add":    Row(pk("candidate_a"), post="L 403 404 act 404 act 404 403 403 403"),
    # ЕГЭ or ГВЭ and the ГВЭ marks: whoever changes school A's data (may_change_school_data).
    "medals:candidate_exam":  Row(pk("candidate_a"), post=CANDIDATE_ACTS),
    # Medals issued after graduation: whoever changes a school's data, each for their own schools
    # (school A asked by someone who may not change it: their own school is shown instead).
    "medals:issued_medals": [
        Row(get=SCHOOL_UPLOADS, post=SCHOOL_UPLOADS_ACT),
        Row(get=SCHOOL_UPLOADS, post=SCHOOL_UPLOADS_ACT,
            query=lambda w: {"school": w.school_a.pk, "year": 2024}, label="?school=A"),
    ],
    "medals:upload": [
        Row(lambda w: {"kind": "journal"}, get=SCHOOL_UPLOADS, post=SCHOOL_UPLOADS_ACT, label="journal",
            lists=lambda w: (w.upload_a.original_name, w.upload_b.original_name)),
        Row(lambda w: {"kind": "notebook"}, get=NOTEBOOK_UPLOADS, post=MEDAL_STAFF_ACT, label="notebooks"),
        # Medals issued after graduation, as a file: like the register (may_upload).
        Row(lambda w: {"kind": "issued"}, get=SCHOOL_UPLOADS, post=SCHOOL_UPLOADS_ACT, label="issued"),
    ],
    "medals:upload_template": [
        Row(lambda w: {"kind": "journal"}, get=SCHOOL_UPLOADS, label="journal"),
        Row(lambda w: {"kind": "notebook"}, get=NOTEBOOK_UPLOADS, label="notebooks"),
        Row(lambda w: {"kind": "issued"}, get=SCHOOL_UPLOADS, label="issued"),
    ],
    "medals:upload_detail":   Row(pk("upload_a"), get=CANDIDATE_A),
    "medals:upload_save":     Row(pk("upload_a"), post=CANDIDATE_ACTS),
    "medals:upload_columns":  Row(pk("upload_a"), post=CANDIDATE_ACTS),
    "medals:upload_resume":   Row(pk("upload_a"), post=CANDIDATE_ACTS),
    "medals:upload_file":     Row(pk("upload_a"), get=CANDIDATE_A),
    "medals:comparison": [
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, lists=lambda w: (w.pupil_a.last_name, None)),
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, query=export, label="Excel"),
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, lists=lambda w: (w.pupil_a.last_name, None),
            query=only_school_a, label="?school=A"),
    ],
    "medals:recheck_list": [
        Row(get=MEDAL_STAFF),
        Row(get=MEDAL_STAFF, query=export, label="Excel"),
    ],
    "medals:recheck_propose": Row(post=MEDAL_STAFF_ACT),
    "medals:recheck_add":     Row(lambda w: {"grade_pk": w.journal_grade_a.pk}, post=CURATOR_ACTS),
    "medals:recheck_edit":    Row(pk("recheck_a"), get="L 404 404 200 404 200 404 403 404 403",
                                  post="L 404 404 act 404 act 404 403 403 403"),
    "medals:member_rechecks": Row(get=CHECKER, shows=lambda w: [w.recheck_a.code]),
    "medals:member_recheck":  Row(pk("recheck_a"), get="L 404 404 404 404 404 200 403 404 403",
                                  post="L 404 404 404 404 404 act 403 403 403",
                                  shows=lambda w: [w.recheck_a.code]),
    "medals:risk_groups": [
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS),
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, query=export, label="Excel"),
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, lists=school_names,
            query=lambda w: {"tab": "schools", "year": 2024}, label="schools"),
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, lists=school_names,
            query=lambda w: {"tab": "schools", "year": 2024, "export": "xlsx"}, label="schools, Excel"),
        Row(get=MEDAL_LISTS, redirect=MY_RECHECKS, lists=lambda w: (w.school_a.short_name, None),
            query=lambda w: {"tab": "schools", "year": 2024, "school": w.school_a.pk},
            label="schools ?school=A"),
    ],
    "medals:indicator_list": [
        Row(get=MEDAL_STAFF, lists=school_names),
        Row(get=MEDAL_STAFF, lists=school_names, query=export, label="Excel"),
    ],
    "medals:indicator_edit":  Row(lambda w: {"school_pk": w.school_a.pk, "year": 2024},
                                  get=CURATOR_OF_A, post=CURATOR_ACTS),
    # --- assessments ------------------------------------------------------------------------------------
    "assessments:index":      Row(get=ALL_PAGES),
    "assessments:schedule_list": [
        Row(get=VIEWERS),
        Row(get=VIEWERS, query=export, label="Excel"),
    ],
    "assessments:schedule_create": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:appendix_list": [
        Row(get=MANAGERS),
        Row(get=MANAGERS, query=export, label="Excel"),
    ],
    "assessments:appendix_schedule": Row(pk("appendix"), get=MANAGERS, post=MANAGERS_ACT),
    "assessments:schedule_detail": Row(pk("schedule"), get=VIEWERS),
    "assessments:schedule_edit": Row(pk("schedule"), get=MANAGERS, post=MANAGERS_ACT),
    "assessments:schedule_print": Row(pk("schedule"), get=VIEWERS),
    "assessments:exam_create": Row(pk("schedule"), get=MANAGERS, post=MANAGERS_ACT),
    "assessments:commission_edit": Row(lambda w: {"pk": w.schedule.pk, "subject_pk": w.exam.subject_id},
                                       get=MANAGERS, post=MANAGERS_ACT),
    "assessments:exam_detail": [
        Row(pk("exam"), get=VIEWERS, lists=pupil_names),
        Row(pk("exam"), get=VIEWERS, lists=pupil_names, query=export, label="Excel"),
    ],
    "assessments:exam_edit":  Row(pk("exam"), get=MANAGERS, post=MANAGERS_ACT),
    "assessments:exam_distribute": Row(pk("exam"), post=MANAGERS_ACT),
    "assessments:exam_publish": Row(pk("exam"), post=MANAGERS_ACT),
    "assessments:my_works": [
        Row(get=CHECKER, shows=lambda w: [w.work_a.code]),
        Row(get=CHECKER, shows=lambda w: [w.work_a.code], query=export, label="Excel"),
    ],
    "assessments:work_score": Row(lambda w: {"code": w.work_a.code}, post=CHECKER_ACTS),
    "assessments:scale_list": [
        Row(get=VIEWERS),
        Row(get=VIEWERS, query=export, label="Excel"),
    ],
    "assessments:scale_create": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:scale_edit": Row(pk("scale"), get=MANAGERS, post=MANAGERS_ACT),
    "assessments:vpr_results": [
        Row(get=VIEWERS, lists=lambda w: (w.vpr_code_a, w.vpr_code_b)),
        Row(get=VIEWERS, lists=lambda w: (w.vpr_code_a, w.vpr_code_b), query=export, label="Excel"),
        Row(get=VIEWERS, lists=lambda w: (w.vpr_code_a, None), query=only_school_a, label="?school=A"),
    ],
    "assessments:vpr_upload": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:vpr_template": Row(get=MANAGERS),
    "assessments:ege_results": [
        Row(get=VIEWERS, lists=pupil_names),
        Row(get=VIEWERS, lists=pupil_names, query=export, label="Excel"),
        Row(get=VIEWERS, lists=lambda w: (w.pupil_a.last_name, None), query=only_school_a, label="?school=A"),
    ],
    "assessments:ege_upload": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:ege_template": Row(get=MANAGERS),
    "assessments:oge_results": [
        Row(get=VIEWERS, lists=lambda w: ("OGE-ALFA-9", "OGE-BETA-9")),
        Row(get=VIEWERS, lists=lambda w: ("OGE-ALFA-9", "OGE-BETA-9"), query=export, label="Excel"),
        Row(get=VIEWERS, lists=lambda w: ("OGE-ALFA-9", None), query=only_school_a, label="?school=A"),
    ],
    "assessments:oge_upload": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:oge_template": Row(get=MANAGERS),
    "assessments:upload_detail": Row(pk("result_upload"), get=MANAGERS),
    "assessments:upload_confirm": Row(pk("result_upload"), post=MANAGERS_ACT),
    "assessments:upload_columns": Row(pk("result_upload"), post=MANAGERS_ACT),
    "assessments:upload_resume": Row(pk("result_upload"), post=MANAGERS_ACT),
    "assessments:objectivity": [
        Row(get=VIEWERS, lists=school_names),
        Row(get=VIEWERS, lists=school_names, query=export, label="Excel"),
    ],
    "assessments:thresholds_edit": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:flag_years_pdf": Row(get=VIEWERS),
    "assessments:official_list": Row(get=VIEWERS, post=MANAGERS_ACT, lists=school_names),
    "assessments:official_list_confirm": Row(post=MANAGERS_ACT),
    "assessments:mark_statistics": Row(get=VIEWERS, post=MANAGERS_ACT),
    "assessments:mark_statistics_confirm": Row(post=MANAGERS_ACT),
    # Targeted measures from the objectivity analysis: the department head and the methodists
    # (roadmaps.access.may_create_targeted_measures); their effect next year: every viewer, own schools.
    "assessments:targeted_measure_new": Row(get=IMPORTERS, post=IMPORTERS_ACT,
                                            query=lambda w: {"school": w.school_a.pk, "year": 2023}),
    "assessments:effect": [
        Row(get=VIEWERS, lists=school_names),
        Row(get=VIEWERS, lists=school_names, query=export, label="Excel"),
    ],
    "assessments:objectivity_detail": Row(lambda w: {"test_pk": w.vpr_test.pk, "school_pk": w.school_a.pk},
                                          get=SCHOOL_A_PAGE),
    # The region's indicators (МКО) of the municipality: its department staff and the regional analyst;
    # «Регион», every municipality side by side, for the analyst alone.
    "assessments:muko": [
        Row(get=STAFF),
        Row(get=STAFF, query=lambda w: {"year": w.vpr_test.year, "export": "xlsx"}, label="Excel"),
    ],
    "assessments:region": [
        Row(get=REGION_PAGES),
        Row(get=REGION_PAGES, query=export, label="Excel"),
    ],
    # The municipal re-check of ВПР works: the department reads it (each the schools it sees), the managers
    # choose and share out the works, a commission member scores the works given to them, by code only.
    "assessments:vpr_recheck_list": [
        Row(get=STAFF, lists=school_names),
        Row(get=STAFF, lists=school_names, query=export, label="Excel"),
    ],
    "assessments:vpr_recheck_create": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:vpr_recheck_detail": Row(pk("vpr_recheck"), get=STAFF, lists=school_names),
    "assessments:vpr_recheck_works": Row(get=CHECKER, shows=lambda w: [w.recheck_work_a.code]),
    "assessments:vpr_recheck_score": Row(lambda w: {"code": w.recheck_work_a.code}, get=CHECKER,
                                         post=CHECKER_ACTS, shows=lambda w: [w.recheck_work_a.code]),
    "assessments:observer_list": [
        Row(get=STAFF),
        Row(get=STAFF, query=export, label="Excel"),
    ],
    "assessments:observer_create": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:observer_edit": Row(pk("observer"), get=MANAGERS, post=MANAGERS_ACT),
    "assessments:observer_gaps": [
        Row(get=STAFF),
        Row(get=STAFF, query=export, label="Excel"),
    ],
    "assessments:procedure_list": [
        Row(get=STAFF),
        Row(get=STAFF, query=export, label="Excel"),
    ],
    "assessments:procedure_create": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:procedure_detail": Row(pk("procedure"), get=STAFF, post=MANAGERS_ACT),
    "assessments:assignment_report": Row(pk("assignment_a"), get=MANAGERS, post=MANAGERS_ACT),
    # ВПР since 2025: the schools' own dates (their head or the coordinator / department head enter them),
    # the observers' acts (read by whoever sees the school, entered by the coordinator / department head:
    # observers have no login) and their printout.
    "assessments:vpr_dates":  Row(get=VIEWERS),
    # The schools' dates as a list (Excel/CSV): the coordinator and the department head of the municipality.
    "assessments:vpr_dates_upload": Row(get=MANAGERS, post=MANAGERS_ACT),
    "assessments:vpr_dates_template": Row(get=MANAGERS),
    "assessments:vpr_dates_upload_detail": Row(vpr_dates_list, get=MANAGERS),
    "assessments:vpr_dates_upload_confirm": Row(vpr_dates_list, post=MANAGERS_ACT),
    "assessments:school_dates": Row(lambda w: {"pk": w.procedure.pk, "school_pk": w.school_a.pk},
                                    get="L 200 404 200 404 200 403 200 200 403",
                                    post="L act 404 403 404 act 403 act 403 403"),
    # An observer with a login reads and writes the acts of their own bookings; another's act is not there.
    "assessments:observer_act": [
        Row(pk("assignment_a"), get="L 200 404 200 404 200 403 200 200 200",
            post="L 403 404 403 404 act 403 act 403 act"),
        Row(pk("assignment_c"), get="L 404 404 404 404 404 403 404 200 404",
            post="L 404 404 404 404 404 403 404 403 404", query=in_municipality_2,
            label="another observer's, municipality 2"),
    ],
    "assessments:observer_act_pdf": [
        Row(pk("assignment_a"), get="L 200 404 200 404 200 403 200 200 200"),
        Row(pk("assignment_c"), get="L 404 404 404 404 404 403 404 200 404", query=in_municipality_2,
            label="another observer's, municipality 2"),
    ],
    "assessments:assignment_delete": Row(pk("assignment_a"), post=MANAGERS_ACT),
    # --- reports ----------------------------------------------------------------------------------------
    "reports:index":          Row(get=REPORT_PAGES),
    "reports:job_order":      Row(post=REPORT_ACTS),
    "reports:list_export":    Row(post=LIST_EXPORT_ACTS),
    "reports:job_detail": [
        Row(pk("job_of_head"), get="L 403 403 404 404 200 403 404 404 403", label="the department head's"),
        Row(pk("job_of_methodist"), get="L 403 403 200 404 200 403 404 404 403", label="methodist A's"),
    ],
    "reports:job_retry": [
        Row(pk("job_of_head"), post="L 403 403 404 404 act 403 404 403 403", label="the department head's"),
        Row(pk("job_of_methodist"), post="L 403 403 act 404 403 403 404 403 403", label="methodist A's"),
    ],
    "reports:job_download": [
        Row(pk("job_of_head"), get="L 403 403 404 404 200 403 404 404 403", label="the department head's"),
        Row(pk("job_of_methodist"), get="L 403 403 200 404 200 403 404 404 403", label="methodist A's"),
    ],
    "reports:meeting_list": [
        Row(get=REPORT_PAGES),
        Row(get=REPORT_PAGES, query=export, label="Excel"),
    ],
    "reports:meeting_new":    Row(get=HEAD_ONLY, post=HEAD_ACTS, query=lambda w: {"roadmap": w.roadmap.pk}),
    "reports:meeting_detail": [
        Row(pk("meeting"), get=REPORT_PAGES),
        Row(pk("meeting"), get=REPORT_PAGES, query=export, label="Excel"),
    ],
    "reports:meeting_edit":   Row(pk("meeting"), get=HEAD_ONLY, post=HEAD_ACTS),
    "reports:meeting_print":  Row(pk("meeting"), post=REPORT_ACTS),
    "reports:meeting_prefill": Row(pk("meeting"), post=HEAD_ACTS),
    "reports:agenda_item_edit": Row(pk("agenda_item"), get=HEAD_ONLY, post=HEAD_ACTS),
    "reports:meeting_row_edit": Row(pk("meeting_row_a"), get=HEAD_ONLY, post=HEAD_ACTS),
    "reports:preferences":    Row(get=ALL_PAGES, post=ALL_ACT),
    # The МКО indicators in the region's form (PDF): whoever opens the indicators page.
    "reports:muko_pdf":       Row(get=STAFF, query=lambda w: {"year": w.vpr_test.year,
                                                              "municipality": w.school_a.municipality_id}),
    # --- personal data (152-ФЗ): the export log and the retention period, the department head's own ---------
    "audit:personal_data":    Row(get=HEAD_ONLY, post=HEAD_ACTS),
}
# fmt: on

# URL namespaces that are not pages of the product, with the reason.
SKIPPED_NAMESPACES = {
    "admin": "Django's own admin site: is_staff accounts only, guarded by django.contrib.admin itself",
}

SEES_A = {"head_a", "methodist_a", "department_head", "coordinator", "analyst"}
SEES_B = {"head_b", "methodist_b", "department_head", "coordinator", "analyst"}
OUTSIDERS_OF_A = {"anonymous", "head_b", "methodist_b", "member", "observer"}
TOKENS = {"L", "200", "302", "403", "404", "act"}
REFUSED = {"L", "403", "404"}
PROJECT_APPS = {"schools", "roadmaps", "medals", "assessments", "reports"}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    row: Row
    answers: dict[str, str] = field(hash=False)

    @property
    def id(self) -> str:
        return f"{self.name} {self.method}" + (f" [{self.row.label}]" if self.row.label else "")


def _answers(name: str, line: str) -> dict[str, str]:
    tokens = line.split()
    if len(tokens) != len(ROLES) or not set(tokens) <= TOKENS:
        raise ValueError(f"{name}: «{line}» must give one of {sorted(TOKENS)} for each of {ROLES}")
    return dict(zip(ROLES, tokens, strict=True))


def _cases() -> list[Case]:
    cases = []
    for name, rows in TABLE.items():
        for row in rows if isinstance(rows, list) else [rows]:
            for method, line in (("GET", row.get), ("POST", row.post)):
                if line:
                    cases.append(Case(name, method, row, _answers(name, line)))
    return cases


CASES = _cases()


def project_urls(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> Iterator:
    """(name, route) of every pattern, included resolvers too; an unnamed pattern comes with name None."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from project_urls(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), route


def database_state() -> str:
    """A digest of every row of the project's tables (many-to-many links included)."""
    digest = hashlib.sha256()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in PROJECT_APPS:
            rows = model._base_manager.order_by("pk").values_list()
            digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def access_media(tmp_path_factory):
    return tmp_path_factory.mktemp("access-matrix-media")


@pytest.fixture(autouse=True)
def _private_media(settings):
    # Replaces the per-test media folder of tests/conftest.py: the world's files live for the module.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, access_media) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at the end; every test runs in
    a savepoint of its own, so what one test posts is gone before the next."""
    with override_settings(
        MEDIA_ROOT=access_media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        outer = transaction.atomic()
        with django_db_blocker.unblock():
            outer.__enter__()
            try:
                built = build_world()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _body(response) -> str:
    """The text a person gets: the page, the file, or every cell of a workbook."""
    if getattr(response, "streaming", False):
        # Reading the stream to its end closes the response the way the test client does; closing it
        # again here would fire request_finished and drop the PostgreSQL connection of the world.
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type") == XLSX_CONTENT_TYPE:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row
        )
    return content.decode("utf-8", errors="ignore")


def _check_answer(case: Case, role: str, response) -> None:
    expected = case.answers[role]
    status, location = response.status_code, response.get("Location", "")
    said = f"{case.id} as {role}: expected {expected}, got {status} {location}".strip()
    login = reverse("login")
    if expected == "L":
        assert status == 302 and location.startswith(login), said
    elif expected == "302":
        assert status == 302 and location.split("?")[0] == reverse(case.row.redirect), said
    elif expected == "act":
        assert status in (200, 302, 400), said
        assert not (status == 302 and location.startswith(login)), said
    else:
        assert status == int(expected), said


def _check_content(case: Case, role: str, world: World, body: str) -> None:
    forbidden = list(world.private_a) if role in OUTSIDERS_OF_A else []
    if role != "analyst":
        forbidden += world.private_c
    if role == "member":
        forbidden += [*world.pupil_names, world.school_a.short_name, *world.own_school_of_member]
    forbidden += [code for code, readers in world.checking_codes.items() if role not in readers]
    leaked = [marker for marker in forbidden if marker in body]
    assert not leaked, f"{case.id} as {role} shows what is not theirs: {leaked}"
    if case.answers[role] != "200":
        return
    missing = [marker for marker in (case.row.shows(world) if case.row.shows else []) if marker not in body]
    assert not missing, f"{case.id} as {role} does not show {missing}"
    # A commission member's own school stands in the page header; school A is among their forbidden names.
    if case.row.lists and role != "member":
        for marker, seen_by in zip(case.row.lists(world), (SEES_A, SEES_B), strict=True):
            if marker is None:
                continue
            exported = case.row.query is not None and "export" in case.row.query(world)
            if role in ("head_a", "head_b") and role in seen_by and exported:
                continue  # a school head's Excel files leave out the «Школа» column: it is always theirs
            should = "must show" if role in seen_by else "must not show"
            assert (marker in body) == (role in seen_by), f"{case.id} as {role} {should} «{marker}»"


@pytest.mark.parametrize(
    ("case", "role"),
    [(case, role) for case in CASES for role in ROLES],
    ids=lambda value: getattr(value, "id", value),
)
def test_each_role_gets_the_answer_the_access_rules_give(case: Case, role: str, world: World, client: Client):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(case.name, kwargs=case.row.kwargs(world) if case.row.kwargs else None)
    query = case.row.query(world) if case.row.query else {}
    refused_post = case.method == "POST" and case.answers[role] in REFUSED
    before = database_state() if refused_post else None
    if case.method == "GET":
        response = client.get(url, query)
    else:
        response = client.post(f"{url}?{urlencode(query)}" if query else url)
    _check_answer(case, role, response)
    _check_content(case, role, world, _body(response))
    if refused_post:
        assert database_state() == before, f"{case.id} as {role} was refused but changed the database"


# Municipality 2's department head is not a column: every URL of the table is walked as them here. An
# address naming an object of municipality 1 is refused (403 or 404) and changes nothing; no page or file
# shows them a name of municipality 1.
NOT_AN_OBJECT_OF_MUNICIPALITY_1 = {
    "calendar_feed",
    "password_reset_confirm",
    "medals:upload",
    "medals:upload_template",
    # The world's scale is the shared one: a department opens its own copy of it (assessments.scales).
    "assessments:scale_edit",
}


def _names_of_municipality_1(world: World) -> list[str]:
    return [
        *world.private_a,
        *world.pupil_names,
        world.school_a.short_name,
        world.school_b.short_name,
        world.roadmap.title,
        *world.checking_codes,
    ]


@pytest.mark.parametrize(
    "case", [case for case in CASES if "municipality 2" not in case.row.label], ids=lambda case: case.id
)
def test_municipality_2_reaches_nothing_of_municipality_1(case: Case, world: World, client: Client):
    client.force_login(world.department_head_2)
    url = reverse(case.name, kwargs=case.row.kwargs(world) if case.row.kwargs else None)
    query = case.row.query(world) if case.row.query else {}
    before = database_state()
    if case.method == "GET":
        response = client.get(url, query)
    else:
        response = client.post(f"{url}?{urlencode(query)}" if query else url)
    said = f"{case.id} as municipality 2's department head: {response.status_code}"
    assert response.status_code != 500, said
    if case.row.kwargs and case.name not in NOT_AN_OBJECT_OF_MUNICIPALITY_1:
        assert response.status_code in (403, 404), said
        assert database_state() == before, f"{said}, and the database changed"
    body = _body(response)
    leaked = [name for name in _names_of_municipality_1(world) if name in body]
    assert not leaked, f"{said} shows municipality 1's {leaked}"


def table_problems(table: dict[str, Row | list[Row]]) -> list[str]:
    """What keeps the table from covering the project: unlisted, unnamed and stale URLs, each named."""
    found: dict[str, str] = {}
    problems = []
    for name, route in project_urls():
        if name is None:
            problems.append(f"/{route} has no name, so the access table cannot list it")
        else:
            found[name] = route
    problems += [
        f"{name} (/{found[name]}) is not in the access table" for name in sorted(set(found) - set(table))
    ]
    problems += [
        f"{name} is in the access table but no longer a URL" for name in sorted(set(table) - set(found))
    ]
    return problems


def test_every_url_of_the_project_is_in_the_access_table():
    problems = table_problems(TABLE)
    assert not problems, "tests/test_access_matrix.py:\n" + "\n".join(problems)


def test_a_url_left_out_of_the_table_is_named_in_the_failure():
    table = {name: row for name, row in TABLE.items() if name != "medals:upload_file"}
    assert table_problems(table) == [
        "medals:upload_file (/medals/uploads/<int:pk>/file/) is not in the access table"
    ]


def test_the_world_has_an_object_of_school_a_behind_every_object_url(world: World):
    assert world.progress_a.school == world.school_a and world.evidence_a.progress == world.progress_a
    assert world.plan_a.school == world.school_a and world.plan_a_measure.roadmap == world.plan_a
    assert world.candidate_a.school == world.school_a and world.upload_a.school == world.school_a
    assert (
        world.recheck_a.candidate == world.candidate_a
        and world.recheck_a.assigned_to.school == world.school_b
    )
    assert world.work_a.pupil.school == world.school_a and world.work_a.checker == world.users["member"]
    assert world.assignment_a.school == world.school_a and world.meeting_row_a.school == world.school_a
    assert world.job_of_head.file and world.job_of_methodist.file and world.upload_a.file
