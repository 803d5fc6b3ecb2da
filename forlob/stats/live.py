# SPDX-License-Identifier: AGPL-3.0-or-later
"""Single figures Forløb works out from its own data for a municipality's citizens (or, for
prevention and follow-up, its units) in a year: the live indicators of a strategy, and the live
evidence beside the KL-12 self-assessment. Each goes through the suppression function, so a
figure resting on a hidden count is None, exactly as in the statistics reports."""

from datetime import date

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.common.dates import today
from forlob.family.models import Consent, ConsentKind, SharedVisitation
from forlob.instruments.models import Response
from forlob.organisations.models import Municipality
from forlob.psychiatry.queries import assessed_since_screening, positive_screening
from forlob.stats.reports.courses import started_and_completed
from forlob.stats.reports.family import family_offer_made
from forlob.stats.reports.follow_up import reach_rate
from forlob.stats.reports.guarantee import treatment_guarantee
from forlob.stats.reports.prevention import prevention_participants
from forlob.stats.reports.registration import registration_share
from forlob.stats.reports.screening import screening
from forlob.stats.scopes import Filters, Scope
from forlob.stats.suppression import share, suppress_table
from forlob.treatment.models import LINKED_OFFERS, Course, Goal


class LiveMeasure(models.TextChoices):
    COMPLETION_SHARE = "completion_share", gettext_lazy("Share of courses started in the year that were completed (%)")
    COURSES_STARTED = "courses_started", gettext_lazy("Courses started in the year")
    GUARANTEE_SHARE = "guarantee_share", gettext_lazy("Share of requests started within the 14-day guarantee (%)")
    SCREENING_SHARE = "screening_share", gettext_lazy("Share of courses screened at intake (%)")
    PREVENTION_PARTICIPANTS = "prevention_participants", gettext_lazy("Participants in prevention activities")
    FAMILY_SHARE = "family_share", gettext_lazy("Share of courses started in the year with the family involved (%)")
    FAMILY_OFFER_SHARE = (
        "family_offer_share",
        gettext_lazy("Share of courses started in the year where family-oriented treatment was offered (%)"),
    )
    FOLLOW_UP_REACH = "follow_up_reach", gettext_lazy("Reach rate of follow-ups due in the year (%)")
    COMPLETE_SHARE = "complete_share", gettext_lazy("Share of courses started in the year registered completely (%)")
    NATIONAL_REGISTRATION_SHARE = (
        "national_registration_share",
        gettext_lazy("Share of the year's courses fully registered for the national registers (%)"),
    )
    SHARED_VISITATIONS = "shared_visitations", gettext_lazy("Shared visitations held in the year")
    PSYCHIATRIC_ASSESSED_SHARE = (
        "psychiatric_assessed",
        gettext_lazy("Positive psychiatric screenings in the year assessed by a psychologist or doctor (%)"),
    )


def _count(value: int) -> float | None:
    shown = suppress_table([[value]], row_totals=False, column_totals=False).cells[0][0]
    return None if shown.value is None else float(shown.value)


def _share_of_index_courses(filters: Filters, condition: Q) -> float | None:
    """Of the courses started in the year (not the relatives' and family courses linked to
    them), the share meeting ``condition``; None when either count is hidden."""
    started = filters.courses().filter(started_on__year=filters.first_year).exclude(offer_type__in=LINKED_OFFERS)
    found = started.aggregate(all=Count("pk"), meeting=Count("pk", filter=condition))
    cells = suppress_table([[found["all"], found["meeting"]]], row_totals=False, column_totals=False).cells[0]
    return share(cells[1], cells[0])


def family_involved(year_end: date) -> Q:
    """The family is involved: a relatives' or family course is linked to the course, or the
    citizen has consented to involving the network by the end of the year."""
    linked = Course.objects.filter(index_course=OuterRef("pk"))
    network = Consent.objects.filter(citizen=OuterRef("citizen"), kind=ConsentKind.NETWORK, given_on__lte=year_end)
    return Q(Exists(linked)) | Q(Exists(network))


def registered_completely() -> Q:
    """Complete for documentation: a treatment plan, at least one goal, and an end reason once ended."""
    goals = Goal.objects.filter(course=OuterRef("pk"))
    return ~Q(plan="") & Q(Exists(goals)) & (Q(ended_on__isnull=True) | ~Q(end_reason=""))


def assessed_share(filters: Filters) -> float | None:
    """Of the positive basisscreeners of the year, the share a psychologist or doctor has assessed
    since (seed 004: screening is worth its while only when the result is used)."""
    screened = Response.objects.filter(
        positive_screening(), course__in=filters.courses(), answered_on__year=filters.first_year
    )
    found = screened.aggregate(all=Count("pk"), assessed=Count("pk", filter=assessed_since_screening()))
    cells = suppress_table([[found["all"], found["assessed"]]], row_totals=False, column_totals=False).cells[0]
    return share(cells[1], cells[0])


def live_value(measure: str, municipality: Municipality, year: int) -> float | None:
    title = _("%(municipality)s Municipality") % {"municipality": municipality.name}
    scope = Scope("municipality", municipality.pk, municipality.name, title)
    filters = Filters(scope, year, year)
    if measure == LiveMeasure.COMPLETION_SHARE:
        return started_and_completed(filters).rows[0].measures[0]
    if measure == LiveMeasure.COURSES_STARTED:
        total = started_and_completed(filters).rows[0].total
        return None if total is None or total.value is None else float(total.value)
    if measure == LiveMeasure.GUARANTEE_SHARE:
        return treatment_guarantee(filters).rows[0].measures[0]
    if measure == LiveMeasure.SCREENING_SHARE:
        return screening(filters).rows[0].measures[0]
    if measure == LiveMeasure.PREVENTION_PARTICIPANTS:
        totals = prevention_participants(filters).totals
        value = totals.total.value if totals and totals.total else None
        return None if value is None else float(value)
    if measure == LiveMeasure.FAMILY_SHARE:
        return _share_of_index_courses(filters, family_involved(filters.end))
    if measure == LiveMeasure.FAMILY_OFFER_SHARE:
        return _share_of_index_courses(filters, family_offer_made())
    if measure == LiveMeasure.COMPLETE_SHARE:
        return _share_of_index_courses(filters, registered_completely())
    if measure == LiveMeasure.FOLLOW_UP_REACH:
        units = set(municipality.units.values_list("pk", flat=True))
        totals = reach_rate(units, filters.start, filters.end, today()).totals
        return totals.measures[0] if totals else None
    if measure == LiveMeasure.NATIONAL_REGISTRATION_SHARE:
        units = set(municipality.units.values_list("pk", flat=True))
        return registration_share(units, filters.start, min(filters.end, today()))
    if measure == LiveMeasure.SHARED_VISITATIONS:
        held = SharedVisitation.objects.filter(citizen__municipality=municipality, held_on__year=year)
        return _count(held.count())
    if measure == LiveMeasure.PSYCHIATRIC_ASSESSED_SHARE:
        return assessed_share(filters)
    raise ValueError(measure)
