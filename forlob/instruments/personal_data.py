# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from instrument responses and what it keeps for statistics (see
forlob/common/personal_data.py)."""

from forlob.common.personal_data import Policy
from forlob.instruments.models import Response

POLICIES = {
    # The answers are the definition's coded options, from which the scores are worked out; a
    # critical flag and when it was acknowledged are codes and dates, no words about the person.
    Response: Policy(
        personal=("note",),
        kept=(
            "phase",
            "answered_on",
            "answers",
            "total",
            "band",
            "band_label",
            "action",
            "created_at",
            "critical",
            "critical_acknowledged_at",
        ),
        activity=("answered_on",),
    ),
}
