# SPDX-License-Identifier: AGPL-3.0-or-later
"""KL's 12 recommendations in the API: rounds, the answer matrix, and a municipality's answer sheet."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router

from forlob.common.api import ERRORS, Id, OneOf, Schema, rules
from forlob.common.dates import today
from forlob.common.errors import StaleVersion, refuse
from forlob.kl12 import actions, queries, report
from forlob.kl12.models import Part, Participation, Round
from forlob.organisations.api import municipality_by_code, request_actor
from forlob.organisations.models import Cluster, Municipality

router = Router(tags=["KL's 12 anbefalinger"])


class Kl12ClusterOut(Schema):
    id: int
    name: str


class Kl12RoundOut(Schema):
    id: int
    region: str
    year: int
    title: str
    deadline: date
    clusters: list[Kl12ClusterOut]


class Kl12MatrixOut(Schema):
    round: str
    scope: str = Field(description="The cluster's or the region's name.")
    header: list[str] = Field(description="Municipality, then the indicator codes.")
    rows: list[list[str]] = Field(
        description="The resolved answers: ja, nej, 'delvis (ikke afgjort)', numbers and free text as given."
    )
    took_part: list[str]
    did_not_take_part: list[str]


class Kl12AnswerIn(Schema):
    code: str = Field(max_length=20, description="The indicator's code, e.g. 1.1.")
    part: Annotated[str, OneOf(Part)] = Field("samlet", description="samlet, or alkohol and stof for separate answers.")
    value: str = Field(
        max_length=5000, description="ja, nej or delvis as the indicator allows; a number; or free text."
    )


class Kl12SheetIn(Schema):
    split: bool = Field(False, description="Separate alcohol and drug answers.")
    answers: list[Kl12AnswerIn]
    version: int | None = Field(
        None, description="The version the answers were made from; refused if missing once the sheet is saved."
    )
    submit: bool = Field(
        True,
        description="True: submit the sheet; every yes/no indicator must be answered. False: save a draft of "
        "any valid answers (the sheet is a draft again until it is submitted).",
    )


class Kl12Progress(Schema):
    submitted_at: datetime | None = Field(description="When the sheet was submitted; None while it is a draft.")
    answered: int = Field(description="Yes/no answers given (each part counts when split).")
    required: int = Field(description="Yes/no answers a submitted sheet holds.")


class Kl12SheetOut(Kl12Progress):
    municipality: str
    split: bool
    version: int
    answers: list[Kl12AnswerIn]


class Kl12IndicatorOut(Schema):
    code: str
    recommendation: int = Field(alias="recommendation.number")
    text: str
    kind: str = Field(description="yes_no, yes_no_partly, number or text.")


class Kl12SheetView(Kl12Progress):
    municipality: str
    split: bool
    version: int | None = Field(description="Send it back with the answers; None before the first save.")
    deadline: date
    closed: bool = Field(description="The deadline has passed: the answers can no longer change.")
    indicators: list[Kl12IndicatorOut]
    answers: list[Kl12AnswerIn]


def _round(request: HttpRequest, round_id: int) -> Round:
    return get_object_or_404(queries.visible_rounds(request_actor(request)), pk=round_id)


@router.get("/kl12/rounds", response=list[Kl12RoundOut])
def kl12_rounds(request: HttpRequest) -> object:
    """The self-assessment rounds of the regions the user works in, with their clusters."""
    rounds = queries.visible_rounds(request_actor(request)).prefetch_related("region__clusters")
    return [
        {
            "id": r.pk,
            "region": r.region.name,
            "year": r.year,
            "title": r.title,
            "deadline": r.deadline,
            "clusters": [{"id": c.pk, "name": c.name} for c in r.region.clusters.all()],
        }
        for r in rounds
    ]


@router.get("/kl12/rounds/{round_id}/matrix", response={200: Kl12MatrixOut, **ERRORS})
def kl12_matrix(request: HttpRequest, round_id: Id, cluster: Id | None = None) -> object:
    """The answer matrix of a cluster (``cluster``) or of the whole region, as in the reports."""
    round_ = _round(request, round_id)
    chosen = get_object_or_404(Cluster, pk=cluster, region=round_.region) if cluster else None
    built = report.build(round_, chosen, with_evidence=False)
    header, rows = built.matrix()
    return {
        "round": round_.title,
        "scope": built.scope,
        "header": header,
        "rows": rows,
        "took_part": [m.name for m in built.took_part],
        "did_not_take_part": [m.name for m in built.did_not_take_part],
    }


def _answers(participation: Participation | None) -> list[dict[str, str]]:
    if participation is None:
        return []
    answers = participation.answers.select_related("indicator").order_by("indicator__order", "indicator__code")
    return [{"code": a.indicator.code, "part": a.part, "value": a.value} for a in answers]


def _progress(round_: Round, participation: Participation | None) -> dict[str, object]:
    if participation is None:
        required = len(actions.required_fields(queries.round_indicators(round_), False))
        return {"submitted_at": None, "answered": 0, "required": required}
    progress = queries.sheet_progress([participation])[participation.pk]
    return {"submitted_at": participation.submitted_at, "answered": progress.answered, "required": progress.required}


def _sheet_out(participation: Participation) -> dict[str, object]:
    return {
        "municipality": participation.municipality.name,
        "split": participation.split,
        "version": participation.version,
        "answers": _answers(participation),
        **_progress(participation.round, participation),
    }


@router.get(
    "/kl12/rounds/{round_id}/answers/{municipality_code}",
    response={200: Kl12SheetView, **ERRORS},
    openapi_extra=rules(
        (None, "The user leads a unit of the municipality."),
    ),
)
def kl12_sheet(request: HttpRequest, round_id: Id, municipality_code: str) -> object:
    """A municipality's answer sheet as the web form shows it: the round's indicators and the
    answers saved so far; for the leaders of the municipality's units."""
    round_ = _round(request, round_id)
    municipality = get_object_or_404(Municipality, code=municipality_code, region=round_.region)
    queries.require_answerer(request_actor(request), municipality)
    participation = Participation.objects.filter(round=round_, municipality=municipality).first()
    return {
        "municipality": municipality.name,
        "split": bool(participation and participation.split),
        "version": participation.version if participation else None,
        "deadline": round_.deadline,
        "closed": today() > round_.deadline,
        "indicators": queries.round_indicators(round_),
        "answers": _answers(participation),
        **_progress(round_, participation),
    }


