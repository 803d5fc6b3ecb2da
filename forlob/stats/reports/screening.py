# SPDX-License-Identifier: AGPL-3.0-or-later
"""Screening at intake (KL's recommendation 10): who was screened, who screened positive, and who
was followed up: assessed by a psychologist or doctor, or the result sent to the own doctor (the
centre does not refer to psychiatry itself; the own doctor does, seed 004)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from forlob.instruments.models import Phase, Response
from forlob.stats.report import Measure, Report
from forlob.stats.scopes import Filters
from forlob.stats.suppression import share, suppress_table

SCREENING_INSTRUMENTS = ("audit", "audit_c", "dudit", "asi")
FOLLOWED_UP = ("assessment", "gp_result")


def screening(filters: Filters) -> Report:
    """KL's recommendation 10: of the courses started each year, those screened at intake (AUDIT,
    AUDIT-C, DUDIT or ASI), those with the psychiatric basisscreening at intake, those positive, and
    those followed up after a positive screening."""
    intake = Response.objects.filter(course=OuterRef("pk"), phase=Phase.INTAKE)
    psychiatric = intake.filter(instrument__code="kl_basis")
    started = filters.courses().filter(
        started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year
    )
    rows = {
        row["started_on__year"]: row
        for row in started.values("started_on__year").annotate(
            started=Count("pk"),
            screened=Count("pk", filter=Exists(intake.filter(instrument__code__in=SCREENING_INSTRUMENTS))),
            psychiatric=Count("pk", filter=Exists(psychiatric)),
            positive=Count("pk", filter=Exists(psychiatric.filter(band="positive"))),
            followed_up=Count("pk", filter=Exists(psychiatric.filter(band="positive", action__in=FOLLOWED_UP))),
        )
    }
    columns = ("started", "screened", "psychiatric", "positive", "followed_up")
    grid = [[rows.get(year, {}).get(c, 0) for c in columns] for year in filters.years]
    table = suppress_table(grid, row_totals=False, column_totals=True, view=filters.view)
    lines = [*table.cells, table.column_margin()]
    shared = [[share(cells[1], cells[0]), share(cells[2], cells[0]), share(cells[4], cells[3])] for cells in lines]
    return Report(
        title=_("Screening at intake"),
        description=_(
            "Courses started each year; of them, those screened at intake (AUDIT, AUDIT-C, DUDIT or ASI), "
            "those with the psychiatric basisscreening at intake, those positive on it, and those followed up "
            "after a positive screening: assessed by a psychologist or doctor, or the result sent to the own doctor."
        ),
        row_header=_("Year started"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[
            _("Courses started"),
            _("Screened at intake"),
            _("Psychiatric screening at intake"),
            _("Positive psychiatric screening"),
            _("Followed up after a positive screening"),
        ],
        table=table,
        measures=[
            Measure(label, [s[i] for s in shared[:-1]], shared[-1][i])
            for i, label in enumerate(
                [_("Share screened (%)"), _("Share with psychiatric screening (%)"), _("Share followed up (%)")]
            )
        ],
    )
