"""Who may do what in assessments, built on schools.access (the one place that answers "which schools").

- Начальник УО and the ВПР coordinator: everything of their municipality, and they manage it
  (schedules, commissions, imports, observers, thresholds).
- A methodist: reads everything municipal (schedules, commissions), and results of curated schools only.
- A school head: reads the schedule and the results of their own school only.
- A commission member: only the works assigned to them, by code.
- The regional analyst: reads what the department reads, in the municipality chosen in the top bar;
  changes nothing (the middleware refuses every change, and no manager rule names them).
- A public observer with a login: their own bookings («Мои выезды») and the acts of those bookings,
  which they fill in and print; nothing else.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from common.decorators import rule_required
from roadmaps.models import Appendix
from schools.access import (
    is_department_staff,
    may_read_region,
    municipalities_visible,
)
from schools.models import Municipality, User

from .commissions import works_for_checker
from .models import (
    MockExam,
    MockExamSchedule,
    MockWork,
    Observer,
    ObserverAssignment,
    Procedure,
    ResultUpload,
    VprTest,
)

Role = User.Role
M = TypeVar("M", bound=Model)


def may_manage_assessments(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.role in {Role.DEPARTMENT_HEAD, Role.COORDINATOR}
    )


def may_observe(user: User) -> bool:
    """A public observer with a login: their own bookings and acts."""
    return user.is_authenticated and not user.is_superuser and user.role == Role.OBSERVER


def may_view_assessments(user: User) -> bool:
    """Schedules and results (each filtered by schools_visible): department staff and school heads."""
    return is_department_staff(user) or (user.is_authenticated and user.role == Role.SCHOOL_HEAD)


def may_check_works(user: User) -> bool:
    return user.is_authenticated and user.role == Role.COMMISSION_MEMBER


def may_open_assessments(user: User) -> bool:
    return may_view_assessments(user) or may_check_works(user) or may_observe(user)


def may_see_pupil_names(user: User) -> bool:
    """Commission members check depersonalised works: they never see a pupil's name or school."""
    return may_view_assessments(user)


def may_see_checking(user: User, exam: MockExam) -> bool:
    """Anonymous checking: the work codes, which code is which pupil's, and who checks which work are
    known to the organisers (the department head and the coordinator, who distribute the works) and to
    nobody else, the pupils' school included, until the results of the exam are published."""
    return may_manage_assessments(user) or exam.results_published_at is not None


def user_municipality(user: User) -> Municipality:
    if user.municipality_id is None:
        raise PermissionDenied("У вашей учётной записи не указан муниципалитет: обратитесь к администратору.")
    return user.municipality


viewer_required = rule_required(
    may_view_assessments, "Оценочные процедуры доступны сотрудникам УО и руководителям ОО."
)
manager_required = rule_required(
    may_manage_assessments, "Это может делать начальник УО или муниципальный координатор."
)
checker_required = rule_required(may_check_works, "Эта страница — для членов комиссии по проверке.")
anyone_required = rule_required(may_open_assessments, "Раздел недоступен для вашей роли.")
act_reader_required = rule_required(
    lambda user: may_view_assessments(user) or may_observe(user),
    "Акты наблюдателей доступны сотрудникам УО, руководителям ОО и самим наблюдателям.",
)


# --- ВПР dates and observers' acts -----------------------------------------------------------------------


def assignments_visible(user: User):
    """Observers' bookings and their acts: department staff and the coordinator for the schools they see,
    a school head for their own school only, an observer with a login their own bookings only; nobody
    else."""
    from schools.access import schools_visible

    from .models import ObserverAssignment

    if may_observe(user):
        return ObserverAssignment.objects.filter(observer__user=user)
    if not may_view_assessments(user) or user.municipality_id is None:
        return ObserverAssignment.objects.none()
    return ObserverAssignment.objects.filter(
        procedure__municipality=user.municipality_id, school__in=schools_visible(user)
    )


def may_write_act(user: User, assignment: ObserverAssignment) -> bool:
    """An act is entered by the coordinator or the department head of the procedure's municipality (from
    the observer's paper form), or written by the booked observer themselves."""
    if may_manage_assessments(user):
        return user.is_superuser or assignment.procedure.municipality_id == user.municipality_id
    return may_observe(user) and assignment.observer.user_id == user.pk


def may_enter_school_days(user: User, school) -> bool:
    """A school's own ВПР dates: its head, or the coordinator / the department head."""
    if may_manage_assessments(user):
        return user.is_superuser or school.municipality_id == user.municipality_id
    return user.is_authenticated and user.role == Role.SCHOOL_HEAD and user.school_id == school.pk


# --- one object for a user, or 404 ------------------------------------------------------------------


