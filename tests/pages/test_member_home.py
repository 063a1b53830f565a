"""A commission member's home page lists their works to check with counts; an empty list shows no
filters and no export."""

from __future__ import annotations

import pytest
from django.utils import timezone

from medals.models import Recheck

from ..assessments.factories import MockExamFactory, MockWorkFactory
from ..medals.factories import CandidateFactory, PupilFactory, RecheckFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_counts_what_is_left_to_check(client, member, school_a):
    exam = MockExamFactory(venue=school_a)
    for index in range(3):
        MockWorkFactory(exam=exam, pupil=PupilFactory(school=school_a), checker=member,
                        primary_score=12 if index == 0 else None)
    candidate = CandidateFactory(pupil=PupilFactory(school=school_a))
    RecheckFactory(candidate=candidate, status=Recheck.Status.ASSIGNED, assigned_to=member,
                   assigned_at=timezone.now())
    client.force_login(member)
    page = client.get("/").content.decode()
    assert "Пробные экзамены: работы на проверку" in page
    assert "2</span> ждут вашей проверки · проверено 1 из 3" in page
    assert "1</span> ждут вашей проверки · проверено 0 из 1" in page
    assert 'href="/assessments/works/"' in page and 'href="/medals/my-rechecks/"' in page
    assert PupilFactory._meta.model.objects.filter(school=school_a).first().last_name not in page


def test_with_nothing_assigned_the_page_says_so(client, member):
    client.force_login(member)
    page = client.get("/").content.decode()
    assert page.count("Вам пока не назначено ни одной работы.") == 2
    assert "Открыть список" not in page


def test_an_empty_list_of_works_shows_no_filters_and_no_export(client, member, school_a):
    client.force_login(member)
    page = client.get("/assessments/works/").content.decode()
    assert "Назначенных вам работ нет" in page
    assert "export=xlsx" not in page and "Сбросить" not in page
    MockWorkFactory(exam=MockExamFactory(venue=school_a), pupil=PupilFactory(school=school_a), checker=member)
    page = client.get("/assessments/works/").content.decode()
    assert "export=xlsx" in page
