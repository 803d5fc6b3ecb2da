# SPDX-License-Identifier: AGPL-3.0-or-later
"""Groups, their members and their meetings."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.errors import refuse, require_choice
from forlob.organisations.access import MANAGE_GROUPS, Actor, require_staff
from forlob.organisations.models import Unit
from forlob.treatment.actions.sessions import SessionData, _check_session
from forlob.treatment.models import Attendance, Course, Group, GroupAttendance, GroupMembership, Session, SessionKind


@dataclass
class GroupData:
    name: str
    weekday: int
    start_time: time
    starts_on: date
    staff: list[User]
    minutes: int = 150
    ends_on: date | None = None
    description: str = ""


@transaction.atomic
def create_group(actor: Actor, unit: Unit, data: GroupData) -> Group:
    actor.require(unit.pk, MANAGE_GROUPS)
    if not data.name.strip():
        raise refuse("name", _("Enter the group's name."), "required")
    if data.weekday not in Group.Weekday.values:
        raise refuse("weekday", _("Unknown value: %(value)s.") % {"value": data.weekday}, "unknown_code")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise refuse("ends_on", _("The last meeting cannot be before the first."), "before_start")
    if not 1 <= data.minutes <= 24 * 60:
        raise refuse("minutes", _("The duration must be between 1 and 1440 minutes."), "range")
    if not data.staff:
        raise refuse("staff", _("Choose at least one staff member."), "required")
    require_staff(unit, data.staff, "staff")
    group = Group.objects.create(
        unit=unit,
        name=data.name.strip(),
        weekday=data.weekday,
        start_time=data.start_time,
        minutes=data.minutes,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        description=data.description,
    )
    group.staff.set(data.staff)
    return group


@transaction.atomic
def add_group_member(actor: Actor, group: Group, course: Course, joined_on: date) -> GroupMembership:
    actor.require(group.unit_id, MANAGE_GROUPS)
    if course.unit_id != group.unit_id:
        raise refuse("course", _("Only courses at the group's unit can join the group."), "other_unit")
    if not course.is_open:
        raise refuse("course", _("The course is closed."), "closed")
    if joined_on < course.started_on:
        raise refuse("joined_on", _("The citizen cannot join before the course started."), "before_start")
    if GroupMembership.objects.filter(group=group, course=course, left_on__isnull=True).exists():
        raise refuse("course", _("The citizen is already a member of the group."), "duplicate")
    membership = GroupMembership.objects.create(group=group, course=course, joined_on=joined_on)
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=group.unit_id, via="add_group_member")
    return membership


@transaction.atomic
def remove_group_member(actor: Actor, membership: GroupMembership, left_on: date) -> GroupMembership:
    actor.require(membership.group.unit_id, MANAGE_GROUPS)
    if membership.left_on is not None:
        raise refuse(None, _("The citizen has already left the group."), "left")
    if left_on < membership.joined_on:
        raise refuse("left_on", _("The citizen cannot leave before joining."), "before_start")
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    return membership


@transaction.atomic
def register_group_session(actor: Actor, group: Group, data: SessionData, attendance: Mapping[int, str]) -> Session:
    """One group meeting with attendance per member course (course id → attended/no-show)."""
    actor.require(group.unit_id, MANAGE_GROUPS)
    data.kind = SessionKind.GROUP
    _check_session(group.unit, data)
    if data.held_on < group.starts_on:
        raise refuse("held_on", _("The session cannot be before the group's first meeting."), "before_start")
    members = set(
        GroupMembership.objects.filter(group=group, joined_on__lte=data.held_on)
        .exclude(left_on__lt=data.held_on)
        .values_list("course_id", flat=True)
    )
    if set(attendance) - members:
        raise refuse("attendance", _("Attendance can only be registered for the group's members."), "not_member")
    for value in attendance.values():
        require_choice("attendance", value, Attendance)
    session = Session.objects.create(
        group=group,
        held_on=data.held_on,
        start_time=data.start_time,
        kind=SessionKind.GROUP,
        minutes=data.minutes,
        attendance=data.attendance,
        note=data.note,
        created_by=actor.user,
    )
    session.staff.set(data.staff)
    GroupAttendance.objects.bulk_create(
        GroupAttendance(session=session, course_id=course_id, attendance=value)
        for course_id, value in attendance.items()
    )
    return session
