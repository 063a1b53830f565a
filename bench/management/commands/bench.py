from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bench.generate import MAX_CANDIDATES_PER_SCHOOL, BenchError, BenchSizes
from bench.measure import BenchResult, Figure, bench_run

COLUMNS = (
    ("что измеряли", 52),
    ("медиана, мс", 12),
    ("нижняя граница, мс", 19),
    ("во сколько раз", 14),
    ("запросов", 9),
)


def _number(value: float | int | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}".replace(",", " ") if isinstance(value, float) else str(value)


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def figure_line(figure: Figure) -> str:
    """One row: figure, median, floor, ratio (median over floor, measured in the same run), queries."""
    name = figure.name if len(figure.name) <= COLUMNS[0][1] else figure.name[: COLUMNS[0][1] - 1] + "…"
    values = (
        _number(figure.median_ms),
        _number(figure.floor_ms),
        _ratio(figure.ratio),
        _number(figure.queries),
    )
    cells = [name.ljust(COLUMNS[0][1])]
    cells += [value.rjust(width) for value, (_, width) in zip(values, COLUMNS[1:], strict=True)]
    return "  ".join(cells) + f"  {figure.note}"


def table(result: BenchResult) -> list[str]:
    header = "  ".join(
        [COLUMNS[0][0].ljust(COLUMNS[0][1]), *(title.rjust(width) for title, width in COLUMNS[1:])]
    )
    return [header + "  примечание", "-" * (len(header) + 12), *(figure_line(f) for f in result.figures)]


class Command(BaseCommand):
    help = (
        "Бенчмарк на масштабе региона: создать в PostgreSQL регион (40 муниципалитетов, 1 500 школ, по 60 "
        "мероприятий, 25 000 претендентов, 2 000 000 отметок), замерить ключевые страницы, загрузку "
        "журнала, протокол, сводную таблицу и рассылку; напечатать таблицу и записать var/bench.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = BenchSizes()
        parser.add_argument(
            "--municipalities", type=int, default=defaults.municipalities, help="Муниципалитетов в регионе."
        )
        parser.add_argument("--schools", type=int, default=defaults.schools, help="Школ в регионе (всего).")
        parser.add_argument("--measures", type=int, default=defaults.measures, help="Мероприятий в карте.")
        parser.add_argument("--candidates", type=int, default=defaults.candidates, help="Претендентов.")
        parser.add_argument("--marks", type=int, default=defaults.marks, help="Отметок в журналах.")
        parser.add_argument(
            "--import-rows", type=int, default=defaults.import_rows, help="Строк в загружаемой выгрузке."
        )
        parser.add_argument("--repeat", type=int, default=defaults.repeat, help="Запросов к каждой странице.")
        parser.add_argument(
            "--out", default=str(settings.BASE_DIR / "var" / "bench.json"), help="Куда записать JSON."
        )

    def handle(self, *args, **options) -> None:
        sizes = BenchSizes(
            municipalities=options["municipalities"],
            schools=options["schools"],
            measures=options["measures"],
            candidates=options["candidates"],
            marks=options["marks"],
            import_rows=options["import_rows"],
            repeat=options["repeat"],
        )
        for name, value in (
            ("--municipalities", sizes.municipalities),
            ("--schools", sizes.schools),
            ("--measures", sizes.measures),
            ("--candidates", sizes.candidates),
            ("--import-rows", sizes.import_rows),
            ("--repeat", sizes.repeat),
        ):
            if value < 1:
                raise CommandError(f"{name} должно быть не меньше 1, получено {value}.")
        if sizes.municipalities > sizes.schools:
            raise CommandError(
                f"Муниципалитетов {sizes.municipalities} больше, чем школ {sizes.schools}: в каждом "
                "муниципалитете должна быть хотя бы одна школа."
            )
        if sizes.marks < 0:
            raise CommandError(f"--marks не может быть отрицательным, получено {sizes.marks}.")
        if sizes.candidates > sizes.schools * MAX_CANDIDATES_PER_SCHOOL:
            raise CommandError(
                f"Претендентов {sizes.candidates} на {sizes.schools} школ — больше "
                f"{MAX_CANDIDATES_PER_SCHOOL} на школу: у придуманных имён появились бы тёзки."
            )
        if connection.vendor != "postgresql":
            raise CommandError(
                "Бенчмарк работает только на PostgreSQL (сейчас база — "
                f"{connection.vendor}): задайте DATABASE_URL=postgres://… или запустите `make bench`."
            )
        self.stdout.write(
            f"Создаю регион: {sizes.municipalities} муниципалитетов, {sizes.schools} школ, "
            f"{sizes.measures} мероприятий, {sizes.candidates} "
            f"претендентов, {sizes.marks} отметок…"
        )
        try:
            result = bench_run(sizes=sizes)
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        for line in table(result):
            self.stdout.write(line)
        self.stdout.write("")
        steps = ", ".join(f"{name} {seconds:.1f} с" for name, seconds in result.region.steps.items())
        self.stdout.write(
            f"Генерация региона «{result.region.municipality.name}»: {result.generation_seconds:.1f} с "
            f"({steps})."
        )
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result.as_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(f"Записано: {out}")
