"""ФИС ОКО logins of schools: a school's account is «sch<number>», and the same school appears in the
schools' own forms as «edu<number>» — one school, so every comparison of logins goes through here."""

from __future__ import annotations

import re

_LOGIN = re.compile(r"(?:sch|edu)[_-]?(\d+)")


def login_key(login: object) -> str:
    """The comparable form of a ФИС ОКО login: «sch150001», «EDU150001» and « edu150001 » → «150001»;
    any other login in lower case without spaces."""
    text = "".join(str(login or "").split()).lower()
    match = _LOGIN.fullmatch(text)
    return match.group(1) if match else text


def same_login(first: object, second: object) -> bool:
    key = login_key(first)
    return bool(key) and key == login_key(second)
