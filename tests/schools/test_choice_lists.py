"""Every choice list of people and schools stays inside the municipality.

Before: the measure form's «Ответственные» listed every active user of every municipality, and a head of
one municipality could save users of another as responsible.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.forms import CommissionForm, MockExamForm
from assessments.observer_forms import ObserverForm, ProcedureForm
from reports.forms import MeetingForm
from roadmaps.forms import MeasureForm, RoadmapForm
from roadmaps.models import Measure
from schools.access import people_to_choose, schools_to_choose
from schools.models import User

from ..assessments.factories import MockExamScheduleFactory
from ..factories import MunicipalityFactory, RoadmapFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other():
    y = MunicipalityFactory(name="Район Игрек")
    school = SchoolFactory(municipality=y, short_name="МКОУ «Игрековская СОШ»")
    return {
        "municipality": y,
        "school": school,
        "methodist": UserFactory(last_name="Чужова", role=User.Role.METHODIST, municipality=y),
        "head": UserFactory(last_name="Чужаков", role=User.Role.SCHOOL_HEAD, municipality=y, school=school),
        "member": UserFactory(
            last_name="Чужеева", role=User.Role.COMMISSION_MEMBER, municipality=y, school=school
        ),
    }


def _measure_data(**extra) -> dict:
    # The deadline as seen on the page that shows how it was understood: saved on this post.
    return {
        "number": "9",
        "title": "Мониторинг объективности",
        "deadline_text": "В течение года",
        "deadline_seen": "В течение года",
        "per_school": "on",
        **extra,
    }


def test_the_measure_form_lists_and_accepts_only_people_of_the_plan_s_municipality(
    client, municipality, department_head, methodist_a, other
):
    roadmap = RoadmapFactory(municipality=municipality)
    client.force_login(department_head)
    url = reverse("roadmaps:measure_create", args=[roadmap.pk])
    page = client.get(url).content.decode()
    assert methodist_a.last_name in page and "Чужова" not in page and "Чужаков" not in page

    response = client.post(url, _measure_data(responsible_users=[methodist_a.pk, other["methodist"].pk]))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Measure.objects.filter(roadmap=roadmap).exists()

    response = client.post(url, _measure_data(responsible_users=[methodist_a.pk]))
    assert response.status_code == 302
    assert list(Measure.objects.get(roadmap=roadmap).responsible_users.all()) == [methodist_a]


def test_no_form_offers_a_person_or_school_of_another_municipality(
    municipality, school_a, department_head, other
):
    UserFactory(role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_a)
    roadmap = RoadmapFactory(municipality=municipality)
    schedule = MockExamScheduleFactory(municipality=municipality)
    choice_lists = {
        "MeasureForm.responsible_users": MeasureForm(roadmap=roadmap).fields["responsible_users"],
        "RoadmapForm.school": RoadmapForm(municipality=municipality).fields["school"],
        "MockExamForm.venue": MockExamForm(schedule=schedule).fields["venue"],
        "CommissionForm.members": CommissionForm(municipality=municipality).fields["members"],
        "ObserverForm.school": ObserverForm(municipality=municipality).fields["school"],
        "ProcedureForm.schools": ProcedureForm(municipality=municipality).fields["schools"],
        "MeetingForm.chair": MeetingForm(municipality_id=municipality.pk).fields["chair"],
        "MeetingForm.attendees": MeetingForm(municipality_id=municipality.pk).fields["attendees"],
    }
    for name, field in choice_lists.items():
        offered = list(field.queryset)
        assert offered, f"{name} offers nothing: the test would prove nothing"
        crossing = [
            row for row in offered if getattr(row, "municipality_id", None) == other["municipality"].pk
        ]
        assert not crossing, f"{name} offers {crossing}"


def test_a_form_without_a_municipality_offers_nobody(other):
    assert not people_to_choose(None).exists() and not schools_to_choose(None).exists()
    assert not RoadmapForm(municipality=None).fields["school"].queryset.exists()
    assert not MeetingForm(municipality_id=None).fields["attendees"].queryset.exists()


def test_a_recheck_is_offered_to_members_of_its_municipality_outside_the_candidate_s_school(
    municipality, school_a, school_b, other
):
    from medals.rechecks import recheck_members

    from ..medals.factories import CandidateFactory, PupilFactory, RecheckFactory

    own = UserFactory(role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_a)
    neighbour = UserFactory(role=User.Role.COMMISSION_MEMBER, municipality=municipality, school=school_b)
    recheck = RecheckFactory(candidate=CandidateFactory(pupil=PupilFactory(school=school_a)))
    assert list(recheck_members(recheck=recheck)) == [neighbour]
    assert own not in recheck_members(recheck=recheck) and other["member"] not in recheck_members(
        recheck=recheck
    )
