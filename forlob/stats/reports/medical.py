# SPDX-License-Identifier: AGPL-3.0-or-later
"""Medical treatment (KL's recommendation 9: the centre offers medical as well as psychosocial
treatment): the share of the courses in the period that had medical treatment, by main substance."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from forlob.medical.models import DetoxEpisode, Medication
from forlob.stats.report import Measure, Report
from forlob.stats.scopes import Filters
from forlob.stats.suppression import share, suppress_table
from forlob.treatment.models import Substance

NOT_STATED = ""


def medical_treatment(filters: Filters) -> Report:
    """Of the courses open some day in the period, by main substance: those with a medication in
    force, those with a detoxification episode, and those with either (medical treatment) some day
    in the period; the share with medical treatment."""
    start, end = filters.start, filters.end
    medication = Medication.objects.filter(course=OuterRef("pk"), started_on__lte=end).filter(
        Q(stopped_on__isnull=True) | Q(stopped_on__gte=start)
    )
    detox = DetoxEpisode.objects.filter(course=OuterRef("pk"), started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    courses = filters.courses().filter(Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start)))
    rows = {
        row["main_substance"]: row
        for row in courses.values("main_substance").annotate(
            open=Count("pk"),
            medication=Count("pk", filter=Exists(medication)),
            detox=Count("pk", filter=Exists(detox)),
            medical=Count("pk", filter=Exists(medication) | Exists(detox)),
        )
    }
    substances = [*Substance.values, NOT_STATED]
    columns = ("open", "medication", "detox", "medical")
    grid = [[rows.get(s, {}).get(c, 0) for c in columns] for s in substances]
    table = suppress_table(grid, row_totals=False, column_totals=True, view=filters.view)
    lines = [*table.cells, table.column_margin()]
    shared = [share(cells[3], cells[0]) for cells in lines]
    return Report(
        title=_("Medical treatment"),
        description=_(
            "Courses open some day in the period, by main substance; of them, those with a medication given "
            "or handed out by the centre, those with a detoxification, and those with either (medical "
            "treatment) some day in the period."
        ),
        row_header=_("Main substance"),
        row_labels=[*(str(label) for label in Substance.labels), _("Not stated")],
        column_labels=[
            _("Courses in the period"),
            _("With medication"),
            _("With detoxification"),
            _("With medical treatment"),
        ],
        table=table,
        measures=[Measure(_("Share with medical treatment (%)"), shared[:-1], shared[-1])],
    )
