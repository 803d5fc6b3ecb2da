# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the statistics add to lower apps' pages, through the hooks those apps define (registered
in ``StatsConfig.ready()``)."""

from datetime import date

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from forlob.common.errors import add_months
from forlob.stats import suppression
from forlob.stats.reports.follow_up import reach_rate

# The unit's worklist shows the reach rate of this many months, the current one included.
REACH_MONTHS = 12


def unit_reach_rate(unit_id: int, day: date) -> SafeString:
    """The unit's reach rate by month, below its follow-up worklist. The worklist has checked
    that the unit is the user's."""
    report = reach_rate({unit_id}, add_months(day.replace(day=1), 1 - REACH_MONTHS), day, day)
    return render_to_string(
        "stats/includes/unit_reach_rate.html",
        {"report": report, "unit_id": unit_id, "suppression_note": suppression.note()},
    )
