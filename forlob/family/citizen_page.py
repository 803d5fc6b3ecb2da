# SPDX-License-Identifier: AGPL-3.0-or-later
"""Family on the citizen page (forlob/citizens/hooks.py): household and network with the
assessment of the children's situation, consents, and shared visitations."""

from datetime import date

from forlob.citizens.models import Citizen
from forlob.common.sections import Section
from forlob.family.forms import ChildrenAssessmentForm
from forlob.family.queries import visible_meetings
from forlob.organisations.access import Actor


def sections(actor: Actor, citizen: Citizen, day: date) -> list[Section]:
    relations = list(citizen.relations.all())
    for relation in relations:
        relation.age = relation.age_on(day)  # type: ignore[attr-defined]
    latest = citizen.children_assessments.first()
    household = {
        "relations": relations,
        "children_under_18": sum(1 for r in relations if r.is_household_child_on(day)),
        "children_assessed_on": latest.assessed_on if latest else None,
        "latest_assessment": latest,
        "assessment_form": ChildrenAssessmentForm(initial={"assessed_on": day}),
    }
    consents = list(citizen.consents.select_related("recorded_by"))
    visitations = (
        citizen.shared_visitations.filter(visible_meetings(actor, day))
        .select_related("unit")
        .prefetch_related("departments")
    )
    return [
        Section("family/citizen_page/household.html", order=10, context=household),
        Section("family/citizen_page/consents.html", order=20, context={"consents": consents}),
        Section(
            "family/citizen_page/shared_visitations.html", order=50, context={"shared_visitations": list(visitations)}
        ),
    ]
