"""Further date columns (reserve dates): saved on the measure, shown on its page, printed by the command."""

from __future__ import annotations

import io
import json

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from roadmaps.importer import parse_roadmap
from roadmaps.importer.save import roadmap_import_save
from roadmaps.models import Measure

from .test_importer_regions import make_docx, make_text

pytestmark = pytest.mark.django_db

SCHEDULE = (
    "Приложение N 3",
    "к приказу отдела образования",
    "от 10 января 2025 г. N 4",
    "План-график проведения ВПР на 2025 год",
    [
        ["N п/п", "Мероприятие", "Основной день", "Резервный день 1", "Резервный день 2", "Ответственные"],
        ["1", "ВПР по математике, 5 класс", "15.04.2025", "22.04.2025", "", "Руководители ОО"],
        ["2", "ВПР по истории, 6 класс", "17.04.2025", "24.04.2025", "25.04.2025", "Руководители ОО"],
        ["3", "Анализ результатов", "Май 2025", "", "", "Методисты"],
    ],
)


def test_extra_dates_are_saved_and_shown_on_the_measure_page(client, municipality, school_a, head_a) -> None:
    parsed = parse_roadmap(make_docx(*SCHEDULE), "график.docx")
    roadmap = roadmap_import_save(parsed=parsed, municipality=municipality)
    first, second, third = roadmap.measures.order_by("order")
    assert first.extra_dates == [{"label": "Резервный день 1", "text": "22.04.2025"}]
    assert second.extra_dates == [
        {"label": "Резервный день 1", "text": "24.04.2025"},
        {"label": "Резервный день 2", "text": "25.04.2025"},
    ]
    assert third.extra_dates == []
    assert (roadmap.order_number, str(roadmap.order_date)) == ("4", "2025-01-10")

    client.force_login(head_a)
    page = lxml.html.fromstring(client.get(reverse("roadmaps:measure_detail", args=[second.pk])).content)
    (shown,) = page.xpath('//dd[@data-testid="extra-dates"]')
    assert shown.text_content() == "Резервный день 1: 24.04.2025Резервный день 2: 25.04.2025"
    page = lxml.html.fromstring(client.get(reverse("roadmaps:measure_detail", args=[third.pk])).content)
    assert page.xpath('//dd[@data-testid="extra-dates"]') == []


def test_a_measure_made_by_hand_has_no_extra_dates(municipality) -> None:
    parsed = parse_roadmap(
        make_docx(
            "План на 2025 год", [["№", "Мероприятие", "Срок", "Ответственные"], ["1", "Анализ", "Март", "УО"]]
        ),
        "план.docx",
    )
    roadmap = roadmap_import_save(parsed=parsed, municipality=municipality)
    assert list(Measure.objects.filter(roadmap=roadmap).values_list("extra_dates", flat=True)) == [[]]


def test_the_command_prints_extra_dates_and_the_order_with_full(tmp_path, municipality) -> None:
    path = tmp_path / "график.txt"
    path.write_bytes(make_text(*SCHEDULE))
    out = io.StringIO()
    call_command(
        "import_roadmap", str(path), "--dry-run", "--json", "--full", stdout=out, stderr=io.StringIO()
    )
    document = json.loads(out.getvalue())
    assert document["order"] == {
        "number": "4",
        "date": "2025-01-10",
        "signed_by": None,
        "appendix": "Приложение № 3",
    }
    measures = document["sections"][0]["measures"]
    assert [m["extra_dates"] for m in measures] == [
        [{"label": "Резервный день 1", "text": "22.04.2025"}],
        [
            {"label": "Резервный день 1", "text": "24.04.2025"},
            {"label": "Резервный день 2", "text": "25.04.2025"},
        ],
        [],
    ]
    # Without --full the documented shape stays as it was.
    out = io.StringIO()
    call_command("import_roadmap", str(path), "--dry-run", "--json", stdout=out, stderr=io.StringIO())
    plain = json.loads(out.getvalue())
    assert "order" not in plain and "extra_dates" not in plain["sections"][0]["measures"][0]


def test_the_summary_mentions_the_order_and_the_extra_dates(tmp_path) -> None:
    path = tmp_path / "график.docx"
    path.write_bytes(make_docx(*SCHEDULE))
    out = io.StringIO()
    call_command("import_roadmap", str(path), "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert "Утверждена: приказ №4 от 10.01.2025" in lines
    assert "Приказ: план — приложение № 3 к приказу" in lines
    assert "Мероприятий с дополнительными датами: 2" in lines


def test_extra_dates_survive_the_browser_preview(client, department_head) -> None:
    """The preview keeps the parsed plan in the session: the further dates must not be lost on the way."""
    from roadmaps.models import Roadmap

    from .test_import_views import PREVIEW, press

    client.force_login(department_head)
    response = client.post(
        reverse("roadmaps:roadmap_import"),
        {"file": SimpleUploadedFile("график.docx", make_docx(*SCHEDULE))},
    )
    assert response.status_code == 302
    response = press(client, client.get(PREVIEW), "confirm")
    assert response.status_code == 302, response.content.decode()[:2000]
    roadmap = Roadmap.objects.get()
    assert [m.extra_dates for m in roadmap.measures.order_by("order")] == [
        [{"label": "Резервный день 1", "text": "22.04.2025"}],
        [
            {"label": "Резервный день 1", "text": "24.04.2025"},
            {"label": "Резервный день 2", "text": "25.04.2025"},
        ],
        [],
    ]
