# SPDX-License-Identifier: AGPL-3.0-or-later
"""The declaration each app makes, next to its models, of what is personal in a model tied to a
citizen (``<app>/personal_data.py``: ``POLICIES = {Model: Policy(...)}``).

The retention run (forlob/oversight/retention.py) finds every model with a foreign-key path to a
citizen, and their history tables, and refuses to run while a field of one of them is declared
neither personal nor kept: a new free-text field cannot slip past anonymisation unnoticed."""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Policy:
    """``personal``: emptied when the citizen is anonymised ("" for text, NULL where allowed,
    otherwise the field's default). ``kept``: what statistics count (dates, codes, numbers),
    unchanged. ``activity``: the record's own dates (lookups, compared with ``>=``) that keep the
    citizen active; ``open``: rows that keep the citizen active whatever their dates."""

    personal: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    activity: tuple[str, ...] = ()
    open: Q | None = None
