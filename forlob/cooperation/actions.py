# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writing cooperation agreements, each one transaction: by the leaders and cluster coordinators of
a unit in the agreement's municipality (``COOPERATION``), with history, and changes refused when
made from an older copy."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.common.phone import normalise_phone
from forlob.cooperation import queries
from forlob.cooperation.files import check_document
from forlob.cooperation.models import Agreement, Document, PartnerContact, PartnerKind
from forlob.organisations.access import Actor
from forlob.organisations.models import Municipality

MAX_CONTENT = 50_000
MAX_CONTACTS = 20
# A CPR number (ddmmyy-xxxx, with or without the dash): an agreement holds no citizen data.
CPR_LIKE = re.compile(r"(?<!\d)[0-3]\d[01]\d\d\d-?\d{4}(?!\d)")


@dataclass
class ContactData:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class AgreementData:
    title: str
    partner_kind: str
    partner_name: str
    agreed_on: date
    valid_from: date
    valid_to: date | None = None
    review_on: date | None = None
    content: str = ""
    responsible: Sequence[User] = ()
    contacts: Sequence[ContactData] = field(default_factory=list)


def _require_writer(actor: Actor, municipality_id: int) -> None:
    if not queries.may_write(actor, municipality_id):
        raise PermissionDenied(_("Only the leaders and cluster coordinators of the municipality write its agreements."))


def _text(name: str, value: str, limit: int, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise refuse(name, _("Required."), "required")
    if len(value) > limit:
        raise refuse(name, _("Write at most %(n)s characters.") % {"n": limit}, "too_long")
    if CPR_LIKE.search(value):
        raise refuse(name, _("Write no CPR numbers: an agreement holds no data about citizens."), "cpr_number")
    return value


def _contact(index: int, contact: ContactData) -> PartnerContact:
    prefix = f"contacts.{index}."
    email = contact.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise refuse(prefix + "email", _("Enter a valid e-mail address."), "invalid_email") from None
    phone = normalise_phone(prefix + "phone", contact.phone)
    if not phone and not email:
        raise refuse(prefix + "phone", _("Write a phone number or an e-mail address."), "no_way_to_reach")
    return PartnerContact(
        name=_text(prefix + "name", contact.name, 200),
        role=_text(prefix + "role", contact.role, 200, required=False),
        phone=phone,
        email=email,
    )


def _check(municipality: Municipality, data: AgreementData) -> list[PartnerContact]:
    data.title = _text("title", data.title, 200)
    require_choice("partner_kind", data.partner_kind, PartnerKind)
    data.partner_name = _text("partner_name", data.partner_name, 200)
    data.content = _text("content", data.content, MAX_CONTENT, required=False)
    not_in_future("agreed_on", data.agreed_on)
    if data.valid_to is not None and data.valid_to < data.valid_from:
        raise refuse("valid_to", _("The agreement cannot end before it starts."), "end_before_start")
    if data.review_on is not None and data.review_on < data.agreed_on:
        raise refuse("review_on", _("The review cannot be before the agreement was made."), "review_before_agreed")
    if not data.responsible:
        raise refuse("responsible", _("Choose at least one of our contact people."), "required")
    staff = set(queries.staff_of(municipality).filter(pk__in=[u.pk for u in data.responsible]))
    if len(staff) != len({u.pk for u in data.responsible}):
        raise refuse("responsible", _("Only staff of %(m)s can be chosen.") % {"m": municipality.name}, "not_staff")
    if len(data.contacts) > MAX_CONTACTS:
        raise refuse("contacts", _("At most %(n)s contacts.") % {"n": MAX_CONTACTS}, "too_many")
    return [_contact(i, c) for i, c in enumerate(data.contacts)]


def _write(agreement: Agreement, data: AgreementData, contacts: list[PartnerContact]) -> Agreement:
    for name in ("title", "partner_kind", "partner_name", "content", "agreed_on", "valid_from", "valid_to"):
        setattr(agreement, name, getattr(data, name))
    agreement.review_on = data.review_on
    agreement.save()
    agreement.responsible.set(data.responsible)
    agreement.contacts.all().delete()  # replaced as a whole: the history keeps the ones before
    for contact in contacts:
        contact.agreement = agreement
        contact.save()
    return agreement


@transaction.atomic
def create_agreement(actor: Actor, municipality: Municipality, data: AgreementData) -> Agreement:
    _require_writer(actor, municipality.pk)
    contacts = _check(municipality, data)
    return _write(Agreement(municipality=municipality, created_by=actor.user), data, contacts)


@transaction.atomic
def change_agreement(actor: Actor, agreement: Agreement, data: AgreementData, version: int | None) -> Agreement:
    agreement = Agreement.objects.select_for_update().select_related("municipality").get(pk=agreement.pk)
    _require_writer(actor, agreement.municipality_id)
    require_version(agreement.version, version, agreement)
    contacts = _check(agreement.municipality, data)
    agreement.version += 1
    return _write(agreement, data, contacts)


@transaction.atomic
def add_document(actor: Actor, agreement: Agreement, name: str, content: bytes, field: str = "file") -> Document:
    """Attach a document, checked to be what its name says (``files.check_document``), refused at ``field``."""
    _require_writer(actor, agreement.municipality_id)
    cleaned, kind = check_document(name, content, field)
    return Document.objects.create(
        agreement=agreement, name=cleaned, kind=kind, size=len(content), content=content, uploaded_by=actor.user
    )


@transaction.atomic
def remove_document(actor: Actor, document: Document) -> None:
    _require_writer(actor, document.agreement.municipality_id)
    document.delete()
