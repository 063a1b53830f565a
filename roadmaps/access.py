"""Who may see which roadmaps and measures, and who may aim a measure at chosen schools.

On top of ``schools.access`` (which schools a person sees). A school head sees the municipal plans and
their own school's plan, and of the measures only those their school executes: a measure for all
schools, or a targeted one («адресная мера») whose chosen schools include theirs. Another school's
targeted measure is not theirs to read — not even its title, which names the school. The same holds for
a methodist and the schools they curate.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from common.prepared import ARGUMENT, compiled_objects, person_key
from schools.access import is_department_head, may_change_school_data, schools_visible
from schools.models import School, User

from .models import Evidence, Measure, MeasureScope, Progress, Roadmap, Section
from .progress import progress_visible

Role = User.Role


def roadmaps_visible(user: User) -> QuerySet[Roadmap]:
    roadmaps = Roadmap.objects.all()
    if user.municipality_id:
        roadmaps = roadmaps.filter(municipality=user.municipality_id)
    if user.role == Role.SCHOOL_HEAD:
        # A school head sees the municipal plans and their own school's plan, never another school's plan.
        return roadmaps.filter(Q(school__isnull=True) | Q(school=user.school_id))
    if user.is_superuser or user.role in (Role.DEPARTMENT_HEAD, Role.COORDINATOR):
        return roadmaps
    return roadmaps.filter(Q(school__isnull=True) | Q(school__in=schools_visible(user)))


def measures_visible(user: User) -> QuerySet[Measure]:
    """The measures of the plans the user sees; of the targeted ones, those aimed at a school they see."""
    measures = Measure.objects.filter(roadmap__in=roadmaps_visible(user))
    if user.is_superuser:
        return measures
    # EXISTS rather than a join with DISTINCT: the join repeated a measure per chosen school, and DISTINCT
    # then compared every column of every measure, the plan's long texts included.
    aimed_at_visible = Measure.target_schools.through.objects.filter(
        measure=OuterRef("pk"), school__in=schools_visible(user)
    )
    return measures.filter(Q(scope=MeasureScope.ALL) | Exists(aimed_at_visible))


def measure_for_user_or_404(user: User, pk: int) -> Measure:
    try:
        return measures_visible(user).select_related("roadmap", "section", "parent").get(pk=pk)
    except Measure.DoesNotExist as exc:
        raise Http404("Мероприятие не найдено") from exc


def may_create_targeted_measures(user: User) -> bool:
    """Aim a measure at chosen schools from the objectivity analysis: the department head, or a methodist
    for the schools they curate."""
    return user.is_authenticated and (
        user.is_superuser or user.role in {Role.DEPARTMENT_HEAD, Role.METHODIST}
    )


def targetable_schools(user: User, roadmap: Roadmap) -> QuerySet[School]:
    """The schools this person may aim a measure of this roadmap at."""
    return (
        schools_visible(user)
        .filter(municipality=roadmap.municipality_id, is_active=True)
        .order_by("short_name")
    )


# --- one object for a user, or 404; and who may change it ------------------------------------------


def roadmap_for_user_or_404(user: User, pk: int) -> Roadmap:
    return get_object_or_404(roadmaps_visible(user), pk=pk)


def progress_for_user_or_404(user: User, pk: int, *, change: bool = False) -> Progress:
    """A plan row the person may see, or 404. Its query is compiled once for the person (a third of the
    requests of a deadline morning open or save a row: building it took longer than running it)."""
    low, high = connection.ops.integer_field_range(Progress._meta.pk.get_internal_type())
    if not low <= pk <= high:
        raise Http404("Нет такой строки исполнения.")
    person = person_key(user)
    found = compiled_objects(("progress_for_user", *person), lambda: _visible_row(user), argument=pk)
    if not found:
        raise Http404("Нет такой строки исполнения.")
    progress = found[0]
    if change:
        refuse_if_archived(progress.measure.roadmap)
        if not may_change_school_data(user, progress.school):
            raise PermissionDenied("Вы можете только просматривать эту строку.")
    return progress


def _visible_row(user: User) -> QuerySet[Progress]:
    rows = progress_visible(user).select_related("measure", "measure__roadmap", "school", "updated_by")
    return rows.filter(pk=ARGUMENT)[:2]


ARCHIVED_MESSAGE = "Дорожная карта в архиве: её можно только просматривать."


def refuse_if_archived(roadmap: Roadmap) -> None:
    """An archived roadmap is read-only everywhere: its plan, its measures, its rows and their files."""
    if roadmap.status == Roadmap.Status.ARCHIVED:
        raise PermissionDenied(ARCHIVED_MESSAGE)


def may_change_progress(user: User, progress: Progress) -> bool:
    return progress.measure.roadmap.status != Roadmap.Status.ARCHIVED and may_change_school_data(
        user, progress.school
    )


def may_manage_roadmaps(user: User) -> bool:
    """Create, edit, approve and archive roadmaps: the department head."""
    return is_department_head(user)


def require_roadmap_manager(user: User) -> None:
    if not may_manage_roadmaps(user):
        raise PermissionDenied("Создавать и изменять дорожные карты может начальник УО.")


def evidence_for_user_or_404(user: User, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.filter(progress__in=progress_visible(user)).select_related(
            "progress", "progress__school", "progress__measure__roadmap"
        ),
        pk=pk,
    )


def section_for_user_or_404(user: User, pk: int) -> Section:
    return get_object_or_404(Section.objects.filter(roadmap__in=roadmaps_visible(user)), pk=pk)
