# SPDX-License-Identifier: AGPL-3.0-or-later
"""Emergency access in the API: taking it, with a reason, and the leader's review of it, through
the same actions as the emergency-access page and the leader's log-review page."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from forlob.audit.models import EmergencyAccess
from forlob.common.api import ERRORS, Id, Schema
from forlob.organisations.access import REVIEW_ACCESS
from forlob.organisations.api import active_unit, request_actor
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


@router.post("/emergency-access", response={201: EmergencyAccessOut, **ERRORS})
def grant_emergency_access(request: HttpRequest, body: EmergencyAccessIn) -> Status[object]:
    """Access for a limited time to a citizen of the unit's municipality outside your units;
    logged with the reason and put before the unit's leader. Read the citizen with ``citizen_id``."""
    actor = request_actor(request)
    return Status(201, actions.grant_emergency_access(actor, active_unit(body.unit_id), body.cpr, body.reason))


@router.post("/emergency-access/{access_id}/review", response={200: EmergencyAccessOut, **ERRORS})
def review_emergency_access(request: HttpRequest, access_id: int, body: EmergencyReviewIn) -> object:
    """The unit's leader marks an emergency access as reviewed, with a note."""
    actor = request_actor(request)
    units = actor.unit_ids(REVIEW_ACCESS)
    if not units:
        raise PermissionDenied(_("Only a leader can review the access log."))
    access = get_object_or_404(EmergencyAccess, pk=access_id, unit__in=units)
    actions.review_emergency_access(actor, access, body.note)
    return access
