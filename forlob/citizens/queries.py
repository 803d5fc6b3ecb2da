# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every read of citizens goes through here: scoped to the actor's units, logged."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many
from forlob.audit.models import Use
from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration
from forlob.organisations.access import Actor


def visible_citizens(actor: Actor) -> QuerySet[Citizen]:
    """Citizens registered at one of the actor's units where they hold a case role. Not logged:
    callers log what they show."""
    registered = Registration.objects.filter(citizen=OuterRef("pk"), unit_id__in=actor.case_unit_ids)
    return Citizen.objects.filter(Exists(registered))


def granting_unit_id(actor: Actor, citizen: Citizen) -> int:
    """The actor's unit through which the citizen is visible; 404 if none (reveals nothing)."""
    unit_id = (
        Registration.objects.filter(citizen=citizen, unit_id__in=actor.case_unit_ids)
        .order_by("unit_id")
        .values_list("unit_id", flat=True)
        .first()
    )
    if unit_id is None:
        raise Http404(_("The citizen is not found in your units."))
    return unit_id


def get_citizen(actor: Actor, pk: int, *, via: str, purpose: str = "") -> Citizen:
    """One citizen, for a page or API call that shows their data. Logged as a view."""
    row = (
        visible_citizens(actor)
        .filter(pk=pk)
        .select_related("municipality")
        .annotate(
            granted_by=Registration.objects.filter(citizen=OuterRef("pk"), unit_id__in=actor.case_unit_ids)
            .order_by("unit_id")
            .values("unit_id")[:1]
        )
        .first()
    )
    if row is None:
        raise Http404(_("The citizen is not found in your units."))
    log_access(actor, Use.VIEW, citizen_id=row.pk, unit_id=row.granted_by, purpose=purpose, via=via)
    return row


def search_citizens(actor: Actor, term: str, *, via: str) -> QuerySet[Citizen]:
    """Search visible citizens by CPR (exact) or by name/alias. The search itself is logged;
    callers log the rows they show with ``log_shown``."""
    term = term.strip()
    qs = visible_citizens(actor).select_related("municipality")
    digits = cpr.normalise_or_none(term)
    if digits is not None:
        log_access(actor, Use.SEARCH, search_term=cpr.masked(digits), via=via)
        return qs.filter(cpr_hash=cpr.lookup_hash(digits))
    if term:
        log_access(actor, Use.SEARCH, search_term=term, via=via)
        for word in term.split():
            qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(alias__icontains=word))
    return qs


def log_shown(actor: Actor, citizen_ids: list[int], *, via: str, use: Use = Use.LIST) -> None:
    log_many(actor, use, citizen_ids, via=via)
