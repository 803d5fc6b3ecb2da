# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway of seed 004 on one Faxe course: a positive basisscreener, the
psychologist's assessment, the citizen's consent to sharing with the own doctor, the letter sent
by secure e-mail, and the doctor's referral accepted by psychiatry."""

from datetime import timedelta

from django.contrib.auth.models import User

from forlob.demo.world import World
from forlob.family import actions as family_actions
from forlob.family.models import ConsentKind
from forlob.instruments import actions as instrument_actions
from forlob.instruments.definitions import shipped
from forlob.instruments.models import Phase
from forlob.psychiatry import actions
from forlob.psychiatry.models import Conclusion, ReferralOutcome, SentHow, Source, TestUsed


def add_pathway(world: World) -> None:
    faxe = world.units["faxe"]
    course = next(
        (
            c
            for c in world.open_courses
            if c.unit_id == faxe.pk and not c.citizen.is_anonymous and (world.today - c.started_on).days >= 30
        ),
        None,
    )
    if course is None:
        return
    day, actor = course.started_on, world.actors["faxe"]
    psychologist = world.actor(User.objects.get(username="psykolog"))
    definition = next(d for d in shipped() if d["code"] == "kl_basis")
    areas: dict[str, object] = {item["code"]: "negative" for item in definition["items"]}
    areas |= {"depression": "positive", "anxiety": "positive"}
    screening = instrument_actions.record_response(
        actor,
        course,
        instrument_actions.ResponseData("kl_basis", Phase.INTAKE, day + timedelta(days=2), areas, "assessment"),
    )
    assessment = actions.AssessmentData(
        day + timedelta(days=9),
        Conclusion.CONFIRMED,
        [TestUsed.MINI, TestUsed.SCL90R],
        note="Moderat depression og generaliseret angst; anbefaler udredning i psykiatrien.",
        response_id=screening.pk,
    )
    actions.record_assessment(psychologist, course, assessment)
    finding = actions.FindingData(
        Source.GP, day - timedelta(days=400), "diagnosis", "Depression, let episode", "F32.0", "Oplyst af borgeren."
    )
    actions.record_outside_finding(actor, course, finding)
    consent = family_actions.ConsentData(kind=ConsentKind.GP, given_on=day + timedelta(days=10))
    family_actions.give_consent(actor, course.citizen, consent)
    letter = actions.write_gp_letter(
        actor, course, actions.LetterData(day + timedelta(days=11), "Lægehuset Torvet, Faxe")
    )
    letter = actions.record_letter_sent(actor, letter, day + timedelta(days=11), SentHow.SECURE_MAIL)
    referral = actions.ReferralData(True, day + timedelta(days=18), ReferralOutcome.ACCEPTED, day + timedelta(days=28))
    actions.record_gp_referral(actor, letter, referral)
