"""The world the access matrix walks: school A with one object behind every URL, school B beside it,
and one person of every role.

Names that only school A's people (and the department) may ever read are collected in
``World.private_a``; the pupils' surnames in ``World.pupil_names``; the codes of works of the commission
member's own school, which must never reach them, in ``World.own_school_of_member``. Everything is
generated, never real.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.models import (
    Commission,
    MockExam,
    MockExamSchedule,
    MockWork,
    Observer,
    ObserverAct,
    ObserverAssignment,
    OgeResult,
    Procedure,
    ResultUpload,
    ScoreScale,
    VprRecheck,
    VprRecheckWork,
    VprTest,
)
from common.xlsx import table_to_xlsx
from medals.models import Candidate, Grade, Recheck, Source, Upload
from reports.meetings import meeting_create
from reports.models import DigestPreference, Meeting, MeetingAgendaItem, MeetingSchoolRow, ReportJob
from roadmaps.models import (
    Appendix,
    Evidence,
    Measure,
    MeasureScope,
    Progress,
    Roadmap,
    Section,
    TargetKind,
)
from roadmaps.progress import progress_sync_for_measure
from schools.models import Municipality, Pupil, School, User

from .assessments.factories import (
    EgeResultFactory,
    MockExamFactory,
    MockExamScheduleFactory,
    MockWorkFactory,
    ObserverFactory,
    ProcedureFactory,
    ScoreScaleFactory,
    VprResultFactory,
    VprTestFactory,
)
from .assessments.factories import subject as subject_named
from .conftest import REFERENCE_DATA
from .factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory
from .medals.factories import JOURNAL_HEADER, CandidateFactory, GradeFactory, PupilFactory, RecheckFactory

ROLES = (
    "anonymous",
    "head_a",
    "head_b",
    "methodist_a",
    "methodist_b",
    "department_head",
    "member",
    "coordinator",
    # A regional analyst (no municipality of their own: reads every one, changes nothing) and a public
    # observer with a login, booked at school A.
    "analyst",
    "observer",
)
PDF = b"%PDF-1.4\n% access matrix evidence\n%%EOF\n"


@dataclass
class World:
    municipality: Municipality
    school_a: School
    school_b: School
    users: dict[str, User]
    roadmap: Roadmap
    section: Section
    measure: Measure
    progress_a: Progress
    progress_b: Progress
    evidence_a: Evidence
    progress_department: Progress
    plan_a: Roadmap
    plan_a_section: Section
    plan_a_measure: Measure
    targeted_a: Measure  # «адресная мера» aimed at school A only
    appendix: Appendix
    pupil_a: Pupil
    pupil_b: Pupil
    candidate_a: Candidate
    candidate_b: Candidate
    journal_grade_a: Grade
    upload_a: Upload
    upload_b: Upload
    recheck_a: Recheck
    schedule: MockExamSchedule
    exam: MockExam
    work_a: MockWork
    scale: ScoreScale
    vpr_test: VprTest
    vpr_code_a: str
    vpr_code_b: str
    vpr_recheck: VprRecheck
    recheck_work_a: VprRecheckWork
    result_upload: ResultUpload
    observer: Observer
    procedure: Procedure
    assignment_a: ObserverAssignment
    meeting: Meeting
    agenda_item: MeetingAgendaItem
    meeting_row_a: MeetingSchoolRow
    job_of_head: ReportJob
    job_of_methodist: ReportJob
    # A second municipality of the same installation: its school C, its department head (not a column:
    # tests/test_access_matrix.py walks every URL as them separately) and one object behind a few URLs.
    municipality_2: Municipality
    school_c: School
    department_head_2: User
    progress_c: Progress
    candidate_c: Candidate
    assignment_c: ObserverAssignment
    private_a: list[str] = field(default_factory=list)
    # What nobody of municipality 1 may read (school C's name, pupil and plan): only municipality 2's people
    # and the regional analyst.
    private_c: list[str] = field(default_factory=list)
    pupil_names: list[str] = field(default_factory=list)
    own_school_of_member: list[str] = field(default_factory=list)
    # Anonymous checking: a work's code → the only roles that may read it until results are published
    # (the organisers and the member who checks it); the pupils' school never does.
    checking_codes: dict[str, set[str]] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else self.users[role]


def evidence_on(progress: Progress, *, user: User, name: str) -> Evidence:
    evidence = Evidence(
        progress=progress, original_name=name, size=len(PDF), content_type="application/pdf", uploaded_by=user
    )
    evidence.file.save(name, ContentFile(PDF), save=False)
    evidence.save()
    return evidence


def _done_job(owner: User, kind: str, filename: str) -> ReportJob:
    job = ReportJob.objects.create(
        owner=owner,
        kind=kind,
        params={},
        status=ReportJob.Status.DONE,
        progress=100,
        filename=filename,
        content_type="application/pdf",
        finished_at=timezone.now(),
    )
    job.file.save(filename, ContentFile(PDF), save=True)
    return job


def _journal_extract(pupil: Pupil) -> bytes:
    """A journal extract as a school uploads it: the pupil's name is in it, so a leak would show."""
    row = [
        pupil.full_name,
        "11А",
        "2023-2024",
        "Русский язык",
        "",
        "Контрольная работа",
        "12.10.2023",
        "5",
        "",
    ]
    return table_to_xlsx(title="Журнал", headers=JOURNAL_HEADER, rows=[row])


