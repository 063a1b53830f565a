"""Who may see and change which school's data.

Every view and queryset of school data goes through this module, so the answer to
"may this person touch this school" is given in one place.

- Начальник УО and the ВПР coordinator see every school of their municipality
  (a user without a municipality, such as a superuser, sees every school).
- A methodist sees and changes the schools they curate.
- A school head sees and changes their own school only.
- A commission member sees no school's data: their work comes to them depersonalised.
- A regional analyst (one installation for a region) reads what the department head reads, in every
  municipality, and changes nothing. In a request the analyst looks at one municipality at a time: the
  one chosen in the top bar (``schools.middleware.AnalystMunicipalityMiddleware`` puts it on
  ``request.user.municipality``), so every page scoped by the user's municipality works for them as it
  does for the department. Outside a request (no municipality) the analyst sees every school. The
  region's pages ask ``may_read_region`` and ``municipalities_visible``.
- A public observer with a login sees their own bookings and acts only (assessments/access.py) and no
  school's other data.
- Rows that belong to the department itself (no school) are seen by department staff, never by schools.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Municipality, School, User

Role = User.Role
DEPARTMENT_ROLES = {Role.DEPARTMENT_HEAD, Role.METHODIST, Role.COORDINATOR}
# Roles that read and never change anything, whatever the page (the middleware refuses their POSTs).
READ_ONLY_ROLES = {Role.REGIONAL_ANALYST}

# Which top navigation sections a role may open.
NAVIGATION: dict[str, set[str]] = {
    Role.DEPARTMENT_HEAD: {"roadmaps", "schools", "medals", "assessments", "reports"},
    Role.METHODIST: {"roadmaps", "schools", "medals", "assessments", "reports"},
    Role.COORDINATOR: {"roadmaps", "schools", "assessments", "reports"},
    Role.SCHOOL_HEAD: {"roadmaps", "schools", "medals", "assessments"},
    Role.COMMISSION_MEMBER: {"medals", "assessments"},
    Role.REGIONAL_ANALYST: {"roadmaps", "schools", "medals", "assessments", "reports"},
    # «Мои выезды» lives in the assessments section; nothing else is theirs.
    Role.OBSERVER: {"assessments"},
}


def _sees_whole_municipality(user: User) -> bool:
    return user.is_superuser or user.role in {Role.DEPARTMENT_HEAD, Role.COORDINATOR, Role.REGIONAL_ANALYST}


def is_read_only(user: User) -> bool:
    """Reads pages and changes nothing: the regional analyst."""
    return user.is_authenticated and not user.is_superuser and user.role in READ_ONLY_ROLES


def may_read_region(user: User) -> bool:
    """The region's pages (every municipality side by side): the regional analyst and a superuser."""
    return user.is_authenticated and (user.is_superuser or user.role == Role.REGIONAL_ANALYST)


def municipalities_visible(user: User) -> QuerySet[Municipality]:
    """The municipalities whose data the user may read: every one for the regional analyst (and a
    superuser without a municipality), their own for everybody else, none without one."""
    municipalities = Municipality.objects.order_by("name", "pk")
    if not user.is_authenticated:
        return municipalities.none()
    if user.role == Role.REGIONAL_ANALYST or (user.is_superuser and not user.municipality_id):
        return municipalities
    if user.municipality_id:
        return municipalities.filter(pk=user.municipality_id)
    if user.school_id:
        return municipalities.filter(schools=user.school_id)
    return municipalities.none()