@router.put(
    "/kl12/rounds/{round_id}/answers/{municipality_code}",
    response={200: Kl12SheetOut, **ERRORS},
    openapi_extra=rules(
        (None, "The user leads a unit of the municipality, and the round's deadline has not passed."),
        (
            "answers",
            "Each answer names an indicator of the round and fits its kind; to submit, every yes/no indicator is "
            "answered (a draft may leave any out). An error names the answer as <code>/<part>, or by its code.",
            r"^[^/]+(/(samlet|alkohol|stof))?$",
        ),
    ),
)
def kl12_answer(request: HttpRequest, round_id: Id, municipality_code: str, body: Kl12SheetIn) -> object:
    """A municipality's answers, all at once, by its units' leaders, before the deadline: submitted
    (every yes/no indicator answered) or, with ``submit`` false, saved as a draft. A refused answer is
    named as ``<code>/<part>``."""
    round_ = _round(request, round_id)
    municipality = get_object_or_404(Municipality, code=municipality_code, region=round_.region)
    indicators = {i.code: i for i in round_.indicators.all()}
    names: dict[str, str] = {}
    answers: dict[str, str] = {}
    for item in body.answers:
        indicator = indicators.get(item.code)
        if indicator is None:
            raise refuse(item.code, _("The indicator is not part of this round."))
        name = actions.field_name(indicator, item.part)
        names[name] = f"{item.code}/{item.part}"
        answers[name] = item.value
    for indicator in indicators.values():
        for part in ("alkohol", "stof") if body.split else ("samlet",):
            names.setdefault(actions.field_name(indicator, part), f"{indicator.code}/{part}")
    data = actions.SheetData(
        split=body.split, answers=answers, expected_version=body.version, submit=body.submit, version_required=True
    )
    try:
        participation = actions.save_answers(request_actor(request), round_, municipality, data)
    except ValidationError as error:
        if not hasattr(error, "error_dict") or isinstance(error, StaleVersion):
            raise
        raise ValidationError({names.get(k, k): v for k, v in error.error_dict.items()}) from None
    return _sheet_out(participation)


class Kl12ClusterTextIn(Schema):
    priorities: str = Field("", description="The cluster's priorities, at most 5000 characters.")
    comments: str = Field("", description="Comments, at most 5000 characters.")


class Kl12ClusterTextOut(Kl12ClusterTextIn):
    cluster_id: int


class Kl12ResolutionIn(Schema):
    municipality_code: str = Field(description="A municipality of the cluster, by its official code.")
    code: str = Field(description="The indicator's code, e.g. 1.1.")
    value: str = Field(description="ja or nej.")
    reason: str = Field(description="Why, e.g. the supplementary answers it rests on.")


class Kl12ResolutionOut(Kl12ResolutionIn):
    id: int


def _cluster(round_: Round, cluster_id: int) -> Cluster:
    return get_object_or_404(Cluster, pk=cluster_id, region=round_.region)


@router.put("/kl12/rounds/{round_id}/clusters/{cluster_id}/text", response={200: Kl12ClusterTextOut, **ERRORS})
def kl12_cluster_text(request: HttpRequest, round_id: int, cluster_id: int, body: Kl12ClusterTextIn) -> object:
    """The cluster's priorities and comments in its report; for the cluster's coordinator."""
    round_ = _round(request, round_id)
    return actions.save_cluster_text(
        request_actor(request), round_, _cluster(round_, cluster_id), body.priorities, body.comments
    )


@router.post("/kl12/rounds/{round_id}/clusters/{cluster_id}/resolutions", response={200: Kl12ResolutionOut, **ERRORS})
def kl12_resolve_partly(request: HttpRequest, round_id: int, cluster_id: int, body: Kl12ResolutionIn) -> object:
    """The coordinator's call on a municipality's combined "delvis": ja or nej, and why (again for
    the same indicator changes it)."""
    round_ = _round(request, round_id)
    cluster = _cluster(round_, cluster_id)
    municipality = municipality_by_code(body.municipality_code)
    indicator = round_.indicators.filter(code=body.code).first()
    if municipality is None:
        raise refuse("municipality_code", _("Required."), "required")
    if indicator is None:
        raise refuse("code", _("The indicator is not part of this round."))
    resolution = actions.resolve_partly(
        request_actor(request), round_, cluster, municipality, indicator, body.value, body.reason
    )
    return {**body.dict(), "value": resolution.value, "reason": resolution.reason, "id": resolution.pk}
