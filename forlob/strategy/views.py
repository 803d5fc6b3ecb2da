# SPDX-License-Identifier: AGPL-3.0-or-later
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forlob.common.dates import today
from forlob.common.exports import file_response
from forlob.common.kept_forms import back_to_page, kept_form
from forlob.common.views import run_action
from forlob.organisations.access import STATISTICS
from forlob.organisations.view_access import actor_of
from forlob.strategy import actions, queries, report
from forlob.strategy.forms import ActualForm, InitiativeForm
from forlob.strategy.models import Indicator, Initiative, Strategy

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _strategies(request: HttpRequest) -> QuerySet[Strategy]:
    actor = actor_of(request)
    if not actor.unit_ids(STATISTICS):
        raise PermissionDenied(_("Your roles do not give access to statistics."))
    return queries.visible_strategies(actor)


def _year(request: HttpRequest, strategy: Strategy) -> int:
    text = request.GET.get("aar", "")
    year = int(text) if text.isdigit() else today().year
    return min(max(year, strategy.first_year), strategy.last_year, today().year)


@login_required
def strategy_list(request: HttpRequest) -> HttpResponse:
    rows = list(_strategies(request))
    return render(request, "strategy/strategy_list.html", {"nav": "stats", "rows": rows})


def _page(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = get_object_or_404(queries.with_content(_strategies(request)), pk=pk)
    year = _year(request, strategy)
    areas = report.status(strategy, year)
    for area_status in areas:  # each initiative and hand-kept indicator gets its form (a refused one kept)
        for initiative, _note in area_status.initiatives:
            initial = {"status": initiative.status, "written_on": today(), "version": initiative.version}
            auto_id = f"id_i{initiative.pk}_%s"
            kept = kept_form(request, f"initiative-{initiative.pk}", partial(InitiativeForm, auto_id=auto_id))
            fresh = InitiativeForm(initial=initial, auto_id=auto_id)
            setattr(initiative, "form", kept or fresh)  # noqa: B010 - a display attribute
        for status in area_status.indicators:
            i = status.indicator
            actual = report.number(i.actual) if i.actual is not None else ""
            auto_id = f"id_a{i.pk}_%s"
            kept_actual = kept_form(request, f"indicator-{i.pk}", partial(ActualForm, auto_id=auto_id))
            fresh_actual = ActualForm(initial={"actual": actual, "source": i.source}, auto_id=auto_id)
            setattr(i, "form", kept_actual or fresh_actual)  # noqa: B010 - a display attribute
    context = {
        "nav": "stats",
        "strategy": strategy,
        "year": year,
        "years": range(strategy.first_year, min(strategy.last_year, today().year) + 1),
        "areas": [(a, report.chart(a.indicators, "svg")) for a in areas],
        "keeps": actions.may_keep(actor_of(request), strategy),
    }
    return render(request, "strategy/strategy_detail.html", context)


@login_required
def strategy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Core areas with their initiatives (status and notes) and goals (indicators against targets)."""
    return _page(request, pk)


@login_required
def strategy_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's status report as PDF (``?format=pdf``) or Word (``?format=docx``)."""
    strategy = get_object_or_404(queries.with_content(_strategies(request)), pk=pk)
    year = _year(request, strategy)
    areas = report.status(strategy, year)
    if request.GET.get("format") == "docx":
        return file_response(report.docx_bytes(strategy, year, areas), report.filename(strategy, year, "docx"), DOCX)
    return file_response(
        report.pdf_bytes(strategy, year, areas), report.filename(strategy, year, "pdf"), "application/pdf"
    )


@login_required
@require_POST
def initiative_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    initiative = get_object_or_404(
        Initiative.objects.filter(area__strategy__in=_strategies(request)).select_related("area"), pk=pk
    )
    form = InitiativeForm(request.POST, auto_id=f"id_i{pk}_%s")
    if form.is_valid():
        d = form.cleaned_data
        done = run_action(
            form,
            lambda: actions.update_initiative(actor, initiative, d["status"], d["text"], d["written_on"], d["version"]),
        )
        if done:
            messages.success(request, _("The status has been saved."))
            return redirect(reverse("strategy_detail", args=[initiative.area.strategy_id]) + f"#initiativ-{pk}")
    page_url = reverse("strategy_detail", args=[initiative.area.strategy_id]) + f"#initiativ-{pk}"
    return back_to_page(request, f"initiative-{pk}", form, page_url)


@login_required
@require_POST
def indicator_update(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    indicator = get_object_or_404(
        Indicator.objects.filter(goal__area__strategy__in=_strategies(request)).select_related("goal__area"), pk=pk
    )
    form = ActualForm(request.POST, auto_id=f"id_a{pk}_%s")
    if form.is_valid():
        d = form.cleaned_data
        if run_action(form, lambda: actions.set_actual(actor, indicator, d["actual"], d["source"])):
            messages.success(request, _("The indicator has been saved."))
            return redirect(reverse("strategy_detail", args=[indicator.goal.area.strategy_id]) + f"#indikator-{pk}")
    page_url = reverse("strategy_detail", args=[indicator.goal.area.strategy_id]) + f"#indikator-{pk}"
    return back_to_page(request, f"indicator-{pk}", form, page_url)
