# SPDX-License-Identifier: AGPL-3.0-or-later
"""Whether the signed-in user may record or dispense at a course's unit: the course page's medical
section offers its links only to those who may use them."""

from django import template
from django.http import HttpRequest

from forlob.organisations.access import DISPENSE, MEDICATION_RECORD, Actor

register = template.Library()


@register.filter
def records_medication(request: HttpRequest, unit_id: int) -> bool:
    return Actor.for_user(request.user).has_role(unit_id, MEDICATION_RECORD)


@register.filter
def dispenses(request: HttpRequest, unit_id: int) -> bool:
    return Actor.for_user(request.user).has_role(unit_id, DISPENSE)
