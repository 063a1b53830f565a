from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from schools.templatetags.ru import format_ru_date, ru_date, ru_month

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2024, 3, 15), "15 марта 2024 г."),
        (datetime.date(2024, 1, 1), "1 января 2024 г."),
        (datetime.date(2023, 12, 31), "31 декабря 2023 г."),
        (datetime.date(2024, 5, 9), "9 мая 2024 г."),
        (datetime.date(2024, 8, 31), "31 августа 2024 г."),
    ],
)
def test_a_date_is_written_with_the_month_in_the_genitive(value, expected):
    assert format_ru_date(value) == expected


def test_every_month_has_its_genitive_form():
    months = [format_ru_date(datetime.date(2024, m, 1)).split()[1] for m in range(1, 13)]
    assert months == [
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ]  # fmt: skip


def test_no_date_gives_an_empty_string():
    assert format_ru_date(None) == ""
    assert ru_date(None) == ""


def test_an_aware_moment_is_shown_in_the_active_time_zone_with_hours_and_minutes():
    moment = datetime.datetime(2024, 3, 14, 20, 30, tzinfo=UTC)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Moscow")):
        assert format_ru_date(moment) == "14 марта 2024 г. 23:30"
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tomsk")):
        assert format_ru_date(moment) == "15 марта 2024 г. 03:30"


def test_a_naive_moment_is_shown_as_it_is():
    assert format_ru_date(datetime.datetime(2024, 3, 15, 9, 5)) == "15 марта 2024 г. 09:05"


def test_the_template_filter_is_loaded_with_load_ru():
    html = Template("{% load ru %}{{ d|ru_date }} · {{ m|ru_month }}").render(
        Context({"d": datetime.date(2024, 3, 15), "m": 10})
    )
    assert html == "15 марта 2024 г. · октябрь"


@pytest.mark.parametrize(
    ("number", "name"), [(1, "январь"), (2, "февраль"), (12, "декабрь"), ("9", "сентябрь")]
)
def test_ru_month_names_a_month_in_the_nominative(number, name):
    assert ru_month(number) == name


def test_ru_month_of_nothing_is_empty():
    assert ru_month(0) == ""
    assert ru_month(None) == ""
