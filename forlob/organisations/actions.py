# SPDX-License-Identifier: AGPL-3.0-or-later
"""The administrators' set-up of the organisation: units of their own municipalities, and the
clusters the municipalities work in. Each write keeps its history, with the administrator."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from forlob.organisations.access import ADMINISTER, Actor
from forlob.organisations.models import Cluster, Municipality, Unit


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
