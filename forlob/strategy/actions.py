# SPDX-License-Identifier: AGPL-3.0-or-later
"""Keeping a strategy's status: an initiative's status and notes, and indicators entered by hand.
For the leaders of the strategy's municipality; each write one transaction."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.organisations.access import Actor
from forlob.organisations.models import Role, Unit
from forlob.strategy.models import Indicator, Initiative, InitiativeStatus, StatusNote, Strategy

# Who keeps a strategy's status: the leaders of its municipality's units.
KEEP_STATUS = (Role.LEDER,)


def may_keep(actor: Actor, strategy: Strategy) -> bool:
    return Unit.objects.filter(pk__in=actor.unit_ids(KEEP_STATUS), municipality_id=strategy.municipality_id).exists()


def _require(actor: Actor, strategy: Strategy) -> None:
    if not may_keep(actor, strategy):
        raise refuse(None, _("Only the municipality's leaders keep the strategy's status."), "not_allowed")


@transaction.atomic
def update_initiative(
    actor: Actor, initiative: Initiative, status: str, note: str, written_on: date, version: int | None
) -> Initiative:
    initiative = Initiative.objects.select_for_update().select_related("area__strategy").get(pk=initiative.pk)
    _require(actor, initiative.area.strategy)
    require_version(initiative.version, version, initiative)
    require_choice("status", status, InitiativeStatus)
    not_in_future("written_on", written_on)
    if not note.strip() and status == initiative.status:
        raise refuse("text", _("Write the status, or change the initiative's status."), "empty")
    initiative.status = status
    initiative.version += 1
    initiative.save()
    if note.strip():
        StatusNote.objects.create(
            initiative=initiative, written_on=written_on, text=note.strip(), written_by=actor.user
        )
    return initiative


@transaction.atomic
def set_actual(actor: Actor, indicator: Indicator, value: str, source: str) -> Indicator:
    indicator = Indicator.objects.select_for_update().select_related("goal__area__strategy").get(pk=indicator.pk)
    _require(actor, indicator.goal.area.strategy)
    if indicator.live:
        raise refuse("actual", _("This indicator is worked out from Forløb's data."), "live")
    if value.strip():
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            raise refuse("actual", _("Enter a number."), "invalid") from None
        if not number.is_finite() or abs(number) >= 10**9:
            raise refuse("actual", _("Enter a number."), "invalid")
        indicator.actual = round(number, 1)
    else:
        indicator.actual = None
    if not source.strip() and indicator.actual is not None and not indicator.source:
        raise refuse("source", _("Give the source of the figure."), "required")
    if source.strip():
        indicator.source = source.strip()[:200]
    indicator.save()
    return indicator
