# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway per year (seed 004, KL's recommendations 10 and 11): positive
basisscreeners, the assessments by a psychologist or doctor that followed, the letters sent to
the citizens' own doctors, the doctors' referrals to psychiatry and their outcomes. Each count is
of its own date in the year (screened, assessed, sent, referred), on the courses of the scope."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from forlob.common.dates import Year
from forlob.instruments.models import Response
from forlob.psychiatry.models import Assessment, Conclusion, GpLetter, ReferralOutcome
from forlob.psychiatry.queries import positive_screening
from forlob.stats.report import Measure, Report, shares
from forlob.stats.scopes import Filters
from forlob.stats.suppression import share, suppress_table


def _per_year(qs: QuerySet, day: str, filters: Filters) -> dict[int, int]:
    """How many rows of ``qs`` (on the scope's courses) have ``day`` in each year of the period."""
    rows = (
        qs.filter(course__in=filters.courses(), **{f"{day}__gte": filters.start, f"{day}__lte": filters.end})
        .annotate(year=Year(day))
        .values("year")
        .annotate(n=Count("pk"))
    )
    return {row["year"]: row["n"] for row in rows}


def psychiatric_pathway(filters: Filters) -> Report:
    referred = GpLetter.objects.filter(referred=True)
    series = [
        _per_year(Response.objects.filter(positive_screening()), "answered_on", filters),
        _per_year(Assessment.objects.all(), "assessed_on", filters),
        _per_year(Assessment.objects.filter(conclusion=Conclusion.CONFIRMED), "assessed_on", filters),
        _per_year(GpLetter.objects.filter(sent_on__isnull=False), "sent_on", filters),
        _per_year(referred, "referred_on", filters),
        _per_year(referred.filter(outcome=ReferralOutcome.ACCEPTED), "referred_on", filters),
        _per_year(referred.filter(outcome=ReferralOutcome.DECLINED), "referred_on", filters),
        _per_year(referred.filter(outcome=ReferralOutcome.PENDING), "referred_on", filters),
    ]
    grid = [[counts.get(year, 0) for counts in series] for year in filters.years]
    table = suppress_table(grid, row_totals=False, column_totals=True, view=filters.view)
    totals = table.column_margin()
    return Report(
        title=_("Psychiatric pathway"),
        description=_(
            "Each year: positive basisscreeners (by the date screened); assessments by a psychologist or "
            "doctor, and those confirming signs of mental illness; letters sent to the citizen's own doctor; "
            "the doctors' referrals to psychiatry (by the date referred) and their outcome as known now. "
            "The own doctor, not the treatment centre, refers to psychiatry. Share assessed = assessments "
            "of positive screenings; share referred = referrals of letters sent."
        ),
        row_header=_("Year"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[
            _("Positive basisscreeners"),
            _("Assessments by psychologist or doctor"),
            _("Signs of mental illness confirmed"),
            _("Letters sent to own doctor"),
            _("Referred to psychiatry by own doctor"),
            _("Accepted/assessed in psychiatry"),
            _("Declined by psychiatry"),
            _("Referral pending"),
        ],
        table=table,
        measures=[
            Measure(
                _("Share assessed (%)"),
                shares([cells[1] for cells in table.cells], [cells[0] for cells in table.cells]),
                share(totals[1], totals[0]),
            ),
            Measure(
                _("Share referred (%)"),
                shares([cells[4] for cells in table.cells], [cells[3] for cells in table.cells]),
                share(totals[4], totals[3]),
            ),
        ],
    )
