# SPDX-License-Identifier: AGPL-3.0-or-later
"""Statistics pages of national registration: the completeness of each unit's registration by
month, the municipality's own copy of what it reported, and the registers' return tables beside
Forløb's own figures, with the upload of a return table."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.common.exports import XLSX, csv_response, export_name, file_response
from forlob.common.views import run_action
from forlob.organisations.access import Actor
from forlob.organisations.view_access import actor_of
from forlob.registers.actions.returns import MAX_BYTES, import_return_table
from forlob.registers.models import Register
from forlob.stats import returns, suppression
from forlob.stats.exports import source_line
from forlob.stats.forms import RegistrationScopeForm, ReturnTableForm, SubmittedValuesForm
from forlob.stats.reports.registration import coded_fields, completeness, completeness_description, submitted_values
from forlob.stats.scopes import Filters, Scope, internal_allowed, scope_for, scopes_for
from forlob.stats.views import REMEMBERED_SCOPE, Page, chosen_view, default_scope, filename


def _registers() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in Register.choices]


def _scopes(request: HttpRequest) -> tuple[Actor, list[Scope]]:
    actor = actor_of(request)
    scopes = scopes_for(actor)
    if not scopes:
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    return actor, scopes


@login_required
def completeness_page(request: HttpRequest) -> HttpResponseBase:
    """Each unit's registration for the national registers, month by month: fully registered of
    all courses the registers take, exact for the unit's own leader, published for everyone else."""
    actor, scopes = _scopes(request)
    defaults = {"scope": default_scope(request, actor, scopes).key}
    form = RegistrationScopeForm(
        {**defaults, **request.GET.dict()}, scopes=scopes, internal=any(internal_allowed(actor, s) for s in scopes)
    )
    context: dict[str, object] = {"nav": "stats", "form": form, "description": completeness_description()}
    if form.is_valid():
        scope = scope_for(actor, form.cleaned_data["scope"])
        view = chosen_view(form, actor, scope)  # type: ignore[arg-type]
        if view is not None:
            if "scope" in request.GET:
                request.session[REMEMBERED_SCOPE] = scope.key
            found = completeness(scope, view)
            report = found.report()
            months = found.months
            page = Page(
                [report],
                scope.label,
                scope.municipality,
                filename(report.title, scope.label, f"{months[0]:%Y-%m}", f"{months[-1]:%Y-%m}", view),
                view,
            )
            response = page.export(request)
            if response is not None:
                return response
            context |= page.context(request) | {"completeness": found}
    return render(request, "stats/registration_completeness.html", context)


def _questions() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for register in Register.values:
        for f in coded_fields(register):
            seen.setdefault(f.code, f.label)
    return list(seen.items())


@login_required
def submitted_page(request: HttpRequest) -> HttpResponseBase:
    """The municipality's own copy of what its units reported, counted by one question of a
    register's specification and the year: in the same report machinery, views and exports as
    every other statistic."""
    actor, scopes = _scopes(request)
    year = today().year
    defaults = {
        "scope": default_scope(request, actor, scopes).key,
        "first_year": str(year - 4),
        "last_year": str(year),
        "register": Register.NAB.value,
        "field": "housing",
    }
    form = SubmittedValuesForm(
        {**defaults, **request.GET.dict()},
        scopes=scopes,
        internal=any(internal_allowed(actor, s) for s in scopes),
        registers=_registers(),
        questions=_questions(),
    )
    page = None
    if form.is_valid():
        d = form.cleaned_data
        scope = scope_for(actor, d["scope"])
        question = next((f for f in coded_fields(d["register"]) if f.code == d["field"]), None)
        if question is None:
            form.add_error("field", _("The register does not ask this question."))
        view = chosen_view(form, actor, scope)
        if question is not None and view is not None:
            filters = Filters(scope, d["first_year"], d["last_year"], view=view)
            report = submitted_values(filters, d["register"], question)
            page = Page(
                [report],
                f"{scope.label}, {filters.first_year}–{filters.last_year}",
                scope.municipality,
                filename(report.title, scope.label, filters.first_year, filters.last_year, view),
                view,
            )
            response = page.export(request)
            if response is not None:
                return response
    context: dict[str, object] = {"nav": "stats", "title": _("Reported to the national registers"), "form": form}
    if page is not None:
        context |= page.context(request)
    return render(request, "stats/report.html", context)


@login_required
def return_tables_page(request: HttpRequest) -> HttpResponseBase:
    """The municipality's return tables; its units' leaders upload a new one here. A refused
    upload keeps the title and says every reason."""
    actor = actor_of(request)
    tables = list(returns.return_tables(actor))
    led = [m for m in returns.readable_municipalities(actor) if returns.leads_in(actor, m.pk)]
    form = None
    if led:
        form = ReturnTableForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            municipalities=[(m.pk, m.name) for m in led],
            registers=_registers(),
        )
        if form.is_bound and form.is_valid():
            d = form.cleaned_data
            municipality = next(m for m in led if str(m.pk) == d["municipality"])
            upload = d["file"]
            content = upload.read(MAX_BYTES + 1)
            table = run_action(
                form,
                lambda: import_return_table(
                    actor, municipality, d["register"], d["title"], upload.name, content, field="file"
                ),
            )
            if table is not None:
                return redirect("stats_return_table", table.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the leader of one of the municipality's units can import return tables."))
    return render(request, "stats/return_tables.html", {"nav": "stats", "tables": tables, "form": form})


@login_required
def return_table_page(request: HttpRequest, table_id: int) -> HttpResponseBase:
    """One return table beside Forløb's own figures, with the differences said in words; as CSV
    or XLSX with ``?format=``."""
    actor = actor_of(request)
    table = returns.return_table(actor, table_id)
    found = returns.comparison(actor, table)
    notes = [
        table.title,
        suppression.view_label(found.view),
        *([suppression.note()] if found.view == suppression.PUBLISHED else []),
        source_line(),
    ]
    shown = "intern" if found.view == suppression.INTERNAL else "offentlig"
    name = export_name(_("Return table"), table.municipality.name, table.register, shown)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        return csv_response(f"{name}.csv", found.header, found.export_lines(), notes)
    if fmt == "xlsx":
        content = returns.comparison_xlsx(found, notes[2:])
        return file_response(content, f"{name}.xlsx", XLSX)
    return render(
        request,
        "stats/return_table.html",
        {
            "nav": "stats",
            "table": table,
            "comparison": found,
            "view_label": suppression.view_label(found.view),
            "suppression_note": suppression.note() if found.view == suppression.PUBLISHED else "",
            "source": source_line(),
        },
    )
