from __future__ import annotations

import datetime

import pytest
from django.core import mail

from reports.digests import bucket_for, digest_for_user
from reports.mail import send_templated_mail
from reports.models import DigestDelivery, DigestPreference
from reports.reminders import digest_mail_context, digest_recipients, digests_send, wants_digest_on
from roadmaps.models import Progress, ProgressStatus, Roadmap
from schools.models import User
from tests.factories import MunicipalityFactory, SchoolFactory, UserFactory

from .reminder_fixtures import MONDAY, deadline_plan


@pytest.fixture
def plan(municipality, school_a, school_b, methodist_a):
    return deadline_plan(municipality=municipality, responsible=methodist_a)


def _titles(digest) -> dict[str, list[str]]:
    return {
        bucket.code: [f"{item.title} / {item.school}" for item in bucket.items] for bucket in digest.buckets
    }


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-30, "overdue"),
        (-1, "overdue"),
        (0, "today"),
        (1, "in_1"),
        (2, "in_3"),
        (3, "in_3"),
        (4, "in_7"),
        (7, "in_7"),
    ],
)
def test_each_deadline_falls_in_its_bucket(days, bucket):
    assert bucket_for(deadline=MONDAY + datetime.timedelta(days=days), today=MONDAY) == bucket


def test_a_deadline_more_than_a_week_away_is_not_in_the_digest():
    assert bucket_for(deadline=MONDAY + datetime.timedelta(days=8), today=MONDAY) is None


def test_school_head_is_reminded_of_their_schools_rows_only(plan, head_a):
    digest = digest_for_user(user=head_a, local_date=MONDAY)
    assert _titles(digest) == {
        "overdue": ["Анализ переводов претендентов / МКОУ «Школа А»"],
        "today": ["Выборочная перепроверка работ / МКОУ «Школа А»"],
        "in_1": ["Анализ пробных экзаменов / МКОУ «Школа А»"],
        "in_3": ["Посещение уроков учителей / МКОУ «Школа А»"],
        "in_7": ["Мониторинг ВПР / МКОУ «Школа А»", "Анализ результатов мониторинга / МКОУ «Школа А»"],
    }
    assert digest.total == 6
    assert digest.buckets[0].url == "/roadmaps/measures/?overdue=on&school=" + str(head_a.school_id)


def test_done_and_not_required_rows_are_not_reminded(plan, head_a, school_a):
    Progress.objects.filter(measure=plan.measures["Анализ переводов претендентов"], school=school_a).update(
        status=ProgressStatus.DONE
    )
    Progress.objects.filter(measure=plan.measures["Выборочная перепроверка работ"], school=school_a).update(
        status=ProgressStatus.NOT_REQUIRED
    )
    codes = [bucket.code for bucket in digest_for_user(user=head_a, local_date=MONDAY).buckets]
    assert codes == ["in_1", "in_3", "in_7"]


def test_methodist_gets_curated_schools_and_the_department_rows_they_answer_for(
    plan, methodist_a, methodist_b
):
    digest_a = digest_for_user(user=methodist_a, local_date=MONDAY)
    assert _titles(digest_a)["in_1"] == [
        "Анализ пробных экзаменов / МКОУ «Школа А»",
        "Рабочее совещание с заместителями директоров / Управление образования",
    ]
    assert all("Школа Б" not in title for titles in _titles(digest_a).values() for title in titles)
    digest_b = digest_for_user(user=methodist_b, local_date=MONDAY)
    assert _titles(digest_b)["in_1"] == ["Анализ пробных экзаменов / МКОУ «Школа Б»"]


def test_department_head_gets_a_municipal_summary(plan, department_head):
    digest = digest_for_user(user=department_head, local_date=MONDAY)
    assert digest.is_summary
    assert {bucket.code: bucket.total for bucket in digest.buckets} == {
        "overdue": 2,
        "today": 2,
        "in_1": 3,
        "in_3": 2,
        "in_7": 4,
    }
    schools = {line.school: dict(line.counts) for line in digest.school_lines}
    assert schools["МКОУ «Школа А»"]["Просрочено"] == 1
    assert schools["Управление образования"]["Срок завтра"] == 1
    assert digest.schools_total == 3
    lines = {line.title: (line.bucket_label, line.schools) for line in digest.measure_lines}
    assert lines["Анализ переводов претендентов"] == ("Просрочено", 2)
    assert "Контроль проведения ГИА" not in lines


def test_archived_roadmaps_remind_nobody(plan, head_a):
    Roadmap.objects.filter(pk=plan.roadmap.pk).update(status=Roadmap.Status.ARCHIVED)
    assert digest_for_user(user=head_a, local_date=MONDAY).is_empty


def test_another_municipalitys_rows_are_not_in_the_summary(plan, department_head):
    other = MunicipalityFactory(name="Другой район")
    other_head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=other)
    deadline_plan(municipality=other, responsible=other_head)
    SchoolFactory(municipality=other)
    digest = digest_for_user(user=department_head, local_date=MONDAY)
    assert {bucket.code: bucket.total for bucket in digest.buckets}["overdue"] == 2


