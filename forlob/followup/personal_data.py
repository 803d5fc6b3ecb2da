# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from follow-ups and what it keeps for statistics (see
forlob/common/personal_data.py)."""

from django.db.models import Q

from forlob.common.personal_data import Policy
from forlob.followup.models import Attempt, FollowUp, Status

POLICIES = {
    # The short form's answers are codes the follow-up statistics count; only the note goes.
    FollowUp: Policy(
        personal=("note",),
        kept=(
            "months",
            "due_on",
            "needs_consent",
            "max_attempts",
            "status",
            "closed_on",
            "cancel_reason",
            "use_change",
            "new_treatment_needed",
            "housing",
            "work",
            "network",
            "satisfaction",
            "created_at",
            "version",
        ),
        activity=("closed_on",),
        open=Q(status=Status.OPEN),
    ),
    Attempt: Policy(personal=("note",), kept=("attempted_on", "reached", "created_at"), activity=("attempted_on",)),
}
