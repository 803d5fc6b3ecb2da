# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from requests, courses and sessions and what it keeps for
statistics (see forlob/common/personal_data.py)."""

from django.db.models import Q

from forlob.common.personal_data import Policy
from forlob.treatment.models import (
    ContactRequest,
    Course,
    Goal,
    GroupAttendance,
    GroupMembership,
    Referral,
    Request,
    RequestStatus,
    Session,
    SessionAddendum,
)

POLICIES = {
    Request: Policy(
        # Where the citizen was referred is free text and may name a person or a private clinic.
        personal=("note", "decision_note", "referred_to"),
        kept=(
            "received_on",
            "channel",
            "main_substance",
            "other_substances",
            "legal_basis",
            "deadline",
            "status",
            "decided_on",
            "close_reason",
            "created_at",
            "first_started_on",
        ),
        activity=("received_on", "decided_on"),
        open=Q(status=RequestStatus.OPEN),
    ),
    Referral: Policy(personal=("note",), kept=("consent_given_on", "created_at"), activity=("consent_given_on",)),
    # Deleted on their own schedule once handled; one turned into a request is also the citizen's.
    ContactRequest: Policy(
        personal=("name", "phone", "email", "best_time", "message"),
        kept=("received_on", "received_at", "about", "status", "close_reason", "handled_on"),
    ),
    Course: Policy(
        # The reason for moving the expected end is free text about the citizen's treatment.
        personal=("plan", "discharge_note", "expected_end_reason"),
        kept=(
            "offer_type",
            "expected_end_on",
            "legal_basis",
            "main_substance",
            "started_on",
            "ended_on",
            "end_reason",
            "created_at",
            "version",
        ),
        activity=("started_on", "ended_on"),
        open=Q(ended_on__isnull=True),
    ),
    Goal: Policy(personal=("description",), kept=("achieved_on",), activity=("achieved_on",)),
    GroupMembership: Policy(kept=("joined_on", "left_on"), activity=("joined_on", "left_on")),
    # A group session (no course) belongs to the group and is reached through its attendance only.
    Session: Policy(
        personal=("note",),
        kept=("held_on", "start_time", "kind", "minutes", "attendance", "method", "place", "created_at"),
        activity=("held_on",),
    ),
    SessionAddendum: Policy(personal=("text",), kept=("written_at",), activity=("written_at__date",)),
    GroupAttendance: Policy(kept=("attendance",), activity=("session__held_on",)),
}