def _medal_upload(school: School, user: User, name: str, pupil: Pupil) -> Upload:
    upload = Upload.objects.create(
        school=school,
        kind=Upload.Kind.JOURNAL,
        status=Upload.Status.SAVED,
        original_name=name,
        uploaded_by=user,
        saved_at=timezone.now(),
        rows=1,
        saved=1,
    )
    upload.file.save(name, ContentFile(_journal_extract(pupil)), save=True)
    return upload


def _people(municipality: Municipality, school_a: School, school_b: School) -> dict[str, User]:
    def person(username: str, role: str, **extra) -> User:
        return UserFactory(username=f"matrix_{username}", role=role, municipality=municipality, **extra)

    return {
        "head_a": person("head_a", User.Role.SCHOOL_HEAD, school=school_a),
        "head_b": person("head_b", User.Role.SCHOOL_HEAD, school=school_b),
        "methodist_a": person("methodist_a", User.Role.METHODIST, curated=[school_a]),
        "methodist_b": person("methodist_b", User.Role.METHODIST, curated=[school_b]),
        "department_head": person("department_head", User.Role.DEPARTMENT_HEAD),
        "member": person("member", User.Role.COMMISSION_MEMBER, school=school_b),
        "coordinator": person("coordinator", User.Role.COORDINATOR),
        "analyst": UserFactory(username="matrix_analyst", role=User.Role.REGIONAL_ANALYST, municipality=None),
        "observer": person("observer", User.Role.OBSERVER),
    }


def _municipality_2(subject) -> dict:
    """Municipality 2: its school C with a plan's progress row, a medal candidate and an observer's act.
    Named to sort after the matrix's municipality, which the analyst sees until they choose another."""
    municipality = MunicipalityFactory(name="Янтарный район", department_name="МКУ «Янтарное УО»")
    school_c = SchoolFactory(municipality=municipality, code="MTX-C", short_name="МКОУ «Гаммская СОШ»")
    head = UserFactory(
        username="matrix_department_head_2", role=User.Role.DEPARTMENT_HEAD, municipality=municipality
    )
    roadmap = RoadmapFactory(municipality=municipality, title="План Янтарного района")
    section = Section.objects.create(roadmap=roadmap, number="1", title="Аналитическая работа", order=1)
    measure = MeasureFactory(roadmap=roadmap, section=section, number="1", order=1)
    progress_sync_for_measure(measure=measure)
    pupil_c = PupilFactory(school=school_c, last_name="Гаммова", first_name="Галина", middle_name="Ивановна")
    candidate_c = CandidateFactory(pupil=pupil_c, graduation_year=2024)
    observer = ObserverFactory(municipality=municipality)
    procedure = ProcedureFactory(municipality=municipality, subject=subject, schools=[school_c])
    assignment_c = ObserverAssignment.objects.create(procedure=procedure, school=school_c, observer=observer)
    ObserverAct.objects.create(assignment=assignment_c, stages=["conduct"], violations=[], remarks="")
    return {
        "municipality_2": municipality,
        "school_c": school_c,
        "department_head_2": head,
        "progress_c": measure.progress.get(school=school_c),
        "candidate_c": candidate_c,
        "assignment_c": assignment_c,
        "private_c": [school_c.short_name, pupil_c.last_name, roadmap.title],
    }


