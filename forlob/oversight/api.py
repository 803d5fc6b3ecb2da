# SPDX-License-Identifier: AGPL-3.0-or-later
"""Emergency access and the leaders' review of the access log in the API: taking emergency access
with a reason, and the leader's review of it and of the monthly sample, through the same actions
as the emergency-access and log-review pages; and the leader's search of the access log."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from forlob.audit.models import AccessLogEntry, EmergencyAccess, LogReview, LogReviewItem, Use
from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, optional_text, rules, window
from forlob.common.dates import today
from forlob.common.errors import refuse
from forlob.organisations.access import REVIEW_ACCESS, Actor
from forlob.organisations.api import active_unit, request_actor
from forlob.organisations.models import Unit
from forlob.oversight import actions, log_search

router = Router(tags=["Nødadgang"])


class EmergencyAccessIn(Schema):
    unit_id: Id = Field(description="The unit you work at, in the citizen's municipality.")
    cpr: str = Field(description="The citizen's CPR number, in the body so it is never in a URL.")
    reason: str = Field(description=f"Why, in at least {actions.MIN_REASON_LENGTH} characters; your leader reviews it.")


class EmergencyAccessOut(Schema):
    id: int
    user_id: int
    unit_id: int
    citizen_id: int
    reason: str
    granted_at: datetime
    expires_at: datetime
    reviewed_at: datetime | None
    review_note: str


class EmergencyReviewIn(Schema):
    note: str = ""


def _leader_units(request: HttpRequest) -> tuple[Actor, list[int]]:
    actor = request_actor(request)
    units = actor.unit_ids(REVIEW_ACCESS)
    if not units:
        raise PermissionDenied(_("Only a leader can review the access log."))
    return actor, list(units)


@router.post("/emergency-access", response={201: EmergencyAccessOut, **ERRORS})
def grant_emergency_access(request: HttpRequest, body: EmergencyAccessIn) -> Status[object]:
    """Access for a limited time to a citizen of the unit's municipality outside your units;
    logged with the reason and put before the unit's leader. Read the citizen with ``citizen_id``."""
    actor = request_actor(request)
    return Status(201, actions.grant_emergency_access(actor, active_unit(body.unit_id), body.cpr, body.reason))


@router.post("/emergency-access/{access_id}/review", response={200: EmergencyAccessOut, **ERRORS})
def review_emergency_access(request: HttpRequest, access_id: int, body: EmergencyReviewIn) -> object:
    """The unit's leader marks an emergency access as reviewed, with a note."""
    actor, units = _leader_units(request)
    access = get_object_or_404(EmergencyAccess, pk=access_id, unit__in=units)
    actions.review_emergency_access(actor, access, body.note)
    return access


class LogReviewItemOut(Schema):
    id: int
    at: datetime = Field(alias="entry.at")
    user_id: int = Field(alias="entry.user_id")
    user_name: str
    use: str = Field(alias="entry.use")
    citizen_id: int | None = Field(alias="entry.citizen_id")
    purpose: str = Field(alias="entry.purpose")
    via: str = Field(alias="entry.via")
    verdict: str = Field(description="confirmed, flagged, or empty before the review.")
    note: str

    @staticmethod
    def resolve_user_name(obj: LogReviewItem) -> str:
        return obj.entry.user.get_full_name() or obj.entry.user.username


class LogReviewOut(Schema):
    id: int
    unit_id: int
    month: date = Field(description="The first day of the month the sample is from.")
    completed_at: datetime | None
    items: list[LogReviewItemOut]

    @staticmethod
    def resolve_items(obj: LogReview) -> list[LogReviewItem]:
        return list(obj.items.select_related("entry__user"))


class VerdictIn(Schema):
    item_id: Id
    verdict: str = Field(description="confirmed or flagged.")
    note: str = Field("", description="Why; required for a flagged row.")


class LogReviewIn(Schema):
    verdicts: list[VerdictIn] = Field(description="A verdict on every sampled row.")


@router.get("/log-reviews", response={200: list[LogReviewOut], **ERRORS})
def list_log_reviews(request: HttpRequest) -> object:
    """The reviews of the access log at the units I lead, newest first; last month's sample is
    drawn the first time it is asked for, as on the log-review page."""
    _actor, units = _leader_units(request)
    month = actions.previous_month(today())
    for unit in Unit.objects.filter(pk__in=units):
        actions.log_review(unit, month)
    return list(LogReview.objects.filter(unit__in=units).order_by("-month", "unit_id")[:36])


@router.put("/log-reviews/{review_id}", response={200: LogReviewOut, **ERRORS})
def complete_log_review(request: HttpRequest, review_id: int, body: LogReviewIn) -> object:
    """The leader's verdict on every sampled row, closing the review; a refused row is named
    ``verdict_<item_id>`` or ``note_<item_id>``."""
    actor, units = _leader_units(request)
    review = get_object_or_404(LogReview, pk=review_id, unit__in=units)
    verdicts = {v.item_id: (v.verdict, v.note) for v in body.verdicts}
    actions.complete_log_review(actor, review, verdicts)
    return review


class LogSearchIn(Schema):
    unit_ids: list[Id] = Field([], description="Units you lead; all of them when empty.")
    citizen: str = optional_text(200, description="A CPR number (exact) or a name, among the citizens of your units.")
    user_id: Id | None = Field(None, description="A staff member of the units.")
    date_from: date
    date_to: date
    use: Annotated[str, OneOf(Use, blank=True)] = Field("", description="A type of use; every type when empty.")


class LogRowOut(Schema):
    id: int
    at: datetime
    unit_id: int | None
    user_id: int
    user_name: str
    use: str
    citizen_id: int | None = Field(description="Null when the row names no citizen or one outside your units.")
    citizen_name: str | None
    search_term: str
    purpose: str
    via: str

    @staticmethod
    def resolve_user_name(obj: AccessLogEntry) -> str:
        return log_search.staff_name(obj.user)

    @staticmethod
    def resolve_citizen_id(obj: AccessLogEntry) -> int | None:
        return obj.citizen_id if obj.citizen_visible else None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_citizen_name(obj: AccessLogEntry) -> str | None:
        return log_search.citizen_name(obj)


class LogRows(Schema):
    count: int
    items: list[LogRowOut]


@router.post(
    "/access-log/search",
    response={200: LogRows, **ERRORS},
    openapi_extra=rules(
        ("unit_ids", "Only units you lead."),
        ("user_id", "A staff member of the units searched."),
        ("date_from", "Not in the future."),
        ("date_to", "Not before date_from."),
        ("citizen", "At most 50 citizens may match a name."),
    ),
)
def search_access_log(request: HttpRequest, body: LogSearchIn, paging: Query[Paging]) -> dict[str, object]:
    """The access log of the units I lead, newest first, by citizen, staff member, period and type
    of use. The search is logged at each unit searched. A CPR number not known at my units finds
    nothing, as an unknown one. POST, so no person data ends up in URLs or server logs."""
    actor = request_actor(request)
    units = log_search.chosen_units(actor, body.unit_ids)
    user = None
    if body.user_id is not None:
        user = log_search.staff_of(units).filter(pk=body.user_id).first()
        if user is None:
            raise refuse("user_id", _("Choose a staff member of the units searched."), "not_staff")
    search = log_search.LogSearch(units, body.date_from, body.date_to, body.citizen, user, body.use)
    shown = log_search.search_log(actor, search, window(paging), via="api")
    return {"count": shown.total, "items": shown.rows}
