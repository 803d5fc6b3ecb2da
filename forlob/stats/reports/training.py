# SPDX-License-Identifier: AGPL-3.0-or-later
"""Key-person training: the participants by department and year."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from forlob.competences.models import Participation
from forlob.stats.report import Report
from forlob.stats.scopes import Filters
from forlob.stats.suppression import suppress_table


def training_participants(filters: Filters) -> Report:
    """Seed 000's table: participants in the municipality's key-person and front-line training by
    department and the year the course started, with the totals."""
    courses = filters.scope.training().filter(starts_on__gte=filters.start, starts_on__lte=filters.end)
    counts: dict[str, dict[int, int]] = {}
    rows = (
        Participation.objects.filter(course__in=courses)
        .values("department", "course__starts_on__year")
        .annotate(n=Sum("participants"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["department"], {})[row["course__starts_on__year"]] = row["n"]
    departments = sorted(counts, key=str.lower)
    grid = [[counts[d].get(year, 0) for year in filters.years] for d in departments]
    return Report(
        title=_("Participants in key-person training"),
        description=_(
            "Participants in the key-person and front-line training courses by department and the year "
            "the course started."
        ),
        row_header=_("Department"),
        row_labels=departments,
        column_labels=[str(year) for year in filters.years],
        table=suppress_table(grid, view=filters.view),
        row_total_label=_("Total"),
    )
