# SPDX-License-Identifier: AGPL-3.0-or-later
"""Statistics pages: aggregated, for everyone with a statistics role at the unit; exact for a
unit's leader on the unit's own figures, suppressed for everyone else. Every page shows its tables
with a chart below them, and exports exactly those tables, labelled with their view."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.common.dates import add_months, today
from forlob.common.exports import csv_response, export_name, file_response
from forlob.common.paging import Rows
from forlob.common.views import page_of
from forlob.followup.forms import PeriodForm
from forlob.organisations.access import STATISTICS, STATISTICS_PERSONS, Actor
from forlob.organisations.models import Unit
from forlob.organisations.view_access import actor_of
from forlob.stats import extracts, suppression
from forlob.stats.charts import chart_svg
from forlob.stats.exports import pdf_bytes, source_line, xlsx_bytes
from forlob.stats.forms import ExtractForm, ReportFilterForm
from forlob.stats.report import Report
from forlob.stats.reports.follow_up import reach_rate
from forlob.stats.reports.guarantee import guarantee_breaches
from forlob.stats.returns import readable_municipalities
from forlob.stats.scopes import COURSES, Filters, Scope, internal_allowed, scope_for, scopes_for, view_for

# The default period of the reach rate: this many months up to and including the current one.
DEFAULT_MONTHS = 12
EXPORT_FORMATS = ("csv", "xlsx", "pdf")


@dataclass
class Page:
    """What a statistics page shows and exports: its tables, whose figures, which period and which
    view (internal or published)."""

    reports: list[Report]
    heading: str
    municipality: str
    filename: str
    view: str = suppression.PUBLISHED

    def notes(self) -> list[str]:
        published = [suppression.note()] if self.view == suppression.PUBLISHED else []
        return [self.heading, suppression.view_label(self.view), *published, source_line()]

    def export(self, request: HttpRequest) -> HttpResponseBase | None:
        """The page's tables as the file asked for with ``?format=``; None for the screen."""
        fmt = request.GET.get("format", "")
        if fmt == "csv":
            index = request.GET.get("tabel", "0")
            report = self.reports[int(index) if index.isdigit() and int(index) < len(self.reports) else 0]
            return csv_response(f"{self.filename}.csv", report.header, report.lines(), self.notes())
        if fmt == "xlsx":
            content = xlsx_bytes(self.reports, self.heading, self.notes()[2:])
            return file_response(
                content, f"{self.filename}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        if fmt == "pdf":
            content = pdf_bytes(self.reports, self.heading, self.municipality, self.notes()[2:])
            return file_response(content, f"{self.filename}.pdf", "application/pdf")
        return None

    def context(self, request: HttpRequest) -> dict[str, object]:
        query = request.GET.copy()
        query.pop("format", None)
        query.pop("tabel", None)
        query.pop("page", None)  # the page of the guarantee's breaches
        return {
            "reports": [(report, chart_svg(report)) for report in self.reports],
            "heading": self.heading,
            "view": self.view,
            "view_label": suppression.view_label(self.view),
            "source": source_line(),
            "query": query.urlencode(),
            "query_string": f"{query.urlencode()}&" if query else "",
            "formats": EXPORT_FORMATS,
            "suppression_note": suppression.note() if self.view == suppression.PUBLISHED else "",
        }


def filename(title: str, scope: str, first: object, last: object, view: str) -> str:
    """An export's file name says what it is, whose figures, which period, which view and when."""
    shown = "intern" if view == suppression.INTERNAL else "offentlig"
    return export_name(title, scope, first, last, shown)


def _render(
    request: HttpRequest, title: str, description: str, form: object, page: Page | None, **extra: object
) -> HttpResponseBase:
    response = page.export(request) if page is not None else None
    if response is not None:
        return response
    context: dict[str, object] = {
        "nav": "stats",
        "title": title,
        "description": description,
        "form": form,
        **extra,
    }
    if page is not None:
        context |= page.context(request)
    return render(request, "stats/report.html", context)


# The scope a user last chose is remembered in the session, for every report.
REMEMBERED_SCOPE = "stats_scope"


def default_scope(request: HttpRequest, actor: Actor, scopes: list[Scope]) -> Scope:
    """The scope a report opens on: the one last chosen; else a unit the user leads; else the
    user's own unit; else the first they may see."""
    remembered = request.session.get(REMEMBERED_SCOPE)
    units = [s for s in scopes if s.kind == "unit"]
    return (
        next((s for s in scopes if s.key == remembered), None)
        or next((s for s in units if internal_allowed(actor, s)), None)
        or next((s for s in units if s.pk == actor.home_unit_id), None)
        or scopes[0]
    )


def chosen_view(form: ReportFilterForm, actor: Actor, scope: Scope) -> str | None:
    """The view asked for on the form, or the default for the scope; None (with the reason on the
    form) when the internal view is asked for without the right to it."""
    try:
        return view_for(actor, scope, form.cleaned_data.get("view", ""))
    except PermissionDenied as refusal:
        form.add_error("view", str(refusal))
        return None


@login_required
def report_page(
    request: HttpRequest,
    build: Callable[[Filters], Report],
    breaches: bool = False,
    more: Sequence[Callable[[Filters], Report]] = (),
    course_filters: bool = True,
    counting: bool = False,
) -> HttpResponseBase:
    """A report's page: the filter form (defaults: the scope last chosen or the user's own unit,
    the last five years, the internal view where the user may have it), the table with its chart
    below (and the ``more`` tables below it), and the same tables as CSV, XLSX and PDF."""
    actor = actor_of(request)
    scopes = scopes_for(actor)
    if not scopes:
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    year = today().year
    defaults = {"scope": default_scope(request, actor, scopes).key, "first_year": str(year - 4), "last_year": str(year)}
    form = ReportFilterForm(
        {**defaults, **request.GET.dict()},
        scopes=scopes,
        internal=any(internal_allowed(actor, s) for s in scopes),
        counting=counting,
        course_filters=course_filters,
    )
    page: Page | None = None
    late: Rows[Any] | None = None
    if form.is_valid():
        d = form.cleaned_data
        scope = scope_for(actor, d["scope"])
        view = chosen_view(form, actor, scope)
        if view is not None:
            if "scope" in request.GET:
                request.session[REMEMBERED_SCOPE] = scope.key
            filters = Filters(
                scope,
                d["first_year"],
                d["last_year"],
                d.get("offer_type", ""),
                d.get("substance", ""),
                view=view,
                counting=d.get("counting") or COURSES,
            )
            report = build(filters)
            page = Page(
                [report, *(extra(filters) for extra in more)],
                f"{scope.label}, {filters.first_year}–{filters.last_year}",
                scope.municipality,
                filename(report.title, scope.label, filters.first_year, filters.last_year, view),
                view,
            )
            # The person-level list only beside the exact figures: never hidden counts beside names.
            if breaches and view == suppression.INTERNAL and request.GET.get("format") not in EXPORT_FORMATS:
                late = guarantee_breaches(actor, filters, page_of(request))
    return _render(request, "", "", form, page, breaches=late)


@login_required
def follow_up_reach(request: HttpRequest) -> HttpResponseBase:
    """The reach rate of a unit's follow-ups by month and by staff member, for whole months:
    exact for the unit's leader, published for everyone else."""
    actor = actor_of(request)
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(STATISTICS)).select_related("municipality").order_by("name"))
    if not units:
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    day = today()
    led = [u for u in units if u.pk in actor.unit_ids(STATISTICS_PERSONS)]
    home = next((u for u in led), None) or next((u for u in units if u.pk == actor.home_unit_id), units[0])
    defaults = {
        "unit": str(home.pk),
        "first": f"{add_months(day.replace(day=1), 1 - DEFAULT_MONTHS):%Y-%m}",
        "last": f"{day:%Y-%m}",
    }
    form = PeriodForm({**defaults, **request.GET.dict()}, units=units)
    page = None
    if form.is_valid():
        d = form.cleaned_data
        unit = next(u for u in units if u.pk == d["unit"])
        view = suppression.INTERNAL if unit in led else suppression.PUBLISHED
        period = f"{date_format(d['first'], 'F Y')}–{date_format(d['last'], 'F Y')}"
        page = Page(
            [reach_rate({unit.pk}, d["first"], d["last"], day, by=by, view=view) for by in ("month", "assignee")],
            f"{unit.name}, {period}",
            _("%(municipality)s Municipality") % {"municipality": unit.municipality.name},
            filename(_("Follow-up reach rate"), unit.name, f"{d['first']:%Y-%m}", f"{d['last']:%Y-%m}", view),
            view,
        )
    return _render(
        request,
        _("Follow-up reach rate"),
        _("Follow-ups where contact was made, of the follow-ups that have come due, by month and by staff member."),
        form,
        page,
    )


