# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write of citizen data."""

from dataclasses import dataclass, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration, Sex, TargetGroup, TargetGroupMarker
from forlob.citizens.queries import granting_unit_id, visible_to
from forlob.common.dates import today
from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.common.phone import normalise_phone
from forlob.organisations.access import ADMINISTER, REGISTER_REQUEST, WORK_WITH_COURSE, Actor
from forlob.organisations.models import Municipality, Unit


class DuplicateCitizen(ValidationError):
    """The CPR number belongs to a citizen record the actor can already see."""

    def __init__(self, citizen: Citizen) -> None:
        self.citizen = citizen
        super().__init__(
            {"cpr": ValidationError(_("A citizen with this CPR number already exists."), code="duplicate")}
        )


@dataclass
class CitizenData:
    cpr: str = ""
    is_anonymous: bool = False
    alias: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_year: int | None = None
    sex: str = ""
    municipality: Municipality | None = None
    address: str = ""
    address_protected: bool = False
    phone: str = ""
    email: str = ""


CONTACT_FIELDS = ("first_name", "last_name", "municipality", "address", "address_protected", "phone", "email")


def register(actor: Actor, citizen: Citizen, unit: Unit) -> None:
    """Make the record known at ``unit`` (idempotent): at the unit that keeps it, or at another
    unit of the same municipality, the same data controller, when someone who works at both
    starts work there; that sharing is logged. Never at another municipality's unit: a person
    goes there only by referral, as a record of that municipality's own."""
    if unit.pk != citizen.unit_id:
        keeper = Unit.objects.filter(pk=citizen.unit_id).values_list("municipality_id", flat=True).get()
        if keeper != unit.municipality_id:
            raise refuse(
                None,
                _("The citizen is registered in another municipality. Refer the citizen to the unit instead."),
                "other_controller",
            )
    _registration, created = Registration.objects.get_or_create(
        citizen=citizen, unit=unit, defaults={"registered_by": actor.user}
    )
    if created and unit.pk != citizen.unit_id:
        log_access(actor, Use.SHARE, citizen_id=citizen.pk, unit_id=unit.pk, purpose=unit.name, via="register")


@transaction.atomic
def create_citizen(actor: Actor, unit: Unit, data: CitizenData) -> Citizen:
    """Create ``unit``'s record of a person, by CPR number or anonymously.

    A CPR number of a record the actor can already see is refused with ``DuplicateCitizen``. Any
    other CPR number makes a new record at ``unit`` holding exactly what was typed: whether the
    person is known at another unit or in another municipality changes nothing in the answer,
    the data or the work done, so registering cannot be used to find out (docs/security.md).
    """
    actor.require(unit.pk, REGISTER_REQUEST)
    data = replace(data, phone=normalise_phone("phone", data.phone))
    if data.is_anonymous:
        citizen = _new_anonymous(data, unit)
    else:
        try:
            digits = cpr.normalise(data.cpr) if data.cpr.strip() else None
        except ValidationError as error:
            raise refuse("cpr", error.messages[0], error.code or "invalid") from None
        if digits is None:
            raise refuse("cpr", _("Enter the CPR number, or register the citizen anonymously."), "required")
        if not (data.first_name.strip() and data.last_name.strip()):
            raise refuse("last_name" if data.first_name.strip() else "first_name", _("Enter the name."), "required")
        cpr_hash = cpr.lookup_hash(digits)
        seen = Citizen.objects.filter(visible_to(actor), cpr_hash=cpr_hash).first()
        if seen is not None:
            raise DuplicateCitizen(seen)
        born = cpr.birth_date(digits)
        citizen = Citizen(
            unit=unit,
            cpr_hash=cpr_hash,
            cpr_encrypted=cpr.encrypt(digits),
            birth_date=born,
            birth_year=born.year,
            sex=cpr.sex(digits),
            **{f: getattr(data, f) for f in CONTACT_FIELDS},
        )
    citizen.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            citizen.save()
    except IntegrityError:  # the same CPR registered at the unit a moment ago, by someone else
        raise refuse(
            "cpr", _("The citizen was registered at the unit a moment ago. Search for them."), "duplicate"
        ) from None
    register(actor, citizen, unit)
    log_access(actor, Use.CREATE, citizen_id=citizen.pk, unit_id=unit.pk, via="create_citizen")
    return citizen


