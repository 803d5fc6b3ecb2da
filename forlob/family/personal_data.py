# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from the household, consents, shared visitations and family offers
and what it keeps for statistics (see forlob/common/personal_data.py)."""

from forlob.common.personal_data import Policy
from forlob.family.models import (
    ChildrenAssessment,
    Consent,
    FamilyOffer,
    Relation,
    SessionChild,
    SharedVisitation,
    VisitationDepartment,
)

POLICIES = {
    # The relation's kind, birth year and household count the children in view.
    Relation: Policy(
        personal=("name", "birth_date"), kept=("kind", "birth_year", "in_household", "involved", "created_at")
    ),
    ChildrenAssessment: Policy(
        personal=("note",), kept=("assessed_on", "action", "action_on"), activity=("assessed_on", "action_on")
    ),
    Consent: Policy(
        personal=("phone", "preferred_time"),
        kept=("kind", "department", "parents_involved", "given_on", "withdrawn_on", "version"),
        activity=("given_on", "withdrawn_on"),
    ),
    SharedVisitation: Policy(personal=("present", "decision"), kept=("held_on", "created_at"), activity=("held_on",)),
    VisitationDepartment: Policy(kept=("department",)),
    FamilyOffer: Policy(
        personal=("note",),
        kept=("offered_on", "outcome", "answered_on", "version"),
        activity=("offered_on", "answered_on"),
    ),
    SessionChild: Policy(),
}
