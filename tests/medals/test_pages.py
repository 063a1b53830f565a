"""The medal pages render real data for the people who use them: lists, card, uploads, exports."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from medals.models import Candidate, Grade, Recheck, SchoolYearIndicator, Source, Upload

from .factories import (
    JOURNAL_HEADER,
    REGISTER_HEADER,
    CandidateFactory,
    GradeFactory,
    PupilFactory,
    RecheckFactory,
    subject,
    write_xlsx,
)


def sheet_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [[c.value for c in row] for row in workbook.worksheets[0].iter_rows()]


@pytest.fixture
def data(candidate_a, candidate_b):
    GradeFactory(candidate=candidate_a, mark="5")
    GradeFactory(candidate=candidate_a, mark="3", source=Source.NOTEBOOK)
    candidate_b.previous_school_name = "МКОУ «СОШ №9»"
    candidate_b.transfer_date = datetime.date(2023, 9, 10)
    candidate_b.save()
    return candidate_a, candidate_b


def test_the_candidate_list_shows_risk_badges_a_row_count_and_filters(client, department_head, data):
    client.force_login(department_head)
    content = client.get(reverse("medals:candidate_list")).content.decode()
    assert 'data-testid="row-count">Показано: 2 из 2' in content
    assert "Журнал и тетрадь расходятся" in content
    assert "Перевод в 10–11 классе" in content
    content = client.get(reverse("medals:candidate_list"), {"transfer": "on"}).content.decode()
    assert "Бекова" in content and "Арсланова" not in content


def test_the_risk_filter_keeps_only_candidates_at_risk(client, department_head, data, school_a):
    CandidateFactory(pupil=PupilFactory(school=school_a, last_name="Спокойная"))
    client.force_login(department_head)
    content = client.get(reverse("medals:candidate_list"), {"risk": "on"}).content.decode()
    assert "Спокойная" not in content
    assert "Показано: 2 из 2" in content


def test_an_htmx_filter_request_gets_only_the_table(client, department_head, data):
    client.force_login(department_head)
    response = client.get(reverse("medals:candidate_list"), {"q": "Бекова"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content
    assert "Бекова" in content and "Арсланова" not in content


def test_the_candidate_list_exports_to_excel(client, department_head, data):
    client.force_login(department_head)
    rows = sheet_rows(client.get(reverse("medals:candidate_list"), {"export": "xlsx"}))
    assert rows[0][:3] == ["ФИО", "Дата рождения", "Школа"]
    assert {r[0] for r in rows[1:]} == {"Арсланова Динара Маратовна", "Бекова Зарина Алиевна"}


def test_withdrawn_candidates_are_hidden_unless_asked(client, department_head, data):
    data[1].is_active = False
    data[1].save()
    client.force_login(department_head)
    assert "Бекова" not in client.get(reverse("medals:candidate_list")).content.decode()
    assert (
        "снят с реестра" in client.get(reverse("medals:candidate_list"), {"withdrawn": "on"}).content.decode()
    )


def test_the_card_shows_marks_works_rechecks_eligibility_and_reasons(client, methodist_a, data):
    candidate = data[0]
    GradeFactory(
        candidate=candidate,
        period="year",
        work_kind="year",
        work_date=None,
        mark="5",
        subject=subject("Физика"),
    )
    RecheckFactory(
        candidate=candidate, code="24-CARD1", status=Recheck.Status.DONE, recheck_mark="4", recheck_value=4
    )
    client.force_login(methodist_a)
    content = client.get(reverse("medals:candidate_detail", args=[candidate.pk])).content.decode()
    assert "11 кл., год" in content
    assert "24-CARD1" in content
    assert "Журнал и тетрадь расходятся" in content
    assert "Перепроверка понизила отметку" in content
    assert "Медаль I степени" in content and "результатов ЕГЭ ещё нет" in content
    assert 'data-testid="notebook-form"' in content
    assert "на перепроверку</button>" in content


def test_the_school_head_sees_the_card_without_department_tools(client, head_a, data):
    client.force_login(head_a)
    content = client.get(reverse("medals:candidate_detail", args=[data[0].pk])).content.decode()
    assert 'data-testid="notebook-form"' not in content
    assert "на перепроверку</button>" not in content


def test_the_upload_page_offers_the_template_and_the_history(client, head_a, school_a):
    Upload.objects.create(
        school=school_a,
        kind=Upload.Kind.JOURNAL,
        original_name="old.xlsx",
        status=Upload.Status.SAVED,
        saved=12,
    )
    client.force_login(head_a)
    content = client.get(reverse("medals:upload", args=["journal"])).content.decode()
    assert reverse("medals:upload_template", args=["journal"]) in content
    assert "old.xlsx" in content and "12 стр." in content


# The register template also offers the optional «Форма ГИА» (ЕГЭ or ГВЭ); the factories' files leave it out.
@pytest.mark.parametrize(
    ("kind", "first"), [("journal", JOURNAL_HEADER), ("candidates", [*REGISTER_HEADER, "Форма ГИА"])]
)
def test_the_templates_hold_the_headers_the_importer_reads(client, head_a, kind, first):
    client.force_login(head_a)
    response = client.get(reverse("medals:upload_template", args=[kind]))
    rows = sheet_rows(response)
    assert rows[0] == first


def test_an_upload_with_errors_is_shown_by_row_and_column_and_saves_nothing(
    client, head_a, candidate_a, school_a, tmp_path
):
    path = write_xlsx(
        tmp_path / "j.xlsx",
        [
            JOURNAL_HEADER,
            [
                "Арсланова Динара Маратовна",
                "11А",
                "2023-2024",
                "Русский язык",
                "",
                "контрольная работа",
                "12.10.2023",
                "8",
                "",
            ],
        ],
    )
    client.force_login(head_a)
    with path.open("rb") as handle:
        response = client.post(
            reverse("medals:upload", args=["journal"]), {"school": school_a.pk, "file": handle}
        )
    upload = Upload.objects.get()
    assert response["Location"] == reverse("medals:upload_detail", args=[upload.pk])
    content = client.get(response["Location"]).content.decode()
    assert upload.status == Upload.Status.REJECTED
    assert "«8»: допускаются отметки 2, 3, 4, 5, «зач» и «н/а»." in content
    assert 'data-testid="confirm"' not in content
    assert not Grade.objects.exists()


def test_a_good_upload_is_previewed_then_saved_on_confirmation(
    client, head_a, candidate_a, school_a, tmp_path
):
    path = write_xlsx(
        tmp_path / "j.xlsx",
        [
            JOURNAL_HEADER,
            [
                "Арсланова Динара Маратовна",
                "11А",
                "2023-2024",
                "Русский язык",
                "",
                "контрольная работа",
                "12.10.2023",
                "5",
                "",
            ],
        ],
    )
    client.force_login(head_a)
    with path.open("rb") as handle:
        response = client.post(
            reverse("medals:upload", args=["journal"]), {"school": school_a.pk, "file": handle}
        )
    content = client.get(response["Location"]).content.decode()
    assert "Будет сохранено отметок" in content and 'data-testid="confirm"' in content
    assert not Grade.objects.exists()
    upload = Upload.objects.get()
    client.post(reverse("medals:upload_save", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == Upload.Status.SAVED
    assert Grade.objects.count() == 1
    again = client.post(reverse("medals:upload_save", args=[upload.pk]), follow=True)
    assert "Этот файл уже обработан." in again.content.decode()
    assert Grade.objects.count() == 1


def test_a_register_upload_goes_through_preview_and_confirmation(client, head_a, school_a, tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [REGISTER_HEADER, ["Гаджиева Амина Руслановна", "11Б", "05.04.2006", "I", "2023-2024", "", ""]],
    )
    client.force_login(head_a)
    with path.open("rb") as handle:
        response = client.post(
            reverse("medals:upload", args=["candidates"]), {"school": school_a.pk, "file": handle}
        )
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.PREVIEW
    client.post(reverse("medals:upload_save", args=[upload.pk]))
    assert Candidate.objects.get().pupil.last_name == "Гаджиева"
    assert response.status_code == 302


def test_a_file_of_the_wrong_type_is_refused_by_the_form(client, head_a, school_a):
    client.force_login(head_a)
    response = client.post(
        reverse("medals:upload", args=["journal"]),
        {"school": school_a.pk, "file": SimpleUploadedFile("j.pdf", b"%PDF-1.4")},
    )
    assert "принимаются только таблицы .xlsx, .xls и .csv" in response.content.decode()
    assert not Upload.objects.exists()


def test_the_comparison_page_shows_totals_by_school_and_disagreements(client, department_head, data):
    client.force_login(department_head)
    content = client.get(reverse("medals:comparison")).content.decode()
    assert 'data-testid="school-totals"' in content
    assert "Арсланова Динара Маратовна" in content
    rows = sheet_rows(client.get(reverse("medals:comparison"), {"export": "xlsx"}))
    assert rows[1][:3] == ["Арсланова Динара Маратовна", "11А", "Русский язык"]


def test_the_recheck_list_proposes_works_and_the_methodist_assigns_a_member(
    client, methodist_a, member, data
):
    client.force_login(methodist_a)
    response = client.post(reverse("medals:recheck_propose"), follow=True)
    assert "добавлено работ: 1" in response.content.decode()
    recheck = Recheck.objects.get()
    response = client.post(
        reverse("medals:recheck_edit", args=[recheck.pk]), {"assigned_to": member.pk, "note": ""}
    )
    assert response.status_code == 302
    recheck.refresh_from_db()
    assert recheck.assigned_to == member
    rows = sheet_rows(client.get(reverse("medals:recheck_list"), {"export": "xlsx"}))
    assert rows[1][0] == recheck.code


def test_a_member_from_the_candidates_school_is_not_offered(client, methodist_a, member_a, member, data):
    recheck = RecheckFactory(candidate=data[0])
    client.force_login(methodist_a)
    content = client.get(reverse("medals:recheck_edit", args=[recheck.pk])).content.decode()
    assert member.short_name in content
    assert member_a.short_name not in content
    response = client.post(reverse("medals:recheck_edit", args=[recheck.pk]), {"assigned_to": member_a.pk})
    assert response.status_code == 200
    recheck.refresh_from_db()
    assert recheck.assigned_to is None


@pytest.mark.parametrize("tab", ["candidates", "teachers", "schools"])
def test_each_risk_tab_renders_and_exports(client, department_head, data, tab):
    SchoolYearIndicator.objects.create(school=data[0].school, year=2024, graduates=4)
    client.force_login(department_head)
    response = client.get(reverse("medals:risk_groups"), {"tab": tab})
    assert response.status_code == 200
    assert sheet_rows(client.get(reverse("medals:risk_groups"), {"tab": tab, "export": "xlsx"}))[0]


def test_the_schools_tab_compares_the_share_with_the_national_reference(client, department_head, data):
    SchoolYearIndicator.objects.create(school=data[0].school, year=2024, graduates=4)
    client.force_login(department_head)
    content = client.get(reverse("medals:risk_groups"), {"tab": "schools"}).content.decode()
    assert "доля медалистов по России 17,5%" in content
    assert "Доля претендентов выше средней по России" in content


def test_the_indicator_page_lists_the_schools_with_their_figures(client, department_head, data):
    SchoolYearIndicator.objects.create(
        school=data[0].school, year=2023, graduates=20, medalists=5, medalists_ege_below_70=2
    )
    client.force_login(department_head)
    content = client.get(reverse("medals:indicator_list"), {"year": 2024}).content.decode()
    assert "МКОУ «Школа А»" in content and ">5<" in content and ">2<" in content
    rows = sheet_rows(client.get(reverse("medals:indicator_list"), {"year": 2024, "export": "xlsx"}))
    assert rows[0][:2] == ["Школа", "Выпускников 2024"]
    assert ["МКОУ «Школа А»", 0, 1, None, 1, 5, 2] in rows


def test_the_risk_group_shows_fifty_candidates_a_page_and_counts_and_exports_them_all(
    client, department_head, school_a
):
    for n in range(53):
        CandidateFactory(
            pupil=PupilFactory(school=school_a, last_name=f"Переведённый{n:02d}"),
            school=school_a,
            previous_school_name="МБОУ «Другая школа»",
        )
    client.force_login(department_head)
    first = client.get(reverse("medals:risk_groups"), {"tab": "candidates"}).content.decode()
    assert "В группе риска: 53" in first
    assert first.count("Переведённый") == 50
    assert "page=2" in first and "tab=candidates" in first.split("page=2")[0].rsplit("href", 1)[1]
    second = client.get(reverse("medals:risk_groups"), {"tab": "candidates", "page": 2}).content.decode()
    assert second.count("Переведённый") == 3
    rows = sheet_rows(client.get(reverse("medals:risk_groups"), {"tab": "candidates", "export": "xlsx"}))
    assert len(rows) == 1 + 53


def test_the_cards_recheck_buttons_post_one_form_to_their_own_mark(client, methodist_a, data):
    """One form with the token for the whole works table; each button names its mark (formaction)."""
    import re

    client.force_login(methodist_a)
    content = client.get(reverse("medals:candidate_detail", args=[data[0].pk])).content.decode()
    actions = re.findall(r'form="recheck-add" formaction="([^"]+)"', content)
    assert actions and len(actions) == content.count("на перепроверку</button>")
    table = content[content.index('data-testid="works"'):]
    assert "<form" not in table[: table.index("</table>")]  # no form, no token per row
    assert content.count('id="recheck-add"') == 1
    grade_pk = int(actions[0].rstrip("/").split("/")[-1])
    assert actions[0] == reverse("medals:recheck_add", args=[grade_pk])
    assert client.post(actions[0]).status_code == 302
