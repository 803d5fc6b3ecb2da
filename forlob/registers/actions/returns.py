# SPDX-License-Identifier: AGPL-3.0-or-later
"""The tables the national bodies send back (counts by month and measure), imported by a leader
of one of the municipality's units to compare with Forløb's own figures. A file is read whole
and refused whole: every problem is named with its row, and nothing is saved unless all is well.
The format is described in docs/registration.md."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.common.errors import refuse
from forlob.organisations.access import REGISTER_EXTRACT, Actor
from forlob.organisations.models import Municipality
from forlob.registers.models import Register, ReturnTable

MAX_BYTES = 2 * 1024 * 1024
HEADER = ("måned", "mål", "antal")
# The measures as written in the file, and as stored.
MEASURES = {"påbegyndte": "started", "afsluttede": "ended", "aktive": "active"}
# A file names at most this many problems; the rest are summed up in one line.
MAX_PROBLEMS = 20
XLSX_MAGIC = b"PK\x03\x04"
MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
MONTH_DANISH = re.compile(r"^(\d{1,2})\.(\d{4})$")

Cells = list[object]


def _row_message(row: int, message: str) -> str:
    return _("Row %(row)s: %(problem)s") % {"row": row, "problem": message}


def _csv_rows(content: bytes) -> list[Cells]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("The file is not a CSV file in UTF-8.")) from None
    if "\x00" in text:
        raise ValueError(_("The file is not a CSV file in UTF-8."))
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if ";" in first else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(content: bytes) -> list[Cells]:
    from openpyxl import load_workbook  # only an import of an XLSX file needs it

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise ValueError(_("The file is not a valid XLSX file.")) from None
    return rows


def _rows_of(filename: str, content: bytes) -> list[Cells]:
    """The file's rows as cells, by its kind: CSV (semicolons or commas, UTF-8 with or without a
    byte order mark) or XLSX (the first sheet)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not content.startswith(XLSX_MAGIC):
            raise ValueError(_("The file is named .xlsx but is not an XLSX file."))
        return _xlsx_rows(content)
    if name.endswith(".csv"):
        if content.startswith(XLSX_MAGIC):
            raise ValueError(_("The file is named .csv but is an XLSX file: name it .xlsx."))
        return _csv_rows(content)
    raise ValueError(_("Only CSV and XLSX files can be imported (the file name ends in .csv or .xlsx)."))


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def parse_month(value: object) -> date | None:
    """A month as YYYY-MM or MM.YYYY (or a date from a spreadsheet cell): its first day."""
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    text = _text(value)
    iso, danish = MONTH_ISO.match(text), MONTH_DANISH.match(text)
    year, month = (int(iso[1]), int(iso[2])) if iso else (int(danish[2]), int(danish[1])) if danish else (0, 0)
    if not 1 <= month <= 12 or year < 1900:
        return None
    return date(year, month, 1)


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = _text(value)
    return int(text) if text.isdigit() else None


Problem = tuple[str, str]  # the message and its code


def parse_rows(rows: list[Cells]) -> tuple[list[dict[str, object]], list[Problem]]:
    """The rows as stored (month, measure, count) and the problems, each naming its row (the
    file's row number, the header being row 1)."""
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(_text(cell) for cell in row)]
    if not numbered:
        return [], [(_("The file is empty."), "empty_file")]
    header_row, header = numbered[0]
    if tuple(_text(cell).lower() for cell in header if _text(cell)) != HEADER:
        expected = ";".join(HEADER)
        message = _("the columns must be %(expected)s.") % {"expected": expected}
        return [], [(_row_message(header_row, message), "wrong_header")]
    if len(numbered) == 1:
        return [], [(_("The file has no rows below the header."), "empty_file")]
    found: list[dict[str, object]] = []
    problems: list[Problem] = []
    seen: dict[tuple[date, str], int] = {}
    last_month = today().replace(day=1)
    for n, row in numbered[1:]:
        cells = [*row, None, None, None][:3]
        if any(_text(cell) for cell in row[3:]):
            problems.append((_row_message(n, _("the row has more than three columns.")), "extra_columns"))
            continue
        month, measure, count = parse_month(cells[0]), MEASURES.get(_text(cells[1]).lower()), _count(cells[2])
        if month is None:
            message = _("the month %(value)s is not YYYY-MM or MM.YYYY.") % {"value": _text(cells[0])}
            problems.append((_row_message(n, message), "bad_month"))
        elif month > last_month:
            message = _("the month %(value)s is in the future.") % {"value": f"{month:%m.%Y}"}
            problems.append((_row_message(n, message), "future_month"))
        if measure is None:
            known = ", ".join(MEASURES)
            message = _("the measure %(value)s is unknown; use one of %(known)s.")
            problems.append((_row_message(n, message % {"value": _text(cells[1]), "known": known}), "unknown_measure"))
        if count is None:
            message = _("the count %(value)s is not a whole number of 0 or more.")
            problems.append((_row_message(n, message % {"value": _text(cells[2])}), "bad_count"))
        if month is None or measure is None or count is None or month > last_month:
            continue
        if (month, measure) in seen:
            message = _("the month and measure are also on row %(other)s.") % {"other": seen[(month, measure)]}
            problems.append((_row_message(n, message), "duplicate"))
            continue
        seen[(month, measure)] = n
        found.append({"month": month.isoformat(), "measure": measure, "count": count})
    found.sort(key=lambda r: (str(r["month"]), list(MEASURES.values()).index(str(r["measure"]))))
    return found, problems


def read_return_file(filename: str, content: bytes, field: str = "file") -> list[dict[str, object]]:
    """The rows of a return table file, or a refusal at ``field`` naming every problem."""
    if not content:
        raise refuse(field, _("The file is empty."), "empty_file")
    if len(content) > MAX_BYTES:
        raise refuse(field, _("The file is larger than 2 MB."), "too_large")
    try:
        rows = _rows_of(filename, content)
    except ValueError as problem:
        raise refuse(field, str(problem), "invalid_file") from None
    found, problems = parse_rows(rows)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append((_("… and %(n)s more problems.") % {"n": len(problems) - MAX_PROBLEMS}, "more"))
        raise ValidationError({field: [ValidationError(message, code=code) for message, code in shown]})
    return found


def require_leader_in(actor: Actor, municipality: Municipality) -> None:
    """Refuse unless the actor is the leader of a unit in the municipality."""
    units = municipality.units.filter(active=True).values_list("pk", flat=True)
    if not any(actor.has_role(unit_id, REGISTER_EXTRACT) for unit_id in units):
        raise PermissionDenied(_("Only the leader of one of the municipality's units can import return tables."))


@transaction.atomic
def import_return_table(
    actor: Actor,
    municipality: Municipality,
    register: str,
    title: str,
    filename: str,
    content: bytes,
    *,
    field: str = "file",
) -> ReturnTable:
    """Import a table sent back by a national body for the municipality: refused whole, with every
    problem named, unless every row is right."""
    require_leader_in(actor, municipality)
    if register not in Register.values:
        raise refuse("register", _("Unknown register."), "unknown_code")
    title = title.strip()
    if not title:
        raise refuse("title", _("Give the table a title."), "required")
    if len(title) > 200:
        raise refuse("title", _("The title can be at most 200 characters."), "too_long")
    name = filename.strip().replace("\\", "/").rsplit("/", 1)[-1][:200]
    rows = read_return_file(name, content, field)
    return ReturnTable.objects.create(
        municipality=municipality,
        register=register,
        title=title,
        rows=rows,
        filename=name,
        imported_by=actor.user,
    )
