# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writing the access log. Queries call these; nothing else writes to the log."""

from collections.abc import Iterable

from forlob.audit.models import AccessLogEntry, Use
from forlob.organisations.access import Actor


def log_access(
    actor: Actor,
    use: Use,
    *,
    citizen_id: int | None = None,
    unit_id: int | None = None,
    search_term: str = "",
    purpose: str = "",
    via: str = "",
) -> None:
    AccessLogEntry.objects.create(
        user=actor.user,
        unit_id=unit_id,
        use=use,
        citizen_id=citizen_id,
        search_term=search_term[:200],
        purpose=purpose[:300],
        via=via[:200],
    )


def log_many(actor: Actor, use: Use, citizen_ids: Iterable[int], *, search_term: str = "", via: str = "") -> None:
    """One row per citizen shown in a list or search result, in one query."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(user=actor.user, use=use, citizen_id=cid, search_term=search_term[:200], via=via[:200])
        for cid in citizen_ids
    )
