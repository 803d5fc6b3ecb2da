# SPDX-License-Identifier: AGPL-3.0-or-later
"""The demo's units and staff. They are organisation set-up, which the operator does: units as the
administrator would add them, users with the demo password, and roles granted by the operator
(``grant_by_operator``), so they are in force without a leader's approval."""

from decimal import Decimal

from django.contrib.auth.models import User

from forlob.accounts import actions as account_actions
from forlob.demo.world import DEMO_PASSWORD, World
from forlob.organisations.actions import set_staffing, set_up_unit_by_operator
from forlob.organisations.models import Department, Membership, Municipality, Profession, Role, Unit, UnitKind

# (username, first name, last name, unit key, roles)
STAFF = [
    ("behandler", "Mette", "Lund", "faxe", [Role.BEHANDLER]),
    ("visitator", "Jesper", "Vinther", "faxe", [Role.VISITATOR]),
    ("familiekonsulent", "Hanne", "Friis", "faxe", [Role.FAMILIEKONSULENT]),
    ("leder", "Lars", "Skov", "faxe", [Role.LEDER]),
    ("analytiker", "Camilla", "Dahl", "faxe", [Role.ANALYTIKER]),
    ("admin", "Anders", "Krogh", "faxe", [Role.ADMINISTRATOR]),
    ("admin.aalborg", "Kasper", "Nørgaard", "aalborg", [Role.ADMINISTRATOR]),
    ("koordinator", "Birgitte", "Kronborg", "faxe", [Role.KOORDINATOR]),
    ("behandler2", "Søren", "Bak", "faxe", [Role.BEHANDLER]),
    ("behandler.aalborg", "Ida", "Winther", "aalborg", [Role.BEHANDLER]),
    ("leder.aalborg", "Niels", "Brandt", "aalborg", [Role.LEDER, Role.VISITATOR]),
    ("behandler.holstebro", "Julie", "Graversen", "holstebro", [Role.BEHANDLER]),
    ("leder.holstebro", "Torben", "Kjeldsen", "holstebro", [Role.LEDER, Role.VISITATOR]),
    ("sagsbehandler.bf", "Rikke", "Holm", "children", [Role.FAMILIEKONSULENT]),
    ("leder.bf", "Karin", "Lassen", "children", [Role.LEDER]),
    ("laege", "Peter", "Holm", "faxe", [Role.LAEGE]),
    ("sygeplejerske", "Lone", "Berg", "faxe", [Role.SYGEPLEJERSKE]),
    ("psykolog", "Maja", "Thorsen", "faxe", [Role.PSYKOLOG]),
]
# Faxe's staffing, as the administrator sets it up with the roles (username: profession, weekly
# hours): the leader's page "Kapacitet og sagsbelastning" counts it. The leader gives only the hours
# spent on courses; the doctor comes one day a week.
FAXE_STAFFING = {
    "behandler": (Profession.SOCIALRAADGIVER, "37"),
    "behandler2": (Profession.PAEDAGOG, "32"),
    "visitator": (Profession.SOCIALRAADGIVER, "30"),
    "familiekonsulent": (Profession.PAEDAGOG, "37"),
    "leder": (Profession.SOCIALRAADGIVER, "7.5"),
    "laege": (Profession.LAEGE, "7.4"),
    "sygeplejerske": (Profession.SYGEPLEJERSKE, "30"),
    "psykolog": (Profession.PSYKOLOG, "18.5"),
}
# Why the demo's roles are in force without a leader's approval (shown on the roles page).
DEMO_NOTE = "demodata"
PUBLIC_DESCRIPTION = "Ambulant behandling, dagbehandling og efterbehandling for alkohol og stoffer."
# Shown on each served municipality's public "Find behandling" page: address, phone, hours, anonymous.
PUBLIC = {
    "faxe": ("Demovej 1, 4640 Faxe", "00 00 00 01", "Mandag-torsdag 8-15.30, fredag 8-13", True),
    "aalborg": ("Demovej 2, 9000 Aalborg", "00 00 00 02", "Mandag-fredag 8-15, torsdag til 18", True),
    "holstebro": ("Demovej 3, 7500 Holstebro", "00 00 00 03", "Mandag-fredag 8-15", False),
}


def build(world: World) -> None:
    """Five units in Faxe, Aalborg and Holstebro, and the staff of ``STAFF``; Faxe's family
    consultant and leader also work at Familiehuset Faxe."""
    m = {x.code: x for x in Municipality.objects.filter(code__in=["320", "336", "851", "661"])}
    world.units = {
        "faxe": _unit("faxe", "Rusmiddelcenter Faxe", m["320"], UnitKind.SUBSTANCE, "3502", [m["320"], m["336"]]),
        "family": _unit("family", "Familiehuset Faxe", m["320"], UnitKind.FAMILY, "", [m["320"], m["336"]]),
        "aalborg": _unit("aalborg", "Alkoholbehandlingen Aalborg", m["851"], UnitKind.ALCOHOL, "", [m["851"]]),
        "holstebro": _unit("holstebro", "Rusmiddelcenter Holstebro", m["661"], UnitKind.SUBSTANCE, "", [m["661"]]),
        "children": _unit(
            "children",
            "Børn og Familie Faxe",
            m["320"],
            UnitKind.OTHER,
            "",
            [m["320"]],
            department=Department.CHILDREN_FAMILY,
        ),
    }
    world.staff = {key: [] for key in world.units}
    for username, first, last, unit_key, roles in STAFF:
        user = User.objects.create_user(
            username, password=DEMO_PASSWORD, first_name=first, last_name=last, email=f"{username}@forlob.invalid"
        )
        for role in roles:
            account_actions.grant_by_operator(user, world.units[unit_key], role, DEMO_NOTE)
        if Role.BEHANDLER in roles:
            world.staff[unit_key].append(user)
        if Role.LEDER in roles:
            world.deciders.setdefault(unit_key, user)
        world.summary.staff.append(user)
    familiekonsulent = world.user("familiekonsulent")
    account_actions.grant_by_operator(familiekonsulent, world.units["family"], Role.FAMILIEKONSULENT, DEMO_NOTE)
    world.staff["family"].append(familiekonsulent)
    world.deciders["family"] = world.deciders["faxe"]
    account_actions.grant_by_operator(world.deciders["faxe"], world.units["family"], Role.LEDER, DEMO_NOTE)
    # The administrator asks for a role that waits for the leader's approval on "Roller".
    account_actions.grant_role(
        world.actor(world.user("admin")), world.user("behandler2"), world.units["family"], Role.FAMILIEKONSULENT
    )
    world.actors = {key: world.actor(user) for key, user in world.deciders.items()}
    admin = world.actor(world.user("admin"))
    for membership in Membership.objects.filter(
        unit=world.units["faxe"], user__username__in=FAXE_STAFFING
    ).select_related("user"):
        profession, hours = FAXE_STAFFING[membership.user.username]
        set_staffing(admin, membership, profession, Decimal(hours), membership.version)


def _unit(
    key: str, name: str, municipality: Municipality, kind: str, code: str, serves: list[Municipality], **extra: object
) -> Unit:
    if key in PUBLIC:
        address, phone, hours, anonymous = PUBLIC[key]
        extra |= {"address": address, "phone": phone, "opening_hours": hours}
        extra |= {"public": True, "anonymous_possible": anonymous, "public_description": PUBLIC_DESCRIPTION}
    unit = Unit(name=name, municipality=municipality, kind=kind, institution_code=code, **extra)
    return set_up_unit_by_operator(unit, serves)
