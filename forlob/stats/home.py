# SPDX-License-Identifier: AGPL-3.0-or-later
"""What the statistics add to "Mit overblik" (``treatment.hooks.overview_sections``, registered by
``forlob.accounts`` which composes the home pages): shortcuts to the reports for each scope the
user may read, and a leader's key figures for the units they lead. Counts only, never persons."""

from datetime import date

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forlob.common.sections import Section
from forlob.followup.models import FollowUp, Status
from forlob.organisations.access import STATISTICS_PERSONS, Actor
from forlob.organisations.models import Role, Unit
from forlob.stats.scopes import scopes_for
from forlob.treatment.models import Course, Request, RequestStatus

# The roles whose work is the figures: the home page shows them the shortcuts. Clinicians reach
# the same reports from the menu; their home page is their caseload.
READERS = (Role.ANALYTIKER, Role.KOORDINATOR, Role.LEDER)

# The reports offered as shortcuts, each opened on the scope of its row.
SHORTCUTS = (
    ("stats_started_completed", _("Courses started and completed")),
    ("stats_end_reasons", _("End reasons per year")),
    ("stats_guarantee", _("Treatment guarantee")),
    ("stats_activity", _("Activity")),
    ("stats_prevention", _("Prevention")),
)


def statistics_shortcuts(actor: Actor, day: date) -> Section | None:
    """For analysts, cluster coordinators and leaders: the key reports for each of their scopes."""
    if not actor.unit_ids(READERS):
        return None
    scopes = scopes_for(actor)
    if not scopes:
        return None
    rows = [(scope, [(f"{reverse(name)}?scope={scope.key}", label) for name, label in SHORTCUTS]) for scope in scopes]
    return Section("stats/includes/home_shortcuts.html", {"rows": rows}, order=10)


def unit_key_figures(actor: Actor, day: date) -> Section | None:
    """For a unit's leader: the unit's open courses, requests awaiting visitation (and those past
    the guarantee deadline) and follow-ups due, today. Exact: the leader sees every person counted."""
    led = actor.unit_ids(STATISTICS_PERSONS)
    if not led:
        return None
    units = list(Unit.objects.filter(pk__in=led).order_by("name"))

    def per_unit(rows: QuerySet) -> dict[int, int]:
        return dict(rows.values("unit").annotate(n=Count("pk")).values_list("unit", "n"))

    waiting = Request.objects.filter(unit__in=led, status=RequestStatus.OPEN)
    figures = {
        "courses": per_unit(Course.objects.filter(unit__in=led, ended_on__isnull=True)),
        "waiting": per_unit(waiting),
        "late": per_unit(waiting.filter(deadline__lt=day)),
        "due": per_unit(FollowUp.objects.filter(unit__in=led, status=Status.OPEN, due_on__lte=day)),
    }
    rows = [(unit, {key: counts.get(unit.pk, 0) for key, counts in figures.items()}) for unit in units]
    return Section("stats/includes/home_key_figures.html", {"rows": rows, "today": day}, order=5)
