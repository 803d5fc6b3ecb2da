# SPDX-License-Identifier: AGPL-3.0-or-later
"""The dates of a recurring appointment, and a local wall-clock time as a moment in UTC."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

# A series makes at most this many appointments (a year of weekly ones): a longer plan is a new
# series when the time comes, not hundreds of rows made today.
MAX_APPOINTMENTS = 52


def series_dates(
    weekday: int, every_weeks: int, starts_on: date, *, ends_on: date | None = None, count: int | None = None
) -> list[date]:
    """The days of the series: the first ``weekday`` on or after ``starts_on``, then every
    ``every_weeks`` weeks, until ``ends_on`` (included) or ``count`` days; never more than
    ``MAX_APPOINTMENTS`` + 1, so a caller can tell that the limit was passed."""
    day = starts_on + timedelta(days=(weekday - starts_on.weekday()) % 7)
    wanted = min(count, MAX_APPOINTMENTS + 1) if count is not None else MAX_APPOINTMENTS + 1
    days: list[date] = []
    while len(days) < wanted and (ends_on is None or day <= ends_on):
        days.append(day)
        day += timedelta(weeks=every_weeks)
    return days


def local_moment(day: date, at: time) -> datetime:
    """``at`` on the Danish wall clock that day: 10:00 is 09:00 UTC in winter and 08:00 in summer."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(settings.TIME_ZONE))


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())
