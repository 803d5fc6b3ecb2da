# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from appointments and what it keeps (see forlob/common/personal_data.py)."""

from forlob.appointments.models import Appointment, AppointmentSeries
from forlob.common.personal_data import Policy

POLICIES = {
    # The planning note is free text and may name a person; times and kinds are no one's business
    # once the citizen is anonymised, but they are what a capacity count reads.
    Appointment: Policy(
        personal=("note",),
        kept=("starts_at", "minutes", "kind", "status", "created_at"),
        activity=("starts_at__date",),
    ),
    AppointmentSeries: Policy(
        kept=(
            "weekday",
            "start_time",
            "minutes",
            "kind",
            "every_weeks",
            "starts_on",
            "ends_on",
            "count",
            "ended_on",
            "created_at",
            "version",
        ),
        activity=("starts_on", "ends_on"),
    ),
}