def _reference_data() -> None:
    # The world is built before any per-test fixture runs: after a transactional test has flushed the
    # tables, the subjects and the medal benchmark are put back here (rolled back with the world).
    for module, function, model in REFERENCE_DATA:
        if not django_apps.get_model(model).objects.exists():
            getattr(importlib.import_module(module), function)(django_apps, None)


def build_world() -> World:
    _reference_data()
    municipality = MunicipalityFactory(name="Матричный район", department_name="МКУ «Матричное УО»")
    school_a = SchoolFactory(municipality=municipality, code="MTX-A", short_name="МКОУ «Альфинская СОШ»")
    school_b = SchoolFactory(municipality=municipality, code="MTX-B", short_name="МКОУ «Бетинская СОШ»")
    users = _people(municipality, school_a, school_b)
    head_a, member = users["head_a"], users["member"]

    # Roadmaps: a municipal plan every school executes, and school A's own plan.
    roadmap = RoadmapFactory(
        municipality=municipality,
        title="Муниципальный план объективности матрицы доступа",
        period_start=datetime.date(2023, 9, 1),
        period_end=datetime.date(2024, 8, 31),
    )
    section = Section.objects.create(roadmap=roadmap, number="1", title="Аналитическая работа", order=1)
    measure = MeasureFactory(roadmap=roadmap, section=section, number="8", order=1)
    progress_sync_for_measure(measure=measure)
    progress_a = measure.progress.get(school=school_a)
    progress_b = measure.progress.get(school=school_b)
    evidence_a = evidence_on(progress_a, user=head_a, name="akt-alfinskoy-shkoly.pdf")
    department_measure = MeasureFactory(
        roadmap=roadmap, section=section, number="4", order=2, title="Рабочее совещание УО", per_school=False
    )
    progress_sync_for_measure(measure=department_measure)
    appendix = Appendix.objects.create(
        roadmap=roadmap,
        title="Приложение №2. График проведения пробного экзамена",
        rows=[
            ["№", "Предмет", "Место проведения", "Дата проведения"],
            ["1", "Русский язык (первый пробный)", school_a.short_name, "16.01.2024 10.00"],
        ],
        order=1,
    )
    plan_a = RoadmapFactory(
        municipality=municipality, school=school_a, title="План Альфинской школы по объективности"
    )
    plan_a_section = Section.objects.create(roadmap=plan_a, number="1", title="Работа школы", order=1)
    plan_a_measure = MeasureFactory(
        roadmap=plan_a, section=plan_a_section, number="1", order=1, title="Школьный контроль Альфинской"
    )
    progress_sync_for_measure(measure=plan_a_measure)
    # Targeted measures («адресные меры») on the 2023 ВПР signs, one aimed at each school (effect page).
    targeted = {}
    for school, number, name in ((school_a, "14", "Альфинскую"), (school_b, "15", "Бетинскую")):
        targeted[school] = MeasureFactory(
            roadmap=roadmap,
            section=section,
            number=number,
            order=int(number),
            title=f"Методический выезд в {name} школу",
            scope=MeasureScope.SELECTED,
            target_kind=TargetKind.METHODICAL_VISIT,
        )
        targeted[school].target_schools.set([school])
        progress_sync_for_measure(measure=targeted[school])

    # Medals: a candidate of each school; A's has a journal and a notebook mark that disagree.
    pupil_a = PupilFactory(
        school=school_a, last_name="Альфаева", first_name="Амина", middle_name="Руслановна"
    )
    pupil_b = PupilFactory(school=school_b, last_name="Бетова", first_name="Белла", middle_name="Маратовна")
    candidate_a = CandidateFactory(pupil=pupil_a, graduation_year=2024)
    candidate_b = CandidateFactory(pupil=pupil_b, graduation_year=2024)
    journal_grade_a = GradeFactory(candidate=candidate_a, mark="5")
    GradeFactory(candidate=candidate_a, source=Source.NOTEBOOK, mark="3")
    GradeFactory(candidate=candidate_b, mark="5")
    upload_a = _medal_upload(school_a, head_a, "zhurnal-alfinskoy.xlsx", pupil_a)
    upload_b = _medal_upload(school_b, users["head_b"], "zhurnal-betinskoy.xlsx", pupil_b)
    recheck_a = RecheckFactory(
        code="24-MTX01",
        candidate=candidate_a,
        status=Recheck.Status.ASSIGNED,
        assigned_to=member,
        assigned_at=timezone.now(),
    )
    recheck_b = RecheckFactory(
        code="24-MTX02",
        candidate=candidate_b,
        status=Recheck.Status.ASSIGNED,
        assigned_to=member,
        assigned_at=timezone.now(),
    )

    # Assessments: a mock exam held at A, A's work checked by the member from B; ВПР and ЕГЭ of both.
    russian = subject_named("Русский язык")
    schedule = MockExamScheduleFactory(municipality=municipality)
    exam = MockExamFactory(schedule=schedule, subject=russian, venue=school_a)
    work_a = MockWorkFactory(exam=exam, pupil=pupil_a, code="MTX-501", checker=member)
    # Assigned to the member by mistake: a work of their own school must never reach them.
    work_b = MockWorkFactory(exam=exam, pupil=pupil_b, code="MTX-502", checker=member)
    commission = Commission.objects.create(schedule=schedule, subject=russian)
    commission.members.add(member)
    scale = ScoreScaleFactory(subject=russian, year=2024)
    vpr_test = VprTestFactory(municipality=municipality, subject=russian, grade=5)
    vpr_code_a, vpr_code_b = "VPR-ALFA-1", "VPR-BETA-1"
    VprResultFactory(test=vpr_test, school=school_a, participant_code=vpr_code_a)
    VprResultFactory(test=vpr_test, school=school_b, participant_code=vpr_code_b)
    # The municipal re-check of that ВПР: A's work checked by the member from B, and B's work given to
    # them by mistake, which must never reach them.
    vpr_recheck = VprRecheck.objects.create(
        municipality=municipality, test=vpr_test, mode=VprRecheck.Mode.SAMPLE, share_percent=100, seed=7
    )
    vpr_recheck.members.add(member)
    recheck_work_a, recheck_work_b = (
        VprRecheckWork.objects.create(
            recheck=vpr_recheck,
            result=result,
            school=result.school,
            code=code,
            original_primary=result.primary_score,
            original_mark=result.mark,
            checker=member,
        )
        for result, code in (
            (vpr_test.results.get(school=school_a), "RCK-ALFA-7"),
            (vpr_test.results.get(school=school_b), "RCK-BETA-7"),
        )
    )
    EgeResultFactory(pupil=pupil_a, subject=russian)
    EgeResultFactory(pupil=pupil_b, subject=russian)
    for school, code, mark in ((school_a, "OGE-ALFA-9", 4), (school_b, "OGE-BETA-9", 3)):
        OgeResult.objects.create(school=school, subject=russian, year=2024, participant_code=code, mark=mark)
    result_upload = ResultUpload.objects.create(
        municipality=municipality,
        kind=ResultUpload.Kind.VPR,
        original_name="vpr-fis-oko.xlsx",
        status=ResultUpload.Status.IMPORTED,
        uploaded_by=users["coordinator"],
        imported_at=timezone.now(),
    )
    fis_oko = table_to_xlsx(
        title="ВПР",
        headers=["Логин ОО", "Код участника", "Отметка"],
        rows=[[school_a.fis_oko_login, vpr_code_a, 3]],
    )
    result_upload.file.save("vpr-fis-oko.xlsx", ContentFile(fis_oko), save=True)
    observer = ObserverFactory(municipality=municipality, school=school_b, user=users["observer"])
    procedure = ProcedureFactory(municipality=municipality, subject=russian, schools=[school_a, school_b])
    assignment_a = ObserverAssignment.objects.create(procedure=procedure, school=school_a, observer=observer)
    # The observer's act (entered by the coordinator): its page and its printout.
    ObserverAct.objects.create(assignment=assignment_a, stages=["conduct"], violations=[], remarks="")

    # Reports: the March meeting of the municipal plan, finished report files of two owners, a preference.
    meeting = meeting_create(
        roadmap=roadmap,
        created_by=users["department_head"],
        date=datetime.date(2024, 3, 15),
        number="3",
        place="с. Матричное",
        chair=users["department_head"],
        secretary=users["methodist_a"],
        attendees=[head_a, users["head_b"]],
        meeting_measure=None,
        first=1,
        last=11,
    )
    job_of_head = _done_job(users["department_head"], ReportJob.Kind.PROTOCOL_PDF, "protokol-nachalnika.pdf")
    job_of_methodist = _done_job(users["methodist_a"], ReportJob.Kind.ROADMAP_PDF, "plan-metodista.pdf")
    DigestPreference.objects.create(user=head_a, frequency=DigestPreference.Frequency.WEEKLY)

    second = _municipality_2(russian)

    return World(
        municipality=municipality,
        school_a=school_a,
        school_b=school_b,
        users=users,
        roadmap=roadmap,
        section=section,
        measure=measure,
        progress_a=progress_a,
        progress_b=progress_b,
        evidence_a=evidence_a,
        progress_department=department_measure.progress.get(school=None),
        plan_a=plan_a,
        plan_a_section=plan_a_section,
        plan_a_measure=plan_a_measure,
        targeted_a=targeted[school_a],
        appendix=appendix,
        pupil_a=pupil_a,
        pupil_b=pupil_b,
        candidate_a=candidate_a,
        candidate_b=candidate_b,
        journal_grade_a=journal_grade_a,
        upload_a=upload_a,
        upload_b=upload_b,
        recheck_a=recheck_a,
        schedule=schedule,
        exam=exam,
        work_a=work_a,
        scale=scale,
        vpr_test=vpr_test,
        vpr_code_a=vpr_code_a,
        vpr_code_b=vpr_code_b,
        vpr_recheck=vpr_recheck,
        recheck_work_a=recheck_work_a,
        result_upload=result_upload,
        observer=observer,
        procedure=procedure,
        assignment_a=assignment_a,
        meeting=meeting,
        agenda_item=meeting.items.order_by("order").first(),
        meeting_row_a=meeting.school_rows.get(school=school_a),
        job_of_head=job_of_head,
        job_of_methodist=job_of_methodist,
        **second,
        # What nobody outside school A and the department may read, on any page or in any file.
        private_a=[
            pupil_a.last_name,
            plan_a.title,
            plan_a_measure.title,
            targeted[school_a].title,
            evidence_a.original_name,
            upload_a.original_name,
            vpr_code_a,
        ],
        pupil_names=[pupil_a.last_name, pupil_b.last_name],
        own_school_of_member=[work_b.code, recheck_b.code, recheck_work_b.code],
        checking_codes={
            work_a.code: {"department_head", "coordinator", "member"},
            work_b.code: {"department_head", "coordinator"},
            # ВПР re-check codes: which school's work a code is, only the organisers and its checker know.
            recheck_work_a.code: {"department_head", "coordinator", "member"},
            recheck_work_b.code: {"department_head", "coordinator"},
            # Re-checks are organised by the school's curator and the department head.
            # The regional analyst reads the department's re-check list as its head does.
            recheck_a.code: {"methodist_a", "department_head", "member", "analyst"},
            recheck_b.code: {"methodist_b", "department_head", "analyst"},
        },
    )
