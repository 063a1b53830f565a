"""Demo data for the observer with a login: the demo observer «Смотрова Х.И.» gets the account
``nablyudatel`` (made by roadmaps.demo), so «Мои выезды» lists her bookings: one act the coordinator
entered from her paper form, one she wrote herself, and one booking whose act is still to be filled in.
Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime

from schools.models import Municipality, School, User

from .demo_parts import vpr_procedure
from .models import Observer, ObserverAssignment
from .observer_acts import act_record
from .observers import AssignmentError, observer_assign

USERNAME = "nablyudatel"


def load_observer_login_demo(*, municipality: Municipality, schools: list[School]) -> None:
    user = User.objects.filter(username=USERNAME, role=User.Role.OBSERVER).first()
    observer = Observer.objects.filter(municipality=municipality, last_name="Смотрова").first()
    if user is None or observer is None:
        return
    if observer.user_id is None:
        observer.user = user
        observer.save(update_fields=["user"])
    # The booking of the 2024 ВПР in Russian (assessments.demo._observers) has no act yet: she writes it.
    written = (
        ObserverAssignment.objects.filter(observer=observer, act__isnull=True, procedure__held_on__year=2024)
        .order_by("pk")
        .first()
    )
    if written is not None:
        act_record(
            assignment=written,
            stages=["materials", "conduct"],
            violations=[],
            remarks="Материалы получены вовремя, рассадка по одному, телефоны сданы до начала работы.",
            user=user,
        )
    # Next spring's ВПР: booked, the act still to be filled in after the visit.
    procedure, created = vpr_procedure(
        municipality, subject_name="Русский язык", grade=6, held_on=datetime.date(2025, 4, 22)
    )
    if created:
        procedure.schools.set(schools[:3])
    if not ObserverAssignment.objects.filter(procedure=procedure, observer=observer).exists():
        for school in schools[:3]:
            try:
                observer_assign(procedure=procedure, school=school, observer=observer)
            except AssignmentError:
                continue  # her own school or a conflict of interest: the next school
            break
