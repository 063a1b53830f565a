"""The browser import: upload, preview with corrections, confirm; nothing saved before that."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

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


def preview_fields(response) -> dict[str, str]:
    """What the preview form would send back unchanged."""
    parsed = response.context["parsed"]
    fields = {
        "title": parsed.title,
        "period_start": parsed.period.start.isoformat(),
        "period_end": parsed.period.end.isoformat(),
        "approved_by": parsed.approval.approved_by or "",
        "order_number": parsed.approval.order_number or "",
        "order_date": parsed.approval.order_date.isoformat() if parsed.approval.order_date else "",
    }
    for index, measure in response.context["measures"]:
        fields.update(
            {
                f"m-{index}-number": measure.number,
                f"m-{index}-title": measure.title,
                f"m-{index}-form": measure.form or "",
                f"m-{index}-deadline_text": measure.deadline_text,
                f"m-{index}-kind": measure.deadline.kind,
                f"m-{index}-start": measure.deadline.start.isoformat() if measure.deadline.start else "",
                f"m-{index}-end": measure.deadline.end.isoformat() if measure.deadline.end else "",
                f"m-{index}-responsible_text": measure.responsible_text,
            }
        )
    return fields


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
    preview = client.get(reverse("roadmaps:roadmap_import_preview"))
    fields = preview_fields(preview)
    fields["approved_by"] = "Начальник МКУ «Кумторкалинское УО»"
    fields["m-0-title"] = "Предварительная оценка количества претендентов (исправлено)"
    fields["m-4-kind"] = "date"
    fields["m-4-end"] = "2024-04-30"

    response = client.post(reverse("roadmaps:roadmap_import_preview"), fields)

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
    fields = preview_fields(client.get(reverse("roadmaps:roadmap_import_preview")))
    fields["m-2-title"] = ""
    fields["period_end"] = "2023-01-01"

    response = client.post(reverse("roadmaps:roadmap_import_preview"), fields)

    assert response.status_code == 400
    text = response.content.decode()
    assert "Строка 3 (№ 3): пустое наименование мероприятия." in text
    assert "Конец периода раньше его начала." in text
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
    fields = preview_fields(client.get(reverse("roadmaps:roadmap_import_preview")))
    client.post(reverse("roadmaps:roadmap_import_preview"), fields)
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
    client.post(
        reverse("roadmaps:roadmap_import_preview"),
        preview_fields(client.get(reverse("roadmaps:roadmap_import_preview"))),
    )
    page = client.get(reverse("roadmaps:roadmap_import"))
    assert SEED_000 in page.content.decode()