def _new_anonymous(data: CitizenData, unit: Unit) -> Citizen:
    # Refused rather than dropped: the person at the desk meant one of the two, and must choose.
    if data.cpr.strip():
        message = _("An anonymous citizen has no CPR number. Clear the field or untick anonymous treatment.")
        raise refuse("cpr", message, "anonymous")
    if data.first_name.strip() or data.last_name.strip():
        raise refuse("first_name", _("An anonymous citizen has no name."), "anonymous")
    if not data.alias.strip():
        raise refuse("alias", _("An anonymous citizen needs an alias."), "required")
    if data.birth_year is None:
        raise refuse("birth_year", _("Enter the birth year."), "required")
    if not 1900 <= data.birth_year <= today().year:
        raise refuse("birth_year", _("The birth year must be between 1900 and this year."), "range")
    require_choice("sex", data.sex, Sex)
    return Citizen(
        unit=unit,
        is_anonymous=True,
        alias=data.alias.strip(),
        birth_year=data.birth_year,
        sex=data.sex,
        municipality=data.municipality,
    )


@transaction.atomic
def update_citizen(actor: Actor, citizen: Citizen, expected_version: int | None = None, **changes: object) -> Citizen:
    """Change name and contact details. The citizen must be visible to the actor; a change made
    from a copy older than ``expected_version`` is refused. The changes are made to the locked
    row and only the changed fields are written, so two changes of different fields both stay."""
    unit_id = granting_unit_id(actor, citizen)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise refuse(None, _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if citizen.is_anonymous and (changes.get("first_name") or changes.get("last_name")):
        raise refuse("first_name", _("An anonymous citizen has no name."), "anonymous")
    phone = changes.get("phone")
    if isinstance(phone, str):
        changes["phone"] = normalise_phone("phone", phone)
    locked = Citizen.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=citizen.pk)
    require_version(locked.version, expected_version, locked)
    for name, value in changes.items():
        field = Citizen._meta.get_field(name)
        if value is None and not getattr(field, "null", False):  # empty text clears it; other kinds need a value
            if not isinstance(field, models.CharField):
                raise refuse(name, _("This field needs a value."), "required")
            value = ""
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean(validate_constraints=False)
    locked.save(update_fields=[*changes, "version"])
    log_access(actor, Use.CHANGE, citizen_id=locked.pk, unit_id=unit_id, via="update_citizen")
    return locked


def reveal_cpr(actor: Actor, citizen: Citizen, purpose: str) -> str:
    """The full CPR number, formatted; the reveal and its purpose go to the access log."""
    unit_id = granting_unit_id(actor, citizen)
    if citizen.is_anonymous:
        raise refuse(None, _("An anonymous citizen has no CPR number."), "anonymous")
    if not purpose.strip():
        raise refuse("purpose", _("State why you need the full CPR number."), "required")
    log_access(actor, Use.REVEAL_CPR, citizen_id=citizen.pk, unit_id=unit_id, purpose=purpose, via="reveal_cpr")
    return cpr.formatted(cpr.decrypt(citizen.cpr_encrypted))


def _marking_unit(actor: Actor, citizen: Citizen) -> int:
    """The actor's unit through which they see the citizen, where they must work with citizens:
    the unit recorded on the marker. 404 (revealing nothing) if the citizen is not visible."""
    unit_id = granting_unit_id(actor, citizen)
    actor.require(unit_id, WORK_WITH_COURSE)
    return unit_id