def test_the_school_heads_email_lists_rows_with_links_in_text_and_html(plan, head_a, settings):
    settings.SITE_URL = "https://uo.example.org"
    digest = digest_for_user(user=head_a, local_date=MONDAY)
    send_templated_mail(to=[head_a.email], template="digest", context=digest_mail_context(digest=digest))
    message = mail.outbox[0]
    assert message.subject == "Просрочено мероприятий: 1. Сроки по дорожной карте на 11 марта 2024 г."
    assert message.to == [head_a.email]
    assert "ПРОСРОЧЕНО (1)" in message.body
    assert "- 1. Анализ переводов претендентов" in message.body
    assert "МКОУ «Школа А» · срок 10 марта 2024 г. · не начато" in message.body
    progress = Progress.objects.get(
        measure=plan.measures["Анализ переводов претендентов"], school=head_a.school
    )
    assert f"https://uo.example.org/roadmaps/progress/{progress.pk}/" in message.body
    html, content_type = message.alternatives[0]
    assert content_type == "text/html"
    assert f'href="https://uo.example.org/roadmaps/progress/{progress.pk}/"' in html
    assert "МКОУ &laquo;Школа А&raquo;" in html or "МКОУ «Школа А»" in html
    assert "https://uo.example.org/reports/digest/" in message.body


def test_the_department_heads_email_is_a_summary_by_school_and_measure(plan, department_head):
    digest = digest_for_user(user=department_head, local_date=MONDAY)
    send_templated_mail(
        to=[department_head.email], template="digest", context=digest_mail_context(digest=digest)
    )
    body = mail.outbox[0].body
    assert "Сводка по муниципалитету на 11 марта 2024 г." in body
    assert "Просрочено: 2 —" in body
    assert "- МКОУ «Школа А»: просрочено — 1; срок сегодня — 1; срок завтра — 1" in body
    assert "- 1. Анализ переводов претендентов — просрочено (10 марта 2024 г.), школ: 2" in body
    assert "<th>Срок через 2–3 дня</th>" in mail.outbox[0].alternatives[0][0]


def test_nobody_is_emailed_without_an_address_or_outside_the_reminded_roles(
    plan, municipality, head_a, head_b, methodist_a, department_head, coordinator, member
):
    head_b.email = ""
    head_b.save()
    UserFactory(role=User.Role.SCHOOL_HEAD, municipality=municipality, school=None)
    recipients = digest_recipients(municipalities=[municipality], local_date=MONDAY)
    assert set(recipients) == {head_a, methodist_a, department_head}


def test_a_digest_switched_off_or_weekly_on_another_day_is_not_due(plan, municipality, head_a, methodist_a):
    DigestPreference.objects.create(user=head_a, frequency=DigestPreference.Frequency.OFF)
    DigestPreference.objects.create(
        user=methodist_a, frequency=DigestPreference.Frequency.WEEKLY, weekday=DigestPreference.Weekday.FRIDAY
    )
    assert head_a not in digest_recipients(municipalities=[municipality], local_date=MONDAY)
    assert methodist_a not in digest_recipients(municipalities=[municipality], local_date=MONDAY)
    friday = MONDAY + datetime.timedelta(days=4)
    assert methodist_a in digest_recipients(municipalities=[municipality], local_date=friday)


def test_without_a_preference_the_digest_is_daily():
    assert wants_digest_on(preference=None, local_date=MONDAY)
    assert wants_digest_on(preference=DigestPreference(frequency="daily"), local_date=MONDAY)
    assert not wants_digest_on(preference=DigestPreference(frequency="weekly", weekday=1), local_date=MONDAY)
    assert wants_digest_on(preference=DigestPreference(frequency="weekly", weekday=0), local_date=MONDAY)


# --- time zones: Tomsk (UTC+7) is served four hours before Moscow (UTC+3) ----------------------------


@pytest.fixture
def two_zones(plan, municipality, head_a):
    tomsk = MunicipalityFactory(name="Томский район", timezone="Asia/Tomsk")
    tomsk_head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=tomsk, email="tomsk@example.org")
    deadline_plan(municipality=tomsk, responsible=tomsk_head)
    SchoolFactory(municipality=tomsk)
    return tomsk_head


def _utc(hour: int, minute: int = 0, day: int = 11) -> datetime.datetime:
    return datetime.datetime(2024, 3, day, hour, minute, tzinfo=datetime.UTC)


def test_tomsk_gets_its_morning_digest_while_it_is_still_night_in_moscow(two_zones, municipality):
    result = digests_send(now=_utc(0, 30), local_hour=7)  # Tomsk 07:30, Moscow 03:30
    assert result.sent == 1
    assert [m.to for m in mail.outbox] == [["tomsk@example.org"]]
    assert DigestDelivery.objects.get(user=two_zones).local_date == MONDAY


def test_moscow_is_served_when_its_own_clock_reaches_the_hour(two_zones, municipality):
    digests_send(now=_utc(0, 30), local_hour=7)
    mail.outbox.clear()
    assert digests_send(now=_utc(3, 59), local_hour=7).sent == 0  # Moscow 06:59
    result = digests_send(now=_utc(4, 0), local_hour=7)  # Moscow 07:00, Tomsk 11:00 and already served
    assert (result.sent, result.skipped) == (2, 1)
    assert "tomsk@example.org" not in {address for m in mail.outbox for address in m.to}


