"""What Django's admin shows and lets change, and to whom: a person's reach is their municipality there too.

- Superusers are the operators of the installation (created by ``createsuperuser``): everything.
- A department head marked as staff (``is_staff``) with a municipality: the rows of their municipality
  only, found through the path of each model below; shared reference data (subjects, medal rules, shared
  conversion scales) is only read. They never grant superuser or staff rights, never edit a superuser and
  never move a person into another municipality.
- Anyone else who is staff: nothing.

A model missing from ``MUNICIPALITY_PATHS`` and ``REFERENCE`` is the operators' alone, so a new model
is closed until someone says whose it is.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from .models import User

# model label → the lookup from that model to its municipality's id.
MUNICIPALITY_PATHS: dict[str, str] = {
    "schools.municipality": "pk",
    "schools.school": "municipality",
    "schools.user": "municipality",
    "schools.pupil": "school__municipality",
    "roadmaps.roadmap": "municipality",
    "roadmaps.section": "roadmap__municipality",
    "roadmaps.measure": "roadmap__municipality",
    "roadmaps.progress": "measure__roadmap__municipality",
    "roadmaps.progresschange": "progress__measure__roadmap__municipality",
    "roadmaps.evidence": "progress__measure__roadmap__municipality",
    "roadmaps.appendix": "roadmap__municipality",
    "assessments.mockexamschedule": "municipality",
    "assessments.mockexam": "schedule__municipality",
    "assessments.mockwork": "exam__schedule__municipality",
    "assessments.commission": "schedule__municipality",
    "assessments.scorescale": "municipality",
    "assessments.resultupload": "municipality",
    "assessments.vprtest": "municipality",
    "assessments.vprresult": "test__municipality",
    "assessments.egeresult": "pupil__school__municipality",
    "assessments.objectivitythresholds": "municipality",
    "assessments.observer": "municipality",
    "assessments.procedure": "municipality",
    "assessments.observerassignment": "procedure__municipality",
    "medals.upload": "school__municipality",
    "medals.candidate": "school__municipality",
    "medals.extractversion": "school__municipality",
    "medals.grade": "candidate__school__municipality",
    "medals.recheck": "candidate__school__municipality",
    "medals.schoolyearindicator": "school__municipality",
    "reports.reportjob": "owner__municipality",
    "reports.meeting": "municipality",
    "reports.meetingagendaitem": "meeting__municipality",
    "reports.meetingschoolrow": "meeting__municipality",
    "reports.digestpreference": "user__municipality",
    "reports.digestdelivery": "user__municipality",
}

# Shared by every municipality: read by department heads, changed by operators only.
REFERENCE = {"assessments.subject", "medals.medalbenchmark"}

# Rows of these models without a municipality are shared reference data (read-only, as above).
SHARED_WHEN_EMPTY = {"assessments.scorescale"}

# Rows a department head may change but not add or remove.
CHANGE_ONLY = {"schools.municipality"}


def _label(model: type[Model]) -> str:
    return model._meta.label_lower


def is_operator(user: User) -> bool:
    return user.is_active and user.is_superuser


def may_use_admin(user: User) -> bool:
    """Staff who reach the admin at all: operators, and department heads of a municipality."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or (user.role == User.Role.DEPARTMENT_HEAD and user.municipality_id is not None)


def _own_q(user: User, label: str) -> Q:
    return Q(**{MUNICIPALITY_PATHS[label]: user.municipality_id})


def admin_rows(user: User, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` the person may see in the admin."""
    if is_operator(user):
        return queryset
    if not may_use_admin(user):
        return queryset.none()
    label = _label(queryset.model)
    if label in REFERENCE:
        return queryset
    if label not in MUNICIPALITY_PATHS:
        return queryset.none()
    q = _own_q(user, label)
    if label in SHARED_WHEN_EMPTY:
        q |= Q(**{f"{MUNICIPALITY_PATHS[label]}__isnull": True})
    if label == "schools.user":
        return queryset.filter(q).exclude(is_superuser=True)
    return queryset.filter(q)


def may_view_in_admin(user: User, model: type[Model]) -> bool:
    if is_operator(user):
        return True
    label = _label(model)
    return may_use_admin(user) and (label in REFERENCE or label in MUNICIPALITY_PATHS)


def may_change_in_admin(user: User, model: type[Model], obj: Model | None = None) -> bool:
    """Change (and, for ``obj=None``, the right to change some row of the model at all)."""
    if is_operator(user):
        return True
    label = _label(model)
    if not may_use_admin(user) or label not in MUNICIPALITY_PATHS:
        return False
    if obj is None:
        return True
    return admin_rows(user, model._default_manager.filter(pk=obj.pk)).filter(_own_q(user, label)).exists()


def may_add_in_admin(user: User, model: type[Model]) -> bool:
    if is_operator(user):
        return True
    return may_change_in_admin(user, model) and _label(model) not in CHANGE_ONLY


def may_delete_in_admin(user: User, model: type[Model], obj: Model | None = None) -> bool:
    if is_operator(user):
        return True
    return _label(model) not in CHANGE_ONLY and may_change_in_admin(user, model, obj)


def choices_for(user: User, model: type[Model]) -> QuerySet | None:
    """The rows a choice list of the admin may offer; None when the list needs no narrowing."""
    if is_operator(user):
        return None
    return admin_rows(user, model._default_manager.all())


class MunicipalityScopedMixin:
    """For ModelAdmin and inlines: rows, choice lists and rights follow the rules above."""

    def get_queryset(self, request):
        return admin_rows(request.user, super().get_queryset(request))

    def has_module_permission(self, request) -> bool:
        return may_view_in_admin(request.user, self.model)

    def _judged(self):
        # An inline is judged with the row it stands on; its own rows come through get_queryset.
        return getattr(self, "parent_model", None) or self.model

    def has_view_permission(self, request, obj=None) -> bool:
        model = self._judged()
        return may_view_in_admin(request.user, model) and (
            obj is None or admin_rows(request.user, model._default_manager.filter(pk=obj.pk)).exists()
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return may_change_in_admin(request.user, self._judged(), obj)

    def has_add_permission(self, request, obj=None) -> bool:
        if self._judged() is not self.model:
            return may_change_in_admin(request.user, self._judged(), obj)
        return may_add_in_admin(request.user, self.model)

    def has_delete_permission(self, request, obj=None) -> bool:
        if self._judged() is not self.model:
            return may_change_in_admin(request.user, self._judged(), obj)
        return may_delete_in_admin(request.user, self.model, obj)

    def save_model(self, request, obj, form, change):
        # A row a department head saves is their municipality's, whatever was posted.
        if not is_operator(request.user) and MUNICIPALITY_PATHS.get(_label(self.model)) == "municipality":
            obj.municipality_id = request.user.municipality_id
        super().save_model(request, obj, form, change)

    def get_list_filter(self, request):
        # A filter by municipality would list every municipality: for operators only.
        filters = super().get_list_filter(request)
        if is_operator(request.user):
            return filters
        return [f for f in filters if not (isinstance(f, str) and "municipality" in f)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        rows = choices_for(request.user, db_field.remote_field.model)
        if rows is not None:
            kwargs["queryset"] = rows
            if db_field.name == "municipality":
                # Their own municipality, chosen: left empty it would mean «shared» or «everywhere».
                kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        rows = choices_for(request.user, db_field.remote_field.model)
        if rows is not None:
            kwargs["queryset"] = rows
        return super().formfield_for_manytomany(db_field, request, **kwargs)
