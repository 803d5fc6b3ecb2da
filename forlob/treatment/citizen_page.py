# SPDX-License-Identifier: AGPL-3.0-or-later
"""Treatment on the citizen pages (forlob/citizens/hooks.py): the requests, referrals and courses
sections, and registering a new citizen for a contact request from the public page."""

from datetime import date
from functools import partial

from django.http import HttpRequest
from django.urls import reverse

from forlob.citizens.hooks import Origin
from forlob.citizens.models import Citizen
from forlob.common.sections import Section
from forlob.organisations.access import Actor
from forlob.treatment import journal
from forlob.treatment.models import ContactAbout, ContactRequest
from forlob.treatment.queries import citizen_journal, get_contact

# The newest journal entries of the citizen's courses the citizen page shows.
JOURNAL_ON_CITIZEN_PAGE = 10


def sections(actor: Actor, citizen: Citizen, day: date) -> list[Section]:
    """The citizen's requests, referrals and courses at the actor's units. The citizen was read,
    and logged, by the page (``get_citizen``); these are its rows the actor's units hold."""
    units = actor.case_unit_ids
    requests = citizen.requests.filter(unit_id__in=units).select_related("unit").order_by("-received_on")
    referrals = citizen.referrals.filter(from_unit_id__in=units).select_related(
        "from_unit", "to_unit__municipality", "created_by"
    )
    courses = citizen.courses.filter(unit_id__in=units).select_related("unit", "responsible").order_by("-started_on")
    read_newest = partial(journal.read_latest, limit=JOURNAL_ON_CITIZEN_PAGE)
    newest = citizen_journal(actor, citizen.pk, read_newest, via="citizen_detail", use=None)
    return [
        Section("treatment/citizen_page/requests.html", order=30, context={"requests": list(requests)}),
        Section("treatment/citizen_page/referrals.html", order=40, context={"referrals": list(referrals)}),
        Section("treatment/citizen_page/courses.html", order=60, context={"courses": list(courses)}),
        Section("treatment/citizen_page/journal.html", order=65, context={"citizen": citizen, "journal": newest}),
    ]


def contact_origin(actor: Actor, request: HttpRequest) -> Origin | None:
    """A citizen registered from a contact request (``?kontakt=<id>``) goes on to its request."""
    contact_id = request.GET.get("kontakt", "")
    if not contact_id.isdigit():
        return None
    contact = get_contact(actor, int(contact_id), via="citizen_create")
    return Origin(
        initial=_from_contact(contact),
        template="treatment/includes/contact_summary.html",
        context={"contact": contact},
        next_url=lambda citizen_id: f"{reverse('request_create')}?borger={citizen_id}&kontakt={contact.pk}",
    )


def _from_contact(contact: ContactRequest) -> dict[str, object]:
    """A new citizen from a contact request starts with what the person wrote about themself."""
    if contact.about != ContactAbout.SELF:
        return {"unit": contact.unit_id}
    first, _space, last = contact.name.partition(" ")
    return {
        "unit": contact.unit_id,
        "first_name": first,
        "last_name": last,
        "phone": contact.phone,
        "email": contact.email,
    }
