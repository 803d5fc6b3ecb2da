# SPDX-License-Identifier: AGPL-3.0-or-later
"""The public page's "Bliv kontaktet" requests, and intake handling them."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.citizens.models import Citizen
from forlob.common.dates import today
from forlob.common.errors import refuse, require_choice
from forlob.common.phone import normalise_phone
from forlob.organisations.access import REGISTER_REQUEST, Actor
from forlob.organisations.models import Unit
from forlob.treatment.actions.requests import RequestData, register_request
from forlob.treatment.models import (
    ContactAbout,
    ContactCloseReason,
    ContactRequest,
    ContactStatus,
    PublicSubmission,
    Request,
)


def allow_public_post(address: str) -> bool:
    """Count one post of a public form from ``address``; False when it is one too many
    (with the default limit of 10, the 11th within a minute). Refused posts are not counted,
    so a flood does not keep the address out for longer than its last minute."""
    now = timezone.now()
    key = salted_hmac("forlob.public-post", address).hexdigest()
    with transaction.atomic():
        PublicSubmission.objects.filter(at__lt=now - timedelta(days=1)).delete()
        recent = PublicSubmission.objects.filter(address_hash=key, at__gt=now - timedelta(minutes=1)).count()
        if recent >= settings.FORLOB_PUBLIC_POSTS_PER_MINUTE:
            return False
        PublicSubmission.objects.create(address_hash=key, at=now)
    return True


@dataclass(frozen=True)
class ContactData:
    about: str
    name: str
    phone: str = ""
    email: str = ""
    best_time: str = ""
    message: str = ""


@transaction.atomic
def receive_contact(unit: Unit, data: ContactData, *, received_on: date | None = None) -> ContactRequest:
    """A public "Bliv kontaktet" request: no login, so no actor. Received today; nothing is
    looked up, so the answer is the same whether or not the person is known."""
    if not (unit.active and unit.public):
        raise refuse("unit", _("Choose one of the places listed."), "unit")
    require_choice("about", data.about, ContactAbout)
    if not data.name.strip():
        raise refuse("name", _("Write a name we can use when we call."), "required")
    phone = normalise_phone("phone", data.phone)
    if not (phone or data.email.strip()):
        raise refuse("phone", _("Write a phone number or an e-mail address so we can reach you."), "required")
    contact = ContactRequest(
        unit=unit,
        received_on=received_on or today(),
        about=data.about,
        name=data.name.strip(),
        phone=phone,
        email=data.email.strip(),
        best_time=data.best_time.strip(),
        message=data.message.strip(),
    )
    contact.full_clean(exclude=["request", "handled_by"])
    contact.save()
    return contact


def _open_contact(actor: Actor, contact: ContactRequest) -> ContactRequest:
    locked = ContactRequest.objects.select_for_update().get(pk=contact.pk)
    actor.require(locked.unit_id, REGISTER_REQUEST)
    if locked.status != ContactStatus.OPEN:
        raise refuse(None, _("The contact request has already been handled."), "handled")
    return locked


def _handled(actor: Actor, contact: ContactRequest, status: str, **fields: object) -> ContactRequest:
    contact.status = status
    contact.handled_on = today()
    contact.handled_by = actor.user
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.save()
    log_access(actor, Use.CHANGE, unit_id=contact.unit_id, via=f"contact_request:{contact.pk}")
    return contact


@transaction.atomic
def register_request_from_contact(
    actor: Actor, contact: ContactRequest, citizen: Citizen, unit: Unit, data: RequestData
) -> Request:
    """Intake has reached the person: the request is received on the day the contact request
    was, so the guarantee keeps running from the first contact."""
    contact = _open_contact(actor, contact)
    request = register_request(actor, citizen, unit, replace(data, received_on=contact.received_on))
    _handled(actor, contact, ContactStatus.REQUEST, request=request)
    return request


@transaction.atomic
def close_contact(actor: Actor, contact: ContactRequest, reason: str) -> ContactRequest:
    contact = _open_contact(actor, contact)
    require_choice("close_reason", reason, ContactCloseReason)
    return _handled(actor, contact, ContactStatus.CLOSED, close_reason=reason)
