import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments.models import EgeResult
from medals import risks
from medals.models import Period, Recheck, Source, WorkKind
from medals.rechecks import (
    recheck_add,
    recheck_members,
    recheck_proposals,
    recheck_propose,
    recheck_record,
    recheck_update,
)
from schools.models import User
from tests.factories import MunicipalityFactory, SchoolFactory, UserFactory

from .factories import GradeFactory, RecheckFactory, subject
from .scores import mock

DAY = datetime.date(2023, 10, 12)


def reasons_by_date(candidate):
    return {p.work_date: p.reasons for p in recheck_proposals(candidates=[candidate])}


def test_a_disagreement_proposes_the_work_with_the_notebook_mark(candidate_a):
    GradeFactory(candidate=candidate_a, mark="5")
    GradeFactory(candidate=candidate_a, mark="4", source=Source.NOTEBOOK)
    [proposal] = recheck_proposals(candidates=[candidate_a])
    assert (proposal.work_date, proposal.original_mark) == (DAY, "4")
    assert proposal.reasons == ["Журнал и тетрадь расходятся: журнал 5, тетрадь 4"]


def test_a_transfer_proposes_the_first_five_for_a_control_work_after_it_in_each_subject(candidate_a):
    candidate_a.transfer_date = datetime.date(2023, 11, 1)
    physics = subject("Физика")
    GradeFactory(candidate=candidate_a, work_date=datetime.date(2023, 10, 20))
    GradeFactory(candidate=candidate_a, work_date=datetime.date(2023, 11, 15), mark="4")
    GradeFactory(candidate=candidate_a, work_date=datetime.date(2023, 11, 20))
    GradeFactory(candidate=candidate_a, work_date=datetime.date(2023, 12, 20))
    GradeFactory(candidate=candidate_a, work_date=datetime.date(2023, 11, 21), work_kind=WorkKind.CURRENT)
    GradeFactory(candidate=candidate_a, work_date=datetime.date(2024, 2, 2), subject=physics)
    reason = "Первая «5» за контрольную после перевода 01.11.2023"
    assert reasons_by_date(candidate_a) == {
        datetime.date(2023, 11, 20): [reason],
        datetime.date(2024, 2, 2): [reason],
    }


def test_a_final_mark_that_denies_the_medal_proposes_the_latest_control_work_of_the_subject(candidate_a):
    physics = subject("Физика")
    GradeFactory(candidate=candidate_a, subject=physics, work_date=datetime.date(2023, 10, 1))
    GradeFactory(candidate=candidate_a, subject=physics, work_date=datetime.date(2024, 3, 1))
    GradeFactory(
        candidate=candidate_a,
        subject=physics,
        period=Period.FINAL,
        work_kind=WorkKind.FINAL,
        work_date=None,
        mark="4",
    )
    assert reasons_by_date(candidate_a) == {
        datetime.date(2024, 3, 1): ["Итоговая «4» не даёт медаль I степени"]
    }


def test_a_mock_below_the_threshold_proposes_the_latest_control_work_of_the_subject(candidate_a, monkeypatch):
    GradeFactory(candidate=candidate_a, work_date=datetime.date(2024, 2, 1))
    monkeypatch.setattr(
        risks, "pupil_exam_scores", lambda pupil_ids: {candidate_a.pupil_id: [mock("Русский язык", 64)]}
    )
    assert reasons_by_date(candidate_a) == {
        datetime.date(2024, 2, 1): ["Пробный экзамен по предмету ниже порога: 64 при 70"]
    }


def test_an_ege_result_is_not_a_mock_and_proposes_nothing(candidate_a):
    GradeFactory(candidate=candidate_a, work_date=datetime.date(2024, 2, 1))
    EgeResult.objects.create(
        pupil=candidate_a.pupil,
        subject=subject("Русский язык"),
        year=2024,
        exam_date=datetime.date(2024, 5, 30),
        score_100=50,
    )
    assert recheck_proposals(candidates=[candidate_a]) == []


def test_proposing_twice_adds_nothing_new(candidate_a, methodist_a):
    GradeFactory(candidate=candidate_a, mark="5")
    GradeFactory(candidate=candidate_a, mark="4", source=Source.NOTEBOOK)
    assert recheck_propose(candidates=[candidate_a], user=methodist_a) == 1
    assert recheck_propose(candidates=[candidate_a], user=methodist_a) == 0
    recheck = Recheck.objects.get()
    assert recheck.code.startswith("24-")
    assert (recheck.status, recheck.created_by, recheck.original_value) == (
        Recheck.Status.PROPOSED,
        methodist_a,
        4,
    )


def test_a_work_is_added_by_hand_once(candidate_a, methodist_a):
    grade = GradeFactory(candidate=candidate_a)
    first = recheck_add(grade=grade, user=methodist_a, reason="Добавлена методистом")
    assert recheck_add(grade=grade, user=methodist_a, reason="ещё раз") == first


def test_a_current_mark_cannot_be_sent_to_recheck(candidate_a, methodist_a):
    with pytest.raises(ValidationError):
        recheck_add(
            grade=GradeFactory(candidate=candidate_a, work_kind=WorkKind.CURRENT), user=methodist_a, reason=""
        )


def test_only_members_from_other_schools_of_the_municipality_may_recheck(candidate_a, member, member_a):
    other_place = UserFactory(
        role=User.Role.COMMISSION_MEMBER, municipality=MunicipalityFactory(), school=SchoolFactory()
    )
    recheck = RecheckFactory(candidate=candidate_a)
    assert list(recheck_members(recheck=recheck)) == [member]
    with pytest.raises(ValidationError, match="не из школы претендента"):
        recheck_update(recheck=recheck, member=member_a, excluded=False, note="")
    with pytest.raises(ValidationError):
        recheck_update(recheck=recheck, member=other_place, excluded=False, note="")
    recheck_update(recheck=recheck, member=member, excluded=False, note="срочно")
    recheck.refresh_from_db()
    assert (recheck.status, recheck.assigned_to, recheck.note) == (Recheck.Status.ASSIGNED, member, "срочно")
    assert recheck.assigned_at is not None


def test_excluding_and_unassigning_change_the_status(candidate_a, member):
    recheck = RecheckFactory(candidate=candidate_a)
    recheck_update(recheck=recheck, member=None, excluded=True, note="")
    assert recheck.status == Recheck.Status.EXCLUDED
    recheck_update(recheck=recheck, member=None, excluded=False, note="")
    assert recheck.status == Recheck.Status.PROPOSED


def test_a_rechecked_work_cannot_be_reassigned(candidate_a, member, methodist_b):
    recheck = RecheckFactory(candidate=candidate_a, assigned_to=member, status=Recheck.Status.ASSIGNED)
    recheck_record(recheck=recheck, mark="4", comment="")
    with pytest.raises(ValidationError, match="уже перепроверена"):
        recheck_update(recheck=recheck, member=None, excluded=True, note="")


def test_the_member_records_a_mark_2_to_5(candidate_a, member):
    recheck = RecheckFactory(candidate=candidate_a, assigned_to=member, status=Recheck.Status.ASSIGNED)
    with pytest.raises(ValidationError):
        recheck_record(recheck=recheck, mark="6", comment="")
    recheck_record(recheck=recheck, mark="4", comment="Ошибка в задаче 3 не учтена")
    recheck.refresh_from_db()
    assert (recheck.status, recheck.recheck_value, recheck.lowered) == (Recheck.Status.DONE, 4, True)
