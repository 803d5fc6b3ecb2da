# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the agreements add to each role's home ("Mit overblik", through
``treatment.hooks.overview_sections``): the reviews due within 30 days or passed, of the
agreements where the user is one of our contact people, and, for a leader, of every agreement of
the municipality."""

from datetime import date

from forlob.common.sections import Section
from forlob.cooperation import queries
from forlob.organisations.access import COOPERATION_READ, Actor

# At most this many on the home page; the list, filtered on "review due", has them all.
SHOWN = 10


def reviews_due(actor: Actor, day: date) -> Section | None:
    if not actor.unit_ids(COOPERATION_READ):
        return None
    due = list(queries.due_reviews(actor, day)[: SHOWN + 1])
    if not due:
        return None
    return Section(
        "cooperation/includes/home_reviews.html",
        {"due": due[:SHOWN], "more": len(due) > SHOWN, "today": day},
        order=15,
    )
