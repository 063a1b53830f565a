"""Which school a ФИС ОКО row belongs to: by its login, else by «Название ОО».

On a fresh installation no school has its ФИС ОКО login yet, but every row of a ФИС ОКО file names the
school. A login not stored on any school is matched by that name, after normalising what people write
differently («МКОУ «СОШ №3» им. …» = «СОШ № 3 имени …»), and only where exactly one school of the
municipality has that name. Saving the results then stores the login on the school, so the next file
needs no matching. A name that fits no school, or several, is an error naming the candidates.

Logins are compared through ``schools.logins.login_key``: «sch150003» and «edu150003» are one school.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from common.names import normalize_school_name
from schools.logins import login_key
from schools.models import Municipality, School


@dataclass
class LoginMatch:
    login: str
    school: School
    name: str  # «Название ОО» as the file writes it

    def as_json(self) -> dict:
        return {
            "login": self.login,
            "school": self.school.short_name,
            "code": self.school.code,
            "by": "Название ОО",
            "name": self.name,
        }


@dataclass
class SchoolsByLogin:
    """The municipality's schools by login; logins the file brings are resolved once each."""

    municipality: Municipality
    by_key: dict[str, School] = field(default_factory=dict)
    by_name: dict[str, list[School]] = field(default_factory=dict)
    matched: dict[str, LoginMatch] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, municipality: Municipality) -> SchoolsByLogin:
        found = cls(municipality)
        for school in School.objects.filter(municipality=municipality).order_by("short_name"):
            if school.fis_oko_login:
                found.by_key[login_key(school.fis_oko_login)] = school
            names = {normalize_school_name(school.short_name), normalize_school_name(school.full_name)}
            for name in names - {""}:
                found.by_name.setdefault(name, []).append(school)
        return found

    def school(self, login: str, name: str) -> tuple[School | None, str]:
        """The school of a row, or None and the reason in Russian (the same for every row of that login)."""
        key = login_key(login)
        if not key:
            return None, "не указан логин ОО"
        if key in self.by_key:
            return self.by_key[key], ""
        if key in self.matched:
            return self.matched[key].school, ""
        if key not in self.problems:
            self._match(key, login, name)
        if key in self.matched:
            return self.matched[key].school, ""
        return None, self.problems[key]

    def _match(self, key: str, login: str, name: str) -> None:
        unknown = f"логин ОО «{login}» не записан ни у одной школы"
        wanted = normalize_school_name(name)
        if not wanted:
            self.problems[key] = f"{unknown}, а «Название ОО» не заполнено: школу не найти"
            return
        schools = self.by_name.get(wanted, [])
        if len(schools) > 1:
            names = ", ".join(f"«{s.short_name}» (код {s.code})" for s in schools)
            self.problems[key] = f"{unknown}, а по названию «{name}» подходят несколько школ: {names}"
            return
        if not schools:
            close = difflib.get_close_matches(wanted, list(self.by_name), n=3, cutoff=0.75)
            similar = sorted({s.short_name for n in close for s in self.by_name[n]})
            hint = f"; похожие: {', '.join(f'«{s}»' for s in similar)}" if similar else ""
            self.problems[key] = (
                f"{unknown}, и по названию «{name}» нет школы в муниципалитете{hint}. "
                "Впишите логин школе в списке школ (столбец «Логин ФИС ОКО»)"
            )
            return
        school = schools[0]
        if school.fis_oko_login:
            self.problems[key] = (
                f"{unknown}; по названию «{name}» подходит «{school.short_name}», но у неё записан другой "
                f"логин «{school.fis_oko_login}»"
            )
            return
        other = next((m for m in self.matched.values() if m.school.pk == school.pk), None)
        if other is not None:
            self.problems[key] = (
                f"{unknown}; по названию «{name}» подходит «{school.short_name}», но ей уже сопоставлен "
                f"логин «{other.login}» из этого же файла"
            )
            return
        self.matched[key] = LoginMatch(login=login, school=school, name=name)

    def matches(self) -> list[LoginMatch]:
        return sorted(self.matched.values(), key=lambda m: m.school.short_name)


def store_logins(matches: list[LoginMatch]) -> int:
    """Write the matched logins on their schools (the caller holds the transaction); how many were written."""
    written = 0
    for match in matches:
        without_login = School.objects.filter(pk=match.school.pk, fis_oko_login="")
        written += without_login.update(fis_oko_login=match.login)
    return written
