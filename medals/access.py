"""Who may see and change medal data, built on ``schools.access``.

- Candidates, their marks and uploads follow the school: a school head sees their own school only,
  a methodist the schools they curate, the department head the whole municipality.
- A school head uploads the register and the journal extract of their school; notebook marks and the
  re-check list belong to the department (methodists, the department head).
- A commission member sees no candidate at all: only works assigned to them, by code, never from their
  own school.
- The regional analyst reads what the department head reads (in the municipality chosen in the top bar)
  and changes nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from schools.access import (
    is_department_staff,
    is_read_only,
    may_change_school_data,
    school_q,
    schools_visible,
)
from schools.models import School, User

from .models import CURRENT_GRADES, Candidate, Grade, Recheck, Upload

Role = User.Role


def is_medal_staff(user: User) -> bool:
    """The department's people who work on medals: department staff but the ВПР coordinator, who does not
    open the section (notebooks, re-checks, indicators)."""
    return is_department_staff(user) and user.role != Role.COORDINATOR


def candidates_visible(user: User) -> QuerySet[Candidate]:
    return Candidate.objects.filter(school_q(user, "school", model=Candidate))


def candidate_for_user_or_404(user: User, pk: int) -> Candidate:
    return get_object_or_404(
        candidates_visible(user).select_related("pupil", "school", "previous_school"), pk=pk
    )


def uploads_visible(user: User) -> QuerySet[Upload]:
    return Upload.objects.filter(school_q(user, "school", model=Upload))


def upload_for_user_or_404(user: User, pk: int) -> Upload:
    return get_object_or_404(uploads_visible(user).select_related("school", "uploaded_by"), pk=pk)


def may_upload(user: User, school: School, kind: str) -> bool:
    """The register and the journal: whoever may change the school's data; notebooks: the department."""
    if kind == Upload.Kind.NOTEBOOK and not is_medal_staff(user):
        return False
    return may_change_school_data(user, school)


def schools_changeable(user: User) -> QuerySet[School]:
    """The schools whose data the user may change (see ``schools.access.may_change_school_data``)."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser or user.role == Role.DEPARTMENT_HEAD:
        return schools_visible(user)
    if user.role == Role.METHODIST:
        return user.curated_schools.all()
    if user.role == Role.SCHOOL_HEAD and user.school_id:
        return School.objects.filter(pk=user.school_id)
    return School.objects.none()


def schools_for_upload(user: User, kind: str) -> QuerySet[School]:
    if kind == Upload.Kind.NOTEBOOK and not is_medal_staff(user):
        return School.objects.none()
    return schools_changeable(user)


def may_manage_rechecks(user: User, school: School | None = None) -> bool:
    """Form the re-check list and assign works: methodists and the department head, for their schools."""
    if not is_medal_staff(user) or is_read_only(user):
        return False
    return school is None or may_change_school_data(user, school)


def rechecks_visible(user: User) -> QuerySet[Recheck]:
    if not is_medal_staff(user):
        return Recheck.objects.none()
    return Recheck.objects.filter(school_q(user, "candidate__school", model=Recheck))


def recheck_for_manager_or_404(user: User, pk: int) -> Recheck:
    recheck = get_object_or_404(
        rechecks_visible(user).select_related(
            "candidate__pupil", "candidate__school", "subject", "assigned_to"
        ),
        pk=pk,
    )
    if not may_manage_rechecks(user, recheck.candidate.school):
        raise Http404("Работа не найдена")
    return recheck


def rechecks_for_member(user: User) -> QuerySet[Recheck]:
    """A member's own works; a work from their own school never reaches them, whoever assigned it."""
    if not user.is_authenticated or user.role != Role.COMMISSION_MEMBER:
        return Recheck.objects.none()
    rechecks = Recheck.objects.filter(
        assigned_to=user, status__in=[Recheck.Status.ASSIGNED, Recheck.Status.DONE]
    )
    if user.school_id:
        rechecks = rechecks.exclude(candidate__school=user.school_id)
    return rechecks


def may_edit_indicators(user: User, school: School) -> bool:
    return is_medal_staff(user) and may_change_school_data(user, school)


def may_enter_notebook(user: User, school: School) -> bool:
    return is_medal_staff(user) and may_change_school_data(user, school)


def current_grade_for_user_or_404(user: User, pk: int) -> Grade:
    """A current mark of a candidate the user sees (the one a re-check is asked for)."""
    return get_object_or_404(
        Grade.objects.filter(CURRENT_GRADES, candidate__in=candidates_visible(user)).select_related(
            "candidate__school", "subject"
        ),
        pk=pk,
    )


def member_recheck_or_404(user: User, pk: int) -> Recheck:
    """A re-check assigned to this commission member, never one from their own school."""
    return get_object_or_404(rechecks_for_member(user).select_related("subject"), pk=pk)
