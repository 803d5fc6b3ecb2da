# SPDX-License-Identifier: AGPL-3.0-or-later
"""The self-assessment pages: the rounds, a municipality's answer sheet, and the cluster and
region reports with their downloads. Thin: forms in, actions for writes, queries for reads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.common.views import run_action
from forlob.kl12 import actions, exports, queries
from forlob.kl12.forms import AnswerSheetForm, ClusterTextForm, ResolutionForm
from forlob.kl12.models import Part, Participation, Recommendation, Round, RoundIndicator, Verdict
from forlob.kl12.report import build
from forlob.organisations.models import Cluster, Municipality
from forlob.organisations.view_access import actor_of


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    """The rounds of the user's regions: how far each cluster has come, the reports, and the
    answer sheets of the municipalities the user answers for."""
    actor = actor_of(request)
    rounds = list(queries.visible_rounds(actor).prefetch_related("region__clusters__municipalities"))
    answerable = list(queries.answerable_municipalities(actor))
    own = list(Participation.objects.filter(round__in=rounds, municipality__in=answerable))
    progress = queries.sheet_progress(own)
    saved = {(p.round_id, p.municipality_id): (p, progress[p.pk]) for p in own}
    answered = set(
        Participation.objects.filter(round__in=rounds, answers__isnull=False)
        .values_list("round_id", "municipality_id")
        .distinct()
    )
    rows = []
    for r in rounds:
        clusters = [
            (c, sum((r.pk, m.pk) in answered for m in c.municipalities.all()), len(c.municipalities.all()))
            for c in r.region.clusters.all()
        ]
        sheets = [(m, *saved.get((r.pk, m.pk), (None, None))) for m in answerable if m.region_id == r.region_id]
        rows.append((r, clusters, sheets))
    return render(request, "kl12/round_list.html", {"nav": "stats", "rows": rows, "today": today()})


def _round(request: HttpRequest, pk: int) -> Round:
    return get_object_or_404(queries.visible_rounds(actor_of(request)), pk=pk)


def _sections(indicators: list[RoundIndicator], form: AnswerSheetForm | None = None):
    """Recommendations in order, each with its indicators (and their fields on the sheet)."""
    by_recommendation: dict[int, list] = {}
    for indicator in indicators:
        fields = form.fields_of(indicator) if form else []
        by_recommendation.setdefault(indicator.recommendation_id, []).append((indicator, fields))
    return [(r, by_recommendation.get(r.pk, [])) for r in Recommendation.objects.all()]


def _missing(form: AnswerSheetForm, indicators: list[RoundIndicator]) -> list[tuple[Recommendation, list]]:
    """The answers a refused submission lacks, by recommendation: (indicator, part label or "")."""
    refused = {name for name, errors in form.errors.as_data().items() if any(e.code == "missing" for e in errors)}
    by_recommendation: dict[Recommendation, list] = {}
    for indicator in indicators:
        for part in actions.parts_of(form.split):
            if actions.field_name(indicator, part) in refused:
                label = Part(part).label if form.split else ""
                by_recommendation.setdefault(indicator.recommendation, []).append((indicator, label))
    return list(by_recommendation.items())


@login_required
def answer_sheet(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A municipality's answers: one per indicator, or separate alcohol and drug answers. "Gem
    kladde" keeps any valid answers; "Indsend" also needs every yes/no indicator answered."""
    actor = actor_of(request)
    round_ = _round(request, pk)
    municipality = get_object_or_404(Municipality, code=code, region=round_.region)
    queries.require_answerer(actor, municipality)
    participation = Participation.objects.filter(round=round_, municipality=municipality).first()
    split_param = request.POST.get("split", request.GET.get("delt", ""))
    split = split_param == "1" if split_param else bool(participation and participation.split)
    indicators = queries.round_indicators(round_)
    initial: dict[str, object] = {"version": participation.version if participation else None}
    if participation:
        for answer in participation.answers.all():
            initial[actions.field_name(answer.indicator, answer.part)] = answer.value
    form = AnswerSheetForm(request.POST or None, initial=initial, indicators=indicators, split=split)
    submit = request.POST.get("indsend") == "1"
    if request.method == "POST" and form.is_valid():
        answers = {name: str(form.cleaned_data.get(name) or "") for name in form.fields if name != "version"}
        data = actions.SheetData(
            split=split,
            answers=answers,
            expected_version=form.cleaned_data["version"],
            submit=submit,
            version_required=True,
        )
        if run_action(form, lambda: actions.save_answers(actor, round_, municipality, data)) is not None:
            if submit:
                messages.success(request, _("The answers for %(m)s have been submitted.") % {"m": municipality.name})
            else:
                messages.success(request, _("The draft for %(m)s has been saved.") % {"m": municipality.name})
            return redirect("kl12_answer", pk=round_.pk, code=municipality.code)
    required = len(actions.required_fields(indicators, split))
    progress = queries.sheet_progress([participation])[participation.pk] if participation else None
    context = {
        "nav": "stats",
        "round": round_,
        "municipality": municipality,
        "participation": participation,
        "progress": progress or queries.Progress(0, required),
        "form": form,
        "split": split,
        "closed": today() > round_.deadline,
        "sections": _sections(indicators, form),
        "missing": _missing(form, indicators) if form.is_bound else [],
    }
    return render(request, "kl12/answer_sheet.html", context)


