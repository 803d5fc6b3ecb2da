# SPDX-License-Identifier: AGPL-3.0-or-later
"""How many follow-ups wait, in words: the overdue and those due later this week are told apart,
each with its own verb and plural, so "2 overdue" is never read as "2 due"."""

from django.utils.translation import ngettext


def due_summary(overdue: int, due_this_week: int) -> str:
    """E.g. "2 opfølgninger er forfaldne. 1 opfølgning forfalder i denne uge." ("" when none)."""
    parts = []
    if overdue:
        parts.append(ngettext("%(n)s follow-up is overdue.", "%(n)s follow-ups are overdue.", overdue) % {"n": overdue})
    if due_this_week:
        parts.append(
            ngettext("%(n)s follow-up is due this week.", "%(n)s follow-ups are due this week.", due_this_week)
            % {"n": due_this_week}
        )
    return " ".join(parts)
