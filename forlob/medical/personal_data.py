# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from medical treatment and what it keeps for statistics (see
forlob/common/personal_data.py)."""

from django.db.models import Q

from forlob.common.personal_data import Policy
from forlob.medical.models import DetoxEpisode, Dispensing, Medication

POLICIES = {
    # The drug code, how it was given and the dates are what the statistics count; the free text
    # (the name of another medicine, the dose, the reasons, an outside prescriber) goes.
    Medication: Policy(
        personal=("drug_name", "dose", "external_prescriber", "reason", "stop_reason"),
        kept=("drug", "administration", "started_on", "stopped_on", "created_at", "version"),
        activity=("started_on", "stopped_on"),
        open=Q(stopped_on__isnull=True),
    ),
    Dispensing: Policy(personal=("note",), kept=("day", "outcome", "registered_at"), activity=("day",)),
    DetoxEpisode: Policy(
        personal=("note",),
        kept=("setting", "started_on", "ended_on", "created_at", "version"),
        activity=("started_on", "ended_on"),
        open=Q(ended_on__isnull=True),
    ),
}
