# SPDX-License-Identifier: AGPL-3.0-or-later
"""Capacity and caseload of a unit, for its leader (seeds 000 and 004: fit staffing and capacity
to demand). Per clinician: profession, weekly hours, open courses as responsible, sessions a week
and courses per full-time post; for the unit: full-time posts, open courses, new requests and
courses started a week, and the requests waiting with their guarantee status.

These are staff figures of the leader's own unit: exact and internal, never published. Every figure
is aggregated in the database; the rows are staff, not citizens."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from forlob.organisations.access import CASELOAD, Actor
from forlob.organisations.models import CASE_ROLES, Membership, Role, Unit
from forlob.treatment.models import Attendance, Course, Request, RequestStatus, Session

# A full-time post (fuldtidsstilling) in Danish municipalities: 37 hours a week.
FULL_TIME_HOURS = Decimal(37)
# Sessions a week are averaged over this many whole ISO weeks before the current one.
SESSION_WEEKS = 4
# New requests and courses started a week: over the last 4 and the last 12 whole ISO weeks.
DEMAND_WEEKS = (4, 12)
# A waiting request whose guarantee deadline falls within this many days is about to be late.
DEADLINE_SOON_DAYS = 7
# Sessions that took the clinician's time: held, or booked and the citizen did not turn up.
USED_TIME = (Attendance.ATTENDED, Attendance.NO_SHOW)


@dataclass(frozen=True)
class Clinician:
    user_id: int
    name: str
    roles: list[str]
    profession: str
    weekly_hours: Decimal | None
    open_courses: int
    sessions_per_week: Decimal

    @property
    def full_time(self) -> Decimal | None:
        return None if self.weekly_hours is None else self.weekly_hours / FULL_TIME_HOURS

    @property
    def courses_per_full_time(self) -> Decimal | None:
        return per(self.open_courses, self.full_time)


@dataclass(frozen=True)
class Caseload:
    day: date
    weeks: dict[int, tuple[date, date]]
    clinicians: list[Clinician]
    open_courses: int
    requests_per_week: dict[int, Decimal]
    started_per_week: dict[int, Decimal]
    waiting: int
    waiting_late: int
    waiting_soon: int

    @property
    def full_time(self) -> Decimal:
        return sum((c.full_time for c in self.clinicians if c.full_time is not None), Decimal(0))

    @property
    def courses_per_full_time(self) -> Decimal | None:
        return per(self.open_courses, self.full_time)

    @property
    def without_hours(self) -> int:
        """Clinicians whose hours are not set up: the full-time posts leave them out."""
        return sum(1 for c in self.clinicians if c.weekly_hours is None)


def led_unit(actor: Actor, unit_id: int | None) -> tuple[Unit, list[Unit]]:
    """The unit asked for among those the actor leads (when none is asked for, their home unit, as
    on the other statistics pages, or else the first): 403 to a user who leads none, 404 for a unit
    that is not theirs."""
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(CASELOAD)).select_related("municipality").order_by("name"))
    if not units:
        raise PermissionDenied(_("Only a unit's leader can see its capacity and caseload."))
    if unit_id is None:
        return next((u for u in units if u.pk == actor.home_unit_id), units[0]), units
    unit = next((u for u in units if u.pk == unit_id), None)
    if unit is None:
        raise Http404(_("The unit is not one of yours."))
    return unit, units


def per(count: int, full_time: Decimal | None) -> Decimal | None:
    """A count per full-time post; None where there are no hours to divide by."""
    return None if not full_time else Decimal(count) / full_time


def whole_weeks(day: date, weeks: int) -> tuple[date, date]:
    """The first and last day of the ``weeks`` whole ISO weeks (Monday to Sunday) before ``day``'s week."""
    monday = day - timedelta(days=day.weekday())
    return monday - timedelta(weeks=weeks), monday - timedelta(days=1)


def _weekly(count: int, weeks: int) -> Decimal:
    return Decimal(count) / weeks


def caseload(unit_id: int, day: date) -> Caseload:
    """The unit's capacity against its demand on ``day``."""
    periods = {weeks: whole_weeks(day, weeks) for weeks in sorted({SESSION_WEEKS, *DEMAND_WEEKS})}
    open_courses = Course.objects.filter(unit_id=unit_id, ended_on__isnull=True)
    requests = Request.objects.filter(unit_id=unit_id)
    started = Course.objects.filter(unit_id=unit_id)
    waiting = requests.filter(status=RequestStatus.OPEN).aggregate(
        all=Count("pk"),
        late=Count("pk", filter=Q(deadline__lt=day)),
        soon=Count("pk", filter=Q(deadline__gte=day, deadline__lte=day + timedelta(days=DEADLINE_SOON_DAYS))),
    )
    return Caseload(
        day=day,
        weeks=periods,
        clinicians=_clinicians(unit_id, periods[SESSION_WEEKS]),
        open_courses=open_courses.count(),
        requests_per_week={w: _weekly(requests.filter(received_on__range=periods[w]).count(), w) for w in DEMAND_WEEKS},
        started_per_week={w: _weekly(started.filter(started_on__range=periods[w]).count(), w) for w in DEMAND_WEEKS},
        waiting=waiting["all"],
        waiting_late=waiting["late"],
        waiting_soon=waiting["soon"],
    )


def _clinicians(unit_id: int, sessions_in: tuple[date, date]) -> list[Clinician]:
    """The unit's staff in a case role now in force, one row a person. Hours are set per role, so a
    person with two roles at the unit (30 hours as behandler, 7 as visitator) counts their sum; the
    profession is the first one set."""
    memberships = (
        Membership.objects.filter(unit_id=unit_id, role__in=CASE_ROLES, approved_at__isnull=False)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user_id", "role")
    )
    people: dict[int, list[Membership]] = {}
    for membership in memberships:
        people.setdefault(membership.user_id, []).append(membership)
    ids = list(people)
    courses = dict(
        Course.objects.filter(unit_id=unit_id, ended_on__isnull=True, responsible_id__in=ids)
        .values("responsible")
        .annotate(n=Count("pk"))
        .values_list("responsible", "n")
    )
    sessions = dict(
        Session.objects.filter(
            Q(course__unit_id=unit_id) | Q(group__unit_id=unit_id),
            held_on__range=sessions_in,
            attendance__in=USED_TIME,
            staff__in=ids,
        )
        .values("staff")
        .annotate(n=Count("pk", distinct=True))
        .values_list("staff", "n")
    )
    rows = []
    for user_id, held in people.items():
        hours = [m.weekly_hours for m in held if m.weekly_hours is not None]
        user = held[0].user
        rows.append(
            Clinician(
                user_id=user_id,
                name=user.get_full_name() or user.username,
                roles=[str(Role(m.role).label) for m in held],
                profession=next((m.get_profession_display() for m in held if m.profession), ""),
                weekly_hours=sum(hours, Decimal(0)) if hours else None,
                open_courses=courses.get(user_id, 0),
                sessions_per_week=_weekly(sessions.get(user_id, 0), SESSION_WEEKS),
            )
        )
    return rows
