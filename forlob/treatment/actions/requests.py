# SPDX-License-Identifier: AGPL-3.0-or-later
"""Requests (henvendelser), referrals to another unit, and the visitation decisions."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.citizens.actions import CONTACT_FIELDS, register
from forlob.citizens.models import Citizen, Registration
from forlob.citizens.queries import granting_unit_id
from forlob.common.dates import today
from forlob.common.errors import not_in_future, refuse, require_choice
from forlob.organisations.access import DECIDE_VISITATION, REFER, REGISTER_REQUEST, Actor
from forlob.organisations.models import Unit
from forlob.treatment.models import Channel, CloseReason, LegalBasis, Referral, Request, RequestStatus, Substance


def _check_legal_basis(citizen: Citizen, substance: str, legal_basis: str) -> None:
    """SUL § 141 covers alcohol; drugs fall under SEL § 101, or § 101 a when anonymous."""
    require_choice("legal_basis", legal_basis, LegalBasis)
    if substance == Substance.ALCOHOL:
        expected = LegalBasis.SUL_141
    elif citizen.is_anonymous:
        expected = LegalBasis.SEL_101A
    else:
        expected = LegalBasis.SEL_101
    if substance and legal_basis != expected:
        raise refuse(
            "legal_basis",
            _("For this substance and citizen the legal basis is %(basis)s.") % {"basis": expected.label},
            "legal_basis",
        )


# --- Requests ------------------------------------------------------------------------------


@dataclass
class RequestData:
    received_on: date
    channel: str
    main_substance: str
    legal_basis: str
    other_substances: list[str] = field(default_factory=list)
    note: str = ""


@transaction.atomic
def register_request(actor: Actor, citizen: Citizen, unit: Unit, data: RequestData) -> Request:
    actor.require(unit.pk, REGISTER_REQUEST)
    granting_unit_id(actor, citizen)
    request = _new_request(actor, citizen, unit, data)
    register(actor, citizen, unit)
    log_access(actor, Use.CREATE, citizen_id=citizen.pk, unit_id=unit.pk, via="register_request")
    return request


def _new_request(actor: Actor, citizen: Citizen, unit: Unit, data: RequestData) -> Request:
    not_in_future("received_on", data.received_on)
    require_choice("channel", data.channel, Channel)
    require_choice("main_substance", data.main_substance, Substance)
    for other in data.other_substances:
        require_choice("other_substances", other, Substance)
    _check_legal_basis(citizen, data.main_substance, data.legal_basis)
    return Request.objects.create(
        citizen=citizen,
        unit=unit,
        received_on=data.received_on,
        deadline=Request.deadline_for(data.received_on),
        channel=data.channel,
        main_substance=data.main_substance,
        other_substances=sorted(set(data.other_substances) - {data.main_substance}),
        legal_basis=data.legal_basis,
        note=data.note,
        created_by=actor.user,
    )


# --- Referral to another unit ----------------------------------------------------------------


@dataclass
class ReferralData:
    to_unit: Unit
    consent_given_on: date
    main_substance: str
    legal_basis: str
    other_substances: list[str] = field(default_factory=list)
    note: str = ""


@transaction.atomic
def refer_citizen(actor: Actor, citizen: Citizen, data: ReferralData) -> Referral:
    """Refer the citizen, with their consent, to another unit, which receives a request (today,
    the guarantee running) about its own record of the person (see ``Referral``)."""
    from_unit_id = granting_unit_id(actor, citizen)
    actor.require(from_unit_id, REFER)
    if not Registration.objects.filter(citizen=citizen, unit_id=from_unit_id).exists():  # emergency access only
        raise refuse(None, _("Only a unit where the citizen is registered can refer them."), "not_registered")
    to_unit = data.to_unit
    if to_unit.pk == from_unit_id or not to_unit.active:
        raise refuse("to_unit", _("Choose another active unit than your own."), "invalid_choice")
    if citizen.anonymised_at is not None:
        raise refuse(None, _("An anonymised citizen cannot be referred."), "anonymised")
    if data.consent_given_on is None:
        raise refuse("consent_given_on", _("Enter the date the citizen consented to the referral."), "required")
    not_in_future("consent_given_on", data.consent_given_on)
    from_unit = Unit.objects.get(pk=from_unit_id)
    keeper = Unit.objects.filter(pk=citizen.unit_id).values_list("municipality_id", flat=True).get()
    record = citizen if to_unit.municipality_id == keeper else _record_at(to_unit, citizen)
    request_data = RequestData(
        received_on=today(),
        channel=Channel.UNIT,
        main_substance=data.main_substance,
        legal_basis=data.legal_basis,
        other_substances=data.other_substances,
        note=data.note,
    )
    request = _new_request(actor, record, to_unit, request_data)
    register(actor, record, to_unit)
    referral = Referral.objects.create(
        citizen=citizen,
        from_unit=from_unit,
        to_unit=to_unit,
        request=request,
        consent_given_on=data.consent_given_on,
        note=data.note,
        created_by=actor.user,
    )
    log_access(actor, Use.REFER, citizen_id=citizen.pk, unit_id=from_unit.pk, purpose=to_unit.name, via="refer_citizen")
    log_access(actor, Use.CREATE, citizen_id=record.pk, unit_id=to_unit.pk, purpose=from_unit.name, via="refer_citizen")
    return referral


def _record_at(unit: Unit, citizen: Citizen) -> Citizen:
    """The receiving unit's own record of the person: the one it keeps already, or a new one with
    the identity and contact details the citizen consented to sending, and nothing else."""
    if citizen.cpr_hash:
        kept = Citizen.objects.filter(unit=unit, cpr_hash=citizen.cpr_hash).first()
        if kept is not None:
            return kept
    fields = ("is_anonymous", "alias", "birth_date", "birth_year", "sex", "cpr_hash", "cpr_encrypted")
    record = Citizen(unit=unit, **{f: getattr(citizen, f) for f in (*fields, *CONTACT_FIELDS)})
    record.full_clean(validate_constraints=False)
    record.save()
    return record


# --- Visitation decisions --------------------------------------------------------------------


def _open_request_for_decision(actor: Actor, request: Request) -> Request:
    locked = Request.objects.select_for_update().get(pk=request.pk)
    actor.require(locked.unit_id, DECIDE_VISITATION)
    if locked.status != RequestStatus.OPEN:
        raise refuse(None, _("The request has already been decided."), "decided")
    return locked


@transaction.atomic
def refer_request(actor: Actor, request: Request, referred_to: str, note: str = "") -> Request:
    request = _open_request_for_decision(actor, request)
    if not referred_to.strip():
        raise refuse("referred_to", _("State where the citizen is referred to."), "required")
    return _decide(actor, request, RequestStatus.REFERRED, referred_to=referred_to.strip(), decision_note=note)


@transaction.atomic
def close_request(actor: Actor, request: Request, reason: str, note: str = "") -> Request:
    request = _open_request_for_decision(actor, request)
    require_choice("close_reason", reason, CloseReason)
    if reason == CloseReason.OTHER and not note.strip():
        raise refuse("decision_note", _("Describe the reason when it is 'Other'."), "required")
    return _decide(actor, request, RequestStatus.CLOSED, close_reason=reason, decision_note=note)


def _decide(actor: Actor, request: Request, status: str, **fields: str) -> Request:
    request.status = status
    request.decided_on = today()
    request.decided_by = actor.user
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()
    log_access(actor, Use.CHANGE, citizen_id=request.citizen_id, unit_id=request.unit_id, via="visitation")
    return request
