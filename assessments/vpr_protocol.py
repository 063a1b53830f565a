"""ВПР results as the schools' own «Протокол» forms from ФИС ОКО.

A school fills one form per work: a sheet «Протокол» with «Пользователь» (the school's login, «edu…»
where its account is «sch…» with the same number), «Код», «Вариант» («отсутствовал» for a pupil who was
absent), one column per task headed by its number, «Наименование класса», «Пол», «Отметка за предыдущий
триместр/четверть/полугодие» (the journal mark) and «Учебник». The form carries no ВПР mark: it follows
from the primary score by the scale of that subject, grade and year (vpr_scales). An unattempted task
(«Х» or «X») counts 0. The absent are counted, not reported as errors. Subject, grade and year come from
the form where it states them (lines above the table, or the sheet's title), else from the upload form.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from django.core.exceptions import ValidationError

from common.imports import (
    SPREADSHEET_SUFFIXES,
    Issue,
    TableError,
    cell_date,
    cell_int,
    cell_text,
    column_letter,
    read_spreadsheet,
)
from schools.models import Municipality

from .models import VprTest
from .subjects import match_subject, subject_index
from .vpr_layout import LEVELS, NOT_ATTEMPTED, TASK_RE, VprReport, VprRow, column_name, journal_mark
from .vpr_scales import check_scale, parse_scale, scale_mark, scale_text, stored_scale
from .vpr_schools import SchoolsByLogin

LAYOUT = "«Протокол» школы (форма ФИС ОКО)"
SHEET_NAMES = ("Протокол", "протокол", "ПРОТОКОЛ")
TASK_NUMBER = re.compile(
    r"^(?:задание\s*|№\s*)?(\d{1,2}(?:[.,]\d{1,2})?(?:\s*\(\s*\d\s*\))?(?:\s*[кk]\s*\d{1,2})?)$",
    re.IGNORECASE,
)
ABSENT = re.compile(r"^\s*(?:отсутств|не\s*писал|неявка|не\s*явил)", re.IGNORECASE)
COLUMNS = {
    "login": ("пользователь", "логин", "логин оо"),
    "code": ("код", "код участника"),
    "variant": ("вариант",),
    "class": ("наименование класса", "класс", "литера класса"),
    "sex": ("пол",),
    "textbook": ("учебник", "учебник (умк)", "умк"),
    "primary": ("первичный балл", "сумма баллов", "сумма первичных баллов", "итого баллов"),
}
TITLES = {
    "login": "Пользователь",
    "code": "Код",
    "variant": "Вариант",
    "class": "Наименование класса",
    "journal": "Отметка за предыдущий период",
    "primary": "Первичный балл",
}


def _norm(value: object) -> str:
    return " ".join(cell_text(value).lower().replace("ё", "е").rstrip(":.").split())


def _header_kind(text: str) -> str | None:
    for key, spellings in COLUMNS.items():
        if text in spellings:
            return key
    if text.startswith(
        ("отметка за предыдущ", "отметка по журналу", "отметка в журнале", "отметка за четверт")
    ):
        return "journal"
    return None


def _is_header(row: list[object]) -> bool:
    texts = {_norm(c) for c in row}
    return bool(texts & {"код", "код участника"}) and bool(texts & {"вариант", "пользователь"})


def protocol_rows(content: bytes, filename: str) -> list[list[object]] | None:
    """The rows of the «Протокол» sheet, or None when the file is not a school's protocol form."""
    if PurePath(filename).suffix.lower() not in SPREADSHEET_SUFFIXES:
        return None  # a .csv (or anything else) is read as one table by the caller
    read_spreadsheet(content, filename)  # the safety checks and a readable first sheet, or TableError
    for named in SHEET_NAMES:
        try:
            return read_spreadsheet(content, filename, sheet=named)
        except TableError:
            continue  # no sheet of that name
    return None


