from __future__ import annotations

import datetime
from decimal import Decimal

from reports.documents import protocol_document, roadmap_approval_lines, roadmap_document
from reports.meetings import meeting_create, meeting_row_update
from reports.pdf import protocol_html, protocol_pdf, roadmap_html, roadmap_pdf
from roadmaps.models import Roadmap
from schools.models import User
from tests.factories import SchoolFactory, SectionFactory, UserFactory

from .pdf_checks import A4_PORTRAIT, boxes_outside_content, pdf_fonts, pdf_page_sizes, pdf_pages, pdf_text


def _protocol(meeting) -> bytes:
    return protocol_pdf(document=protocol_document(meeting=meeting))


def _positions(text: str, needles: list[str]) -> list[int]:
    return [text.index(needle) for needle in needles]


def test_protocol_has_the_gost_requisites_in_their_order(march_meeting):
    text = pdf_text(_protocol(march_meeting))
    order = _positions(
        text,
        [
            "МКУ «Кумторкалинское УО»",
            "ПРОТОКОЛ",
            "15.03.2024",
            "№ 3",
            "с. Коркмаскала",
            "Председатель — М.П. Начальникова",
            "Секретарь — М.П. Тестова",
            "Присутствовали:",
            "ПОВЕСТКА ДНЯ",
            "1. СЛУШАЛИ:",
            "РЕШИЛИ:",
            "1.1. Информацию принять к сведению.",
        ],
    )
    assert order == sorted(order)
    signatures = text.rindex("Председатель")
    assert signatures > text.index("14. СЛУШАЛИ:")
    assert "М.П. Начальникова" in text[signatures:]


def test_protocol_agenda_reviews_the_items_before_the_meeting_and_not_the_gia_after_it(march_meeting):
    text = pdf_text(_protocol(march_meeting))
    assert text.count("СЛУШАЛИ:") == 14
    assert "Анализ результатов мониторинга уровня" in text
    assert "ГИА-2024" not in text
    assert "О корректировке показателя доли претендентов на медаль" in text


def test_protocol_prints_who_spoke_and_numbers_each_decision(march_meeting):
    item = march_meeting.items.get(order=2)
    item.spoke = "Тестова3 М.П. — о локальных актах МКОУ «Школа Б»"
    item.decided = "Информацию принять к сведению.\nРуководителям ОО привести локальные акты в соответствие."
    item.save()
    text = pdf_text(_protocol(march_meeting))
    spoke_at = text.index("ВЫСТУПИЛИ:")
    assert text.index("2. СЛУШАЛИ:") < spoke_at < text.index("3. СЛУШАЛИ:")
    assert "о локальных актах МКОУ «Школа Б»" in text
    assert "2.2. Руководителям ОО привести локальные акты в соответствие." in text


def test_protocol_says_how_schools_stood_on_each_item_on_the_meeting_date(march_meeting):
    text = pdf_text(_protocol(march_meeting))
    first_item = text[text.index("1. СЛУШАЛИ:") : text.index("2. СЛУШАЛИ:")]
    assert "выполнено — 1 ОО из 2" in first_item
    assert "просрочено — 1" in first_item
    assert "Не выполнили в срок: МКОУ «Школа Б»" in first_item.replace("\n", " ")
    # Item 6 is due on 30 April 2024: on 15 March it was not yet late.
    sixth = text[text.index("6. СЛУШАЛИ:") : text.index("7. СЛУШАЛИ:")]
    assert "не начато — 2" in sixth
    assert "просрочено" not in sixth


def test_protocol_appendix_holds_each_schools_figures_and_the_decided_share(
    march_meeting, school_a, school_b
):
    row_a = march_meeting.school_rows.get(school=school_a)
    meeting_row_update(
        row=row_a, graduates=20, candidates=3, candidates_at_risk=1, corrected_share=Decimal("10.0"), note=""
    )
    row_b = march_meeting.school_rows.get(school=school_b)
    meeting_row_update(
        row=row_b, graduates=30, candidates=2, candidates_at_risk=0, corrected_share=None, note=""
    )
    pages = pdf_pages(_protocol(march_meeting))
    appendix = pages[-1]
    assert "Приложение" in appendix and "к протоколу от 15.03.2024 № 3" in appendix
    assert "МКОУ «Школа А» 20 3 15,0 1 10,0" in appendix
    assert "МКОУ «Школа Б» 30 2 6,7 0 —" in appendix
    assert "50 5 10,0 1" in appendix.replace("\n", " ")