def municipal_or_404(user: User, objects: type[M] | QuerySet[M], pk: int, path: str = "municipality") -> M:
    """Object ``pk`` among ``objects`` (a model or a query) of the user's municipality, which ``path``
    leads to from the object; 404 for another municipality's."""
    return get_object_or_404(objects, pk=pk, **{path: user_municipality(user)})


def schedule_for_user_or_404(user: User, pk: int) -> MockExamSchedule:
    return municipal_or_404(user, MockExamSchedule, pk)


def exam_for_user_or_404(user: User, pk: int) -> MockExam:
    exams = MockExam.objects.select_related("schedule__municipality", "subject", "venue")
    return municipal_or_404(user, exams, pk, "schedule__municipality")


def upload_for_user_or_404(user: User, pk: int) -> ResultUpload:
    return municipal_or_404(user, ResultUpload, pk)


def procedure_for_user_or_404(user: User, pk: int) -> Procedure:
    return municipal_or_404(user, Procedure, pk)


def assignment_for_user_or_404(user: User, pk: int) -> ObserverAssignment:
    assignments = ObserverAssignment.objects.select_related("procedure", "school", "observer")
    return municipal_or_404(user, assignments, pk, "procedure__municipality")


# --- the region's indicators (МКО) and the region page ----------------------------------------------------


def may_view_muko(user: User) -> bool:
    """A municipality's indicators for the region: its department staff and the regional analyst."""
    return is_department_staff(user) or may_read_region(user)


def muko_municipality_for_user_or_404(user: User, pk: str | int | None) -> Municipality:
    """The municipality whose indicators are shown: the one asked for (``?municipality=``) among those the
    user may read, else their own (for the analyst, the one chosen in the top bar), else the first they
    may read."""
    visible = municipalities_visible(user)
    if pk not in (None, ""):
        try:
            return get_object_or_404(visible, pk=int(pk))
        except (TypeError, ValueError) as exc:
            raise Http404("Муниципалитет не найден") from exc
    if user.municipality_id:
        return user.municipality
    first = visible.first()
    if first is None:
        raise PermissionDenied("У вашей учётной записи не указан муниципалитет: обратитесь к администратору.")
    return first


muko_required = rule_required(
    may_view_muko, "Показатели МКО доступны сотрудникам УО и региональному аналитику."
)
region_required = rule_required(may_read_region, "Страница региона — для регионального аналитика.")


# --- the municipal re-check of ВПР works (assessments.vpr_recheck) -----------------------------------------


def may_read_rechecks(user: User) -> bool:
    """Which ВПР works are re-checked and what the re-check found: department staff, each reading the schools
    they see. Never a school: the re-check is the department's own look at the schools' marks."""
    return is_department_staff(user)


def vpr_recheck_for_user_or_404(user: User, pk: int):
    from .models import VprRecheck

    return municipal_or_404(user, VprRecheck.objects.select_related("test__subject", "municipality"), pk)


def recheck_work_for_checker_or_404(user: User, code: str):
    """A work the member re-checks, by its code; another member's work or one of their own school is 404."""
    from .vpr_recheck import recheck_works_for_checker

    return get_object_or_404(recheck_works_for_checker(user), code=code)


recheck_readers_required = rule_required(
    may_read_rechecks, "Перепроверка работ ВПР — для сотрудников управления образования."
)


def vpr_dates_upload_for_user_or_404(user: User, pk: int):
    """A list of ВПР dates uploaded in the user's municipality: its coordinator and department head only."""
    from .models import VprDatesUpload

    if not may_manage_assessments(user):
        raise PermissionDenied("Списки дат ВПР загружает муниципальный координатор или начальник УО.")
    return municipal_or_404(user, VprDatesUpload.objects.select_related("uploaded_by"), pk)


def booking_for_user_or_404(user: User, pk: int) -> ObserverAssignment:
    """A booking whose act the user may read (assignments_visible: staff, the school's head, its observer)."""
    return get_object_or_404(
        assignments_visible(user).select_related(
            "procedure__subject", "procedure__municipality", "school", "observer"
        ),
        pk=pk,
    )


def appendix_for_user_or_404(user: User, pk: int) -> Appendix:
    """An appendix of a plan of the user's municipality (a schedule is made from it)."""
    appendices = Appendix.objects.select_related("roadmap__municipality")
    return municipal_or_404(user, appendices, pk, "roadmap__municipality")


def vpr_test_for_user_or_404(user: User, pk: int) -> VprTest:
    return municipal_or_404(user, VprTest, pk)


def observer_for_user_or_404(user: User, pk: int) -> Observer:
    return municipal_or_404(user, Observer, pk)


def work_for_checker_or_404(user: User, code: str) -> MockWork:
    """A mock-exam work by its code, among the works assigned to this checker only."""
    return get_object_or_404(works_for_checker(user), code=code)
