# SPDX-License-Identifier: AGPL-3.0-or-later
"""Consents, households with children and what followed the assessment of their situation,
the family-oriented offer on the courses with the children who took part, and shared visitations
with Børn og Familie."""

from datetime import date, timedelta

from forlob.citizens.models import Citizen
from forlob.demo.names import FIRST_NAMES, LAST_NAMES
from forlob.demo.world import World, pick
from forlob.family import actions
from forlob.family.models import DATED_ACTIONS, AssessmentAction, ConsentKind, OfferOutcome, RelationKind
from forlob.organisations.models import Department
from forlob.treatment import actions as treatment_actions
from forlob.treatment.models import LINKED_OFFERS, Attendance, SessionKind

ASSESSMENT_ACTIONS = [
    (AssessmentAction.NO_CONCERN, 6),
    (AssessmentAction.FAMILY_OFFER, 3),
    (AssessmentAction.NOTIFICATION, 1),
]
ANSWERS = [(OfferOutcome.ACCEPTED, 5), (OfferOutcome.DECLINED, 4)]

DECISIONS = [
    "Ambulant behandling; familiesamtaler hver 14. dag, og børnene tilbydes samtalegruppe.",
    "Dagbehandling i 12 uger; Børn og Familie laver en børnefaglig undersøgelse.",
    "Ambulant behandling; netværksmøde med skolen om den ældste.",
]


def give_follow_up_consent(world: World, key: str, citizen: Citizen, started: date) -> None:
    """Seven in ten named citizens consent to follow-up when their first course starts; a third of
    them also to involving their network (KL recommendation 1)."""
    rng, actor = world.rng, world.actors[key]
    if citizen.is_anonymous or citizen.pk in world.follow_up_consents or rng.random() >= 0.7:
        return
    consent = actions.ConsentData(
        kind=ConsentKind.FOLLOW_UP,
        given_on=started,
        phone=citizen.phone,
        preferred_time=rng.choice(["Hverdage efter kl. 16", "Formiddage", ""]),
        parents_involved=True,
    )
    actions.give_consent(actor, citizen, consent)
    world.follow_up_consents.add(citizen.pk)
    if citizen.pk % 3 == 0:
        network = actions.ConsentData(kind=ConsentKind.NETWORK, given_on=started, parents_involved=True)
        actions.give_consent(actor, citizen, network)


def add_households(world: World) -> None:
    """Partners and children for about a third of the citizens in open courses; the children's
    situation is assessed for about half of those with children under 18."""
    rng = world.rng
    for course in world.open_courses:
        if rng.random() > 0.35:
            continue
        actor = world.actors[world.unit_key(course.unit_id)]
        citizen = course.citizen
        if rng.random() < 0.6:
            name = f"{rng.choice(FIRST_NAMES[rng.choice('KM')])} {citizen.last_name or rng.choice(LAST_NAMES)}"
            partner = actions.RelationData(kind=RelationKind.PARTNER, name=name, in_household=True)
            actions.add_relation(actor, citizen, partner)
        for _child in range(rng.choice([0, 1, 1, 2, 2, 3])):
            child = actions.RelationData(
                kind=RelationKind.CHILD,
                name=rng.choice(FIRST_NAMES[rng.choice("KM")]),
                birth_year=world.today.year - rng.randint(1, 22),
                in_household=rng.random() < 0.8,
                involved=rng.random() < 0.3,
            )
            world.children.setdefault(citizen.pk, []).append(actions.add_relation(actor, citizen, child))
            world.parents.add(citizen.pk)
            if rng.random() < 0.5:
                assessed = max(world.today - timedelta(days=rng.randint(1, 200)), course.started_on)
                action = pick(world.family_rng, ASSESSMENT_ACTIONS)
                action_on = min(world.today, assessed + timedelta(days=world.family_rng.randint(0, 7)))
                dated = action_on if action in DATED_ACTIONS else None
                actions.assess_children(actor, citizen, assessed, action=action, action_on=dated)


def add_family_offers(world: World) -> None:
    """The family-oriented offer on the index courses, at the start: on a third of the courses
    before 2020 and on four in five since (KL's recommendation 1 took hold), answered within two
    weeks, or still awaiting an answer on the courses of the last month. At Faxe, the children of
    those who accepted took part in a joint family session with the family consultant."""
    rng, faxe = world.family_rng, world.units["faxe"]
    family_consultant = world.user("familiekonsulent")
    for course in world.discharged_courses + world.open_courses:
        if course.offer_type in LINKED_OFFERS or rng.random() > (0.35 if course.started_on.year < 2020 else 0.8):
            continue
        actor = world.actor(course.responsible)
        actions.record_family_offer(actor, course, course.started_on)
        answered = min(world.today, course.started_on + timedelta(days=rng.randint(0, 14)))
        if (world.today - course.started_on).days < 30 and rng.random() < 0.5:
            continue  # still thinking about it
        outcome = pick(rng, ANSWERS)
        actions.answer_family_offer(actor, course, outcome, answered)
        children = world.children.get(course.citizen_id)
        held_on = answered + timedelta(days=7)
        during_the_course = held_on <= (course.ended_on or world.today)
        if outcome != OfferOutcome.ACCEPTED or not children or course.unit_id != faxe.pk or not during_the_course:
            continue
        session = treatment_actions.SessionData(
            held_on=held_on,
            kind=SessionKind.FAMILY,
            attendance=Attendance.ATTENDED,
            staff=[course.responsible, family_consultant],
            minutes=90,
        )
        held = treatment_actions.register_session(world.actors["faxe"], course, session)
        world.summary.sessions += 1
        actions.set_session_children(actor, held, [child.pk for child in children if rng.random() < 0.8])


def add_shared_visitations(world: World) -> None:
    """Shared visitations for Faxe citizens in open courses with children: children and families
    took part. Two of three citizens consented to sharing with the department, so its caseworker
    (sagsbehandler.bf) sees those meetings and not the third."""
    rng, actor = world.rng, world.actors["faxe"]
    courses = [
        course
        for course in world.open_courses
        if course.unit_id == world.units["faxe"].pk
        and course.citizen_id in world.parents
        and not course.citizen.is_anonymous
        and course.citizen.municipality_id == world.units["faxe"].municipality_id
    ]
    for n, course in enumerate(courses[:6]):
        citizen = course.citizen
        if n % 3 != 2:
            share = actions.ConsentData(
                kind=ConsentKind.SHARE, given_on=course.started_on, department=Department.CHILDREN_FAMILY
            )
            actions.give_consent(actor, citizen, share)
        meeting = actions.SharedVisitationData(
            held_on=course.started_on,
            departments=[Department.CHILDREN_FAMILY.value]
            + ([Department.JOBCENTER.value] if rng.random() < 0.5 else []),
            present="Rusmiddelcenter Faxe, Børn og Familie (Rikke Holm)",
            decision=rng.choice(DECISIONS),
            request=course.request,
        )
        actions.record_shared_visitation(actor, citizen, meeting)
