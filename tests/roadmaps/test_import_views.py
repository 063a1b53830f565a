"""The browser import: upload, preview with corrections, confirm; nothing saved before that."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse, reverse_lazy
from openpyxl import Workbook, load_workbook

from roadmaps.importer import parse_roadmap
from roadmaps.models import Measure, Progress, Roadmap

SEEDS = Path(__file__).resolve().parents[2] / "roadmaps" / "seeds"
SEED_000 = "000_58e98b430dd7557c.docx"

pytestmark = pytest.mark.django_db


def upload(client, name: str = SEED_000, data: bytes | None = None, **extra):
    content = data if data is not None else (SEEDS / name).read_bytes()
    return client.post(
        reverse("roadmaps:roadmap_import"), {"file": SimpleUploadedFile(name, content), **extra}
    )


PREVIEW = reverse_lazy("roadmaps:roadmap_import_preview")


def press(client, page, button: str, value: str = "", **changes: str):
    """Post the preview form the way a browser does: every field of the page, as shown or as changed,
    and the one button pressed."""
    [form] = [f for f in lxml.html.fromstring(page.content.decode()).forms if f.action == str(PREVIEW)]
    fields = dict(form.form_values())
    unknown = set(changes) - set(form.inputs.keys())
    assert not unknown, f"the page has no fields {unknown}"
    fields.update(changes)
    fields[button] = value
    return client.post(PREVIEW, fields)


def open_row(client, index: int, **header: str):
    """Press «Исправить» on a row and follow to the page where that row is open."""
    response = press(client, client.get(PREVIEW), "edit", str(index), **header)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"{PREVIEW}?edit={index}#m-{index}"
    return client.get(response["Location"].split("#")[0])


def correct_row(client, index: int, **changes: str):
    response = press(client, open_row(client, index), "apply", **{f"m-{k}": v for k, v in changes.items()})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_upload_shows_the_preview_and_saves_nothing_before_confirmation(client, department_head, school_a):
    client.force_login(department_head)
    response = upload(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmaps:roadmap_import_preview")
    assert Roadmap.objects.count() == 0

    preview = client.get(reverse("roadmaps:roadmap_import_preview"))
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "ОБЪЕКТИВНОСТИ ОЦЕНИВАНИЯ" in text
    assert "пропущен номер 9" in text  # every warning is shown
    assert "Приложение №2" in text and "Приложение №3" in text
    assert len(preview.context["measures"]) == 15
    assert Roadmap.objects.count() == 0


def test_confirming_saves_the_roadmap_with_the_corrections(client, department_head, school_a, school_b):
    client.force_login(department_head)
    upload(client)
    correct_row(client, 0, title="Предварительная оценка количества претендентов (исправлено)")
    correct_row(client, 4, kind="date", end="2024-04-30")

    response = press(client, client.get(PREVIEW), "confirm", approved_by="Начальник МКУ «Кумторкалинское УО»")

    roadmap = Roadmap.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmaps:roadmap_detail", args=[roadmap.pk])
    assert roadmap.approved_by == "Начальник МКУ «Кумторкалинское УО»"
    assert roadmap.order_number == "312"
    assert roadmap.created_by == department_head
    measures = list(roadmap.measures.order_by("order"))
    assert [m.number for m in measures] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "7.1",
        "7.2",
        "8",
        "10",
        "10",
        "11",
        "10",
        "11",
    ]
    assert measures[0].title == "Предварительная оценка количества претендентов (исправлено)"
    assert measures[4].deadline_kind == "date" and str(measures[4].deadline_end) == "2024-04-30"
    assert measures[7].parent == measures[6]  # 7.1 nests under 7
    # «руководители ОО» among the executors: one progress row per school.
    assert Progress.objects.filter(measure=measures[0]).count() == 2
    # The appendices (mock-exam schedule, commission) are kept with the roadmap and shown on its page.
    assert [a.title[:13] for a in roadmap.appendices.all()] == ["Приложение №2", "Приложение №3"]
    assert roadmap.appendices.first().rows[1][1].startswith("Русский язык")
    assert "Арсланалиева М.Г." in client.get(response["Location"]).content.decode()
    # The session no longer holds the import.
    assert client.get(reverse("roadmaps:roadmap_import_preview")).status_code == 302


def test_a_bad_correction_is_refused_with_a_message_and_saves_nothing(client, department_head):
    client.force_login(department_head)
    upload(client)

    response = press(client, open_row(client, 2), "apply", **{"m-title": "", "period_end": "2023-01-01"})

    assert response.status_code == 400
    assert response.context["row_form"].errors["title"] == ["Обязательное поле."]
    assert response.context["header"].errors["period_end"] == ["Конец периода раньше его начала."]
    assert "Конец периода раньше его начала." in response.content.decode()
    # Nothing of that post was kept: the row reads as before.
    assert client.get(PREVIEW).context["parsed"].measures[2].title
    assert Roadmap.objects.count() == 0 and Measure.objects.count() == 0


def test_cancel_drops_the_import(client, department_head):
    client.force_login(department_head)
    upload(client)
    response = client.post(reverse("roadmaps:roadmap_import_preview"), {"cancel": "1"})
    assert response.status_code == 302
    assert Roadmap.objects.count() == 0
    assert client.get(reverse("roadmaps:roadmap_import_preview")).status_code == 302


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("plan.docx", b"this is not a zip", "«plan.docx»"),
        ("plan.pdf", b"%PDF-1.4", "«plan.pdf»"),
        ("plan.txt", b"", "пуст"),
    ],
)
def test_a_bad_file_gets_a_russian_message_and_a_400(client, department_head, name, data, fragment):
    client.force_login(department_head)
    response = upload(client, name=name, data=data)
    assert response.status_code == 400
    [error] = response.context["form"].errors["file"]
    assert fragment in error
    assert Roadmap.objects.count() == 0


def test_a_file_over_the_limit_is_refused_before_reading(client, department_head, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(department_head)
    response = upload(client)
    assert response.status_code == 400
    assert "можно не больше" in response.context["form"].errors["file"][0]


def test_a_school_plan_is_saved_for_that_school_only(client, department_head, school_a, school_b):
    client.force_login(department_head)
    upload(client, name="001_15714ccce30c90f6.docx", school=school_a.pk)
    press(client, client.get(PREVIEW), "confirm")
    roadmap = Roadmap.objects.get()
    assert roadmap.school == school_a
    assert set(Progress.objects.filter(measure__roadmap=roadmap).values_list("school", flat=True)) == {
        school_a.pk
    }


def test_methodist_may_import_but_school_head_member_and_coordinator_may_not(
    client, methodist_a, head_a, member, coordinator
):
    client.force_login(methodist_a)
    assert client.get(reverse("roadmaps:roadmap_import")).status_code == 200
    for user in (head_a, member, coordinator):
        client.force_login(user)
        assert client.get(reverse("roadmaps:roadmap_import")).status_code == 403
        assert upload(client).status_code == 403
        assert client.get(reverse("roadmaps:roadmap_import_preview")).status_code == 403
    assert Roadmap.objects.count() == 0


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("roadmaps:roadmap_import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_excel_template_downloads_and_reads_back_as_a_roadmap(client, department_head):
    client.force_login(department_head)
    response = client.get(reverse("roadmaps:roadmap_import_template"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[3]][:4] == [
        "№ п/п",
        "Наименование мероприятия",
        "Форма проведения, категория охвата",
        "Сроки",
    ]
    parsed = parse_roadmap(content, "template.xlsx")
    assert str(parsed.period.start) == "2025-09-01"
    assert [m.number for m in parsed.measures] == ["1.1", "1.2"]
    assert parsed.measures[1].deadline.kind == "date"


def test_last_uploads_are_listed_on_the_upload_page(client, department_head):
    client.force_login(department_head)
    upload(client)
    press(client, client.get(PREVIEW), "confirm")
    page = client.get(reverse("roadmaps:roadmap_import"))
    assert SEED_000 in page.content.decode()


def plan_xlsx(measures: int, *, last_number: str | None = None) -> bytes:
    """A plan the way a department types it into the template: sections of a hundred measures each."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["План мероприятий (дорожная карта) по обеспечению объективности на 2025-2026 учебный год"])
    sheet.append([])
    sheet.append(["№ п/п", "Наименование мероприятия", "Форма", "Сроки", "Ответственные", "Результат"])
    for section in range(1, measures // 100 + 1):
        sheet.append([str(section), f"Направление работы {section}", "", "", "", ""])
        for item in range(1, 101):
            sheet.append(
                [
                    f"{section}.{item}",
                    f"Мероприятие {section}.{item}: анализ результатов ВПР",
                    "Совещание с руководителями ОО",
                    "Октябрь 2025 г.",
                    "Методисты УО",
                    "Справка",
                ]
            )
    if last_number is not None:
        sheet.append([last_number, "Мероприятие с номером, какого не бывает", "", "Ноябрь 2025 г.", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_plan_of_500_measures_is_confirmed_with_a_post_of_a_few_fields(client, department_head):
    client.force_login(department_head)
    assert upload(client, name="plan-500.xlsx", data=plan_xlsx(500)).status_code == 302
    correct_row(client, 499, title="Итоговое совещание (исправлено)")
    page = client.get(PREVIEW)
    assert len(page.context["measures"]) == 500
    [form] = [f for f in lxml.html.fromstring(page.content.decode()).forms if f.action == str(PREVIEW)]
    assert len(form.form_values()) < 20  # the header, not 500 rows of fields

    response = press(client, page, "confirm")

    assert response.status_code == 302, response.content.decode()[:3000]
    roadmap = Roadmap.objects.get()
    assert roadmap.measures.count() == 500
    assert roadmap.measures.order_by("order").last().title == "Итоговое совещание (исправлено)"


def test_an_open_row_is_kept_when_another_is_opened_and_the_header_with_it(client, department_head):
    client.force_login(department_head)
    upload(client)
    row = open_row(client, 1)
    response = press(client, row, "edit", "3", **{"m-number": "2а", "order_number": "312-од"})
    assert response["Location"] == f"{PREVIEW}?edit=3#m-3"
    parsed = client.get(PREVIEW).context["parsed"]
    assert parsed.measures[1].number == "2а" and parsed.approval.order_number == "312-од"


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [("order_number", "1" * 80, 64), ("approved_by", "Начальник управления " * 15, 255)],
)
def test_an_over_long_header_value_is_refused_by_the_form_with_its_limit(
    client, department_head, field, value, limit
):
    client.force_login(department_head)
    upload(client)
    page = client.get(PREVIEW)
    assert f'maxlength="{limit}"' in page.content.decode()

    response = press(client, page, "confirm", **{field: value})

    assert response.status_code == 400
    assert f"не более {limit} символов" in response.context["header"].errors[field][0]
    assert Roadmap.objects.count() == 0


def test_a_typed_measure_number_over_16_characters_is_refused(client, department_head):
    client.force_login(department_head)
    upload(client)
    row = open_row(client, 0)
    assert 'maxlength="16"' in row.content.decode()

    response = press(client, row, "confirm", **{"m-number": "1.2.3.4.5.6.7.8.9.10"})

    assert response.status_code == 400
    assert "не более 16 символов" in response.context["row_form"].errors["number"][0]
    assert Roadmap.objects.count() == 0


def test_a_measure_number_read_from_the_file_too_long_to_keep_is_named_before_saving(client, department_head):
    client.force_login(department_head)
    upload(client, name="plan.xlsx", data=plan_xlsx(100, last_number="1.2.3.4.5.6.7.8.9.10"))

    response = press(client, client.get(PREVIEW), "confirm")

    assert response.status_code == 400
    [error] = response.context["errors"]
    assert error.startswith("Строка 101 (№ 1.2.3.4.5.6.7.8.9.10): №: Убедитесь")
    assert "не более 16 символов" in error
    assert response.context["problem_rows"] == {100}
    assert Roadmap.objects.count() == 0
    # Corrected in its row, the plan is saved.
    correct_row(client, 100, number="101")
    assert press(client, client.get(PREVIEW), "confirm").status_code == 302
    assert Roadmap.objects.get().measures.count() == 101


@pytest.mark.parametrize("row", ["abc", "-1", "15", "99999999999999999999", "1\x00"])
def test_a_row_that_is_not_in_the_plan_gets_a_message_not_a_crash(client, department_head, row):
    client.force_login(department_head)
    upload(client)
    assert client.get(PREVIEW, {"edit": row}).status_code == 400
    response = press(client, client.get(PREVIEW), "edit", row)
    assert response.status_code == 400
    assert response.context["errors"]
    assert Roadmap.objects.count() == 0