def looks_like_protocol(rows: list[list[object]]) -> bool:
    """A one-sheet file (or .csv) with the protocol's header and no «Код участника»/«ОО» pair of ФИС ОКО."""
    for index, row in enumerate(rows[:30]):
        names = {column_name(c) for c in row}
        if "ОО" in names and "Код участника" in names and names & {"Отметка", "Название ОО"}:
            return False  # the ФИС ОКО export: it names the school and carries the ВПР mark
        if _is_header(row):
            # the ФИС ОКО export with columns headed its own way: a row of levels «Б»/«П» over the tasks
            return not (index and _levels_above(rows[index - 1], row))
    return False


def _levels_above(levels: list[object], header: list[object]) -> bool:
    return any(
        TASK_RE.match(cell_text(value)) and cell_text(levels[i] if i < len(levels) else "").lower() in LEVELS
        for i, value in enumerate(header)
    )


def _metadata(rows: list[list[object]]) -> dict[str, tuple[str, int]]:
    """«Ключ: значение» or a label cell followed by its value, above the table; each with its row number."""
    found: dict[str, tuple[str, int]] = {}
    for number, row in enumerate(rows, start=1):
        filled = [t for t in (cell_text(c) for c in row) if t]
        for position, text in enumerate(filled):
            label, _, value = text.partition(":")
            if not value.strip():  # «Дата проведения:» or «Предмет» with the value in the next cell
                value = filled[position + 1] if position + 1 < len(filled) else ""
            key = _norm(label)
            value = value.strip()
            if "впр" in key.split() or key.startswith("впр"):
                found.setdefault("title", (text, number))
            for name, labels in (
                ("login", ("пользователь", "логин", "логин оо")),
                ("subject", ("предмет", "учебный предмет")),
                ("grade", ("класс", "параллель")),
                ("year", ("год", "год проведения", "учебный год")),
                ("held_on", ("дата", "дата проведения")),
                ("max_score", ("максимальный первичный балл", "максимальный балл")),
            ):
                if key in labels and value:
                    found.setdefault(name, (value, number))
    return found


