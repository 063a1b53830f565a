"""``rows_update``: many rows, each with its own values, written back in one statement.

Django's ``bulk_update`` writes ``SET field = CASE WHEN id = 1 THEN … WHEN id = 2 THEN … END`` for every
field, a placeholder per row and field: for the 1,580 digests of a region's reminder run, building and
binding that statement took longer than PostgreSQL took to run it. On PostgreSQL ``rows_update`` sends one
array per field instead and joins them back to the rows by id:

    UPDATE t SET a = v.a, b = v.b FROM unnest(%s::bigint[], %s::integer[], %s::text[]) AS v(id, a, b)
    WHERE t.id = v.id

Elsewhere (the embedded SQLite of ``make run``) it is ``bulk_update``. Either way each row gets the values
its instance holds, prepared by its field as ``save()`` would prepare them; the rows are the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


def rows_update(rows: Sequence[Model], fields: Sequence[str]) -> int:
    """Write ``fields`` of every row (instances of one model, saved before) in one statement; the number of
    rows changed."""
    if not rows:
        return 0
    model = type(rows[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        return model._default_manager.using(using).bulk_update(rows, fields)
    meta = model._meta
    pk = meta.pk
    chosen = [meta.get_field(name) for name in fields]
    columns = [pk, *chosen]
    arrays = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for row in rows] for field in columns
    ]
    quote = connection.ops.quote_name
    sources = ", ".join(f"%s::{_array_type(field, connection)}" for field in columns)
    names = ", ".join(quote(field.column) for field in columns)
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in chosen)
    table = quote(meta.db_table)
    sql = (
        f"UPDATE {table} SET {assignments} FROM unnest({sources}) AS v({names}) "
        f"WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)
        return cursor.rowcount


def _array_type(field, connection) -> str:
    # The column's own type (a primary key's bigint, not bigserial), as an array.
    db_type = field.rel_db_type(connection) if field.primary_key else field.db_type(connection)
    return f"{db_type}[]"
