# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every read of citizens goes through here: scoped to the actor's units, and logged in the same
step as the rows it returns."""

from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many
from forlob.audit.models import EmergencyAccess, Use
from forlob.audit.refusals import NotVisible
from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration, TargetGroup
from forlob.common.paging import Rows, Window
from forlob.organisations.access import Actor

M = TypeVar("M", bound=Model)


def _registrations(actor: Actor) -> QuerySet[Registration]:
    return Registration.objects.filter(citizen=OuterRef("pk"), unit_id__in=actor.case_unit_ids).order_by("unit_id")


def _emergency_accesses(actor: Actor) -> QuerySet[EmergencyAccess]:
    return EmergencyAccess.objects.filter(
        citizen=OuterRef("pk"), user_id=actor.user.pk, expires_at__gt=timezone.now()
    ).order_by("-expires_at")


def any_citizens() -> bool:
    """Whether the database holds any citizen at all: a yes or no, no person data (the demo is
    loaded only into an empty database)."""
    return Citizen.objects.exists()


def not_visible(pk: object) -> NotVisible:
    """The one answer for a citizen the actor may not see, whether or not the citizen exists."""
    return NotVisible(Citizen, pk, _("The citizen is not found in your units."), citizen_field="pk")


def visible_to(actor: Actor) -> Q:
    """The condition on citizens that the actor may see: registered at one of the actor's units
    where they hold a case role, or under emergency access right now. For actions that must
    look among the visible records without showing them (a duplicate CPR, emergency access)."""
    return Exists(_registrations(actor)) | Exists(_emergency_accesses(actor))


def is_visible(actor: Actor, citizen_id: OuterRef) -> Exists:
    """Whether the citizen a row names (``OuterRef("citizen_id")``) is visible to the actor: for a
    list of rows about citizens, such as the access log, that names only those the actor may see."""
    return Exists(Citizen.objects.filter(visible_to(actor), pk=citizen_id))


def _visible_citizens(actor: Actor) -> QuerySet[Citizen]:
    return Citizen.objects.filter(visible_to(actor))


def _with_granting_unit(actor: Actor, citizens: QuerySet[Citizen]) -> QuerySet[Citizen]:
    """Annotate ``granted_by``: the actor's unit through which each citizen is visible."""
    return citizens.annotate(
        granted_by=Coalesce(
            Subquery(_registrations(actor).values("unit_id")[:1]),
            Subquery(_emergency_accesses(actor).values("unit_id")[:1]),
        ),
        by_emergency=~Exists(_registrations(actor)),
    )


def granting_unit_id(actor: Actor, citizen: Citizen) -> int:
    """The actor's unit through which the citizen is visible; 404 if none (reveals nothing)."""
    rows = _with_granting_unit(actor, Citizen.objects.filter(pk=citizen.pk))
    unit_id = rows.values_list("granted_by", flat=True).first()  # type: ignore[misc]
    if unit_id is None:
        raise not_visible(citizen.pk)
    return unit_id


def get_citizen(actor: Actor, pk: int, *, via: str, purpose: str = "", use: Use = Use.VIEW) -> Citizen:
    """One citizen, for a page or API call that shows their data. Logged as a view."""
    row = _with_granting_unit(actor, _visible_citizens(actor).filter(pk=pk).select_related("municipality")).first()
    if row is None:
        raise not_visible(pk)
    if row.by_emergency:  # type: ignore[attr-defined]
        use = Use.EMERGENCY
    log_access(actor, use, citizen_id=row.pk, unit_id=row.granted_by, purpose=purpose, via=via)  # type: ignore[attr-defined]
    return row


def get_citizen_record(actor: Actor, model: type[M], pk: int, *, via: str) -> M:
    """A row that belongs to a citizen (a relation, a consent, …), if the citizen is visible to the
    actor; reading it is logged as reading the citizen. 404 otherwise, revealing nothing."""
    citizen_id = model._default_manager.filter(pk=pk).values_list("citizen_id", flat=True).first()
    if citizen_id is None:
        raise not_visible(None)
    citizen = get_citizen(actor, citizen_id, via=via)
    record = model._default_manager.get(pk=pk, citizen=citizen)
    record.citizen = citizen  # type: ignore[attr-defined]  # as read, with the unit that grants the access
    return record


# By name, as the lists show them; the primary key makes the order total, so pages never overlap.
NAME_ORDER = ("last_name", "first_name", "alias", "pk")


def citizen_list(actor: Actor, window: Window, *, via: str) -> Rows[Citizen]:
    """The visible citizens by name: the rows of ``window``, each logged as shown in a list."""
    citizens = _visible_citizens(actor).select_related("municipality").order_by(*NAME_ORDER)
    shown = window.read(citizens)
    log_many(actor, Use.LIST, [c.pk for c in shown.rows], via=via)
    return shown


def search_citizens(actor: Actor, term: str, window: Window, *, via: str) -> Rows[Citizen]:
    """Search visible citizens by CPR (exact) or by name/alias. The search is logged, and so is
    each hit shown (the rows of ``window``)."""
    term = term.strip()
    qs = _visible_citizens(actor).select_related("municipality").order_by(*NAME_ORDER)
    digits = cpr.normalise_or_none(term)
    if digits is not None:
        log_access(actor, Use.SEARCH, search_term=cpr.masked(digits), via=via)
        qs = qs.filter(cpr_hash=cpr.lookup_hash(digits))
    elif term:
        log_access(actor, Use.SEARCH, search_term=term, via=via)
        for word in term.split():
            qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(alias__icontains=word))
    shown = window.read(qs)
    log_many(actor, Use.LIST, [c.pk for c in shown.rows], via=via)
    return shown


def target_groups(*, in_use_only: bool = True) -> QuerySet[TargetGroup]:
    """The national list of target groups, in its order: a code list, no person data. The
    markers of a citizen are read through the citizen (``citizen.target_group_markers``), whose
    read is logged."""
    groups = TargetGroup.objects.all()
    return groups.filter(active=True) if in_use_only else groups
