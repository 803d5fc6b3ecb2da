# SPDX-License-Identifier: AGPL-3.0-or-later
"""Statistics pages: aggregated, suppressed, for everyone with a statistics role at the unit."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from forlob.common.errors import add_months, today
from forlob.common.views import actor_of
from forlob.followup.forms import PeriodForm
from forlob.followup.queries import ReachReport, reach_rate
from forlob.organisations.access import STATISTICS
from forlob.organisations.models import Unit
from forlob.stats import suppression
from forlob.stats.exports import csv_response, source_line
from forlob.stats.forms import ReportFilterForm
from forlob.stats.reports import (
    Filters,
    Report,
    end_reasons_per_year,
    relatives_and_family_courses,
    scope_for,
    scopes_for,
    started_and_completed,
)

# The default period: this many months up to and including the current one.
DEFAULT_MONTHS = 12


def reach_csv(report: ReachReport, first_header: str, filename: str) -> HttpResponse:
    header = [first_header, _("Due"), _("Contact made"), _("No contact made"), _("Still open"), _("Reach rate (%)")]
    rows: list[list[object]] = [[label, due, *cells, rate] for label, cells, due, rate in report.rows]
    if report.rows:
        table = report.table
        rows.append([_("Total"), table.grand_total, *(table.column_totals or []), report.total_rate])
    return csv_response(filename, header, rows, [suppression.note(), source_line()])


@login_required
def follow_up_reach(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(STATISTICS)).order_by("name"))
    if not units:
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    day = today()
    home = next((u for u in units if u.pk == actor.home_unit_id), units[0])
    defaults = {
        "unit": str(home.pk),
        "first": f"{add_months(day.replace(day=1), 1 - DEFAULT_MONTHS):%Y-%m}",
        "last": f"{day:%Y-%m}",
    }
    params = {**defaults, **request.GET.dict()}
    form = PeriodForm(params, units=units)
    context: dict[str, object] = {"nav": "stats", "form": form, "suppression_note": suppression.note()}
    if form.is_valid():
        d = form.cleaned_data
        unit = next(u for u in units if u.pk == d["unit"])
        by_month = reach_rate({unit.pk}, d["first"], d["last"], day, by="month")
        by_staff = reach_rate({unit.pk}, d["first"], d["last"], day, by="assignee")
        if request.GET.get("format") == "csv":
            if request.GET.get("tabel") == "medarbejder":
                return reach_csv(by_staff, _("Staff member"), "opfoelgning-medarbejdere.csv")
            return reach_csv(by_month, _("Month"), "opfoelgning-maaneder.csv")
        context |= {
            "unit": unit,
            "first": d["first"],
            "last": d["last"],
            "by_month": by_month,
            "by_staff": by_staff,
            "source": source_line(),
            "query": f"unit={unit.pk}&first={d['first']:%Y-%m}&last={d['last']:%Y-%m}",
        }
    return render(request, "stats/follow_up_reach.html", context)


def _report_page(
    request: HttpRequest, build: Callable[[Filters], Report], template: str, filename: str
) -> HttpResponse:
    """A report's page: the filter form (defaults: the user's first scope, the last five years),
    the suppressed table, and the same table as CSV with ``?format=csv``."""
    actor = actor_of(request)
    scopes = scopes_for(actor)
    if not scopes:
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    year = today().year
    defaults = {"scope": scopes[0].key, "first_year": str(year - 4), "last_year": str(year)}
    form = ReportFilterForm({**defaults, **request.GET.dict()}, scopes=scopes)
    context: dict[str, object] = {"nav": "stats", "form": form, "suppression_note": suppression.note()}
    if form.is_valid():
        d = form.cleaned_data
        filters = Filters(
            scope_for(actor, d["scope"]), d["first_year"], d["last_year"], d["offer_type"], d["substance"]
        )
        report = build(filters)
        if request.GET.get("format") == "csv":
            notes = [filters.scope.label, suppression.note(), source_line()]
            return csv_response(filename, report.header, report.lines(), notes)
        context |= {"report": report, "filters": filters, "source": source_line(), "query": request.GET.urlencode()}
    return render(request, template, context)


@login_required
def end_reasons(request: HttpRequest) -> HttpResponse:
    return _report_page(request, end_reasons_per_year, "stats/report.html", "afslutningsaarsager.csv")


@login_required
def started_completed(request: HttpRequest) -> HttpResponse:
    return _report_page(request, started_and_completed, "stats/report.html", "forloeb-startet-afsluttet.csv")


@login_required
def relatives_family(request: HttpRequest) -> HttpResponse:
    return _report_page(request, relatives_and_family_courses, "stats/report.html", "paaroerende-familieforloeb.csv")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not scopes_for(actor_of(request)):
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    return render(request, "stats/index.html", {"nav": "stats"})
