"""Who is logged in, read in one query.

Every page asks for the person's municipality (its time zone, the top bar) and a school head's school
(what they may see): with Django's ModelBackend those were two more queries after the person's own, on
every request. ``UserBackend`` reads them with the person; logging in, passwords and permissions are
ModelBackend's. A session names the backend that logged its person in, and Django logs out a session whose
backend is no longer listed: migration 0007 moved the sessions of ModelBackend to this one, so nobody
was logged out by the change.

The query is the same at every request but for the id: it is written once a process and runs prepared
(``common.prepared``). Built by Django's ORM it cost more to put together (1.6 ms) than to answer.
"""

from __future__ import annotations

import functools

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Model

from common.prepared import fetch_one

from .models import Municipality, School, User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
USER_BACKEND = "schools.backends.UserBackend"
# The person's row, then the two rows read with it, with the foreign key of the person that names each.
JOINED = ((Municipality, "municipality"), (School, "school"))


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user_id = User._meta.pk.to_python(user_id)
        except Exception:  # a session that names no valid id is nobody's
            return None
        low, high = connection.ops.integer_field_range(User._meta.pk.get_internal_type())
        if user_id is None or not low <= user_id <= high:
            return None
        user = read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def read_user(user_id: int) -> User | None:
    """The person with their municipality and school, as ``select_related("municipality", "school")``."""
    sql, layout = _user_query()
    row = fetch_one(sql, (user_id,))
    if row is None:
        return None
    objects = []
    for model, names, start, converters in layout:
        values = list(row[start : start + len(names)])
        if values[0] is None:  # the joined row is absent (no municipality, no school)
            objects.append(None)
            continue
        for index, convert in converters:
            values[index] = convert(values[index])
        objects.append(model.from_db(connection.alias, names, values))
    user, *joined = objects
    for (_model, field_name), related in zip(JOINED, joined, strict=True):
        User._meta.get_field(field_name).set_cached_value(user, related)
    return user


@functools.cache
def _user_query() -> tuple[str, list[tuple[type[Model], list[str], int, list]]]:
    """The SQL (person, municipality, school: every concrete field, the primary key first) and, for each
    model, its field names, where its columns start in the row and the converters Django would apply."""
    quote = connection.ops.quote_name
    user_table = quote(User._meta.db_table)
    columns, layout, joins = [], [], []
    for alias, model, on in [
        ("u", User, None),
        *[(f"j{n}", model, User._meta.get_field(name).column) for n, (model, name) in enumerate(JOINED)],
    ]:
        fields = [model._meta.pk, *[f for f in model._meta.concrete_fields if not f.primary_key]]
        converters = []
        for index, field in enumerate(fields):
            found = connection.ops.get_db_converters(field.get_col(alias)) + field.get_db_converters(
                connection
            )
            if found:
                converters.append((index, functools.partial(_convert, found, field.get_col(alias))))
        layout.append((model, [f.attname for f in fields], len(columns), converters))
        columns.extend(f"{alias}.{quote(f.column)}" for f in fields)
        if on is not None:
            joins.append(
                f"LEFT OUTER JOIN {quote(model._meta.db_table)} {alias} "
                f"ON {alias}.{quote(model._meta.pk.column)} = u.{quote(on)}"
            )
    sql = (
        f"SELECT {', '.join(columns)} FROM {user_table} u {' '.join(joins)} "
        f"WHERE u.{quote(User._meta.pk.column)} = %s"
    )
    return sql, layout


def _convert(converters: list, expression, value):
    for convert in converters:
        value = convert(value, expression, connection)
    return value
