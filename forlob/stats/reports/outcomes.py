# SPDX-License-Identifier: AGPL-3.0-or-later
"""Change during treatment: the outcome measurements at intake and at discharge."""

from __future__ import annotations

from django.db.models import Avg, Count, FloatField, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.instruments.models import Instrument, Phase, Response
from forlob.stats.report import Measure, Report
from forlob.stats.scopes import Filters
from forlob.stats.suppression import suppress_table

# (label, instrument, answer key or None for the total)
OUTCOME_MEASURES = (
    (gettext_lazy("AUDIT total"), "audit", None),
    (gettext_lazy("DUDIT total"), "dudit", None),
    (gettext_lazy("Days with alcohol (of 28)"), "outcome", "alcohol_days"),
    (gettext_lazy("Days with 5 drinks or more (of 28)"), "outcome", "heavy_days"),
    (gettext_lazy("Drinks on a typical drinking day"), "outcome", "drinks_per_day"),
    (gettext_lazy("Days with the main drug (of 28)"), "outcome", "drug_days"),
    (gettext_lazy("Psychological health (0–20)"), "outcome", "psychological_health"),
    (gettext_lazy("Physical health (0–20)"), "outcome", "physical_health"),
    (gettext_lazy("Quality of life (0–20)"), "outcome", "quality_of_life"),
)


def _measured(instrument_id: int, key: str | None, phase: str, first: bool) -> Subquery:
    # By the instrument's id, not its code: a join less in each of the eighteen subqueries a
    # course runs, along the index on (course, instrument, answered_on).
    found = Response.objects.filter(course=OuterRef("pk"), instrument_id=instrument_id, phase=phase)
    found = found.order_by("answered_on", "pk") if first else found.order_by("-answered_on", "-pk")
    value = Cast("total", FloatField()) if key is None else Cast(KT(f"answers__{key}"), FloatField())
    return Subquery(found.annotate(v=value).values("v")[:1], output_field=FloatField())


def outcome_change(filters: Filters) -> Report:
    """Change during treatment: for the courses ended in the period with a measurement both at
    intake (the first) and at discharge (the last), the mean at each and the mean change."""
    ended = filters.courses().filter(ended_on__year__gte=filters.first_year, ended_on__year__lte=filters.last_year)
    annotations: dict[str, Subquery] = {}
    aggregates: dict[str, Count | Avg] = {}
    ids = dict(Instrument.objects.filter(code__in={m[1] for m in OUTCOME_MEASURES}).values_list("code", "pk"))
    for n, (_label, code, key) in enumerate(OUTCOME_MEASURES):
        annotations[f"a{n}"] = _measured(ids.get(code, 0), key, Phase.INTAKE, first=True)
        annotations[f"b{n}"] = _measured(ids.get(code, 0), key, Phase.DISCHARGE, first=False)
        both = Q(**{f"a{n}__isnull": False, f"b{n}__isnull": False})
        aggregates |= {
            f"n{n}": Count("pk", filter=both),
            f"mean_a{n}": Avg(f"a{n}", filter=both),
            f"mean_b{n}": Avg(f"b{n}", filter=both),
        }
    found = ended.annotate(**annotations).aggregate(**aggregates)
    table = suppress_table(
        [[found[f"n{n}"]] for n in range(len(OUTCOME_MEASURES))],
        row_totals=False,
        column_totals=False,
        view=filters.view,
    )

    def mean(n: int, side: str) -> float | None:
        value = found[f"mean_{side}{n}"]
        return None if table.cells[n][0].hidden or value is None else round(value, 1)

    intake = [mean(n, "a") for n in range(len(OUTCOME_MEASURES))]
    discharge = [mean(n, "b") for n in range(len(OUTCOME_MEASURES))]
    return Report(
        title=_("Change during treatment"),
        description=_(
            "Courses ended in the period with a measurement both at intake and at discharge: the mean "
            "at intake (the first measurement) and at discharge (the last), and the mean change. Means "
            "are hidden where the number of courses is."
        ),
        row_header=_("Measure"),
        row_labels=[str(m[0]) for m in OUTCOME_MEASURES],
        column_labels=[_("Courses measured at intake and discharge")],
        table=table,
        measures=[
            Measure(_("Mean at intake"), intake),
            Measure(_("Mean at discharge"), discharge),
            Measure(
                _("Mean change"),
                [None if a is None or b is None else round(b - a, 1) for a, b in zip(intake, discharge, strict=True)],
            ),
        ],
    )