def test_the_local_date_of_an_early_digest_is_the_municipalitys_not_utcs(two_zones):
    digests_send(
        now=datetime.datetime(2024, 3, 10, 22, 30, tzinfo=datetime.UTC), local_hour=5
    )  # Tomsk 05:30, 11th
    assert DigestDelivery.objects.get(user=two_zones).local_date == MONDAY
    assert not DigestDelivery.objects.exclude(user=two_zones).exists()


# --- many people at once --------------------------------------------------------------------------------


def test_the_digests_built_together_are_those_built_one_by_one(
    plan, municipality, methodist_a, head_a, head_b, department_head
):
    from reports.digests_many import digests_for_users

    people = digest_recipients(municipalities=[municipality], local_date=MONDAY)
    assert {methodist_a, head_a, head_b, department_head} <= set(people)
    together = digests_for_users(municipalities=[municipality], users=people, local_date=MONDAY)
    for user in people:
        assert together[user.pk] == digest_for_user(user=user, local_date=MONDAY), user.username
    assert together[department_head.pk].is_summary and together[department_head.pk].school_lines


def _run_queries(municipality) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.reminders import digests_send_for_municipality

    with CaptureQueriesContext(connection) as context:
        result = digests_send_for_municipality(municipality=municipality, local_date=MONDAY)
    return len(context.captured_queries), result.sent


def test_a_reminder_run_asks_the_database_as_often_for_many_people_as_for_few(
    plan, municipality, school_a, school_b
):
    """Five queries per person made 7,511 for 1,502 people: now a constant number per run."""
    from schools.models import School

    def heads(count: int, start: int) -> None:
        for n in range(start, start + count):
            school = SchoolFactory(municipality=municipality, short_name=f"СОШ №{n}")
            Progress.objects.bulk_create(
                [Progress(measure=m, school=school) for m in plan.measures.values()], ignore_conflicts=True
            )
            UserFactory(role=User.Role.SCHOOL_HEAD, municipality=municipality, school=school)

    heads(3, 100)
    few, sent_few = _run_queries(municipality)
    DigestDelivery.objects.all().delete()
    mail.outbox.clear()
    heads(30, 200)
    many, sent_many = _run_queries(municipality)
    assert sent_many == sent_few + 30 and School.objects.filter(municipality=municipality).count() >= 35
    assert many == few <= 50
    # and still never twice
    _, sent_again = _run_queries(municipality)
    assert sent_again == 0 and len(mail.outbox) == sent_many


def _district(n: int) -> dict:
    """A municipality with its plan (a department measure too), two schools with heads, a methodist
    curating both and a department head: every kind of recipient and row."""
    place = MunicipalityFactory(name=f"Район {n}")
    schools = [SchoolFactory(municipality=place, short_name=f"СОШ №{n}{k}") for k in range(2)]
    methodist = UserFactory(role=User.Role.METHODIST, municipality=place, username=f"metod{n}")
    methodist.curated_schools.set(schools)
    for k, school in enumerate(schools):
        UserFactory(role=User.Role.SCHOOL_HEAD, municipality=place, school=school, username=f"dir{n}{k}")
    head = UserFactory(role=User.Role.DEPARTMENT_HEAD, municipality=place, username=f"nach{n}")
    deadline_plan(municipality=place, responsible=methodist)
    return {"place": place, "methodist": methodist, "head": head}


@pytest.mark.django_db
def test_a_region_run_asks_the_database_as_often_for_many_municipalities_as_for_one():
    """440 queries for 40 municipalities (11 each) in the bench: now one set of queries for the run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.reminders import digests_send_for_municipalities

    def run(places) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            result = digests_send_for_municipalities(municipalities=places, local_date=MONDAY)
        return len(context.captured_queries), result.sent

    one, sent_one = run([_district(1)["place"]])
    many, sent_many = run([_district(n)["place"] for n in range(2, 6)])
    assert (sent_one, sent_many) == (4, 16)
    assert many == one <= 50


@pytest.mark.django_db
def test_a_region_run_gives_each_person_the_rows_of_their_own_municipality_only():
    from reports.digests_many import digests_for_users

    first, second = _district(1), _district(2)
    places = [first["place"], second["place"]]
    people = digest_recipients(municipalities=places, local_date=MONDAY)
    together = digests_for_users(municipalities=places, users=people, local_date=MONDAY)
    for user in people:
        assert together[user.pk] == digest_for_user(user=user, local_date=MONDAY), user.username
    # The department measures have no school: each methodist gets their own municipality's only.
    for n, district in ((1, first), (2, second)):
        titles = [item.title for b in together[district["methodist"].pk].buckets for item in b.items]
        assert titles.count("Рабочее совещание с заместителями директоров") == 1
        schools = {line.school for line in together[district["head"].pk].school_lines}
        assert schools == {f"СОШ №{n}0", f"СОШ №{n}1", "Управление образования"}
