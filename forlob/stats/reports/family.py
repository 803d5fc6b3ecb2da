# SPDX-License-Identifier: AGPL-3.0-or-later
"""Family-oriented treatment (KL recommendation 1: "the citizen is always told about and offered
family-oriented treatment"): on the courses started each year, the offer made, accepted and
declined, the children who took part in a session, and the assessments of the children's
situation that led to a family-oriented offer or a notification (underretning)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from forlob.common.dates import Year
from forlob.family.models import AssessmentAction, ChildrenAssessment, FamilyOffer, OfferOutcome, SessionChild
from forlob.stats.report import Measure, Report, shares
from forlob.stats.scopes import Filters
from forlob.stats.suppression import share, suppress_table
from forlob.treatment.models import LINKED_OFFERS


def family_offer_made(*outcomes: str) -> Q:
    """A family-oriented offer is recorded on the course (answered with one of ``outcomes``, if given)."""
    offers = FamilyOffer.objects.filter(course=OuterRef("pk"))
    return Q(Exists(offers.filter(outcome__in=outcomes) if outcomes else offers))


def _assessed_during_course(action: str) -> Q:
    """The citizen's children's situation was assessed while the course ran (from the request, or
    the start when there is none, to the end), with ``action`` as what followed."""
    assessed = ChildrenAssessment.objects.filter(
        citizen=OuterRef("citizen"),
        action=action,
        assessed_on__gte=Coalesce(OuterRef("request__received_on"), OuterRef("started_on")),
    )
    return (Q(ended_on__isnull=True) & Q(Exists(assessed))) | Q(
        Exists(assessed.filter(assessed_on__lte=OuterRef("ended_on")))
    )


def family_oriented(filters: Filters) -> Report:
    """Per year, the courses started (the index persons' own: not the courses for relatives and
    families linked to them) and, as they stand now, how many had the family offer made,
    accepted or declined, children taking part in a session, and an assessment of the children's
    situation leading to a family offer or to a notification."""
    started = (
        filters.courses()
        .filter(started_on__year__gte=filters.first_year, started_on__year__lte=filters.last_year)
        .exclude(offer_type__in=LINKED_OFFERS)
    )
    counts = {
        row["year"]: row
        for row in started.annotate(year=Year("started_on"))
        .values("year")
        .annotate(
            started=Count("pk"),
            offered=Count("pk", filter=family_offer_made()),
            accepted=Count("pk", filter=family_offer_made(OfferOutcome.ACCEPTED)),
            declined=Count("pk", filter=family_offer_made(OfferOutcome.DECLINED)),
            children=Count("pk", filter=Q(Exists(SessionChild.objects.filter(session__course=OuterRef("pk"))))),
            assessed_offer=Count("pk", filter=_assessed_during_course(AssessmentAction.FAMILY_OFFER)),
            assessed_notification=Count("pk", filter=_assessed_during_course(AssessmentAction.NOTIFICATION)),
        )
    }
    columns = ("started", "offered", "accepted", "declined", "children", "assessed_offer", "assessed_notification")
    grid = [[counts.get(year, {}).get(column, 0) for column in columns] for year in filters.years]
    table = suppress_table(grid, row_totals=False, column_totals=True, view=filters.view)
    totals = table.column_margin()
    return Report(
        title=_("Family-oriented treatment"),
        description=_(
            "Courses started each year (not the courses for relatives and families linked to them) and, as "
            "they stand now: family-oriented treatment offered, accepted or declined; children taking part "
            "in a session; and an assessment of the children's situation while the course ran that led to "
            "a family-oriented offer or to a notification (underretning). Share offered = offered of started."
        ),
        row_header=_("Year started"),
        row_labels=[str(year) for year in filters.years],
        column_labels=[
            _("Courses started"),
            _("Family offer made"),
            _("Accepted"),
            _("Declined"),
            _("Children took part in a session"),
            _("Children's assessment: family offer"),
            _("Children's assessment: notification (underretning)"),
        ],
        table=table,
        measures=[
            Measure(
                _("Share offered (%)"),
                shares([cells[1] for cells in table.cells], [cells[0] for cells in table.cells]),
                share(totals[1], totals[0]),
            )
        ],
    )