@login_required
def person_extract(request: HttpRequest) -> HttpResponseBase:
    """The pseudonymised person-level extract as CSV, for the municipality's analysts and leaders.
    GET shows the form; a file is only ever the answer to a POST. Refusals are shown on the form."""
    actor = actor_of(request)
    scopes = [scope for scope in scopes_for(actor) if scope.kind != "cluster"]  # a municipality's own data
    if not scopes:
        raise PermissionDenied(_("Your roles do not give access to person-level extracts."))
    year = today().year
    defaults = {"scope": scopes[0].key, "first_year": year - 1, "last_year": year}
    form = ExtractForm(
        request.POST if request.method == "POST" else None,
        initial=defaults,
        scopes=scopes,
        internal=False,
        counting=False,
    )
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = Filters(
            scope_for(actor, d["scope"]), d["first_year"], d["last_year"], d["offer_type"], d["substance"]
        )
        try:
            found = extracts.pseudonymised(actor, filters, d["purpose"])
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            return csv_response(found.filename, found.header, found.rows, [filters.scope.label, source_line()])
    return render(request, "stats/extract.html", {"nav": "stats", "form": form})


@login_required
def index(request: HttpRequest) -> HttpResponseBase:
    actor = actor_of(request)
    scopes = scopes_for(actor)
    if not scopes:
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    # A cluster coordinator has only cluster figures: no unit's follow-up, no person-level extract
    # and no municipality's strategies; the page links only to what the user can open.
    units = any(scope.kind != "cluster" for scope in scopes)
    returns = readable_municipalities(actor).exists()
    return render(request, "stats/index.html", {"nav": "stats", "units": units, "returns": returns})
