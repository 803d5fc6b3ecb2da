# SPDX-License-Identifier: AGPL-3.0-or-later
"""The demo world, built app by app through the same actions as the pages, so every row obeys
the rules and has its history. Only the organisation set-up (units, users, the operator's role
grants) is made as the operator makes it.

The order matters: staff before citizens; courses (with their consents, sessions, measurements
and discharges, which make the follow-ups) before the households, target-group markers, attempts
and shared visitations that work on them; the KL-12 round and the strategy late, as they read what exists;
the registers' answers and the monthly submissions last, with their own random source."""

from forlob.demo import (
    appointments,
    audit,
    catalogue,
    competences,
    cooperation,
    coordination,
    family,
    followup,
    kl12,
    medical,
    organisations,
    prevention,
    psychiatry,
    registers,
    strategy,
    target_groups,
    treatment,
)
from forlob.demo.world import Summary, World


def build_world(seed: int, citizens: int) -> Summary:
    """The demo with ``citizens`` citizens; the same seed gives the same world."""
    world = World(seed)
    organisations.build(world)
    followup.set_rules(world)
    catalogue.fill_faxe(world)
    treatment.add_citizens(world, citizens)
    treatment.add_relatives_and_groups(world)
    catalogue.add_examples(world)
    family.add_households(world)
    target_groups.add_markers(world)
    family.add_family_offers(world)
    medical.add_medical_treatment(world)
    followup.add_attempts(world)
    family.add_shared_visitations(world)
    psychiatry.add_pathway(world)
    coordination.add_action_plan(world)
    prevention.add_activities(world)
    treatment.add_contact_requests(world)
    appointments.add_appointments(world)
    competences.add_training(world)
    competences.add_competences(world)
    cooperation.add_agreements(world)
    strategy.add_strategy(world)
    kl12.add_rounds(world)
    audit.add_emergency_access(world)
    registers.add_answers(world)
    registers.add_submissions(world)
    return world.summary
