# SPDX-License-Identifier: AGPL-3.0-or-later
"""Dates: today in Denmark, calendar arithmetic, and dates worked out by the database in its own
functions for the reports' aggregates.

On SQLite, Django's ExtractYear, TruncMonth and date subtraction call back into Python for every
row (its registered functions django_date_extract, django_date_trunc, django_timestamp_diff): a
national report spent more than half its time there, 2.5 times the same aggregate written by
hand with SQLite's strftime and julianday. PostgreSQL keeps Django's own SQL, or plain date
subtraction, which gives whole days."""

import calendar
from datetime import date
from typing import Any

from django.db.models import Func, IntegerField
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31.01 + 1 = 28.02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(day: date, birth_date: date | None, birth_year: int | None) -> int | None:
    """Exact from the birth date; from the birth year alone, the age reached this calendar year."""
    if birth_date is not None:
        return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    return day.year - birth_year if birth_year is not None else None


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
