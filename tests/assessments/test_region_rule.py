"""The ФИС ОКО «Статистика по отметкам» form (Russia and the region) and the rule «above the region's mean,
not backed by ЕГЭ, and not a лицей or гимназия», with numbers computed by hand."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from assessments.mark_statistics import statistics_check
from assessments.models import VprMarkStatistics
from assessments.objectivity import objectivity_rows
from schools.models import School

from ..factories import SchoolFactory
from .factories import EgeResultFactory, PupilFactory, VprResultFactory, VprTestFactory, subject

pytestmark = pytest.mark.django_db

# As the form comes: title lines, the marks under a merged «Распределение групп баллов в %», Russia, the
# region, then the municipality and its schools (not read).
FORM = [
    ["Статистика по отметкам"],
    ["Предмет: Русский язык"],
    ["Максимальный первичный балл: 10"],
    ["Группы участников", "Кол-во ОО", "Кол-во участников", "Распределение групп баллов в %", None, None,
     None],
    [None, None, None, "2", "3", "4", "5"],
    ["Вся выборка", 35000, 1300000, 10.5, 40.5, 35, 14],
    ["Республика Дагестан", 900, 30000, "8,00", "42,00", "40,00", "10,00"],
    ["Кумторкалинский муниципальный район", 20, 800, 5, 30, 40, 25],
    ["(sch150001) МКОУ «Школа А»", 1, 40, 0, 0, 0, 100],
]  # fmt: skip


ARGS = ("--year", "2024", "--subject", "Русский язык", "--grade", "5")


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def form_path(tmp_path):
    path = tmp_path / "Статистика_по_отметкам.xlsx"
    path.write_bytes(xlsx(FORM))
    return path


def test_the_form_gives_russia_and_the_region(municipality, form_path):
    subject("Русский язык")
    out = io.StringIO()
    args = ("--year", "2024", "--subject", "Русский язык", "--grade", "5", "--json")
    call_command("import_mark_statistics", str(form_path), *args, stdout=out)
    assert json.loads(out.getvalue()) == {
        "rows": [
            {"scope": "russia", "name": "Вся выборка", "participants": 1300000,
             "shares": {"2": 10.5, "3": 40.5, "4": 35.0, "5": 14.0}},
            {"scope": "region", "name": "Республика Дагестан", "participants": 30000,
             "shares": {"2": 8.0, "3": 42.0, "4": 40.0, "5": 10.0}},
        ],
        "errors": [],
    }  # fmt: skip
    region = VprMarkStatistics.objects.get(scope="region")
    # 2·0,08 + 3·0,42 + 4·0,40 + 5·0,10 = 0,16 + 1,26 + 1,60 + 0,50 = 3,52
    assert region.mean_mark == pytest.approx(3.52)
    call_command("import_mark_statistics", str(form_path), *args, stdout=io.StringIO())
    assert VprMarkStatistics.objects.count() == 2  # loading again replaces


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Школа", "Отметка"], ["А", 5]], "не похож на форму «Статистика по отметкам»"),
        ([*FORM[:5], ["Республика Дагестан", 900, 30000, 8, 42, 40, 10]], "должна идти «Вся выборка»"),
        ([*FORM[:5], ["Вся выборка", 1, 100, 10, 40, 35, "много"], FORM[6]], "«много» — не процент"),
        ([*FORM[:5], ["Вся выборка", 1, 100, 10, 40, 35, 30], FORM[6]], "в сумме 115.0, а не 100"),
    ],
)
def test_a_bad_form_is_a_russian_message_and_saves_nothing(municipality, tmp_path, rows, message):
    subject("Русский язык")
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsx(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="ничего не сохранено"):
        call_command("import_mark_statistics", str(path), *ARGS, stdout=out)
    assert message in out.getvalue()
    assert not VprMarkStatistics.objects.exists()
    assert not statistics_check(content=xlsx(rows), name="form.xlsx").ok


def test_above_the_region_flags_a_school_but_not_a_gymnasium_and_not_one_backed_by_ege(
    municipality, school_a, school_b, form_path
):
    russian = subject("Русский язык")
    call_command("import_mark_statistics", str(form_path), *ARGS, stdout=io.StringIO())
    school_b.kind = School.Kind.GYMNASIUM
    school_b.save()
    school_c = SchoolFactory(municipality=municipality, short_name="МКОУ «Школа В»", code="C001")
    test = VprTestFactory(municipality=municipality, subject=russian, grade=5)
    for school, mark in ((school_a, 5), (school_b, 5), (school_c, 4)):
        for _ in range(6):
            VprResultFactory(test=test, school=school, mark=mark, journal_mark=mark)
    # ЕГЭ: A 60, B 60, C 90 → municipal mean 70; A and B not above it.
    for school, score in ((school_a, 60), (school_b, 60), (school_c, 90)):
        EgeResultFactory(pupil=PupilFactory(school=school), subject=russian, score_100=score)
    rows = {row.school.code: row for row in objectivity_rows(municipality=municipality, year=2024)}
    # Municipal mean mark (30 + 30 + 24) / 18 = 4,67: A's 5,00 is only +0,33 above it (the municipal rule
    # needs 0,50), but +1,48 above the region's 3,52.
    assert [str(flag) for flag in rows["A001"].flags] == [
        "Выше региона, не подтверждается ЕГЭ: средняя отметка 5,00 против 3,52 по региону "
        "(Республика Дагестан; +1,48, порог 0,50), а средний балл ЕГЭ школы 60,0 "
        "не выше муниципального 70,0; школа — СОШ"
    ]
    assert rows["B001"].flags == []
    assert any("школа — гимназия: она отбирает учащихся" in note for note in rows["B001"].notes)
    # C: 4,00 is +0,48 above the region — below the gap of 0,50.
    assert rows["C001"].flags == []


def test_the_coordinator_checks_and_saves_the_form_in_the_browser_once(client, coordinator, municipality):
    russian = subject("Русский язык")
    client.force_login(coordinator)
    url = reverse("assessments:mark_statistics")
    data = {"year": 2024, "subject": russian.pk, "grade": 5}
    bad = client.post(url, {**data, "file": SimpleUploadedFile("f.xlsx", xlsx([["Школа"], ["А"]]))})
    assert bad.status_code == 400 and "не похож на форму" in html.unescape(bad.content.decode())
    page = client.post(url, {**data, "file": SimpleUploadedFile("f.xlsx", xlsx(FORM))}).content.decode()
    assert "Республика Дагестан" in page and not VprMarkStatistics.objects.exists()
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    confirm = reverse("assessments:mark_statistics_confirm")
    client.post(confirm, {"token": token})
    client.post(confirm, {"token": token})  # a second click saves nothing more
    assert VprMarkStatistics.objects.count() == 2
    listed = html.unescape(client.get(url).content.decode())
    assert "Республика Дагестан (регион)" in listed and "3,52" in listed


def test_a_school_head_reads_the_figures_but_may_not_load_them(client, head_a, municipality):
    russian = subject("Русский язык")
    client.force_login(head_a)
    url = reverse("assessments:mark_statistics")
    assert client.get(url).status_code == 200
    file = SimpleUploadedFile("f.xlsx", xlsx(FORM))
    assert (
        client.post(url, {"year": 2024, "subject": russian.pk, "grade": 5, "file": file}).status_code == 403
    )
    assert client.post(reverse("assessments:mark_statistics_confirm"), {"token": "x"}).status_code == 403
    assert not VprMarkStatistics.objects.exists()
