# SPDX-License-Identifier: AGPL-3.0-or-later
"""``{% may "RULE" unit_id as allowed %}``: whether the signed-in user holds one of the roles of a
rule in ``forlob.organisations.access`` at a unit, so a page offers a form or a link only to those
who may use it. The action behind it checks again."""

from django import template

from forlob.organisations import access

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: template.Context, rule: str, unit_id: int) -> bool:
    return access.Actor.for_user(context["request"].user).has_role(unit_id, getattr(access, rule))
