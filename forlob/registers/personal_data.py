# SPDX-License-Identifier: AGPL-3.0-or-later
"""What anonymisation removes from national registration and what it keeps (see
forlob/common/personal_data.py). The answers and the submitted records are codes, numbers and
dates that the statistics count; the CPR number is never stored in a record (only in the file
that was sent, which belongs to the unit's submission)."""

from forlob.common.personal_data import Policy
from forlob.registers.models import CourseAnswers, SubmittedRecord

POLICIES = {
    CourseAnswers: Policy(kept=("register", "answers", "updated_at", "version")),
    SubmittedRecord: Policy(kept=("kind", "values")),
}
