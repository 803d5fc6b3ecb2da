# SPDX-License-Identifier: AGPL-3.0-or-later
"""A coordinated action plan at Faxe (seeds 003 and 004): agreed with the region's psychiatry and
the job centre, the unit the third party; the citizen's consent to share it with both; a review
due within the week, so it shows on the responsible clinician's "Mit overblik"; a case manager."""

from datetime import timedelta

from forlob.coordination import actions
from forlob.coordination.models import PartyKind
from forlob.demo.world import World
from forlob.family.models import CHILD_AGE_LIMIT
from forlob.treatment.models import LINKED_OFFERS


def add_action_plan(world: World) -> None:
    faxe = world.units["faxe"]
    course = next(
        (
            c
            for c in world.open_courses
            if c.unit_id == faxe.pk
            and c.offer_type not in LINKED_OFFERS
            and c.responsible.username == "behandler"
            and c.started_on <= world.today - timedelta(days=40)
            and c.citizen.age_on(world.today) >= CHILD_AGE_LIMIT  # a minor's consent needs the parents' part
        ),
        None,
    )
    if course is None:  # a very small demo
        return
    actor = world.actor(course.responsible)
    agreed = max(course.started_on, world.today - timedelta(days=35))
    plan = actions.create_plan(
        actor,
        course,
        actions.PlanData(
            citizen_goals="Jeg vil have ro på angsten uden at drikke, og jeg vil gerne i praktik igen.",
            agreed_on=agreed,
            coordinator_name=course.responsible.get_full_name(),
            next_review_on=world.today + timedelta(days=5),
        ),
    )
    psychiatry = actions.add_party(
        actor,
        plan,
        actions.PartyData(
            PartyKind.REGIONAL_PSYCHIATRY, "Psykiatrien Region Sjælland, Distriktspsykiatrien Faxe", "Tlf. 70 15 50 15"
        ),
    )
    jobcentre = actions.add_party(
        actor, plan, actions.PartyData(PartyKind.JOBCENTRE, "Jobcenter Faxe", "Sagsbehandler Kirsten Mørk")
    )
    for party in (psychiatry, jobcentre):
        actions.record_party_consent(actor, party, agreed)
    for what, owner, name, days in (
        ("Udredning for angst og depression", psychiatry.pk, "Overlæge Ida Winther", 21),
        ("Samtale om virksomhedspraktik", jobcentre.pk, "Kirsten Mørk", 42),
        ("Ugentlige samtaler om alkohol og angst", None, course.responsible.get_full_name(), 60),
    ):
        actions.add_action(actor, plan, actions.ActionData(what, name, agreed + timedelta(days=days), owner))
    actions.add_case_manager(actor, course, actions.CaseManagerData(agreed, staff=course.responsible))
