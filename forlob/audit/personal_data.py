# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation leaves in the access log and removes from emergency accesses (see
forlob/common/personal_data.py)."""

from forlob.audit.models import AccessLogEntry, EmergencyAccess, LogReviewItem
from forlob.common.personal_data import Policy

POLICIES = {
    # The log is kept whole for its own period (FORLOB_ACCESS_LOG_RETENTION_DAYS, at least 6
    # months), whatever becomes of the citizen: the citizen may ask who looked at their data, and
    # the database refuses any change to a row (forlob/audit/append_only.py). Its rows name the
    # citizen only by id; the retention run deletes them when the period ends.
    AccessLogEntry: Policy(kept=("at", "use", "search_term", "purpose", "via")),
    # A leader's verdict on a log row goes with the row.
    LogReviewItem: Policy(kept=("verdict", "note")),
    # The written reason is about the citizen's situation. An emergency access keeps the citizen
    # active for the period, so the leader's review is long done when the reason goes.
    EmergencyAccess: Policy(
        personal=("reason", "review_note"),
        kept=("granted_at", "expires_at", "reviewed_at"),
        activity=("granted_at__date",),
    ),
}
