# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from the citizens' records and what it keeps for statistics
(see forlob/common/personal_data.py)."""

from forlob.citizens.models import Citizen, Registration, TargetGroupMarker
from forlob.common.personal_data import Policy

POLICIES = {
    Citizen: Policy(
        personal=(
            "cpr_hash",
            "cpr_encrypted",
            "alias",
            "first_name",
            "last_name",
            "birth_date",
            "address",
            "address_protected",
            "phone",
            "email",
        ),
        # The retention run itself sets anonymised_at and is_anonymous (no CPR is left).
        kept=("is_anonymous", "birth_year", "sex", "created_at", "anonymised_at", "version"),
    ),
    Registration: Policy(kept=("registered_at",)),
    # A national code and dates: the strategies' target-group statistics count them.
    TargetGroupMarker: Policy(kept=("from_on", "ended_on", "recorded_at"), activity=("from_on", "ended_on")),
}
