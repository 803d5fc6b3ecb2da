# SPDX-License-Identifier: AGPL-3.0-or-later
"""The monthly submission as pure functions: which records a month holds (an intake record for
each course started by the month's end and not reported in an earlier month, a discharge record
likewise for each course ended), the file written from them, and the validator every file made
must pass. docs/registration.md describes the file."""

from __future__ import annotations

import csv
import io
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from forlob.registers.specification import DISCHARGE, INTAKE, Field, Specification, shipped
from forlob.registers.validation import Checked, Problem, day_of, field_problem

RECORD_KINDS = (INTAKE, DISCHARGE)
# The fields that say whose course a discharge record closes, besides the discharge's own.
IDENTIFYING = ("cpr", "birth_year", "sex", "institution", "start_date")
DATE_FIELDS = {"request_date", "start_date", "end_date"}  # the ``known`` sources that are dates
FIXED_COLUMNS = ("record", "specification")
PERSONAL = ("cpr",)  # kept in the file only, never in the municipality's copy of a record
# The purpose written in the access log for every citizen in a submission (Danish: it is the log's text).
PURPOSES = {"nab": "Indberetning til NAB", "drugs": "Indberetning til stofmisbrugsdatabasen"}


def month_end(month: date) -> date:
    return month.replace(day=monthrange(month.year, month.month)[1])


def deadline(spec: Specification, month: date) -> date:
    return date.fromordinal(month_end(month).toordinal() + spec.deadline_days)


@dataclass(frozen=True)
class Record:
    course_id: int
    citizen_id: int
    kind: str
    spec: Specification
    values: dict[str, object]  # by field code, as the file writes them (dates as dates)

    def stored(self) -> dict[str, str]:
        """The record as the municipality's own copy keeps it: without the CPR number."""
        return {code: day_of(value) for code, value in self.values.items() if code not in PERSONAL}


@dataclass
class Month:
    """What a month's submission holds, and the courses held back with their problems."""

    records: list[Record] = field(default_factory=list)
    held_back: list[Checked] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.records if r.kind == kind)

    @property
    def citizen_ids(self) -> set[int]:
        return {r.citizen_id for r in self.records}


def record_fields(spec: Specification, kind: str) -> list[Field]:
    """The fields a record of ``kind`` fills: the intake's, or the identifying fields and the
    discharge's."""
    if kind == INTAKE:
        return spec.stage_fields(INTAKE)
    return [f for f in spec.fields if f.code in IDENTIFYING] + spec.stage_fields(DISCHARGE)


def build(checked: Iterable[Checked], register: str, month: date, reported: Mapping[str, set[int]]) -> Month:
    """The month's records from the unit's courses checked, given the courses whose intake and
    discharge records an earlier month's submission holds (``reported`` by record kind). A course
    with problems is held back whole and comes in the first month it is complete."""
    end = month_end(month)
    built = Month()
    for c in checked:
        if c.register != register or not c.reported or c.intake is None:
            continue
        course = c.course
        due = []
        if course.started_on <= end and course.pk not in reported.get(INTAKE, set()):
            due.append((INTAKE, c.intake))
        if course.ended_on and course.ended_on <= end and course.pk not in reported.get(DISCHARGE, set()):
            due.append((DISCHARGE, c.discharge or c.intake))
        if not due:
            continue
        if c.problems:
            built.held_back.append(c)
            continue
        for kind, spec in due:
            values = {f.code: c.values.get(f.code) for f in record_fields(spec, kind)}
            built.records.append(Record(course.pk, course.citizen_id, kind, spec, values))
    return built


def header(spec: Specification) -> list[str]:
    return [*FIXED_COLUMNS, *(f.code for f in spec.fields)]


def write(spec: Specification, records: Iterable[Record]) -> bytes:
    """The file: semicolons, UTF-8 without a byte order mark (a file for a register's system, not
    for Excel), the column codes first, one row per record, blank where a field does not apply."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header(spec))
    for r in records:
        writer.writerow([r.kind, r.spec.version, *(day_of(r.values.get(f.code)) for f in spec.fields)])
    return out.getvalue().encode("utf-8")


def _spec_of(version: str, specs: tuple[Specification, ...]) -> Specification | None:
    return next((s for s in specs if s.version == version), None)


def _row_problems(spec: Specification, kind: str, row: dict[str, str]) -> list[str]:
    applies = {f.code for f in record_fields(spec, kind)}
    problems: list[str] = []
    for f in spec.fields:
        value = row.get(f.code, "")
        if f.code not in applies or (f.when and row.get(f.when.field, "") not in f.when.values):
            if value:
                problems.append(_("%(field)s does not belong in this record.") % {"field": f.label})
            continue
        if not value:
            anonymous = f.code == "cpr" and spec.anonymous == "without_cpr"
            if f.required and not anonymous:
                problems.append(_("%(field)s is missing.") % {"field": f.label})
            continue
        if f.known in DATE_FIELDS:
            try:
                date.fromisoformat(value)
            except ValueError:
                message = _("%(field)s: %(value)s is not a date (YYYY-MM-DD).")
                problems.append(message % {"field": f.label, "value": value})
            continue
        problem: Problem | None = field_problem(f, value)
        if problem:
            problems.append(problem.message)
    return problems


def validate_file(content: bytes, specs: tuple[Specification, ...] | None = None) -> list[str]:
    """Read a submission file back and check it as the register would: the encoding, the header
    against the specification each row names, every value against its field's code list, range
    or date format, the required fields of each record, and nothing where a field does not apply.
    The problems in Danish, by row (the header is row 1); an empty list is a file that passes."""
    specs = specs if specs is not None else shipped()
    if content.startswith(b"\xef\xbb\xbf"):
        return [_("Row 1: the file must not begin with a byte order mark.")]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return [_("The file is not UTF-8.")]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not rows:
        return [_("The file is empty.")]
    head, *body = rows
    if not body:
        if not any(head == header(s) for s in specs):
            return [_("Row 1: the column codes are not those of any specification.")]
        return []
    problems: list[str] = []
    for number, cells in enumerate(body, start=2):
        if len(cells) < len(FIXED_COLUMNS):
            problems.append(_("Row %(row)s: the record and its specification are missing.") % {"row": number})
            continue
        kind, version = cells[0], cells[1]
        spec = _spec_of(version, specs)
        if spec is None:
            message = _("Row %(row)s: %(version)s is not a known specification.")
            problems.append(message % {"row": number, "version": version})
            continue
        if head != header(spec):
            message = _("Row 1: the column codes are not those of %(version)s.")
            return [message % {"version": version}]
        if kind not in RECORD_KINDS:
            problems.append(_("Row %(row)s: %(kind)s is not a record kind.") % {"row": number, "kind": kind})
            continue
        if len(cells) != len(head):
            message = _("Row %(row)s has %(found)s columns, not %(expected)s.")
            problems.append(message % {"row": number, "found": len(cells), "expected": len(head)})
            continue
        row = dict(zip(head, cells, strict=True))
        problems += [f"{_('Row %(row)s') % {'row': number}}: {p}" for p in _row_problems(spec, kind, row)]
    return problems
