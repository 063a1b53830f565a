"""Issue 13, documents: the protocol reads as a clerk writes it.

Each participant once, «Абдуллаев Р.К. — директор МКОУ «СОШ № 3»» (no doubled school, the position in
lower case, a full stop after every initial); no doubled full stops anywhere; speakers named as people
where the plan names a position and the staff list has that person; the «Итого» row with the corrected
share; an ООШ never shown with graduates of grade 11.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from medals.models import Candidate
from reports.documents import protocol_document
from reports.meetings import meeting_create, meeting_row_update, meeting_scope
from reports.pdf import protocol_pdf
from reports.wording import join_sentences, lower_first, person_line, sentence, speaker_named
from schools.models import School, User
from tests.factories import SchoolFactory, UserFactory

from .pdf_checks import pdf_text

SCHOOL_3 = "МКОУ «СОШ № 3»"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Информацию принять к сведению.", "Информацию принять к сведению."),
        ("Информацию принять к сведению..", "Информацию принять к сведению."),
        ("Информацию принять к сведению", "Информацию принять к сведению."),
        ("обеспечить участие МКОУ «СОШ № 3».", "обеспечить участие МКОУ «СОШ № 3»."),
        ("Итоги?", "Итоги?"),
        ("  ", ""),
    ],
)
def test_a_sentence_has_exactly_one_full_stop(text, expected):
    assert sentence(text) == expected


def test_joined_texts_never_double_a_stop():
    assert join_sentences(["Пункт 1 плана.", "", "Исполнение: выполнено — 2 ОО из 3."]) == (
        "Пункт 1 плана. Исполнение: выполнено — 2 ОО из 3."
    )


def test_positions_go_lower_case_but_abbreviations_stay():
    assert lower_first("Директор МКОУ «СОШ № 3»") == "директор МКОУ «СОШ № 3»"
    assert lower_first("ИМЦ Кумторкалинского района") == "ИМЦ Кумторкалинского района"


@pytest.mark.parametrize(
    ("first", "middle", "position"),
    [
        ("Руслан", "Казбекович", f"Директор {SCHOOL_3}"),  # the school already in the position
        ("Р", "К", "Директор"),  # initials typed without stops; the school from the account
        ("Р.", "К.", "директор"),
    ],
)
def test_a_participant_is_named_once_with_their_school_once(municipality, first, middle, position):
    school = SchoolFactory(municipality=municipality, short_name=SCHOOL_3)
    head = UserFactory(
        role=User.Role.SCHOOL_HEAD,
        municipality=municipality,
        school=school,
        last_name="Абдуллаев",
        first_name=first,
        middle_name=middle,
        position=position,
    )
    assert person_line(head) == "Абдуллаев Р.К. — директор МКОУ «СОШ № 3»"


def test_a_position_from_the_plan_is_the_person_of_the_staff_list(municipality):
    staff = [
        UserFactory(
            municipality=municipality,
            role=User.Role.METHODIST,
            last_name="Мусаева",
            first_name="Зарема",
            middle_name="Ахмедовна",
            position="Заведующая ИМЦ",
        ),
        UserFactory(municipality=municipality, role=User.Role.METHODIST, position="Методист УО"),
        UserFactory(municipality=municipality, role=User.Role.METHODIST, position="Методист УО"),
    ]
    assert speaker_named("Зав.ИМЦ", staff) == "Мусаева З.А., заведующая ИМЦ"
    assert speaker_named("Зав. ИМЦ,", staff) == "Мусаева З.А., заведующая ИМЦ"
    assert speaker_named("Методисты УО", staff) == "Методисты УО"  # two of them: the plan's words stay
    assert speaker_named("Абулашова А.О.", staff) == "Абулашова А.О."  # already a person
    # Typed by hand the way the old hint said: the dash is kept for «speaker — question».
    assert speaker_named("Мусаева З.А. — заведующая ИМЦ", []) == "Мусаева З.А., заведующая ИМЦ"


@pytest.fixture
def clerk_meeting(medal_plan, municipality, department_head, methodist_a, school_a, school_b):
    """The March meeting with what real data looks like: positions with the school in them, typed
    initials, plan texts ending with a full stop, «Зав.ИМЦ» in the staff list, and an ООШ."""
    SchoolFactory(municipality=municipality, short_name="МКОУ «ООШ № 5»", kind=School.Kind.OOSH)
    UserFactory(
        municipality=municipality,
        role=User.Role.METHODIST,
        last_name="Мусаева",
        first_name="Зарема",
        middle_name="Ахмедовна",
        position="Заведующая ИМЦ",
    )
    heads = [
        UserFactory(
            role=User.Role.SCHOOL_HEAD,
            municipality=municipality,
            school=school_a,
            last_name="Абдуллаев",
            first_name="Р",
            middle_name="К",
            position=f"Директор {school_a.short_name}",
        ),
        UserFactory(
            role=User.Role.SCHOOL_HEAD,
            municipality=municipality,
            school=school_b,
            last_name="Бекова",
            first_name="Зарина",
            middle_name="Алиевна",
            position="Директор",
        ),
    ]
    medal_plan.measures.filter(number="1.").update(title="Предварительная оценка количества претендентов.")
    scope = meeting_scope(roadmap=medal_plan)
    meeting = meeting_create(
        roadmap=medal_plan,
        created_by=department_head,
        date=datetime.date(2024, 3, 15),
        number="3",
        place="с. Коркмаскала",
        chair=department_head,
        secretary=methodist_a,
        attendees=[*heads, department_head],
        invited="Гасанов А.А. — представитель родительской общественности.",
        meeting_measure=scope.measure,
        first=scope.first,
        last=scope.last,
    )
    item = meeting.items.get(order=1)
    item.heard = "Доложено о предварительной оценке."
    item.decided = "Информацию принять к сведению.\nРуководителям ОО уточнить списки претендентов.."
    item.save()
    return meeting


@pytest.fixture
def protocol_text(clerk_meeting) -> str:
    return pdf_text(protocol_pdf(document=protocol_document(meeting=clerk_meeting)))


def test_the_protocol_has_no_doubled_full_stops(protocol_text):
    flat = re.sub(r"\s+", " ", protocol_text)
    assert not re.search(r"\.\s*\.", flat.replace("…", "")), re.findall(r".{30}\.\s*\..{10}", flat)
    assert "1.2. Руководителям ОО уточнить списки претендентов." in flat


def test_the_protocol_names_each_participant_once_as_a_clerk_writes(protocol_text, clerk_meeting):
    flat = re.sub(r"\s+", " ", protocol_text)
    attendance = flat[flat.index("Присутствовали:") : flat.index("ПОВЕСТКА ДНЯ")]
    assert "Абдуллаев Р.К. — директор МКОУ «Школа А»" in attendance
    assert "Бекова З.А. — директор МКОУ «Школа Б»" in attendance
    assert attendance.count("МКОУ «Школа А»") == 1
    assert attendance.count("Абдуллаев") == 1
    assert "Начальникова" not in attendance  # the chair is named once, as the chair
    # No capitalised position after a dash mid-sentence.
    assert not re.search(r"— (Директор|Методист|Начальник|Заведующ)", attendance)
    assert attendance.rstrip().endswith("представитель родительской общественности.")


def test_the_speaker_is_named_as_a_person(protocol_text):
    flat = re.sub(r"\s+", " ", protocol_text)
    assert "Докладчик: Мусаева З.А., заведующая ИМЦ." in flat
    assert "Мусаева З.А., заведующая ИМЦ — Об исполнении пункта 1 плана: Предварительная оценка" in flat
    assert "Зав.ИМЦ" not in flat


def test_the_totals_row_has_the_corrected_share_and_no_ooosh(clerk_meeting, school_a, school_b):
    assert not clerk_meeting.school_rows.filter(school__kind=School.Kind.OOSH).exists()
    meeting_row_update(
        row=clerk_meeting.school_rows.get(school=school_a),
        graduates=20,
        candidates=3,
        candidates_at_risk=1,
        corrected_share=Decimal("10.0"),
    )
    meeting_row_update(
        row=clerk_meeting.school_rows.get(school=school_b),
        graduates=30,
        candidates=2,
        candidates_at_risk=0,
        corrected_share=None,
    )
    document = protocol_document(meeting=clerk_meeting)
    # (10.0 × 20 + 6.7 × 30) / 50: a school not corrected keeps its own share.
    assert document.totals.corrected_share == Decimal("8.0")
    appendix = pdf_text(protocol_pdf(document=document)).split("Показатели доли претендентов")[-1]
    assert "Итого по муниципалитету 50 5 10,0 1 8,0" in re.sub(r"\s+", " ", appendix)
    assert "ООШ" not in appendix


def test_an_oosh_row_left_from_before_is_not_printed(clerk_meeting, municipality):
    from reports.models import MeetingSchoolRow

    oosh = School.objects.get(kind=School.Kind.OOSH)
    MeetingSchoolRow.objects.create(meeting=clerk_meeting, school=oosh, graduates=4, candidates=1)
    assert [r.school for r in protocol_document(meeting=clerk_meeting).rows] == [
        "МКОУ «Школа А»",
        "МКОУ «Школа Б»",
    ]


def test_the_demo_gives_an_oosh_no_medal_candidates(municipality, school_a):
    from medals.demo import load_medals_demo

    oosh = SchoolFactory(municipality=municipality, short_name="МКОУ «ООШ № 5»", kind=School.Kind.OOSH)
    UserFactory(role=User.Role.SCHOOL_HEAD, municipality=municipality, school=school_a)
    load_medals_demo(municipality=municipality)
    assert Candidate.objects.filter(school=school_a).exists()
    assert not Candidate.objects.filter(school=oosh).exists()
    assert not Candidate.objects.filter(previous_school=oosh).exists()
