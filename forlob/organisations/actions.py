# SPDX-License-Identifier: AGPL-3.0-or-later
"""The administrators' set-up of the organisation: units of their own municipalities, and the
clusters the municipalities work in. Each write keeps its history, with the administrator."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from forlob.common.errors import refuse, require_choice, require_version
from forlob.organisations.access import ADMINISTER, CASELOAD, Actor
from forlob.organisations.models import MAX_WEEKLY_HOURS, Cluster, Membership, Municipality, Profession, Unit


def administered_municipalities(actor: Actor) -> set[int]:
    """The municipalities where the actor holds the administrator role at some unit."""
    units = actor.unit_ids(ADMINISTER)
    return set(Unit.objects.filter(pk__in=units).values_list("municipality_id", flat=True))


def require_administrator(actor: Actor, record: Unit | Cluster) -> None:
    """A unit is set up by an administrator of its municipality; a cluster, shared by several
    municipalities, by any administrator."""
    if isinstance(record, Unit):
        allowed = record.municipality_id in administered_municipalities(actor)
    else:
        allowed = bool(actor.unit_ids(ADMINISTER))
    if not allowed:
        raise PermissionDenied(_("You can only set up units of your own municipality."))


@transaction.atomic
def save_unit(actor: Actor, unit: Unit, serves: Iterable[Municipality]) -> Unit:
    """Create or change a unit, and the municipalities it serves besides its own."""
    require_administrator(actor, unit)
    unit._history_user = actor.user  # type: ignore[attr-defined]
    unit.save()
    unit.serves.set(serves)
    return unit


@transaction.atomic
def set_up_unit_by_operator(unit: Unit, serves: Iterable[Municipality]) -> Unit:
    """A unit set up by the operator (the demo data, or a municipality's first unit, before it has
    an administrator to set up the rest). History records no user: the operator is not one."""
    unit.save()
    unit.serves.set(serves)
    return unit


@transaction.atomic
def save_cluster(actor: Actor, cluster: Cluster, municipalities: Iterable[Municipality]) -> Cluster:
    """Create or change a cluster and the municipalities in it."""
    require_administrator(actor, cluster)
    cluster._history_user = actor.user  # type: ignore[attr-defined]
    cluster.save()
    cluster.municipalities.set(municipalities)
    return cluster


@transaction.atomic
def remove_set_up(actor: Actor, record: Unit | Cluster) -> None:
    """Delete a unit or a cluster (a unit with citizens or courses is protected by the database)."""
    require_administrator(actor, record)
    record._history_user = actor.user  # type: ignore[union-attr]
    record.delete()


def check_staffing(profession: str, weekly_hours: Decimal | None) -> None:
    """A role's profession (or none) and weekly hours (or none): 0 to 60 hours, in hundredths."""
    if profession:
        require_choice("profession", profession, Profession)
    if weekly_hours is None:
        return
    if not weekly_hours.is_finite() or not 0 <= weekly_hours <= MAX_WEEKLY_HOURS:
        raise refuse(
            "weekly_hours",
            _("Weekly hours must be between 0 and %(max)s.") % {"max": MAX_WEEKLY_HOURS},
            "out_of_range",
        )
    if weekly_hours != weekly_hours.quantize(Decimal("0.01")):
        raise refuse("weekly_hours", _("Give the weekly hours with at most two decimals."), "precision")


@transaction.atomic
def set_staffing(
    actor: Actor, membership: Membership, profession: str, weekly_hours: Decimal | None, version: int | None
) -> Membership:
    """The unit's leader, or an administrator of its municipality, sets a role's profession and
    weekly hours: what the leader's page of capacity and caseload counts."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.unit.municipality_id not in administered_municipalities(actor):
        actor.require(locked.unit_id, CASELOAD)
    require_version(locked.version, version, locked)
    check_staffing(profession, weekly_hours)
    locked.profession, locked.weekly_hours = profession, weekly_hours
    locked.version += 1
    locked._history_user = actor.user  # type: ignore[attr-defined]
    locked.save(update_fields=["profession", "weekly_hours", "version"])
    return locked
