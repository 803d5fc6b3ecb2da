# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from action plans and case managers, and what it keeps for the
statistics (see forlob/common/personal_data.py)."""

from django.db.models import Q

from forlob.common.personal_data import Policy
from forlob.coordination.models import ActionPlan, CaseManager, PlanAction, PlanParty, PlanReview

POLICIES = {
    # The dates and the parties' kinds are what the statistics count; the words go.
    ActionPlan: Policy(
        personal=("citizen_goals", "coordinator_name", "close_note"),
        kept=("agreed_on", "next_review_on", "closed_on", "created_at", "version"),
        activity=("agreed_on", "closed_on"),
        open=Q(closed_on__isnull=True),
    ),
    PlanParty: Policy(personal=("name", "contact"), kept=("kind",)),
    PlanAction: Policy(personal=("what", "owner_name"), kept=("due_on", "status", "version"), activity=("due_on",)),
    PlanReview: Policy(personal=("note",), kept=("due_on", "held_on", "created_at"), activity=("held_on",)),
    CaseManager: Policy(
        personal=("external_name",), kept=("party_kind", "from_on", "to_on", "version"), activity=("from_on", "to_on")
    ),
}