@login_required
def cluster_report(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponseBase:
    round_ = _round(request, pk)
    cluster = get_object_or_404(Cluster, pk=cluster_pk, region=round_.region)
    return _report(request, round_, cluster)


@login_required
def region_report(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _report(request, _round(request, pk), None)


def _report(request: HttpRequest, round_: Round, cluster: Cluster | None) -> HttpResponseBase:
    fmt = request.GET.get("format", "")
    if fmt in exports.FORMATS:
        return exports.download(build(round_, cluster, with_evidence=fmt in ("pdf", "docx")), fmt)
    if fmt:
        raise Http404(_("Unknown format."))
    actor = actor_of(request)
    coordinates = cluster is not None and queries.coordinated_clusters(actor).filter(pk=cluster.pk).exists()
    failed: dict[str, object] = {}
    if request.method == "POST" and coordinates and cluster is not None:
        done = _coordinator_post(request, round_, cluster, failed)
        if done:
            return redirect(request.path + done)
    report = build(round_, cluster)
    if coordinates:
        _resolution_forms(report, failed.get("resolution"))
    current_text = next((t for c, t in report.texts if c == cluster), None)
    context = {
        "nav": "stats",
        "report": report,
        "coordinates": coordinates,
        "failed": failed,
        "text_form": failed.get("text")
        or ClusterTextForm(
            initial={"priorities": current_text.priorities, "comments": current_text.comments} if current_text else {}
        ),
        "guide": exports.reading_guide(),
    }
    return render(request, "kl12/report.html", context)


def _coordinator_post(request: HttpRequest, round_: Round, cluster: Cluster, failed: dict[str, object]) -> str:
    """Resolve a "delvis" or save the cluster's text; the anchor to return to, or "" on refusal
    (the failed form is put in ``failed`` so its input is kept)."""
    actor = actor_of(request)
    if request.POST.get("action") == "text":
        text_form = ClusterTextForm(request.POST)
        if text_form.is_valid():
            d = text_form.cleaned_data
            saved = run_action(
                text_form, lambda: actions.save_cluster_text(actor, round_, cluster, d["priorities"], d["comments"])
            )
            if saved is not None:
                messages.success(request, _("The cluster's text has been saved."))
                return "#klyngens-tekst"
        failed["text"] = text_form
        return ""
    indicator = get_object_or_404(RoundIndicator, pk=request.POST.get("indicator", "0") or 0, round=round_)
    municipality = get_object_or_404(Municipality, pk=request.POST.get("municipality", "0") or 0)
    form = ResolutionForm(request.POST, prefix=f"r{indicator.pk}_{municipality.pk}")
    if form.is_valid():
        value, reason = form.cleaned_data["value"], form.cleaned_data["reason"]
        resolution = run_action(
            form, lambda: actions.resolve_partly(actor, round_, cluster, municipality, indicator, value, reason)
        )
        if resolution is not None:
            messages.success(
                request,
                _("%(code)s for %(m)s has been resolved.") % {"code": indicator.code, "m": municipality.name},
            )
            return f"#indikator-{indicator.pk}"
    failed["resolution"] = (indicator.pk, municipality.pk, form)
    return ""


def _resolution_forms(report, failed) -> None:
    """Each combined "delvis" in the cluster gets the coordinator's form (the refused one kept)."""
    for block in report.blocks:
        for line in block.lines:
            for m in report.took_part:
                cell = report.sheets[m.pk].cells.get(line.indicator.pk)
                if cell is None or cell.combined != Verdict.PARTLY:
                    continue
                if failed and failed[:2] == (line.indicator.pk, m.pk):
                    form = failed[2]
                else:
                    r = cell.resolution
                    initial = {"value": r.value, "reason": r.reason} if r else None
                    form = ResolutionForm(prefix=f"r{line.indicator.pk}_{m.pk}", initial=initial)
                line.forms.append((m, form))
