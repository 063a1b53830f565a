from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from schools.models import Municipality, Pupil, School, User, validate_timezone
from tests.factories import MunicipalityFactory, SchoolFactory, UserFactory


@pytest.mark.parametrize("zone", ["Europe/Moscow", "Asia/Tomsk"])
def test_known_time_zones_of_the_municipalities_are_accepted(zone):
    validate_timezone(zone)


def test_an_unknown_time_zone_is_refused_with_an_example_in_russian():
    with pytest.raises(ValidationError) as exc:
        validate_timezone("Europe/Makhachkala")
    assert "Неизвестный часовой пояс «Europe/Makhachkala»" in exc.value.messages[0]
    assert "Europe/Moscow" in exc.value.messages[0]


def test_full_clean_of_a_municipality_checks_its_time_zone(db):
    municipality = Municipality(name="Томский район", department_name="УО", timezone="Tomsk")
    with pytest.raises(ValidationError) as exc:
        municipality.full_clean()
    assert "timezone" in exc.value.message_dict


def test_a_new_municipality_lives_in_moscow_time_by_default(db):
    municipality = Municipality.objects.create(name="Новый район", department_name="УО")
    assert municipality.timezone == "Europe/Moscow"


def test_municipality_names_are_unique(db):
    Municipality.objects.create(name="Кумторкалинский район", department_name="УО")
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Кумторкалинский район", department_name="Другое УО")


def test_school_codes_are_unique(db):
    SchoolFactory(code="X001")
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(code="X001")


def test_a_school_is_shown_by_its_short_name_and_lists_sort_by_it(db):
    municipality = MunicipalityFactory()
    SchoolFactory(municipality=municipality, short_name="МКОУ «Гимназия»")
    SchoolFactory(municipality=municipality, short_name="МБОУ «Лицей №1»")
    assert [str(s) for s in School.objects.all()] == ["МБОУ «Лицей №1»", "МКОУ «Гимназия»"]


def test_school_kinds_are_russian_words():
    assert dict(School.Kind.choices) == {
        "sosh": "СОШ",
        "oosh": "ООШ",
        "lyceum": "лицей",
        "gymnasium": "гимназия",
        "other": "другое",
    }


def test_short_name_of_a_person_is_surname_and_initials_as_in_official_documents(db):
    user = UserFactory(last_name="Абулашова", first_name="Аминат", middle_name="Омаровна")
    assert user.short_name == "Абулашова А.О."
    assert str(user) == "Абулашова А.О."
    assert user.full_name == "Абулашова Аминат Омаровна"


def test_short_name_without_a_middle_name_has_one_initial(db):
    user = UserFactory(last_name="Иванов", first_name="Пётр", middle_name="")
    assert user.short_name == "Иванов П."
    assert user.full_name == "Иванов Пётр"


def test_a_person_without_a_name_is_shown_by_login(db):
    user = UserFactory(username="admin2", last_name="", first_name="", middle_name="")
    assert user.short_name == ""
    assert str(user) == "admin2"


@pytest.mark.parametrize(
    ("role", "flag"),
    [
        (User.Role.DEPARTMENT_HEAD, "is_department_head"),
        (User.Role.METHODIST, "is_methodist"),
        (User.Role.SCHOOL_HEAD, "is_school_head"),
        (User.Role.COORDINATOR, "is_coordinator"),
        (User.Role.COMMISSION_MEMBER, "is_commission_member"),
    ],
)
def test_exactly_one_role_flag_is_true_for_each_role(db, role, flag):
    user = UserFactory(role=role)
    flags = ["is_department_head", "is_methodist", "is_school_head", "is_coordinator", "is_commission_member"]
    assert [name for name in flags if getattr(user, name)] == [flag]


def test_role_labels_are_russian():
    assert User.Role.DEPARTMENT_HEAD.label == "Начальник УО"
    assert User.Role.SCHOOL_HEAD.label == "Руководитель ОО"
    assert User.Role.COORDINATOR.label == "Муниципальный координатор ВПР"


def test_a_methodist_curates_several_schools_and_a_school_knows_its_curators(db):
    municipality = MunicipalityFactory()
    first, second = SchoolFactory(municipality=municipality), SchoolFactory(municipality=municipality)
    methodist = UserFactory(role=User.Role.METHODIST, municipality=municipality, curated=[first, second])
    assert set(methodist.curated_schools.all()) == {first, second}
    assert list(first.curators.all()) == [methodist]


def test_a_school_with_staff_cannot_be_deleted(db):
    school = SchoolFactory()
    UserFactory(role=User.Role.SCHOOL_HEAD, school=school)
    with pytest.raises(ProtectedError):
        school.delete()


def test_pupil_names_and_class_name(db):
    school = SchoolFactory()
    pupil = Pupil.objects.create(
        school=school,
        last_name="Магомедова",
        first_name="Патимат",
        middle_name="Руслановна",
        birth_date=datetime.date(2006, 5, 4),
        grade=11,
        letter="Б",
    )
    assert str(pupil) == "Магомедова Патимат Руслановна"
    assert pupil.class_name == "11Б"


def test_a_pupil_without_a_grade_shows_only_the_letter_and_no_empty_middle_name(db):
    pupil = Pupil.objects.create(school=SchoolFactory(), last_name="Алиев", first_name="Ахмед", letter="А")
    assert pupil.full_name == "Алиев Ахмед"
    assert pupil.class_name == "А"
