# SPDX-License-Identifier: AGPL-3.0-or-later
"""Emergency access and the leaders' review of the access log in the API: taking emergency access
with a reason, and the leader's review of it and of the monthly sample, through the same actions
as the emergency-access and log-review pages."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from forlob.audit.models import EmergencyAccess, LogReview, LogReviewItem
from forlob.common.api import ERRORS, Id, Schema
from forlob.common.dates import today
from forlob.organisations.access import REVIEW_ACCESS, Actor
from forlob.organisations.api import active_unit, request_actor
from forlob.organisations.models import Unit
from forlob.oversight import actions

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
