# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the statistics add to lower apps' pages, through the hooks those apps define (registered
in ``StatsConfig.ready()``)."""

from datetime import date

from forlob.common.dates import add_months
from forlob.common.sections import Section
from forlob.stats import suppression
from forlob.stats.reports.follow_up import reach_rate

# The unit's worklist shows the reach rate of this many months, the current one included.
REACH_MONTHS = 12


def unit_reach_rate(unit_id: int, day: date) -> Section:
    """The unit's reach rate by month, below its follow-up worklist. The worklist has checked
    that the unit is the user's."""
    report = reach_rate({unit_id}, add_months(day.replace(day=1), 1 - REACH_MONTHS), day, day)
    return Section(
        "stats/includes/unit_reach_rate.html",
        {"report": report, "unit_id": unit_id, "suppression_note": suppression.note()},
    )
