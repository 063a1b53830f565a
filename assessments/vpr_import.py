"""Import of ВПР results in the layout ФИС ОКО exports («Индивидуальные результаты»).

The layout, top to bottom:

    ВПР 2024 Русский язык 5 класс                      ← title: year, subject, grade
    Предмет: Русский язык                              ← metadata lines, «ключ: значение»
    Максимальный первичный балл: 45
    Дата проведения: 16.04.2024
                      Б      Б      П   …             ← level of each task column: «Б» or «П»
    ОО | Муниципалитет | Название ОО | Код участника | Класс | Вариант | 1 (2б) | 9.1 (1б) | … |
       Первичный балл | Отметка | Отметка по журналу
    edu123456 | … rows, one per participant; «X» in a task cell = task not attempted

Participants stay anonymous codes within their school (ФИС ОКО knows no names). The school is the «ОО»
login, matched to School.fis_oko_login («sch…» and «edu…» with the same number are one school); a login
no school has yet is matched by «Название ОО» (vpr_schools), and saving stores it on the school.
Everything is checked before anything is saved; every bad cell is reported by row and column, and one
bad row means nothing is saved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from django.db import transaction

from common.imports import (
    Issue,
    RowReader,
    TableError,
    cell_date,
    cell_int,
    cell_text,
    column_letter,
    read_table,
    remembered_columns,
)
from schools.dates import is_impossible_date
from schools.models import Municipality

from .aggregates import refresh_aggregates
from .models import ResultUpload, VprResult, VprTest
from .result_imports import column_scope, read_unique_rows
from .subjects import match_subject, subject_index
from .vpr_layout import (
    KIND,
    LEVELS,
    MARKS,
    NOT_ATTEMPTED,
    REQUIRED,
    TASK_RE,
    TITLES,
    VprReport,
    VprRow,
    column_name,
    find_header,
    journal_mark,
    missing_columns,
)
from .vpr_scales import store_scale
from .vpr_schools import SchoolsByLogin, store_logins


def _metadata(report: VprReport, lines: list[tuple[int, str]], subjects: dict) -> None:
    """Read the lines above the header, each with its row number for the errors."""
    subject_text = ""
    title_years: set[int] = set()
    date_row = None
    for number, line in lines:
        if not report.title and "впр" in line.lower():
            report.title = line
            years = [int(year) for year in re.findall(r"\b(20\d\d)\b", line)]
            title_years = set(years)
            if years:
                report.year = years[0]
            match = re.search(r"(\d{1,2})\s*класс", line, re.IGNORECASE)
            if match:
                report.grade = int(match.group(1))
            match = re.search(r"20\d\d\W+(.+?)\W+\d{1,2}\s*класс", line, re.IGNORECASE)
            if match:
                subject_text = subject_text or match.group(1)
            continue
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "предмет" and value:
            subject_text = value
        elif key.startswith("максимальн") and value:
            report.max_score = cell_int(value)
            if report.max_score is None:
                report.errors.append(Issue(f"максимальный первичный балл «{value}» — не целое число", number))
        elif key.startswith("дата") and value:
            report.held_on, date_row = cell_date(value), number
            if report.held_on is None:
                report.errors.append(
                    Issue(
                        f"дата проведения «{value}»: такой даты нет"
                        if is_impossible_date(value)
                        else f"дата проведения «{value}» не читается: ожидается ДД.ММ.ГГГГ",
                        number,
                    )
                )
        elif key == "класс" and value:
            report.grade = cell_int(value)
    if report.held_on and title_years and report.held_on.year not in title_years:
        report.errors.append(
            Issue(
                f"дата проведения {report.held_on:%d.%m.%Y} не относится к году ВПР из названия "
                f"«{report.title}»",
                date_row,
            )
        )
    if report.year is None and report.held_on:
        report.year = report.held_on.year
    if not report.title:
        report.errors.append(Issue("В шапке файла нет названия вида «ВПР 2024 Русский язык 5 класс»."))
    if report.year is None:
        report.errors.append(Issue("В шапке файла не указан год ВПР (в названии или в дате проведения)."))
    if report.grade is None:
        report.errors.append(Issue("В шапке файла не указан класс («… 5 класс»)."))
    subject = match_subject(subject_text, subjects) if subject_text else None
    if subject is None:
        report.errors.append(
            Issue(
                f"Предмет «{subject_text}» не найден в справочнике предметов."
                if subject_text
                else "В шапке файла не указан предмет."
            )
        )
    else:
        report.subject = subject.name


def _header(
    report: VprReport,
    header: list[object],
    levels: list[object],
    header_row: int,
    chosen: Mapping[str, str] | None = None,
) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        text = cell_text(value)
        if not text:
            continue
        task = TASK_RE.match(text)
        if task:
            level_text = cell_text(levels[index] if index < len(levels) else "")
            level = LEVELS.get(level_text.lower())
            if level is None:
                report.errors.append(
                    Issue(
                        f"уровень задания «{level_text or 'пусто'}» — ожидается «Б» или «П»",
                        header_row - 1,
                        text,
                        column_letter(index),
                    )
                )
            report.tasks.append(
                {"number": task.group(1), "max": int(task.group(2)), "level": level or "", "col": index}
            )
            continue
        known = column_name(text, chosen)
        if known and known not in columns:
            columns[known] = index
        else:
            report.warnings.append(f"Столбец «{text}» ({column_letter(index)}) не распознан и пропущен.")
    for name in REQUIRED:
        if name not in columns:
            report.errors.append(Issue(f"в строке заголовка {header_row} нет столбца «{name}»"))
    if not report.tasks:
        report.errors.append(
            Issue(f"В строке заголовка {header_row} нет столбцов заданий вида «1 (2б)» или «9.1 (1б)».")
        )
    numbers = Counter(task["number"] for task in report.tasks)
    for number, count in numbers.items():
        if count > 1:
            report.errors.append(Issue(f"задание {number} встречается в заголовке {count} раза"))
    task_total = sum(task["max"] for task in report.tasks)
    if report.max_score is None:
        report.max_score = task_total
    elif report.tasks and task_total != report.max_score:
        report.errors.append(
            Issue(
                f"сумма максимальных баллов заданий ({task_total}) не равна максимальному первичному баллу "
                f"из шапки ({report.max_score})"
            )
        )
    return columns


def _row(report: VprReport, reader: RowReader, schools: SchoolsByLogin) -> VprRow | None:
    before = len(report.errors)
    cells, number, cell, bad = reader.cells, reader.number, reader.cell, reader.bad

    login = cell_text(cell("ОО"))
    school, problem = schools.school(login, cell_text(cell("Название ОО")))
    if school is None:
        bad("ОО", problem)
    code = cell_text(cell("Код участника"))
    if not code:
        bad("Код участника", "не указан код участника")
    class_name = cell_text(cell("Класс"))
    grade_digits = re.match(r"\d+", class_name)
    if not grade_digits:
        bad("Класс", f"класс «{class_name}» не читается: ожидается номер класса, например 5 или 5А")
    elif report.grade is not None and int(grade_digits.group()) != report.grade:
        bad("Класс", f"класс «{class_name}», а файл — про {report.grade} класс")
    scores: list[int | None] = []
    for task in report.tasks:
        raw = cells[task["col"]] if task["col"] < len(cells) else ""
        text = cell_text(raw)
        header = f"{task['number']} ({task['max']}б)"
        if text in NOT_ATTEMPTED:
            scores.append(None)
            continue
        value = cell_int(raw)
        if value is None or value > task["max"]:
            report.errors.append(
                Issue(
                    f"балл «{text}» — ожидается целое от 0 до {task['max']} или «X»",
                    number,
                    header,
                    column_letter(task["col"]),
                )
            )
        scores.append(value)
    primary = cell_int(cell("Первичный балл"))
    if primary is None or (report.max_score is not None and primary > report.max_score):
        bad(
            "Первичный балл",
            f"«{cell_text(cell('Первичный балл'))}» — ожидается целое от 0 до {report.max_score}",
        )
    elif len(report.errors) == before and sum(s or 0 for s in scores) != primary:
        bad("Первичный балл", f"{primary}, а сумма баллов за задания {sum(s or 0 for s in scores)}")
    mark = cell_int(cell("Отметка"))
    if mark not in MARKS:
        bad("Отметка", f"«{cell_text(cell('Отметка'))}» — ожидается отметка от 2 до 5")
    journal = journal_mark(cell("Отметка по журналу"), lambda message: bad("Отметка по журналу", message))
    if len(report.errors) != before:
        return None
    return VprRow(
        row=number,
        school=school,
        login=login,
        code=code,
        class_name=class_name[:8],
        variant=cell_text(cell("Вариант"))[:16],
        task_scores=scores,
        primary=primary,
        mark=mark,
        journal=journal,
    )


def vpr_parse(
    *,
    rows: list[list[object]],
    municipality: Municipality,
    filename: str,
    dry_run: bool,
    chosen: Mapping[str, str] | None = None,
) -> VprReport:
    """``chosen`` maps a column key (``KEYS``) to the file's header a person pointed at (the department's
    remembered choices when None)."""
    report = VprReport(filename=filename, dry_run=dry_run)
    if chosen is None:
        chosen = remembered_columns(scope=column_scope(municipality), kind=KIND)
    by_title = {TITLES[key]: written for key, written in chosen.items() if key in TITLES}
    header_index = find_header(rows, by_title)
    if header_index is None:
        report.errors.append(Issue("Не найдена строка заголовка со столбцами «ОО» и «Код участника»."))
        return report
    if header_index == 0:
        report.errors.append(
            Issue("Над заголовком нет строки с уровнями заданий «Б»/«П» и шапки с названием ВПР.")
        )
        return report
    lines = [
        (number, " ".join(t for t in (cell_text(c) for c in row) if t))
        for number, row in enumerate(rows[: header_index - 1], start=1)
    ]
    _metadata(report, [(number, line) for number, line in lines if line], subject_index())
    columns = _header(report, rows[header_index], rows[header_index - 1], header_index + 1, by_title)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        report.missing = missing_columns(rows, header_index, missing, columns)
    if report.errors:
        return report
    schools = SchoolsByLogin.load(municipality)
    read_unique_rows(
        report,
        rows,
        header_index + 1,
        columns,
        lambda reader: _row(report, reader, schools),
        key=lambda row: (row.school.pk, row.code),
        repeat=lambda row, first: f"код участника «{row.code}» школы {row.login} уже был в строке {first}",
        column="Код участника",
    )
    report.matched = schools.matches()
    return report


def _save(report: VprReport, municipality: Municipality, upload: ResultUpload | None) -> None:
    subject = match_subject(report.subject)
    tasks = [{k: v for k, v in task.items() if k != "col"} for task in report.tasks]
    school_ids = {row.school.pk for row in report.rows}
    with transaction.atomic():
        test, created = VprTest.objects.select_for_update().get_or_create(
            municipality=municipality,
            year=report.year,
            subject=subject,
            grade=report.grade,
            defaults={
                "title": report.title,
                "held_on": report.held_on,
                "max_score": report.max_score,
                "tasks": tasks,
            },
        )
        others = test.results.exclude(school__in=school_ids)
        merged = tasks if created else _merged_tasks(test.tasks, tasks)
        if not created and _tasks_conflict(test.tasks, tasks) and others.exists():
            report.errors.append(
                Issue(
                    "задания в файле отличаются от уже загруженных результатов других школ по этой ВПР; "
                    "загрузите файл с тем же составом заданий"
                )
            )
            return
        test.title, test.held_on, test.max_score, test.tasks = (
            report.title,
            report.held_on or test.held_on,
            max(report.max_score, sum(t["max"] or 0 for t in merged)),
            merged,
        )
        test.save()
        report.logins_saved = store_logins(report.matched)
        if report.store_scale:
            store_scale(
                municipality=municipality,
                subject=subject,
                grade=report.grade,
                year=report.year,
                mins=tuple(report.scale),
                user=report.user,
            )
        report.replaced, _ = VprResult.objects.filter(test=test, school__in=school_ids).delete()
        VprResult.objects.bulk_create(
            VprResult(
                test=test,
                school=row.school,
                upload=upload,
                participant_code=row.code,
                class_name=row.class_name,
                variant=row.variant,
                task_scores=row.task_scores,
                primary_score=row.primary,
                mark=row.mark,
                journal_mark=row.journal,
            )
            for row in report.rows
        )
        refresh_aggregates(tests=[test], school_ids=school_ids)  # the analysis reads these, not the rows
        report.saved = True


def _merged_tasks(old: list[dict], new: list[dict]) -> list[dict]:
    """A «Протокол» without maximum points: the maxima seen so far grow with each school's form.

    A known maximum (from a «Макс. балл» row or a ФИС ОКО export) wins over one only seen in the scores.
    """
    if [t["number"] for t in old] != [t["number"] for t in new]:
        return new
    if not any(t.get("observed") for t in (*old, *new)):
        return new
    merged = []
    for before, now in zip(old, new, strict=True):
        if not before.get("observed"):
            merged.append(before)
        elif not now.get("observed"):
            merged.append(now)
        else:
            merged.append({**now, "max": max(before["max"] or 0, now["max"] or 0)})
    return merged


def _tasks_conflict(old: list[dict], new: list[dict]) -> bool:
    """Whether the tasks of a file differ from the loaded ones beyond maxima still being learnt."""
    if [t["number"] for t in old] != [t["number"] for t in new]:
        return True
    return any(
        (a["max"], a["level"]) != (b["max"], b["level"])
        for a, b in zip(old, new, strict=True)
        if not a.get("observed") and not b.get("observed")
    )


def vpr_import(
    *,
    content: bytes,
    filename: str,
    municipality: Municipality,
    dry_run: bool = False,
    upload: ResultUpload | None = None,
    options: dict | None = None,
    chosen: Mapping[str, str] | None = None,
) -> VprReport:
    """Check the file and, unless dry_run, replace the results of its schools for that ВПР: all or nothing.

    A re-upload of the same ВПР replaces the results of the schools in the new file and keeps the others.
    The file is the ФИС ОКО «Индивидуальные результаты» export, or a school's «Протокол» form; for the
    latter ``options`` may give the subject, grade, year and scale the form does not state. ``chosen``
    (``--column``) names the file's columns the export heads in its own way (else the remembered choice).
    """
    from .vpr_protocol import looks_like_protocol, protocol_parse, protocol_rows

    options = options if options is not None else (upload.options if upload is not None else {})
    try:
        rows = protocol_rows(content, filename)
        protocol = rows is not None
        if rows is None:
            rows = read_table(content, filename)
            protocol = looks_like_protocol(rows)
    except TableError as exc:
        return VprReport(filename=filename, dry_run=dry_run, errors=[Issue(str(exc))])
    if protocol:
        report = protocol_parse(
            rows=rows, municipality=municipality, filename=filename, dry_run=dry_run, options=options
        )
    else:
        report = vpr_parse(
            rows=rows, municipality=municipality, filename=filename, dry_run=dry_run, chosen=chosen
        )
    if upload is not None:
        report.user = upload.uploaded_by
    if report.ok and not dry_run:
        _save(report, municipality, upload)
    return report
