"""ProgressFilter, one filter at a time, and the Excel export of what it leaves."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roadmaps.filters import ProgressFilter
from roadmaps.models import Progress, ProgressStatus, Roadmap
from roadmaps.progress import progress_sync_for_measure, progress_visible
from tests.factories import MeasureFactory, MunicipalityFactory, RoadmapFactory, SectionFactory, UserFactory

TODAY = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))
LIST = reverse("roadmaps:measure_list")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def plan(roadmap, municipality, school_a, school_b, methodist_a):
    """Two sections of one roadmap, a second roadmap and an archived one; rows for schools A and B.

    Measure 1 ended on 15 February (past «today», 1 March), measure 2 ends on 10 March, measure 3
    (on the second roadmap) on 1 May.
    """
    analysis = SectionFactory(roadmap=roadmap, number="1", title="Аналитическая работа")
    checks = SectionFactory(roadmap=roadmap, number="2", title="Проверка работ")
    m1 = MeasureFactory(
        roadmap=roadmap,
        section=analysis,
        number="1",
        title="Анализ переводов претендентов на медаль",
        deadline_end=datetime.date(2024, 2, 15),
        responsible_text="Методисты УО",
    )
    m1.responsible_users.set([methodist_a])
    m2 = MeasureFactory(
        roadmap=roadmap,
        section=checks,
        number="7.1",
        title="Проверка тетрадей для контрольных работ",
        deadline_end=datetime.date(2024, 3, 10),
        responsible_text="Руководители ШМО",
    )
    second = RoadmapFactory(municipality=municipality, title="План по ВПР")
    m3 = MeasureFactory(
        roadmap=second,
        number="3",
        title="Общественное наблюдение на ВПР",
        deadline_end=datetime.date(2024, 5, 1),
    )
    archived = RoadmapFactory(municipality=municipality, status=Roadmap.Status.ARCHIVED, title="Старый план")
    m4 = MeasureFactory(roadmap=archived, deadline_end=datetime.date(2021, 5, 1))
    for measure in (m1, m2, m3, m4):
        progress_sync_for_measure(measure=measure)

    def row(measure, school):
        return Progress.objects.get(measure=measure, school=school)

    rows = SimpleNamespace(
        m1a=row(m1, school_a), m1b=row(m1, school_b), m2a=row(m2, school_a), m2b=row(m2, school_b),
        m3a=row(m3, school_a), m3b=row(m3, school_b),
    )  # fmt: skip
    for progress, status in [
        (rows.m1a, ProgressStatus.DONE),
        (rows.m1b, ProgressStatus.IN_PROGRESS),  # past the deadline: overdue
        (rows.m2a, ProgressStatus.IN_PROGRESS),
        (rows.m3b, ProgressStatus.NOT_REQUIRED),
    ]:
        progress.status = status
        progress.save()
    return SimpleNamespace(
        roadmap=roadmap, second=second, archived=archived, analysis=analysis, checks=checks, rows=rows
    )


def _names(qs, rows) -> set[str]:
    by_pk = {p.pk: name for name, p in vars(rows).items()}
    return {by_pk.get(p.pk, f"other {p.pk}") for p in qs}


def _filter(user, data: dict) -> ProgressFilter:
    current = progress_visible(user).filter(
        measure__roadmap__status__in=[Roadmap.Status.DRAFT, Roadmap.Status.APPROVED]
    )
    return ProgressFilter(data, queryset=current, user=user)


def test_no_filter_gives_every_visible_row_of_current_roadmaps(plan, department_head):
    assert _names(_filter(department_head, {}).qs, plan.rows) == {"m1a", "m1b", "m2a", "m2b", "m3a", "m3b"}


def test_roadmap_filter(plan, department_head):
    assert _names(_filter(department_head, {"roadmap": plan.second.pk}).qs, plan.rows) == {"m3a", "m3b"}


def test_roadmap_choices_leave_out_archived_roadmaps_and_other_municipalities(plan, department_head):
    foreign = RoadmapFactory(municipality=MunicipalityFactory(name="Другой район"))
    choices = set(_filter(department_head, {}).form.fields["roadmap"].queryset)
    assert choices == {plan.roadmap, plan.second}
    assert plan.archived not in choices and foreign not in choices


def test_section_filter(plan, department_head):
    assert _names(_filter(department_head, {"section": plan.checks.pk}).qs, plan.rows) == {"m2a", "m2b"}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("done", {"m1a"}),
        ("in_progress", {"m2a"}),
        ("not_started", {"m2b", "m3a"}),
        ("not_required", {"m3b"}),
        ("overdue", {"m1b"}),
    ],
)
def test_status_filter_follows_the_status_people_see(plan, department_head, status, expected):
    assert _names(_filter(department_head, {"status": status}).qs, plan.rows) == expected


def test_status_choices_offer_overdue_in_russian(plan, department_head):
    choices = dict(_filter(department_head, {}).form.fields["status"].choices)
    assert choices["overdue"] == "просрочено"
    assert choices["not_started"] == "не начато"


def test_school_filter(plan, department_head, school_b):
    assert _names(_filter(department_head, {"school": school_b.pk}).qs, plan.rows) == {"m1b", "m2b", "m3b"}


def test_school_choices_are_limited_to_visible_schools(
    plan, head_a, methodist_a, coordinator, school_a, school_b
):
    assert "school" not in _filter(head_a, {}).filters  # their own school is all they have: no select
    assert list(_filter(methodist_a, {}).form.fields["school"].queryset) == [school_a]
    assert set(_filter(coordinator, {}).form.fields["school"].queryset) == {school_a, school_b}


def test_a_school_head_asking_for_another_school_gets_none_of_its_rows(plan, head_a, school_b):
    filterset = _filter(head_a, {"school": school_b.pk})
    assert "school" not in filterset.form.fields and filterset.is_valid()
    assert _names(filterset.qs, plan.rows) == {"m1a", "m2a", "m3a"}


def test_a_school_heads_list_offers_no_school_to_choose(client, plan, head_a, methodist_a):
    client.force_login(head_a)
    assert 'name="school"' not in client.get(LIST).content.decode()
    client.force_login(methodist_a)
    assert 'name="school"' in client.get(LIST).content.decode()


def test_responsible_filter_searches_the_text_as_written(plan, department_head):
    assert _names(_filter(department_head, {"responsible": "Руководители ШМО"}).qs, plan.rows) == {
        "m2a",
        "m2b",
    }


def test_search_ignores_the_case_of_cyrillic_letters_on_every_database(plan, department_head):
    upper = _names(_filter(department_head, {"responsible": "РУКОВОДИТЕЛИ ШМО"}).qs, plan.rows)
    assert upper == {"m2a", "m2b"}


def test_responsible_filter_finds_a_named_person_by_surname(plan, department_head, methodist_a):
    rows = _filter(department_head, {"responsible": methodist_a.last_name}).qs
    assert _names(rows, plan.rows) == {"m1a", "m1b"}
    assert rows.count() == 2


def test_responsible_filter_ignores_blank_input(plan, department_head):
    assert _filter(department_head, {"responsible": "   "}).qs.count() == 6


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"due_from": "2024-03-10"}, {"m2a", "m2b", "m3a", "m3b"}),
        ({"due_from": "2024-03-11"}, {"m3a", "m3b"}),
        ({"due_to": "2024-03-10"}, {"m1a", "m1b", "m2a", "m2b"}),
        ({"due_to": "2024-03-09"}, {"m1a", "m1b"}),
        ({"due_from": "2024-02-15", "due_to": "2024-02-15"}, {"m1a", "m1b"}),
    ],
)
def test_due_from_and_due_to_include_their_own_day(plan, department_head, data, expected):
    assert _names(_filter(department_head, data).qs, plan.rows) == expected


def test_a_date_that_is_not_a_date_is_an_error_next_to_the_field(plan, department_head):
    filterset = _filter(department_head, {"due_from": "15 февраля"})
    assert "due_from" in filterset.form.errors


def test_overdue_only(plan, department_head):
    assert _names(_filter(department_head, {"overdue": "on"}).qs, plan.rows) == {"m1b"}


def test_unfinished_only_leaves_out_rows_done_or_not_required(plan, department_head):
    assert _names(_filter(department_head, {"unfinished": "on"}).qs, plan.rows) == {
        "m1b",
        "m2a",
        "m2b",
        "m3a",
    }


def test_unfinished_with_due_dates_gives_what_is_still_to_do_in_that_window(plan, department_head):
    data = {"due_from": "2024-03-01", "due_to": "2024-05-01", "unfinished": "on"}
    assert _names(_filter(department_head, data).qs, plan.rows) == {"m2a", "m2b", "m3a"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("тетрадей", {"m2a", "m2b"}),
        ("7.1", {"m2a", "m2b"}),
        ("7", set()),
        ("ВПР", {"m3a", "m3b"}),
    ],
)
def test_text_searches_the_title_or_the_exact_number(plan, department_head, text, expected):
    assert _names(_filter(department_head, {"q": text}).qs, plan.rows) == expected


def test_filters_combine(plan, department_head, school_a):
    data = {"roadmap": plan.roadmap.pk, "school": school_a.pk, "status": "in_progress"}
    assert _names(_filter(department_head, data).qs, plan.rows) == {"m2a"}


# --- through the page --------------------------------------------------------------------------------


def test_the_list_page_shows_the_filtered_rows_and_their_count(client, plan, department_head):
    client.force_login(department_head)
    response = client.get(LIST, {"status": "overdue"})
    assert list(response.context["page"]) == [plan.rows.m1b]
    assert "Показано: 1 из 1" in response.content.decode()


def test_an_htmx_filter_request_gets_only_the_table(client, plan, department_head):
    client.force_login(department_head)
    response = client.get(LIST, {"status": "done"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-testid="row-count"' in html


def test_an_empty_result_says_what_to_do(client, plan, department_head):
    client.force_login(department_head)
    response = client.get(LIST, {"q": "нет такого мероприятия"})
    assert "Ничего не найдено. Измените фильтры или нажмите «Сбросить»." in response.content.decode()


def test_the_export_link_keeps_the_filters(client, plan, department_head, school_a):
    client.force_login(department_head)
    html = client.get(LIST, {"school": school_a.pk, "status": "done"}).content.decode()
    assert f'href="?school={school_a.pk}&amp;status=done&export=xlsx"' in html


def test_the_excel_export_is_the_filtered_list(client, plan, department_head, methodist_a, school_b):
    plan.rows.m1b.comment = "=1+1 не формула"
    plan.rows.m1b.updated_by = methodist_a
    plan.rows.m1b.updated_at = datetime.datetime(2024, 2, 20, 6, 30, tzinfo=datetime.UTC)
    plan.rows.m1b.save()
    client.force_login(department_head)
    response = client.get(LIST, {"school": school_b.pk, "roadmap": plan.roadmap.pk, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''measures.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "№",
        "Мероприятие",
        "Школа",
        "Сроки (как в документе)",
        "Срок окончания",
        "Ответственные",
        "Статус",
        "Комментарий",
        "Изменено",
        "Кем",
    ]
    assert [(r[0], r[2], r[6]) for r in rows[1:]] == [
        ("1", "МКОУ «Школа Б»", "просрочено"),
        ("7.1", "МКОУ «Школа Б»", "не начато"),
    ]
    first = rows[1]
    assert first[4] == datetime.datetime(2024, 2, 15)
    assert first[7] == "=1+1 не формула"
    assert first[8] == datetime.datetime(2024, 2, 20, 9, 30)  # Moscow time, as on the page
    assert first[9] == methodist_a.short_name


def test_a_school_heads_export_holds_only_their_school(client, plan, head_a):
    client.force_login(head_a)
    response = client.get(LIST, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert "Школа" not in header  # always their school: the column is left out, as on the page
    assert sheet.max_row == 4  # their three rows only


def test_archived_roadmaps_stay_out_of_the_list_and_the_export(client, plan, department_head):
    client.force_login(department_head)
    response = client.get(LIST, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 7
    assert all(row[1].value != "Старый план" for row in sheet.iter_rows(min_row=2))


def test_another_municipalitys_head_sees_none_of_these_rows(client, plan):
    stranger = UserFactory(role="department_head", municipality=MunicipalityFactory(name="Томский район"))
    client.force_login(stranger)
    assert client.get(LIST).context["page"].paginator.count == 0


def _options(form, name: str) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in form.fields[name].widget.choices]


@pytest.mark.parametrize("who", ["department_head", "methodist_a", "head_a"])
def test_the_selects_offer_what_their_querysets_hold_in_their_order(plan, who, request):
    """The options are read by a query compiled once for the person (common.prepared.compiled_rows); they
    must be the options Django's ModelChoiceField would write from the filter's queryset, in its order."""
    user = request.getfixturevalue(who)
    foreign = RoadmapFactory(municipality=MunicipalityFactory(name="Другой район"), title="Чужой план")
    SectionFactory(roadmap=foreign, number="9", title="Чужой раздел")
    for data in ({}, {"roadmap": str(plan.second.pk), "section": str(plan.checks.pk)}):
        for _ in range(2):  # compiled the first time, reused the second
            filterset = _filter(user, data)
            form = filterset.form
            for name in ("roadmap", "section", "school"):
                if name not in filterset.filters:
                    assert who == "head_a" and name == "school"
                    continue
                expected = [("", "все"), *((str(o.pk), str(o)) for o in form.fields[name].queryset)]
                assert _options(form, name) == expected
            assert ("Чужой план" not in str(form)) and ("Чужой раздел" not in str(form))
    assert [label for _, label in _options(_filter(user, {}).form, "section")] == [
        "все",
        "1 Аналитическая работа",
        "2 Проверка работ",
    ]


def test_the_form_class_is_built_once_for_a_person_and_still_checks_what_they_may_choose(
    plan, methodist_a, school_a, school_b
):
    """The form's class (and the querysets of its selects) is built the first time a person's list is
    asked, then reused: the querysets are lazy, a school a methodist is given later is offered and
    accepted at once, and a roadmap of another municipality is still refused."""
    first = _filter(methodist_a, {})
    assert [label for _, label in _options(first.form, "school")] == ["все", str(school_a)]
    again = _filter(methodist_a, {"school": str(school_b.pk)})
    assert again.get_form_class() is first.get_form_class()
    assert not again.querysets_set  # the class was there: nothing built for this request
    assert not again.form.is_valid() and "school" in again.form.errors  # not their school yet
    methodist_a.curated_schools.add(school_b)
    later = _filter(methodist_a, {"school": str(school_b.pk)})
    assert later.form.is_valid(), later.form.errors
    assert set(later.qs.values_list("school_id", flat=True)) == {school_b.pk}
    assert [label for _, label in _options(later.form, "school")] == ["все", str(school_a), str(school_b)]
    foreign = RoadmapFactory(municipality=MunicipalityFactory(name="Другой район"))
    refused = _filter(methodist_a, {"roadmap": str(foreign.pk)})
    assert not refused.form.is_valid() and "roadmap" in refused.form.errors


def test_an_option_chosen_that_is_not_offered_is_refused(plan, head_a):
    foreign = RoadmapFactory(municipality=MunicipalityFactory(name="Другой район"))
    filterset = _filter(head_a, {"roadmap": str(foreign.pk)})
    assert not filterset.form.is_valid() and "roadmap" in filterset.form.errors
