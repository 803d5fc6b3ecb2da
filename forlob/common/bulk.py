# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fast inserts for bulk imports: plain INSERT statements run with executemany, and INSERT … SELECT
for the rows that follow from them (history, registrations, access log).

Django's ``bulk_create`` builds a model instance and prepares every value through the field for
each row; for a large import that is most of the time. Here a row is a dict of attribute names;
fields a row leaves out take their default, prepared once. The caller runs inside a transaction
and gives every row the same ``created_at`` stamp, which later statements select by.

Table and column names come from the models and are quoted; values go only as parameters."""

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.db.models.constants import OnConflict

BATCH = 2000


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a value of the field is prepared for the driver; None when it goes as it is (psycopg
    sends dates, times and stamps itself; SQLite's driver is given them as text)."""
    native = connection.vendor == "postgresql"
    if isinstance(field, models.DateTimeField):
        return None if native else _remembered(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return None if native else _remembered(connection.ops.adapt_datefield_value)
    if isinstance(field, models.TimeField):
        return None if native else _remembered(lambda value: field.get_db_prep_save(value, connection))
    if isinstance(field, models.DecimalField):
        return _remembered(lambda value: field.get_db_prep_save(value, connection))
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _remembered(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The adapter, run once per distinct value: a large import repeats its dates, times and
    stamp row after row, and adapting them was most of the time spent in Python."""
    seen: dict[Any, Any] = {}

    def run(value: Any) -> Any:
        if value not in seen:
            seen[value] = adapt(value)
        return seen[value]

    return run


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
    """INSERT the rows (attribute name → value) into the model's table; the primary key is the
    database's. Every row names the same fields. The rows are read and sent a batch at a time,
    so a generator of any length is written in the memory of one batch."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = [f for f in fields if f.attname in first]
    defaulted = [f for f in fields if f.attname not in first]
    missing = [f.attname for f in defaulted if f.get_default() is None and not f.null]
    if missing:
        raise ValueError(f"{model.__name__}: no value or default for {', '.join(missing)}")
    constant = [f.get_db_prep_save(f.get_default(), connection) for f in defaulted]
    names = [f.attname for f in given]
    fetch = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    adapters = [(i, adapt) for i, f in enumerate(given) if (adapt := _adapter(f)) is not None]
    table = _quote(model._meta.db_table)
    columns = ", ".join(_quote(f.column) for f in given + defaulted)
    batches = iter(lambda: list(islice(iterator, BATCH)), [])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = _column_types(cursor, model._meta.db_table, [f.column for f in given + defaulted])
        for batch in chain([[first, *islice(iterator, BATCH - 1)]], batches):
            params = []
            for row in batch:
                values = [*fetch(row), *constant]
                for i, adapt in adapters:
                    values[i] = adapt(values[i])
                params.append(values)
            if connection.vendor == "postgresql":
                # PostgreSQL's bulk load (executemany sends row by row), in its binary format: a
                # third of the time of text, which the server would parse again value by value.
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.set_types(types)
                    for line in params:
                        copy.write_row(line)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", params)  # noqa: S608


def _column_types(cursor: Any, table: str, columns: list[str]) -> list[int]:
    """The PostgreSQL type of each column, which a binary COPY must name."""
    cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0", [table])
    types = dict(cursor.fetchall())
    return [types[column] for column in columns]


def insert_select(
    model: type[models.Model],
    values: dict[str, str],
    source: type[models.Model],
    where: str,
    params: Sequence[Any],
    *,
    group_by: str = "",
    ignore_conflicts: bool = False,
) -> None:
    """INSERT INTO the model's table the rows of ``SELECT values FROM source WHERE where``;
    ``values`` maps the model's attribute names to SQL expressions over the source table.
    ``group_by`` gives one row per group (rather than DISTINCT, under which PostgreSQL cannot
    type a parameter in the select list)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = ", ".join(_quote(fields[name].column) for name in values)
    insert = connection.ops.insert_statement(on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
    suffix = ""
    if ignore_conflicts:
        suffix = connection.ops.on_conflict_suffix_sql([], OnConflict.IGNORE, [], []) or ""
    grouped = f" GROUP BY {group_by}" if group_by else ""
    sql = (
        f"{insert} {_quote(model._meta.db_table)} ({columns}) SELECT {', '.join(values.values())}"  # noqa: S608
        f" FROM {_quote(source._meta.db_table)} WHERE {where}{grouped} {suffix}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def last_id(model: type[models.Model]) -> int:
    """The highest primary key of the model's table (0 when empty): rows inserted after it have
    higher ones, so ``id > last`` lets a later INSERT … SELECT read them by the primary key's
    index rather than scanning the table for their stamp."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({_quote(model._meta.pk.column)}) FROM {_quote(model._meta.db_table)}")  # noqa: S608
        return cursor.fetchone()[0] or 0


def history_of_created(model: type[models.Model], stamp: datetime, user_id: int, after: int = 0) -> None:
    """A "created" history row (django-simple-history) for every row of the model created at
    ``stamp``, among those with a primary key above ``after``."""
    history: type[models.Model] = model.history.model  # type: ignore[attr-defined]
    tracked = {f.attname: f.column for f in model._meta.concrete_fields}
    values = {f.attname: _quote(tracked[f.attname]) for f in history._meta.concrete_fields if f.attname in tracked}
    values |= {"history_date": "%s", "history_type": "'+'", "history_user_id": "%s"}
    stamp_sql = connection.ops.adapt_datetimefield_value(stamp)
    where = f"{_quote(model._meta.pk.column)} > %s AND {_quote('created_at')} = %s"
    insert_select(history, values, model, where, [stamp_sql, user_id, after, stamp_sql])


def one_of(values: Sequence[Any], sql_type: str) -> tuple[str, Any]:
    """SQL for ``column IN <this>`` over any number of values, sent as one parameter (an array on
    PostgreSQL, JSON on SQLite): one set-based look-up for a whole import, where an IN list of
    parameters had to be cut in batches, each a query of its own. ``sql_type`` is the PostgreSQL
    type of the values ("text", "bigint"). Returns the SQL and its parameter."""
    if connection.vendor == "postgresql":
        return f"(SELECT unnest(%s::{sql_type}[]))", list(values)
    return "(SELECT value FROM json_each(%s))", json.dumps(list(values))
