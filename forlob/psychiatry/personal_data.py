# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from the psychiatric pathway and what it keeps for statistics (see
forlob/common/personal_data.py): the words go, the codes and dates the statistics count stay."""

from forlob.common.personal_data import Policy
from forlob.psychiatry.models import Assessment, GpLetter, OutsideFinding

POLICIES = {
    Assessment: Policy(
        personal=("note", "other_tests"),
        kept=("assessed_on", "tests", "conclusion", "created_at"),
        activity=("assessed_on",),
    ),
    OutsideFinding: Policy(
        personal=("what", "note"),
        kept=("source", "made_on", "kind", "icd10", "created_at"),
        activity=("made_on",),
    ),
    GpLetter: Policy(
        personal=("doctor", "text"),
        kept=(
            "written_on",
            "sent_on",
            "sent_how",
            "referred",
            "referred_on",
            "outcome",
            "outcome_on",
            "created_at",
            "version",
        ),
        activity=("written_on", "sent_on", "referred_on", "outcome_on"),
    ),
}
