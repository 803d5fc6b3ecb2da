# SPDX-License-Identifier: AGPL-3.0-or-later
"""Dates worked out by the database in its own functions, for the reports' aggregates.

On SQLite, Django's ExtractYear, TruncMonth and date subtraction call back into Python for every
row (its registered functions django_date_extract, django_date_trunc, django_timestamp_diff): a
national report spent more than half its time there, 2.5 times the same aggregate written by
hand with SQLite's strftime and julianday. PostgreSQL keeps Django's own SQL, or plain date
subtraction, which gives whole days."""

from typing import Any

from django.db.models import Func, IntegerField
from django.db.models.functions import ExtractYear, TruncMonth


class Year(ExtractYear):
    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


class Month(TruncMonth):
    """The first day of the date's month."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"strftime('%%Y-%%m-01', {sql})", params


class DaysBetween(Func):
    """Whole days from the second date to the first."""

    arity = 2
    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return super().as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", arg_joiner=") - julianday("
        )
