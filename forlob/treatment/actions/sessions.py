# SPDX-License-Identifier: AGPL-3.0-or-later
"""Sessions of a course and their attendance."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.dates import today
from forlob.common.errors import refuse, require_choice
from forlob.organisations.access import WORK_WITH_COURSE, Actor, require_staff
from forlob.organisations.models import HEALTH_ROLES, Membership, Role, Unit
from forlob.treatment.models import (
    Attendance,
    Course,
    Session,
    SessionAddendum,
    SessionKind,
    SessionMethod,
    SessionPlace,
)


@dataclass
class SessionData:
    held_on: date
    kind: str
    attendance: str
    staff: list[User]
    minutes: int = 60
    start_time: time | None = None
    note: str = ""
    method: str = ""
    place: str = ""


def _check_session(unit: Unit, data: SessionData) -> None:
    require_choice("kind", data.kind, SessionKind)
    require_choice("attendance", data.attendance, Attendance)
    if data.method:
        require_choice("method", data.method, SessionMethod)
    if data.place:
        require_choice("place", data.place, SessionPlace)
    if not 1 <= data.minutes <= 24 * 60:
        raise refuse("minutes", _("The duration must be between 1 and 1440 minutes."), "range")
    if not data.staff:
        raise refuse("staff", _("Choose at least one staff member."), "required")
    require_staff(unit, data.staff, "staff")
    if data.attendance in (Attendance.ATTENDED, Attendance.NO_SHOW) and data.held_on > today():
        raise refuse("attendance", _("Attendance can only be registered for a session that has taken place."), "future")


def _family_and_clinician(unit_id: int, staff: list[User]) -> bool:
    """Two different staff members present: a family consultant and a clinician (or leader)."""
    held: dict[int, set[str]] = defaultdict(set)
    for user_id, role in Membership.objects.filter(unit_id=unit_id, user__in=staff).values_list("user_id", "role"):
        held[user_id].add(role)
    family = {user for user, roles in held.items() if Role.FAMILIEKONSULENT in roles}
    clinicians = {user for user, roles in held.items() if roles & {Role.BEHANDLER, Role.LEDER, *HEALTH_ROLES}}
    return any(f != c for f in family for c in clinicians)


@transaction.atomic
def register_session(actor: Actor, course: Course, data: SessionData) -> Session:
    actor.require(course.unit_id, WORK_WITH_COURSE)
    _check_session(course.unit, data)
    if data.kind == SessionKind.GROUP:
        raise refuse("kind", _("Group sessions are registered on the group's page."), "group")
    if data.kind == SessionKind.FAMILY and not _family_and_clinician(course.unit_id, data.staff):
        raise refuse(
            "staff", _("A joint family session has both the family consultant and the clinician present."), "family"
        )
    if data.held_on < course.started_on:
        raise refuse("held_on", _("The session cannot be before the course started."), "before_start")
    if course.ended_on is not None and data.held_on > course.ended_on:
        raise refuse("held_on", _("The session cannot be after the course ended."), "after_end")
    session = Session(
        course=course,
        held_on=data.held_on,
        start_time=data.start_time,
        kind=data.kind,
        minutes=data.minutes,
        attendance=data.attendance,
        method=data.method,
        place=data.place,
        note=data.note,
        created_by=actor.user,
    )
    session._history_user = actor.user  # type: ignore[attr-defined]  # the API has no request user
    session.save()
    session.staff.set(data.staff)
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="register_session")
    return session


@transaction.atomic
def register_attendance(actor: Actor, session: Session, attendance: str) -> Session:
    """Mark a planned session attended, no-show or cancelled."""
    if session.course is None:
        raise refuse(None, _("Group attendance is registered on the group's page."), "group")
    actor.require(session.course.unit_id, WORK_WITH_COURSE)
    require_choice("attendance", attendance, Attendance)
    if attendance in (Attendance.ATTENDED, Attendance.NO_SHOW) and session.held_on > today():
        raise refuse("attendance", _("Attendance can only be registered for a session that has taken place."), "future")
    session.attendance = attendance
    session.save(update_fields=["attendance"])
    log_access(
        actor, Use.CHANGE, citizen_id=session.course.citizen_id, unit_id=session.course.unit_id, via="attendance"
    )
    return session


def _course_session(actor: Actor, session: Session) -> Course:
    if session.course is None:
        raise refuse(None, _("Group sessions have no note of their own here."), "group")
    actor.require(session.course.unit_id, WORK_WITH_COURSE)
    return session.course


@transaction.atomic
def change_session_note(actor: Actor, session: Session, note: str) -> Session:
    """The note's author corrects it within ``FORLOB_NOTE_EDIT_HOURS`` of writing it; the earlier
    wording stays in the history. After that, and for everyone else, only an addendum."""
    course = _course_session(actor, session)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.note_open_to(actor.user.pk):
        raise refuse(
            "note",
            _(
                "Only the author can change a note, and only within %(hours)s hours of writing it. "
                "Add an addendum instead."
            )
            % {"hours": settings.FORLOB_NOTE_EDIT_HOURS},
            "note_closed",
        )
    session.note = note
    session._change_reason = "note"  # type: ignore[attr-defined]  # the journal marks changed notes by it
    session._history_user = actor.user  # type: ignore[attr-defined]
    session.save(update_fields=["note"])
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="change_session_note")
    return session


@transaction.atomic
def add_addendum(actor: Actor, session: Session, text: str) -> SessionAddendum:
    """An addendum to the session's note, linked to it, with its author and time."""
    course = _course_session(actor, session)
    if not text.strip():
        raise refuse("text", _("Write the addendum."), "required")
    addendum = SessionAddendum(session=session, text=text.strip(), written_by=actor.user)
    addendum._history_user = actor.user  # type: ignore[attr-defined]
    addendum.save()
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via="add_addendum")
    return addendum