def may_open(user: User, section: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return section in NAVIGATION.get(user.role, set())


def schools_visible(user: User) -> QuerySet[School]:
    schools = School.objects.all()
    if not user.is_authenticated:
        return schools.none()
    if _sees_whole_municipality(user):
        return schools.filter(municipality=user.municipality_id) if user.municipality_id else schools
    if user.role == Role.METHODIST:
        return schools.filter(curators=user)
    if user.role == Role.SCHOOL_HEAD and user.school_id:
        return schools.filter(pk=user.school_id)
    return schools.none()


def school_q(
    user: User,
    field: str = "school",
    include_department_rows: bool = True,
    *,
    model: type[Model] | None = None,
) -> Q:
    """A filter for any model with a school foreign key named ``field``.

    Rows whose school is empty belong to the department: department staff see them. ``model``: the model
    filtered; where every link of ``field`` is required (a ВПР result's school, an ЕГЭ result's pupil's
    school) no row can be a department row, and the filter leaves out «or the school is empty». It never
    matched a row there, but it kept PostgreSQL from reaching the rows by their school: a municipality's
    3,700 ВПР results were counted from all 150,000 of the region (21 ms against 0.7).
    """
    if model is not None and not _may_be_empty(model, field):
        include_department_rows = False
    department_rows = Q(**{f"{field}__isnull": True})
    if not user.is_authenticated:
        return Q(pk__in=[])
    if _sees_whole_municipality(user):
        q = (
            Q(**{f"{field}__municipality": user.municipality_id})
            if user.municipality_id
            else Q(**{f"{field}__isnull": False})
        )
        return q | department_rows if include_department_rows else q
    if user.role == Role.METHODIST:
        q = Q(**{f"{field}__curators": user})
        return q | department_rows if include_department_rows else q
    if user.role == Role.SCHOOL_HEAD and user.school_id:
        return Q(**{field: user.school_id})
    return Q(pk__in=[])


def _may_be_empty(model: type[Model], path: str) -> bool:
    """Whether ``path`` (``"school"``, ``"pupil__school"``) can lead from a row of ``model`` to no school."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model
    return False


def may_view_school(user: User, school: School | None) -> bool:
    if not user.is_authenticated:
        return False
    if school is None:
        return is_department_staff(user)
    return schools_visible(user).filter(pk=school.pk).exists()


def may_change_school_data(user: User, school: School | None) -> bool:
    """May the user report or change progress, evidence and uploads of this school."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role == Role.DEPARTMENT_HEAD:
        return school is None or not user.municipality_id or school.municipality_id == user.municipality_id
    if user.role == Role.METHODIST:
        return school is None or user.curated_schools.filter(pk=school.pk).exists()
    if user.role == Role.SCHOOL_HEAD:
        return school is not None and school.pk == user.school_id
    return False


def is_department_staff(user: User) -> bool:
    """The department's people, by role (the department head, methodists, the ВПР coordinator) and the
    regional analyst who reads what they read; a superuser. Not school heads, members or observers."""
    return user.is_authenticated and (user.is_superuser or user.role in DEPARTMENT_ROLES | READ_ONLY_ROLES)


def is_department_head(user: User) -> bool:
    """The head of the department (or a superuser): plans, the list of schools, meetings."""
    return user.is_authenticated and (user.is_superuser or user.role == Role.DEPARTMENT_HEAD)


def school_for_user_or_404(user: User, pk: int) -> School:
    try:
        return schools_visible(user).get(pk=pk)
    except School.DoesNotExist as exc:
        raise Http404("Школа не найдена") from exc


def may_import_roadmaps(user: User) -> bool:
    """Load a roadmap from a document: the department head or a methodist."""
    return user.is_authenticated and (
        user.is_superuser or user.role in {Role.DEPARTMENT_HEAD, Role.METHODIST}
    )


# --- choice lists of people and schools -------------------------------------------------------------
# Every form and filter that offers a list of people or schools takes it from here (or from
# schools_visible and the apps' access modules built on it), so a list never crosses municipalities.


def people_to_choose(
    municipality_id: int | None,
    *,
    roles: set[str] | None = None,
    exclude_roles: set[str] | None = None,
) -> QuerySet[User]:
    """Active people of one municipality (its staff and the staff of its schools); none without one.

    One row per person as it stands: a person has one school at most, so the join to it repeats nobody and
    needs no DISTINCT (which made the database compare every column of 1,500 people and their schools). A
    caller that filters across a relation of many rows adds ``.distinct()`` itself."""
    if municipality_id is None:
        return User.objects.none()
    people = User.objects.filter(
        Q(municipality=municipality_id) | Q(school__municipality=municipality_id), is_active=True
    )
    if roles is not None:
        people = people.filter(role__in=roles)
    if exclude_roles:
        people = people.exclude(role__in=exclude_roles)
    return people.select_related("school").order_by("last_name", "first_name", "pk")


def schools_to_choose(municipality_id: int | None, *, active_only: bool = True) -> QuerySet[School]:
    """Schools of one municipality to pick from (an exam's venue, a procedure's schools); none without one."""
    if municipality_id is None:
        return School.objects.none()
    schools = School.objects.filter(municipality=municipality_id)
    return (schools.filter(is_active=True) if active_only else schools).order_by("short_name")
