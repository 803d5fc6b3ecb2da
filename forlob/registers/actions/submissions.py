# SPDX-License-Identifier: AGPL-3.0-or-later
"""Making a unit's monthly submission to a register: the records built from the unit's complete
courses, the file written and checked by the validator the register's file must pass, sent system
to system where that is set up, and kept with its records (the municipality's own copy). Every
citizen in it is written to the access log with the purpose."""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.common.errors import refuse
from forlob.organisations.access import REGISTER_EXTRACT, Actor
from forlob.organisations.models import Unit
from forlob.registers import adapter, submission
from forlob.registers.models import Channel, Register, Submission, SubmittedRecord
from forlob.registers.queries import month_for_export
from forlob.registers.specification import Specification, in_force
from forlob.registers.validation import day_of


def parse_month(value: str) -> date:
    """A month written YYYY-MM, as its first day; refused unless a whole, finished month."""
    try:
        month = date.fromisoformat(f"{value}-01")
    except ValueError:
        raise refuse("month", _("Write the month as YYYY-MM."), "invalid") from None
    require_finished(month)
    return month


def require_finished(month: date) -> None:
    if submission.month_end(month) >= today():
        message = _("Only a finished month can be submitted: %(month)s is not over yet.")
        raise refuse("month", message % {"month": f"{month:%m.%Y}"}, "not_finished")


def month_spec(register: str, month: date) -> Specification:
    """The specification the month's file is written by: the one in force on its last day."""
    if register not in Register.values:
        raise refuse("register", _("Unknown register."), "unknown_code")
    spec = in_force(register, submission.month_end(month))
    if spec is None:
        raise refuse("month", _("No specification of the register applies to that month."), "no_specification")
    return spec


def filename(unit: Unit, register: str, month: date) -> str:
    return f"{register}-{unit.institution_code or f'enhed{unit.pk}'}-{month:%Y-%m}.csv"


@transaction.atomic
def make_submission(actor: Actor, unit: Unit, register: str, month: date, channel: str) -> Submission:
    """Make the month's submission (again, for a correction: the newest is the one in force)."""
    actor.require(unit.pk, REGISTER_EXTRACT)
    month = month.replace(day=1)
    require_finished(month)
    spec = month_spec(register, month)
    if channel not in Channel.values:
        raise refuse("channel", _("Choose how the submission is sent."), "unknown_code")
    if channel == Channel.SYSTEM and not adapter.endpoint(register):
        raise refuse("channel", _("No system-to-system connection is set up for this register."), "no_endpoint")
    built = month_for_export(
        actor, unit.pk, register, month, purpose=submission.PURPOSES[register], via="make_submission"
    )
    content = submission.write(spec, built.records)
    problems = submission.validate_file(content)
    if problems:  # the records come from checked courses: a file that fails is a bug, never sent
        raise RuntimeError(f"The submission file does not pass its own validation: {problems[:5]}")
    receipt = ""
    if channel == Channel.SYSTEM:
        receipt = adapter.send(register, _payload(spec, unit, month, built))
    made = Submission.objects.create(
        unit=unit,
        register=register,
        month=month,
        specification=spec.version,
        channel=channel,
        content=content,
        filename=filename(unit, register, month),
        digest=hashlib.sha256(content).hexdigest(),
        record_count=len(built.records),
        receipt=receipt,
        made_by=actor.user,
    )
    SubmittedRecord.objects.bulk_create(
        SubmittedRecord(submission=made, course_id=r.course_id, kind=r.kind, values=r.stored()) for r in built.records
    )
    return made


def _payload(spec: Specification, unit: Unit, month: date, built: submission.Month) -> dict[str, object]:
    return {
        "register": spec.register,
        "specification": spec.version,
        "month": f"{month:%Y-%m}",
        "institution": unit.institution_code,
        "records": [
            {"record": r.kind, "values": {code: day_of(value) for code, value in r.values.items()}}
            for r in built.records
        ],
    }
