# SPDX-License-Identifier: AGPL-3.0-or-later
"""Fast inserts for bulk imports: plain INSERT statements run with executemany, and INSERT … SELECT
for the rows that follow from them (history, registrations, access log).

Django's ``bulk_create`` builds a model instance and prepares every value through the field for
each row; for a large import that is most of the time. Here a row is a dict of attribute names;
fields a row leaves out take their default, prepared once. The caller runs inside a transaction
and gives every row the same ``created_at`` stamp, which later statements select by.

Table and column names come from the models and are quoted; values go only as parameters."""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.db.models.constants import OnConflict

BATCH = 2000


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.DateTimeField):
        return _remembered(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _remembered(connection.ops.adapt_datefield_value)
    if isinstance(field, models.TimeField | models.DecimalField):
        return _remembered(lambda value: field.get_db_prep_save(value, connection))
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def _remembered(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The adapter, run once per distinct value: a large import repeats its dates, times and
    stamp row after row, and adapting them was most of the time spent in Python."""
    seen: dict[Any, Any] = {}

    def run(value: Any) -> Any:
        if value not in seen:
            seen[value] = adapt(value)
        return seen[value]

    return run


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT the rows (attribute name → value) into the model's table; the primary key is the
    database's. Every row names the same fields."""
    if not rows:
        return
    given = rows[0].keys()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in given}
    missing = [f.attname for f in fields if f.attname in defaults and defaults[f.attname] is None and not f.null]
    if missing:
        raise ValueError(f"{model.__name__}: no value or default for {', '.join(missing)}")
    constant = {f.attname: f.get_db_prep_save(defaults[f.attname], connection) for f in fields if f.attname in defaults}
    adapters = [(f.attname, _adapter(f)) for f in fields if f.attname in given]
    table, columns = _quote(model._meta.db_table), ", ".join(_quote(f.column) for f in fields)
    order = [f.attname for f in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            params = []
            for row in rows[start : start + BATCH]:
                values = constant | {name: adapt(row[name]) for name, adapt in adapters}
                params.append([values[name] for name in order])
            if connection.vendor == "postgresql":  # PostgreSQL's bulk load; executemany sends row by row
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for line in params:
                        copy.write_row(line)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", params)  # noqa: S608


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


def history_of_created(model: type[models.Model], stamp: datetime, user_id: int) -> None:
    """A "created" history row (django-simple-history) for every row of the model created at ``stamp``."""
    history: type[models.Model] = model.history.model  # type: ignore[attr-defined]
    tracked = {f.attname: f.column for f in model._meta.concrete_fields}
    values = {f.attname: _quote(tracked[f.attname]) for f in history._meta.concrete_fields if f.attname in tracked}
    values |= {"history_date": "%s", "history_type": "'+'", "history_user_id": "%s"}
    stamp_sql = connection.ops.adapt_datetimefield_value(stamp)
    insert_select(history, values, model, f"{_quote('created_at')} = %s", [stamp_sql, user_id, stamp_sql])
