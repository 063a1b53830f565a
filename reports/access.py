"""Who may see meetings and report files, built on schools.access.

- Meetings belong to the department: its staff (head, methodists, ВПР coordinator) read them,
  the department head prepares and changes them.
- The regional analyst reads the meetings of the municipality chosen in the top bar, and changes none.
- A report file is downloadable by the person who ordered it and by the department head of that
  person's municipality; nobody else learns that it exists (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from roadmaps.models import Roadmap
from schools.access import DEPARTMENT_ROLES, READ_ONLY_ROLES, is_department_head
from schools.models import User

from .models import Meeting, MeetingAgendaItem, MeetingSchoolRow, ReportJob


def may_manage_meetings(user: User) -> bool:
    return is_department_head(user)


def meetings_visible(user: User) -> QuerySet[Meeting]:
    meetings = Meeting.objects.all()
    if not user.is_authenticated:
        return meetings.none()
    if user.is_superuser and not user.municipality_id:
        return meetings
    if user.is_superuser or user.role in DEPARTMENT_ROLES | READ_ONLY_ROLES:
        return meetings.filter(municipality=user.municipality_id)
    return meetings.none()


def meeting_for_user_or_404(user: User, pk: int) -> Meeting:
    return get_object_or_404(
        meetings_visible(user).select_related("municipality", "roadmap", "chair", "secretary", "measure"),
        pk=pk,
    )


def roadmaps_for_reports(user: User) -> QuerySet[Roadmap]:
    """The roadmaps a department person may print: their municipality's municipal and school plans."""
    roadmaps = Roadmap.objects.select_related("municipality", "school")
    if not user.is_authenticated or not (
        user.is_superuser or user.role in DEPARTMENT_ROLES | READ_ONLY_ROLES
    ):
        return roadmaps.none()
    if user.municipality_id:
        roadmaps = roadmaps.filter(municipality=user.municipality_id)
    if user.role == User.Role.METHODIST:
        roadmaps = roadmaps.filter(Q(school__isnull=True) | Q(school__curators=user))
    return roadmaps


def jobs_visible(user: User) -> QuerySet[ReportJob]:
    jobs = ReportJob.objects.select_related("owner")
    if not user.is_authenticated:
        return jobs.none()
    if user.is_superuser and not user.municipality_id:
        return jobs
    if user.is_superuser or user.role == User.Role.DEPARTMENT_HEAD:
        return jobs.filter(Q(owner=user) | Q(owner__municipality=user.municipality_id))
    return jobs.filter(owner=user)


def job_for_user_or_404(user: User, pk: int) -> ReportJob:
    return get_object_or_404(jobs_visible(user), pk=pk)


def meeting_row_for_user_or_404(user: User, pk: int) -> MeetingSchoolRow:
    return get_object_or_404(
        MeetingSchoolRow.objects.filter(meeting__in=meetings_visible(user)).select_related(
            "school", "meeting"
        ),
        pk=pk,
    )


def agenda_item_for_user_or_404(user: User, pk: int) -> MeetingAgendaItem:
    return get_object_or_404(
        MeetingAgendaItem.objects.filter(meeting__in=meetings_visible(user)).select_related("meeting"), pk=pk
    )
