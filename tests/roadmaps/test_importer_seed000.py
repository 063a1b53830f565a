"""Seed 000: Kumtorkala district, 2023-2024, grading of medal candidates: six columns and two appendices."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from roadmaps.importer import ParsedMeasure, ParsedRoadmap, parse_roadmap

SEEDS = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds"
STEM = "000_58e98b430dd7557c"
TITLE = (
    "ПЛАН МЕРОПРИЯТИЙ (ДОРОЖНАЯ КАРТА) ПО ОБЕСПЕЧЕНИЮ ОБЩЕОБРАЗОВАТЕЛЬНЫМИ ОРГАНИЗАЦИЯМИ В КУМТОРКАЛИНСКОМ "
    "РАЙОНЕ В 2023-2024 УЧЕБНОМ ГОДУ ОБЪЕКТИВНОСТИ ОЦЕНИВАНИЯ УЧЕБНЫХ ДОСТИЖЕНИЙ ПРЕТЕНДЕНТОВ НА ПОЛУЧЕНИЕ "
    "МЕДАЛИ «ЗА ОСОБЫЕ УСПЕХИ В УЧЕНИИ»"
)
# The numbering as printed: no 9, then 10, 10, 11, 10., 11.
NUMBERS = ["1", "2", "3", "4", "5", "6", "7", "7.1", "7.2", "8", "10", "10", "11", "10", "11"]
SCHOOL = "МКОУ «Коркмаскалинская СОШ им.М.-З.Баймурзаева»"


def load(suffix: str) -> ParsedRoadmap:
    path = SEEDS / f"{STEM}{suffix}"
    return parse_roadmap(path.read_bytes(), path.name)


@pytest.fixture(scope="module", params=[".txt", ".docx"])
def roadmap(request: pytest.FixtureRequest) -> ParsedRoadmap:
    return load(request.param)


def by_position(roadmap: ParsedRoadmap, position: int) -> ParsedMeasure:
    return roadmap.measures[position - 1]


def test_title_period_and_approval(roadmap: ParsedRoadmap) -> None:
    assert roadmap.title == TITLE
    assert (roadmap.period.start, roadmap.period.end) == (date(2023, 9, 1), date(2024, 8, 31))
    # No «УТВЕРЖДАЮ» block: the order comes from the appendices' «к приказу … №312 от 27.11.2023г.».
    assert roadmap.as_json()["approval"] == {
        "approved_by": None,
        "order_number": "312",
        "order_date": "2023-11-27",
    }
    assert any("взяты из заголовка приложения" in warning for warning in roadmap.warnings)


def test_every_row_is_kept_in_order_in_one_unnamed_section(roadmap: ParsedRoadmap) -> None:
    assert len(roadmap.sections) == 1
    assert (roadmap.sections[0].number, roadmap.sections[0].title) == (None, None)
    assert [m.number for m in roadmap.measures] == NUMBERS
    assert [m.order for m in roadmap.measures] == list(range(1, 16))


def test_repeated_and_missing_numbers_are_reported(roadmap: ParsedRoadmap) -> None:
    assert "В нумерации мероприятий пропущен номер 9 (перед 10)." in roadmap.warnings
    repeats = [w for w in roadmap.warnings if "встречается повторно" in w]
    assert [w.split()[1] for w in repeats] == ["10", "10", "11"]


def test_sub_items_point_to_their_parent(roadmap: ParsedRoadmap) -> None:
    parents = {m.number: m.parent_number for m in roadmap.measures}
    assert parents["7.1"] == "7" and parents["7.2"] == "7"
    assert parents["7"] is None and parents["8"] is None


def test_measure_cells(roadmap: ParsedRoadmap) -> None:
    third = by_position(roadmap, 3)
    assert third.title == (
        "Составление и утверждение плана работы с учащимися кандидатами на получение медалей по результатам "
        "учебной деятельности"
    )
    assert third.form == (
        "Создание рабочей группы, обсуждение рекомендаций с педагогической общественностью, "
        "направление рекомендаций в ОО"
    )
    assert third.expected_result == "Обеспечение единых подходов к выставлению оценок"
    fourth = by_position(roadmap, 4)
    assert fourth.title == "Рабочее совещание «Требования к уровню подготовки претендентов на медаль»"
    assert fourth.expected_result == "Протокол"
    meeting = by_position(roadmap, 14)
    assert meeting.title.startswith("Рассмотрение результатов мероприятий с 1-11 пунктов данного плана")
    assert meeting.form == "Начальник УО, руководители ОО по списку"
    assert meeting.deadline_text == "15 марта 2024 год."


@pytest.mark.parametrize(
    ("position", "kind", "start", "end", "months"),
    [
        (1, "range", "2023-10-01", "2023-11-30", [10, 11]),
        (2, "date", None, "2024-01-15", [1]),
        (3, "date", None, "2024-02-20", [2]),
        (4, "range", "2024-01-01", "2024-02-29", [1, 2]),
        (5, "event", None, None, []),
        (6, "range", "2024-03-01", "2024-04-30", [3, 4]),
        (7, "date", None, "2024-02-15", [2]),
        (8, "date", None, "2024-02-20", [2]),
        (9, "date", None, "2024-03-01", [3]),
        (10, "date", None, "2024-02-15", [2]),
        (11, "continuous", "2023-09-01", "2024-08-31", []),
        (12, "range", "2023-12-01", "2024-03-31", [12, 3]),
        (13, "range", "2024-01-01", "2024-04-30", [1, 4]),
        (14, "date", "2024-03-15", "2024-03-15", [3]),
        (15, "event", None, None, []),
    ],
)
def test_deadlines(roadmap: ParsedRoadmap, position: int, kind: str, start, end, months) -> None:
    assert by_position(roadmap, position).deadline.as_json() == {
        "kind": kind,
        "start": start,
        "end": end,
        "months": months,
    }


def test_deadline_text_keeps_its_lines(roadmap: ParsedRoadmap) -> None:
    assert by_position(roadmap, 12).deadline_text == "В декабре 2023 года.\nВ марте 2024 года."
    assert by_position(roadmap, 13).deadline_text == "Январь\n- апрель 2024 года."
    assert by_position(roadmap, 2).deadline_text == "До 15января 2024года"


@pytest.mark.parametrize(
    ("position", "responsible"),
    [
        (1, ["Зав.ИМЦ", "руководители ОО"]),
        (2, ["Методисты УО", "руководители ОО"]),
        (3, ["Методисты - кураторы школ", "руководители ОО"]),
        (4, ["Зав.ИМЦ"]),
        (5, ["Абулашова А.О.", "Тавекелова У.А.", "руководители ОО"]),
        (6, ["Методисты УО", "руководители ОО"]),
        (8, ["Методисты УО", "руководители ОО"]),
        (10, ["Зав. ИМЦ", "руководители ОО"]),
    ],
)
def test_responsible(roadmap: ParsedRoadmap, position: int, responsible: list[str]) -> None:
    assert by_position(roadmap, position).responsible == responsible


def test_responsible_text_is_kept_as_written(roadmap: ParsedRoadmap) -> None:
    assert by_position(roadmap, 5).responsible_text == "Абулашова А.О.\nТавекелова У.А.\nруководители ОО."


def test_mock_exam_schedule_appendix(roadmap: ParsedRoadmap) -> None:
    schedule = roadmap.appendices[0]
    assert schedule.title == (
        "Приложение №2. График проведения пробного экзамена в форме ЕГЭ для выпускников, претендентов на "
        "медаль «За особые успехи в учении» в ОО Кумторкалинского района."
    )
    assert schedule.rows == [
        ["№", "Предмет", "Место проведения", "Дата проведения"],
        ["", "Русский язык (первый пробный)", SCHOOL, "20.12.2024 г. в 11.00 ч."],
        ["", "Математика (первый пробный)", SCHOOL, "16.01.2024 г. В 10.00 ч."],
        ["", "Русский язык (второй пробный)", SCHOOL, "06.03.2024 г. в 10.00 ч."],
        ["", "Математика (второй пробный)", SCHOOL, "12.03.2024 г. В 10.00 ч."],
    ]


def test_the_schedule_date_outside_the_plan_year_is_reported(roadmap: ParsedRoadmap) -> None:
    outside = [w for w in roadmap.warnings if "выходит за период плана" in w]
    assert len(outside) == 1
    assert outside[0].startswith("Приложение №2:") and "20.12.2024" in outside[0]


def test_checking_commission_appendix(roadmap: ParsedRoadmap) -> None:
    commission = roadmap.appendices[1]
    assert commission.title == "Приложение №3. Состав комиссии по проверке пробного экзамена в форме ЕГЭ"
    assert commission.rows == [
        ["№", "Предмет", "ФИО", "Наименование ОО"],
        ["", "Русский язык", "Арсланалиева М.Г.", "МКОУ «Тюбинская СОШ»"],
        ["", "", "Тавекелова У.А.", "МКОУ «Коркмаскалинская СОШ»"],
        ["", "", "Джаватова У. А.", "МКОУ «Алмалинская СОШ»"],
        ["", "Математика", "Солтаналиева Н.А.", SCHOOL],
        ["", "", "Токаева З.Г.", "МКОУ «Коркмаскалинская СОШ»"],
        ["", "", "Аманатова П.М.", "МКОУ «Учкентская СОШ»"],
    ]
    assert len(roadmap.appendices) == 2


def test_txt_and_docx_give_the_same_roadmap() -> None:
    assert load(".txt").as_json() == load(".docx").as_json()


def test_as_json_has_exactly_the_documented_shape(roadmap: ParsedRoadmap) -> None:
    document = roadmap.as_json()
    assert list(document) == ["title", "approval", "period", "sections", "appendices", "warnings"]
    assert list(document["period"]) == ["start", "end"]
    measure = document["sections"][0]["measures"][0]
    assert list(measure) == [
        "number",
        "title",
        "form",
        "deadline_text",
        "deadline",
        "responsible_text",
        "responsible",
        "expected_result",
    ]
    assert list(measure["deadline"]) == ["kind", "start", "end", "months"]
    assert list(document["appendices"][0]) == ["title", "rows"]
