# SPDX-License-Identifier: AGPL-3.0-or-later
"""The "Psykiatrisk udredning" section of the course page (``treatment.hooks.course_page_sections``)
and the psychologists' and doctors' list on "Mit overblik" (``overview_sections``). The course
was read, and logged, by the page through ``treatment.queries.get_course``; these are its rows."""

from datetime import date

from forlob.common.dates import today
from forlob.common.sections import Section
from forlob.organisations.access import Actor
from forlob.psychiatry.forms import AssessmentForm, FindingForm, LetterForm, ReferralForm, SentForm
from forlob.psychiatry.models import GpLetter
from forlob.psychiatry.queries import course_pathway, my_awaiting_assessment
from forlob.treatment.models import Course


def letter_forms(letter: GpLetter) -> dict[str, object]:
    """The forms for recording that a letter was sent and what the doctor did, filled in from it."""
    referred = "" if letter.referred is None else ("yes" if letter.referred else "no")
    return {
        "letter": letter,
        "sent_form": SentForm(
            initial={"sent_on": letter.sent_on or today(), "sent_how": letter.sent_how, "version": letter.version}
        ),
        "referral_form": ReferralForm(
            initial={
                "referred": referred,
                "referred_on": letter.referred_on,
                "outcome": letter.outcome,
                "outcome_on": letter.outcome_on,
                "version": letter.version,
            }
        ),
    }


def section(course: Course) -> Section:
    pathway = course_pathway(course)
    return Section(
        "psychiatry/includes/course_section.html",
        {
            "course": course,
            "pathway": pathway,
            "letters": [letter_forms(letter) for letter in pathway.letters],
            "assessment_form": AssessmentForm(
                initial={
                    "assessed_on": today(),
                    "response_id": pathway.awaiting[0].pk if pathway.awaiting else None,
                },
                screenings=pathway.screenings,
            ),
            "finding_form": FindingForm(),
            "letter_form": LetterForm(initial={"written_on": today()}, screenings=pathway.screenings),
        },
        order=30,
    )


def awaiting_section(actor: Actor, day: date) -> Section | None:
    """For psychologists and doctors: the positive basisscreeners awaiting their assessment."""
    awaiting = my_awaiting_assessment(actor)
    if not awaiting:
        return None
    return Section("psychiatry/includes/awaiting.html", {"awaiting": awaiting}, order=5)