@transaction.atomic
def add_target_group_marker(
    actor: Actor, citizen: Citizen, group: TargetGroup | None, from_on: date | None
) -> TargetGroupMarker:
    """The citizen belongs to ``group`` from ``from_on``. A period of the same group may not
    overlap another: one still open, or one ended on or after ``from_on``, is refused."""
    unit_id = _marking_unit(actor, citizen)
    if group is None or not TargetGroup.objects.filter(pk=group.pk, active=True).exists():
        raise refuse("group", _("Choose a target group in use."), "unknown_code")
    if from_on is None:
        raise refuse("from_on", _("Enter the date the citizen belongs to the target group from."), "required")
    not_in_future("from_on", from_on)
    # The citizen's row is locked, so two recordings of the same group wait for each other.
    Citizen.objects.select_for_update().only("pk").get(pk=citizen.pk)
    same_group = TargetGroupMarker.objects.filter(citizen=citizen, group=group)
    still_open = same_group.filter(ended_on__isnull=True).first()
    if still_open is not None:
        raise refuse(
            "group",
            _("The citizen is already marked as %(group)s since %(date)s. End that marker first.")
            % {"group": group.name, "date": date_format(still_open.from_on, "d.m.Y")},
            "open",
        )
    last_end = same_group.filter(ended_on__gte=from_on).aggregate(last=Max("ended_on"))["last"]
    if last_end is not None:
        raise refuse(
            "from_on",
            _("An earlier marker for %(group)s ended on %(date)s. The new one must start after that.")
            % {"group": group.name, "date": date_format(last_end, "d.m.Y")},
            "overlap",
        )
    marker = TargetGroupMarker(citizen=citizen, group=group, from_on=from_on, unit_id=unit_id, recorded_by=actor.user)
    marker._history_user = actor.user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            marker.save()
    except IntegrityError:  # where rows are not locked (SQLite), the constraint stops the second
        raise refuse("group", _("The citizen was marked with this target group a moment ago."), "open") from None
    log_access(actor, Use.CHANGE, citizen_id=citizen.pk, unit_id=unit_id, via="add_target_group_marker")
    return marker


@transaction.atomic
def end_target_group_marker(actor: Actor, marker: TargetGroupMarker, ended_on: date | None) -> TargetGroupMarker:
    """The citizen no longer belongs to the marker's group after ``ended_on``."""
    unit_id = _marking_unit(actor, marker.citizen)
    marker = TargetGroupMarker.objects.select_for_update().select_related("group").get(pk=marker.pk)
    if marker.ended_on is not None:
        raise refuse(None, _("The marker has already been ended."), "ended")
    if ended_on is None:
        raise refuse("ended_on", _("Enter the date the marker ends."), "required")
    not_in_future("ended_on", ended_on)
    if ended_on < marker.from_on:
        raise refuse("ended_on", _("A marker cannot end before it starts."), "before_start")
    marker.ended_on = ended_on
    marker._history_user = actor.user  # type: ignore[attr-defined]
    marker.save(update_fields=["ended_on"])
    log_access(actor, Use.CHANGE, citizen_id=marker.citizen_id, unit_id=unit_id, via="end_target_group_marker")
    return marker


def _require_administrator(actor: Actor) -> None:
    """The target groups are one national list, shared by every municipality (like KL's indicator
    set): any administrator keeps it."""
    if not actor.unit_ids(ADMINISTER):
        raise PermissionDenied(_("Only an administrator keeps the list of target groups."))


@transaction.atomic
def save_target_group(actor: Actor, group: TargetGroup) -> TargetGroup:
    """Add a target group or change its name, order or use, as edited in the administration. The
    code never changes: statistics compare municipalities and years by it."""
    _require_administrator(actor)
    if group.pk is not None:
        code = TargetGroup.objects.filter(pk=group.pk).values_list("code", flat=True).first()
        if code is not None and code != group.code:
            raise refuse("code", _("The code of a target group cannot be changed."), "fixed")
    if not group.name.strip():
        raise refuse("name", _("Enter the name."), "required")
    group.name = group.name.strip()
    group.full_clean()
    group._history_user = actor.user  # type: ignore[attr-defined]
    group.save()
    return group


@transaction.atomic
def delete_target_group(actor: Actor, group: TargetGroup) -> bool:
    """Delete a target group no citizen was ever marked with. One in use is taken out of use
    instead, so its markers keep counting. True if it was deleted."""
    _require_administrator(actor)
    group = TargetGroup.objects.select_for_update().get(pk=group.pk)
    group._history_user = actor.user  # type: ignore[attr-defined]
    if group.markers.exists():
        group.active = False
        group.save(update_fields=["active"])
        return False
    group.delete()
    return True
