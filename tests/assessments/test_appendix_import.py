"""A mock-exam schedule and its commission built from the appendices of an imported plan (seed 000)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from assessments.appendix_import import (
    SchoolIndex,
    commission_appendix_for,
    name_parts,
    schedule_appendix_plan,
    schedule_from_appendix,
)
from assessments.appendix_reading import (
    AppendixImportError,
    exam_moment,
    is_commission_appendix,
    is_schedule_appendix,
)
from assessments.models import Commission, MockExam, MockExamSchedule
from roadmaps.models import Appendix
from schools.models import User

from ..factories import RoadmapFactory, SchoolFactory, UserFactory
from .conftest import VENUE
from .factories import MockExamFactory, subject

SCHEDULE_HEADER = ["№", "Предмет", "Место проведения", "Дата проведения"]
COMMISSION_HEADER = ["№", "Предмет", "ФИО", "Наименование ОО"]


def _local(moment: datetime.datetime) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return f"{local:%d.%m.%Y}", f"{local:%H:%M}"


def test_the_seed_appendices_are_told_apart_by_their_columns(seed_appendices):
    schedule, commission = seed_appendices
    assert (is_schedule_appendix(schedule), is_commission_appendix(schedule)) == (True, False)
    assert (is_schedule_appendix(commission), is_commission_appendix(commission)) == (False, True)
    assert commission_appendix_for(schedule) == commission


def test_the_seed_schedule_has_four_exams_with_subjects_rounds_dates_and_the_venue(
    seed_appendices, seed_schools, coordinator
):
    schedule_appendix, commission_appendix = seed_appendices
    schedule = schedule_from_appendix(
        appendix=schedule_appendix, commission_appendix=commission_appendix, created_by=coordinator
    )
    exams = [
        (exam.subject.name, exam.round, *_local(exam.starts_at), exam.venue)
        for exam in schedule.exams.order_by("starts_at")
    ]
    venue = seed_schools["venue"]
    assert exams == [
        ("Математика", MockExam.Round.FIRST, "16.01.2024", "10:00", venue),
        ("Русский язык", MockExam.Round.SECOND, "06.03.2024", "10:00", venue),
        ("Математика", MockExam.Round.SECOND, "12.03.2024", "10:00", venue),
        ("Русский язык", MockExam.Round.FIRST, "20.12.2024", "11:00", venue),
    ]


def test_the_seed_schedule_takes_its_title_order_and_period_from_the_plan(seed_appendices, coordinator):
    schedule = schedule_from_appendix(appendix=seed_appendices[0], created_by=coordinator)
    assert schedule.title == (
        "График проведения пробного экзамена в форме ЕГЭ для выпускников, претендентов на медаль "
        "«За особые успехи в учении» в ОО Кумторкалинского района"
    )
    assert (schedule.order_number, schedule.order_date) == ("312", datetime.date(2023, 11, 27))
    assert (schedule.period_start, schedule.period_end) == (
        datetime.date(2023, 9, 1),
        datetime.date(2024, 8, 31),
    )
    assert (schedule.source_appendix, schedule.created_by) == (seed_appendices[0], coordinator)
    assert not Commission.objects.exists()


def test_the_seed_commission_has_three_members_per_subject_as_new_accounts(
    seed_appendices, seed_schools, coordinator
):
    schedule = schedule_from_appendix(
        appendix=seed_appendices[0], commission_appendix=seed_appendices[1], created_by=coordinator
    )
    members = {
        commission.subject.name: [(u.short_name, u.school) for u in commission.members.order_by("pk")]
        for commission in schedule.commissions.all()
    }
    s = seed_schools
    assert members == {
        "Русский язык": [
            ("Арсланалиева М.Г.", s["tyube"]),
            ("Тавекелова У.А.", s["korkmaskala"]),
            ("Джаватова У.А.", s["almalo"]),
        ],
        "Математика": [
            ("Солтаналиева Н.А.", s["venue"]),
            ("Токаева З.Г.", s["korkmaskala"]),
            ("Аманатова П.М.", s["uchkent"]),
        ],
    }
    created = User.objects.filter(role=User.Role.COMMISSION_MEMBER)
    assert created.count() == 6
    assert all(not u.has_usable_password() and u.municipality == schedule.municipality for u in created)


def test_the_december_date_outside_the_plan_is_the_usual_warning_not_an_error(seed_appendices):
    plan = schedule_appendix_plan(appendix=seed_appendices[0], commission_appendix=seed_appendices[1])
    assert plan.errors == []
    assert plan.warnings == [
        "Приложение №2, строка 1, столбец «Дата проведения»: "
        "Дата 20.12.2024 вне периода плана (01.09.2023 – 31.08.2024): проверьте год."
    ]
    assert [e.warning is not None for e in plan.exams] == [True, False, False, False]


def test_an_existing_commission_member_is_matched_by_surname_and_initials(
    seed_appendices, seed_schools, municipality, coordinator
):
    known = UserFactory(
        role=User.Role.COMMISSION_MEMBER,
        municipality=municipality,
        school=seed_schools["almalo"],
        last_name="Джаватова",
        first_name="Ума",
        middle_name="Алиевна",
    )
    schedule = schedule_from_appendix(
        appendix=seed_appendices[0], commission_appendix=seed_appendices[1], created_by=coordinator
    )
    russian = schedule.commissions.get(subject__name="Русский язык")
    assert known in russian.members.all()
    assert User.objects.filter(role=User.Role.COMMISSION_MEMBER).count() == 6


def test_a_person_of_another_role_is_not_taken_for_a_commission_member(
    seed_appendices, seed_schools, municipality, coordinator
):
    head = UserFactory(
        role=User.Role.SCHOOL_HEAD,
        municipality=municipality,
        last_name="Токаева",
        first_name="Зоя",
        middle_name="Г",
    )
    schedule = schedule_from_appendix(
        appendix=seed_appendices[0], commission_appendix=seed_appendices[1], created_by=coordinator
    )
    maths = schedule.commissions.get(subject__name="Математика").members.all()
    assert head not in maths and any(u.short_name == "Токаева З.Г." for u in maths)


def test_an_existing_member_from_another_school_keeps_it_with_a_warning(
    seed_appendices, seed_schools, municipality
):
    UserFactory(
        role=User.Role.COMMISSION_MEMBER,
        municipality=municipality,
        school=seed_schools["uchkent"],
        last_name="Токаева",
        first_name="Зоя",
        middle_name="Гасановна",
    )
    plan = schedule_appendix_plan(appendix=seed_appendices[0], commission_appendix=seed_appendices[1])
    assert plan.errors == []
    assert (
        "Приложение №3, строка 5, столбец «ФИО»: у Токаева З.Г. в системе указана школа "
        "«МКОУ «Учкентская СОШ»», а в приложении — «МКОУ «Коркмаскалинская СОШ»»; остаётся школа из системы."
    ) in plan.warnings


def test_the_same_appendix_does_not_make_a_second_schedule(seed_appendices, coordinator):
    schedule_from_appendix(appendix=seed_appendices[0], created_by=coordinator)
    with pytest.raises(AppendixImportError, match="уже создан график"):
        schedule_from_appendix(appendix=seed_appendices[0], created_by=coordinator)
    assert MockExamSchedule.objects.count() == 1


def test_a_clash_with_an_exam_already_scheduled_at_the_venue_is_refused(seed_appendices, seed_schools):
    MockExamFactory(
        venue=seed_schools["venue"],
        subject=subject("Химия"),
        starts_at=timezone.make_aware(datetime.datetime(2024, 1, 16, 9, 0)),
    )
    with pytest.raises(AppendixImportError) as caught:
        schedule_from_appendix(appendix=seed_appendices[0], created_by=None)
    assert caught.value.errors == [
        "Приложение №2, строка 2, столбец «Дата проведения»: В МКОУ «Коркмаскалинская СОШ им. М.-З. "
        "Баймурзаева» в это время уже идёт экзамен: Химия (первый пробный), 16.01.2024 с 09:00 до 12:55. "
        "Выберите другое время или место."
    ]
    assert MockExamSchedule.objects.count() == 1  # only the one the factory made


# --- bad appendices: a clear message naming the row and the column, and nothing saved ---------------------


@pytest.fixture
def plan_roadmap(municipality, seed_schools):
    return RoadmapFactory(municipality=municipality, order_number="5", order_date=datetime.date(2023, 10, 2))


def _appendix(roadmap, number: int, rows: list[list[str]]) -> Appendix:
    return Appendix.objects.create(
        roadmap=roadmap, title=f"Приложение №{number}. Таблица", rows=rows, order=number
    )


def _errors(schedule_rows, commission_rows=None, *, roadmap) -> list[str]:
    schedule = _appendix(roadmap, 2, [SCHEDULE_HEADER, *schedule_rows])
    commission = _appendix(roadmap, 3, [COMMISSION_HEADER, *commission_rows]) if commission_rows else None
    users = User.objects.count()
    with pytest.raises(AppendixImportError) as caught:
        schedule_from_appendix(appendix=schedule, commission_appendix=commission, created_by=None)
    assert not MockExamSchedule.objects.exists() and not Commission.objects.exists()
    assert User.objects.count() == users
    return caught.value.errors


GOOD_EXAM = ["1", "Русский язык (первый пробный)", VENUE, "16.01.2024 г. в 10.00 ч."]
GOOD_MEMBER = ["1", "Русский язык", "Грамотеева Л.А.", "МКОУ «Тюбинская СОШ»"]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            ["1", "Русский язык (первый пробный)", "МКОУ «Несуществующая СОШ»", "16.01.2024 в 10.00"],
            "Приложение №2, строка 1, столбец «Место проведения»: школа «МКОУ «Несуществующая СОШ»» "
            "не найдена среди действующих школ муниципалитета.",
        ),
        (
            ["1", "Астрология (первый пробный)", VENUE, "16.01.2024 в 10.00"],
            "Приложение №2, строка 1, столбец «Предмет»: предмет «Астрология» не найден "
            "в справочнике предметов.",
        ),
        (
            ["1", "Русский язык", VENUE, "16.01.2024 в 10.00"],
            "Приложение №2, строка 1, столбец «Предмет»: в «Русский язык» не указан этап — ожидается "
            "«(первый пробный)» или «(второй пробный)».",
        ),
        (
            ["1", "Русский язык (первый пробный)", VENUE, "в январе"],
            "Приложение №2, строка 1, столбец «Дата проведения»: в ячейке «в январе» "
            "нет даты вида ДД.ММ.ГГГГ.",
        ),
        (
            ["1", "Русский язык (первый пробный)", VENUE, "16.01.2024 г."],
            "Приложение №2, строка 1, столбец «Дата проведения»: в ячейке «16.01.2024 г.» не указано время "
            "начала (например, «в 10.00 ч.»).",
        ),
        (
            ["1", "Русский язык (первый пробный)", VENUE, "30.02.2024 в 10.00"],
            "Приложение №2, строка 1, столбец «Дата проведения»: даты 30.02.2024 не существует.",
        ),
        (
            ["1", "Русский язык (первый пробный)", "", "16.01.2024 в 10.00"],
            "Приложение №2, строка 1, столбец «Место проведения»: не указано место проведения.",
        ),
    ],
)
def test_a_bad_schedule_cell_is_named_by_row_and_column(plan_roadmap, row, error):
    assert _errors([row], roadmap=plan_roadmap) == [error]


def test_every_bad_row_is_reported_not_only_the_first(plan_roadmap):
    errors = _errors(
        [GOOD_EXAM, ["2", "Физика (первый пробный)", "Школа №99", "12.03.2024"]], roadmap=plan_roadmap
    )
    assert [e.split(":")[0] for e in errors] == [
        "Приложение №2, строка 2, столбец «Место проведения»",
        "Приложение №2, строка 2, столбец «Дата проведения»",
    ]


def test_the_same_subject_and_round_twice_is_refused(plan_roadmap):
    again = ["2", "Русский язык (первый пробный)", VENUE, "17.01.2024 в 10.00"]
    assert _errors([GOOD_EXAM, again], roadmap=plan_roadmap) == [
        "Приложение №2, строка 2, столбец «Предмет»: Русский язык (первый пробный) уже есть в строке 1."
    ]


def test_two_exams_at_one_venue_at_the_same_time_are_refused(plan_roadmap):
    maths = ["2", "Математика (первый пробный)", VENUE, "16.01.2024 в 12.00"]
    assert _errors([GOOD_EXAM, maths], roadmap=plan_roadmap) == [
        "Приложение №2, строка 2, столбец «Дата проведения»: в МКОУ «Коркмаскалинская СОШ им. М.-З. "
        "Баймурзаева» в это время уже идёт экзамен из строки 1 (Русский язык, первый пробный). "
        "Исправьте дату или место в приложении."
    ]


def test_an_appendix_without_the_schedule_columns_is_refused(plan_roadmap):
    appendix = _appendix(plan_roadmap, 2, [["№", "Предмет", "ФИО"], ["1", "Русский язык", "Грамотеева Л.А."]])
    with pytest.raises(AppendixImportError) as caught:
        schedule_from_appendix(appendix=appendix, created_by=None)
    assert caught.value.errors == [
        "Приложение №2 не похоже на график пробных экзаменов: в заголовке таблицы нет столбцов "
        "«Место проведения», «Дата проведения»."
    ]


def test_an_appendix_with_only_a_header_is_refused(plan_roadmap):
    assert _errors([], roadmap=plan_roadmap) == ["Приложение №2: в таблице нет ни одной строки с экзаменом."]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            ["1", "", "Грамотеева Л.А.", "МКОУ «Тюбинская СОШ»"],
            "Приложение №3, строка 1, столбец «Предмет»: не указан предмет — он пишется в первой строке "
            "группы членов комиссии.",
        ),
        (
            ["1", "Русский язык", "учитель русского языка", "МКОУ «Тюбинская СОШ»"],
            "Приложение №3, строка 1, столбец «ФИО»: «учитель русского языка» не похоже на «Фамилия И.О.».",
        ),
        (
            ["1", "Русский язык", "Грамотеева Л.А.", "МКОУ «Дальняя СОШ»"],
            "Приложение №3, строка 1, столбец «Наименование ОО»: школа «МКОУ «Дальняя СОШ»» не найдена "
            "среди действующих школ муниципалитета.",
        ),
        (
            ["1", "Русский язык", "Грамотеева Л.А.", ""],
            "Приложение №3, строка 1, столбец «Наименование ОО»: не указана школа члена комиссии.",
        ),
    ],
)
def test_a_bad_commission_row_is_named_and_the_good_schedule_is_not_saved_either(plan_roadmap, row, error):
    assert _errors([GOOD_EXAM], [row], roadmap=plan_roadmap) == [error]


def test_one_person_named_with_two_schools_is_refused(plan_roadmap):
    again = ["2", "Математика", "Грамотеева Л.А.", "МКОУ «Учкентская СОШ»"]
    assert _errors([GOOD_EXAM], [GOOD_MEMBER, again], roadmap=plan_roadmap) == [
        "Приложение №3, строка 2, столбец «ФИО»: Грамотеева Л.А. уже указан(а) в строке 1 со школой "
        "«МКОУ «Тюбинская СОШ»», а здесь — «МКОУ «Учкентская СОШ»»."
    ]


def test_two_accounts_with_the_same_surname_and_initials_are_not_guessed_between(plan_roadmap, municipality):
    for first in ("Лейла", "Луиза"):
        UserFactory(
            role=User.Role.COMMISSION_MEMBER,
            municipality=municipality,
            last_name="Грамотеева",
            first_name=first,
            middle_name="Алиевна",
        )
    errors = _errors([GOOD_EXAM], [GOOD_MEMBER], roadmap=plan_roadmap)
    assert errors == [
        "Приложение №3, строка 1, столбец «ФИО»: в системе несколько членов комиссии «Грамотеева Л.А.» "
        "— у двух учётных записей одинаковые фамилия и инициалы; уточните их."
    ]


def test_a_person_in_two_commissions_gets_one_account(plan_roadmap):
    maths_exam = ["2", "Математика (первый пробный)", VENUE, "17.01.2024 в 10.00"]
    maths = ["2", "Математика", "Грамотеева Л.А.", "МКОУ «Тюбинская СОШ»"]
    schedule_rows = [SCHEDULE_HEADER, GOOD_EXAM, maths_exam]
    schedule = schedule_from_appendix(
        appendix=_appendix(plan_roadmap, 2, schedule_rows),
        commission_appendix=_appendix(plan_roadmap, 3, [COMMISSION_HEADER, GOOD_MEMBER, maths]),
        created_by=None,
    )
    member = User.objects.get(role=User.Role.COMMISSION_MEMBER)
    assert (member.username, member.short_name) == ("gramoteeva.la", "Грамотеева Л.А.")
    assert [c.members.get() for c in schedule.commissions.all()] == [member, member]


def test_a_commission_from_another_roadmap_is_refused(plan_roadmap, municipality):
    other = _appendix(RoadmapFactory(municipality=municipality), 3, [COMMISSION_HEADER, GOOD_MEMBER])
    schedule = _appendix(plan_roadmap, 2, [SCHEDULE_HEADER, GOOD_EXAM])
    with pytest.raises(AppendixImportError, match="из другого приложения той же дорожной карты"):
        schedule_from_appendix(appendix=schedule, commission_appendix=other, created_by=None)


# --- the pieces ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.12.2024 г. в 11.00 ч.", (datetime.date(2024, 12, 20), datetime.time(11, 0))),
        ("16.01.2024 г. В 10.00 ч.", (datetime.date(2024, 1, 16), datetime.time(10, 0))),
        ("в 9:30 ч. 06.03.2024", (datetime.date(2024, 3, 6), datetime.time(9, 30))),
        ("12.03.2024, 10 ч.", (datetime.date(2024, 3, 12), datetime.time(10, 0))),
    ],
)
def test_date_and_time_are_read_from_the_cell(text, expected):
    assert exam_moment(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16.01.2024 и 17.01.2024 в 10.00", "несколько дат"),
        ("16.01.2024 в 25.00", "время 25.00"),
    ],
)
def test_an_unreadable_date_cell_says_why(text, message):
    with pytest.raises(ValueError, match=message):
        exam_moment(text)


def test_a_school_name_matches_despite_quotes_spaces_and_the_name_suffix(municipality):
    venue = SchoolFactory(municipality=municipality, short_name=VENUE)
    other = SchoolFactory(municipality=municipality, short_name="МКОУ «Тюбинская СОШ»")
    index = SchoolIndex([venue, other])
    assert index.match("МКОУ «Коркмаскалинская СОШ им.М.-З.Баймурзаева»") == venue
    assert index.match('МКОУ "Коркмаскалинская  СОШ"') == venue
    assert index.match("Тюбинская СОШ") == other
    assert index.match("Муниципальное казённое общеобразовательное учреждение «Тюбинская СОШ»") == other


def test_the_exact_school_wins_over_the_one_with_a_name_suffix(municipality):
    named = SchoolFactory(municipality=municipality, short_name=VENUE)
    plain = SchoolFactory(municipality=municipality, short_name="МКОУ «Коркмаскалинская СОШ»")
    index = SchoolIndex([named, plain])
    assert index.match("МКОУ «Коркмаскалинская СОШ»") == plain
    assert index.match("МКОУ «Коркмаскалинская СОШ им.М.-З.Баймурзаева»") == named
    with pytest.raises(ValueError, match="подходит к нескольким школам"):
        index.match("Коркмаскалинская СОШ им. Баймурзаева")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Арсланалиева М.Г.", ("Арсланалиева", "М.", "Г.")),
        ("Джаватова У. А.", ("Джаватова", "У.", "А.")),
        ("Грамотеева Лейла Ахмедовна", ("Грамотеева", "Лейла", "Ахмедовна")),
    ],
)
def test_a_name_is_split_into_surname_and_initials(text, parts):
    assert name_parts(text) == parts