def _title_parts(title: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    year = re.search(r"\b(20\d\d)\b", title)
    if year:
        parts["year"] = year.group(1)
    grade = re.search(r"(\d{1,2})\s*класс", title, re.IGNORECASE)
    if grade:
        parts["grade"] = grade.group(1)
    subject = re.search(r"впр\W+(?:20\d\d\W+)?(.+?)\W+\d{1,2}\s*класс", title, re.IGNORECASE)
    if subject:
        parts["subject"] = subject.group(1)
    return parts


def _stated(report: VprReport, meta: dict, options: dict, subjects: dict) -> None:
    """Subject, grade and year: the form's own word first, else the upload's; a disagreement is an error."""
    title = _title_parts(meta["title"][0]) if "title" in meta else {}
    stated = {
        key: meta[key][0] if key in meta else title.get(key, "") for key in ("subject", "grade", "year")
    }
    subject = None
    if stated["subject"]:
        subject = match_subject(stated["subject"], subjects)
        if subject is None:
            report.errors.append(Issue(f"Предмет «{stated['subject']}» не найден в справочнике предметов."))
    asked = match_subject(options["subject"], subjects) if options.get("subject") else None
    if options.get("subject") and asked is None:
        report.errors.append(Issue(f"Предмет «{options['subject']}» не найден в справочнике предметов."))
    if subject and asked and subject != asked:
        report.errors.append(
            Issue(f"В форме указан предмет «{subject.name}», а при загрузке выбран «{asked.name}».")
        )
    subject = subject or asked
    grade = cell_int(re.sub(r"\D", "", stated["grade"])) if stated["grade"] else None
    year_match = re.search(r"20\d\d", stated["year"])
    year = int(year_match.group()) if year_match else None
    for name, value, label in (("grade", grade, "класс"), ("year", year, "год")):
        given = options.get(name)
        if value is not None and given and int(given) != value:
            report.errors.append(Issue(f"В форме указан {label} {value}, а при загрузке — {given}."))
    report.grade = grade or (int(options["grade"]) if options.get("grade") else None)
    report.year = year or (int(options["year"]) if options.get("year") else None)
    if subject is None and not report.errors:
        report.errors.append(
            Issue(
                "Предмет не указан ни в форме, ни при загрузке: выберите предмет в форме загрузки "
                "(--subject)."
            )
        )
    if report.grade is None:
        report.errors.append(Issue("Класс не указан ни в форме, ни при загрузке (--grade)."))
    if report.year is None:
        report.errors.append(Issue("Год ВПР не указан ни в форме, ни при загрузке (--year)."))
    if subject is not None:
        report.subject = subject.name
    if subject and report.grade and report.year:
        report.title = f"ВПР {report.year} {subject.name} {report.grade} класс"


def _columns(report: VprReport, header: list[object], header_row: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        text = _norm(value)
        if not text:
            continue
        task = TASK_RE.match(cell_text(value)) or TASK_NUMBER.match(text)
        if task:
            number = task.group(1).replace(",", ".").replace(" ", "").upper().replace("K", "К")
            max_points = int(task.group(2)) if task.re is TASK_RE else None
            report.tasks.append({"number": number, "max": max_points, "level": "", "col": index})
            continue
        kind = _header_kind(text)
        if kind is None:
            report.warnings.append(
                f"Столбец «{cell_text(value)}» ({column_letter(index)}) не распознан и пропущен."
            )
        elif kind not in columns:
            columns[kind] = index
    if "code" not in columns:
        report.errors.append(Issue(f"В строке заголовка {header_row} нет столбца «Код»."))
    if not report.tasks:
        report.errors.append(
            Issue(
                f"В строке заголовка {header_row} нет столбцов заданий, озаглавленных номерами (1, 2, 3.1 …)."
            )
        )
    repeated = [n for n, count in Counter(t["number"] for t in report.tasks).items() if count > 1]
    for number in repeated:
        report.errors.append(Issue(f"Задание {number} встречается в заголовке несколько раз."))
    return columns


def _maxima(report: VprReport, rows: list[list[object]], after: int, municipality: Municipality) -> int:
    """The tasks' maximum points: a «Макс. балл» row under the header, else the same ВПР already loaded,
    else the highest score in the form (said in a warning). Returns how many rows the maxima took."""
    taken = 0
    if after < len(rows):
        first = next((_norm(c) for c in rows[after] if cell_text(c)), "")
        if first.startswith("макс"):
            taken = 1
            for task in report.tasks:
                cell = rows[after][task["col"]] if task["col"] < len(rows[after]) else ""
                value = cell_int(cell)
                if value is None or value == 0:
                    report.errors.append(
                        Issue(
                            f"максимальный балл задания {task['number']} «{cell_text(cell)}» — "
                            "не целое число",
                            after + 1,
                            task["number"],
                            column_letter(task["col"]),
                        )
                    )
                task["max"] = value
    if all(task["max"] is not None for task in report.tasks):
        return taken
    test = (
        VprTest.objects.filter(
            municipality=municipality, year=report.year, subject__name=report.subject, grade=report.grade
        ).first()
        if report.subject
        else None
    )
    if test is not None and test.tasks:
        known = {t["number"]: t for t in test.tasks}
        if set(known) != {t["number"] for t in report.tasks}:
            report.errors.append(
                Issue(
                    f"Задания формы ({', '.join(t['number'] for t in report.tasks)}) не совпадают "
                    "с заданиями "
                    f"уже загруженной «{test.title}» ({', '.join(known)})."
                )
            )
            return taken
        for task in report.tasks:
            if task["max"] is None:
                task["max"] = known[task["number"]]["max"]
                task["level"] = known[task["number"]].get("level", "")
                if known[task["number"]].get("observed"):
                    task["observed"] = True
        return taken
    for task in report.tasks:
        if task["max"] is None:
            task["observed"] = True
    report.warnings.append(
        "Максимальные баллы заданий в форме не указаны: пока взяты наибольшие баллы из загруженных форм."
    )
    return taken


def _levels(report: VprReport, above: list[object]) -> None:
    """A row of «Б»/«П» over the task columns, as in the ФИС ОКО export, gives the tasks' levels."""
    found = {
        t["number"]: LEVELS.get(cell_text(above[t["col"]]).lower())
        for t in report.tasks
        if t["col"] < len(above)
    }
    if not any(found.values()):
        return
    for task in report.tasks:
        if found.get(task["number"]):
            task["level"] = found[task["number"]]


def _task_score(report: VprReport, task: dict, raw: object, number: int) -> tuple[int | None, bool]:
    """A task's score (None: not attempted, counts 0) and whether the cell was acceptable."""
    text = cell_text(raw)
    if text in NOT_ATTEMPTED:
        return None, True
    value = cell_int(raw)
    limit = None if task.get("observed") else task["max"]
    if value is None or (limit is not None and value > limit):
        expected = f"от 0 до {limit}" if limit is not None else "не меньше 0"
        report.errors.append(
            Issue(
                f"балл «{text}» — ожидается целое {expected} или «Х»",
                number,
                task["number"],
                column_letter(task["col"]),
            )
        )
        return None, False
    if task.get("observed"):
        task["max"] = max(task["max"] or 0, value)
    return value, True


def protocol_parse(
    *, rows: list[list[object]], municipality: Municipality, filename: str, dry_run: bool, options: dict
) -> VprReport:
    report = VprReport(filename=filename, dry_run=dry_run, layout=LAYOUT)
    header_index = next((i for i, row in enumerate(rows[:30]) if _is_header(row)), None)
    if header_index is None:
        report.errors.append(Issue("Не найдена строка заголовка «Протокола» со столбцами «Код» и «Вариант»."))
        return report
    meta = _metadata(rows[:header_index])
    _stated(report, meta, options, subject_index())
    columns = _columns(report, rows[header_index], header_index + 1)
    if report.errors:
        return report
    if "held_on" in meta:
        report.held_on = cell_date(meta["held_on"][0])
    taken = _maxima(report, rows, header_index + 1, municipality)
    if header_index > 0:
        _levels(report, rows[header_index - 1])
    if "max_score" in meta:
        report.max_score = cell_int(meta["max_score"][0])
    elif report.tasks and not any(task.get("observed") for task in report.tasks):
        report.max_score = sum(task["max"] or 0 for task in report.tasks)
    _scale(report, municipality, options)
    if report.errors:
        return report
    schools = SchoolsByLogin.load(municipality)
    form_login = meta.get("login", ("", 0))[0]
    seen: dict[tuple[int, str], int] = {}
    blank: list[str] = []
    absent: Counter[str] = Counter()
    for offset, cells in enumerate(rows[header_index + 1 + taken :]):
        number = header_index + 2 + taken + offset

        def cell(name: str, cells=cells) -> object:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        def bad(name: str, message: str, number=number) -> None:
            report.errors.append(Issue(message, number, TITLES[name], column_letter(columns[name])))

        if not any(cell_text(c) for c in cells):
            continue
        before = len(report.errors)
        code = cell_text(cell("code"))
        variant = cell_text(cell("variant"))
        task_cells = [cells[t["col"]] if t["col"] < len(cells) else "" for t in report.tasks]
        if code and not variant and not any(cell_text(c) for c in task_cells):
            blank.append(code)  # a prefilled code nobody wrote results for
            continue
        login = cell_text(cell("login")) or form_login
        school, problem = schools.school(login, "")
        if school is None:
            if "login" in columns:
                bad("login", problem.replace("«Название ОО» не заполнено", "в «Протоколе» нет названия ОО"))
            else:
                report.errors.append(Issue(f"{problem}: укажите «Пользователь» в форме", number))
            continue
        if not code:
            bad("code", "не указан код участника")
            continue
        if ABSENT.match(variant):
            absent[school.code] += 1
            continue
        class_name = cell_text(cell("class")).replace(" ", "")
        digits = re.match(r"\d+", class_name)
        if digits and report.grade is not None and int(digits.group()) != report.grade:
            bad("class", f"класс «{class_name}», а работа — {report.grade} класса")
        elif class_name and not digits:
            class_name = f"{report.grade}{class_name}"
        scores: list[int | None] = []
        for task, raw in zip(report.tasks, task_cells, strict=True):
            score, _ = _task_score(report, task, raw, number)
            scores.append(score)
        primary = sum(s or 0 for s in scores)
        if "primary" in columns and cell_text(cell("primary")):
            written = cell_int(cell("primary"))
            if written != primary and len(report.errors) == before:
                bad("primary", f"«{cell_text(cell('primary'))}», а сумма баллов за задания {primary}")
        journal = journal_mark(cell("journal"), lambda message: bad("journal", message))
        if len(report.errors) != before:
            continue
        key = (school.pk, code)
        if key in seen:
            bad("code", f"код участника «{code}» уже был в строке {seen[key]}")
            continue
        seen[key] = number
        report.rows.append(
            VprRow(
                row=number,
                school=school,
                login=login,
                code=code,
                class_name=class_name[:8],
                variant=variant[:16],
                task_scores=scores,
                primary=primary,
                mark=scale_mark(primary, tuple(report.scale)),
                journal=journal,
            )
        )
    task_total = sum(task["max"] or 0 for task in report.tasks)
    if report.max_score is None or any(t.get("observed") for t in report.tasks):
        report.max_score = max(report.max_score or 0, task_total)
    over = [r for r in report.rows if r.primary > report.max_score]
    for row in over:
        report.errors.append(
            Issue(f"первичный балл {row.primary} больше максимального ({report.max_score})", row.row)
        )
    report.absent = sum(absent.values())
    report.absent_by_school = dict(sorted(absent.items()))
    if blank:
        report.warnings.append(
            f"Строки без результатов пропущены ({len(blank)}): коды {', '.join(blank[:20])}"
            + (" …" if len(blank) > 20 else "")
            + ". Если участник не писал работу, впишите в «Вариант» «отсутствовал»."
        )
    if not report.rows and not report.absent and not report.errors:
        report.errors.append(Issue("В «Протоколе» нет ни одной строки с результатами."))
    report.matched = schools.matches()
    return report


def _scale(report: VprReport, municipality: Municipality, options: dict) -> None:
    """The scale of this work: the one given with the upload (then stored), else the stored one."""
    subject = match_subject(report.subject)
    stored = stored_scale(municipality=municipality, subject=subject, grade=report.grade, year=report.year)
    given = options.get("scale")
    if given:
        try:
            mins = parse_scale(given) if isinstance(given, str) else tuple(given)
            check_scale(mins, report.max_score)
        except ValidationError as exc:  # its message is already in Russian
            report.errors.append(Issue(" ".join(exc.messages)))
            return
        report.scale, report.scale_source = list(mins), "указана при загрузке"
        report.scale_changed = stored is not None and tuple(stored) != tuple(mins)
        if report.scale_changed:
            report.warnings.append(
                f"Шкала отметок изменится: была {scale_text(stored)}, станет {scale_text(mins)}."
            )
        report.store_scale = stored is None or report.scale_changed
        return
    if stored is None:
        report.errors.append(
            Issue(
                f"Нет шкалы отметок для ВПР «{report.subject}», {report.grade} класс, {report.year}: "
                "укажите при загрузке, с какого первичного балла ставится «3», «4» и «5» "
                "(например 7,11,15; в команде — --scale 7,11,15). Шкала сохранится для следующих форм."
            )
        )
        return
    report.scale, report.scale_source = list(stored), "сохранённая"
