# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writing the access log. Queries and actions call these; nothing else writes to the log.

Each row names the unit the user acted from: the unit through which the citizen is visible to
them when the caller knows it, otherwise the user's first unit with a case role."""

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

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
        unit_id=unit_id if unit_id is not None else actor.home_unit_id,
        use=use,
        citizen_id=citizen_id,
        search_term=search_term[:200],
        purpose=purpose[:300],
        via=via[:200],
    )


def log_many(actor: Actor, use: Use, citizen_ids: Iterable[int], *, unit_id: int | None = None, via: str = "") -> None:
    """One row per citizen shown in a list or search result, in one query."""
    unit_id = unit_id if unit_id is not None else actor.home_unit_id
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(user=actor.user, unit_id=unit_id, use=use, citizen_id=cid, via=via[:200]) for cid in citizen_ids
    )


def log_selected(
    actor: Actor,
    use: Use,
    citizen_ids: QuerySet[Any, int],
    *,
    unit_id: int | None = None,
    purpose: str = "",
    via: str = "",
) -> None:
    """One row per distinct citizen id the query selects (a ``values_list("citizen_id")``), each
    with the same purpose, written by the database in one INSERT … SELECT: an export of any size
    logs its citizens without bringing them into memory."""
    select, params = citizen_ids.order_by().distinct().query.sql_with_params()
    quote = connection.ops.quote_name
    column = {f.attname: f.column for f in AccessLogEntry._meta.concrete_fields}
    fields = ["at", "user_id", "unit_id", "use", "via", "citizen_id", "search_term", "purpose"]
    columns = ", ".join(quote(column[f]) for f in fields)
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    unit_id = unit_id if unit_id is not None else actor.home_unit_id
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AccessLogEntry._meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
            f"SELECT %s, %s, %s, %s, %s, selected.citizen_id, '', %s FROM ({select}) selected",
            [at, actor.user.pk, unit_id, use.value, via[:200], purpose[:300], *params],
        )


def log_records(actor: Actor, use: Use, records: Iterable[tuple[int, str]]) -> None:
    """One row per shown record that names a person not yet a citizen, as (unit id, via), in one query."""
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(user=actor.user, unit_id=unit_id, use=use, via=via[:200]) for unit_id, via in records
    )