def test_protocol_lists_a_long_attendance_in_an_appendix(march_meeting, municipality):
    heads = [
        UserFactory(
            role=User.Role.SCHOOL_HEAD,
            municipality=municipality,
            school=SchoolFactory(municipality=municipality),
        )
        for _ in range(16)
    ]
    march_meeting.attendees.add(*heads)
    text = pdf_text(_protocol(march_meeting))
    assert "Присутствовали: 18 чел. (список прилагается)." in text
    assert "Список присутствовавших" in text
    assert heads[-1].short_name in text


def test_every_pdf_is_a4_in_a_serif_font_with_cyrillic(march_meeting, medal_plan):
    protocol = _protocol(march_meeting)
    roadmap = roadmap_pdf(document=roadmap_document(roadmap=medal_plan))
    assert pdf_page_sizes(protocol) == {A4_PORTRAIT}
    assert pdf_page_sizes(roadmap) == {A4_PORTRAIT[::-1]}
    for content in (protocol, roadmap):
        assert {"DejaVu-Serif", "DejaVu-Serif-Bold"} <= pdf_fonts(content)


def test_pages_are_numbered_from_the_second_one(march_meeting):
    pages = pdf_pages(_protocol(march_meeting))
    assert len(pages) >= 3
    assert pages[0].strip().splitlines()[-1] != "1"
    for number, text in enumerate(pages[1:], start=2):
        assert text.strip().splitlines()[-1] == str(number)


def test_the_table_header_is_repeated_on_every_page_of_a_long_appendix(
    medal_plan, department_head, municipality
):
    for index in range(90):
        SchoolFactory(municipality=municipality, short_name=f"МКОУ «СОШ №{index + 1}»")
    meeting = meeting_create(
        roadmap=medal_plan,
        created_by=department_head,
        date=datetime.date(2024, 3, 15),
        number="3",
        place="с. Коркмаскала",
        chair=department_head,
        secretary=None,
        attendees=[],
        meeting_measure=None,
        first=1,
        last=11,
    )
    pages = pdf_pages(_protocol(meeting))
    start = next(i for i, text in enumerate(pages) if "к протоколу от 15.03.2024" in text)
    table_pages = pages[start:]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert "Доля, %" in text
    assert "МКОУ «СОШ №90»" in "".join(table_pages)


def test_nothing_is_cut_off_even_by_long_unbroken_words(march_meeting, school_a, medal_plan):
    item = march_meeting.items.get(order=1)
    item.heard = "Ссылка: https://example.org/" + "очень-длинный-адрес-без-пробелов" * 6
    item.save()
    school_a.short_name = (
        "МКОУ «Средняя_общеобразовательная_школа_имени_очень_длинного_названия_без_пробелов»"
    )
    school_a.save()
    assert boxes_outside_content(protocol_html(document=protocol_document(meeting=march_meeting))) == []
    measure = medal_plan.measures.first()
    measure.responsible_text = "Ответственный_исполнитель_с_очень_длинной_должностью_без_единого_пробела"
    measure.save()
    assert boxes_outside_content(roadmap_html(document=roadmap_document(roadmap=medal_plan))) == []


def test_roadmap_pdf_is_the_orders_appendix_with_the_documents_own_columns(medal_plan):
    section = SectionFactory(roadmap=medal_plan, number="I", title="Аналитическая работа")
    medal_plan.measures.filter(number="1.").update(section=section)
    pages = pdf_pages(roadmap_pdf(document=roadmap_document(roadmap=medal_plan)))
    first = pages[0]
    order = _positions(
        first,
        [
            "Приложение",
            "к приказу МКУ «Кумторкалинское УО»",
            "от 27 ноября 2023 г. № 312",
            "ОБЕСПЕЧЕНИЮ ОБЪЕКТИВНОСТИ",
            "I. Аналитическая работа",
            "Предварительная оценка",
        ],
    )
    assert order == sorted(order)
    assert len(pages) >= 2
    for text in pages:
        assert "Сроки" in text and "Наименование мероприятия" in text
    assert "ГИА-2024" in pages[-1]


def test_roadmap_approval_block_follows_what_is_known_about_the_approval(municipality):
    draft = Roadmap(municipality=municipality, title="План")
    assert roadmap_approval_lines(draft) == ["ПРОЕКТ"]
    approved = Roadmap(municipality=municipality, title="План", approved_by="Начальник УО А.А. Тестов")
    assert roadmap_approval_lines(approved) == ["УТВЕРЖДАЮ", "Начальник УО А.А. Тестов"]
    ordered = Roadmap(municipality=municipality, title="План", order_number="312")
    assert roadmap_approval_lines(ordered) == ["Приложение", "к приказу МКУ «Кумторкалинское УО»", "№ 312"]
