# SPDX-License-Identifier: AGPL-3.0-or-later
"""National registration in the statistics API: the completeness of the units' registration by
month, and the registers' return tables (import, list, comparison with Forløb's own figures),
under the same rules, suppression and refusals as the pages."""

import base64
import binascii
from datetime import date, datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja.responses import Status

from forlob.common.api import ERRORS, Id, OneOf, Schema, rules, text
from forlob.common.errors import refuse
from forlob.organisations.api import municipality_by_code, request_actor
from forlob.registers.actions.returns import MAX_BYTES, import_return_table
from forlob.registers.models import Register, ReturnTable
from forlob.stats import returns, suppression
from forlob.stats.api import CountOut, ReportOut, _count, _report_out, _scope_key
from forlob.stats.reports.registration import completeness
from forlob.stats.scopes import scope_for, view_for

router = Router(tags=["Statistik"])


class ReturnRowOut(Schema):
    month: date = Field(description="The first day of the month.")
    measure: Literal["started", "ended", "active"]
    count: int


class ReturnTableOut(Schema):
    id: int
    municipality_code: str
    national_register: str = Field(description="nab or drugs.")
    title: str
    filename: str
    imported_at: datetime
    rows: list[ReturnRowOut]


class ReturnTableIn(Schema):
    municipality_code: str = text(10, description="A municipality where the user leads a unit.")
    national_register: Annotated[str, OneOf(Register)]
    title: str = text(200)
    filename: str = text(200, description="The file name; it ends in .csv or .xlsx.")
    content_base64: str = Field(
        min_length=1,
        max_length=(MAX_BYTES + 2) // 3 * 4 + 4,
        description="The file, base64-encoded: CSV or XLSX with the columns måned;mål;antal, at most 2 MB.",
    )


class ComparisonLineOut(Schema):
    month: date
    measure: Literal["started", "ended", "active"]
    measure_label: str
    register_count: CountOut
    forlob_count: CountOut
    difference: int | None = Field(description="Forløb's count less the register's; None when a count is hidden.")
    remark: str


class ReturnComparisonOut(Schema):
    table: ReturnTableOut
    view: Literal["internal", "published"]
    view_label: str
    differences: int
    lines: list[ComparisonLineOut]


class CompletenessQuery(Schema):
    scope: str = Field(
        pattern=r"^(unit|municipality|cluster|municipality_code):[0-9]{1,18}$",
        description="unit:<id>, municipality:<id>, municipality_code:<code> or cluster:<id>, one of GET "
        "/stats/scopes; the units of a municipality or cluster are counted.",
    )
    view: Literal["internal", "published", ""] = ""


def _table_out(table: ReturnTable) -> dict[str, object]:
    return {
        "id": table.pk,
        "municipality_code": table.municipality.code,
        "national_register": table.register,
        "title": table.title,
        "filename": table.filename,
        "imported_at": table.imported_at,
        "rows": table.rows,
    }


@router.get(
    "/stats/registration/completeness",
    response={200: ReportOut, **ERRORS},
    openapi_extra=rules(("view", "internal only for the unit's leader, for scope unit:<id> of that unit; else 403.")),
)
def registration_completeness(request: HttpRequest, params: Query[CompletenessQuery]) -> object:
    """Each unit's courses fully registered for the national registers, a row per unit and month
    for the last twelve finished months and the current one."""
    actor = request_actor(request)
    scope = scope_for(actor, _scope_key(params.scope))
    view = view_for(actor, scope, params.view)
    return _report_out(completeness(scope, view).report(), scope.label)


@router.get("/stats/registration/return-tables", response={200: list[ReturnTableOut], **ERRORS})
def list_return_tables(request: HttpRequest) -> object:
    """The return tables of the municipalities where I lead a unit or am an analyst, newest first."""
    return [_table_out(t) for t in returns.return_tables(request_actor(request))]


@router.post(
    "/stats/registration/return-tables",
    response={201: ReturnTableOut, **ERRORS},
    openapi_extra=rules(
        ("municipality_code", "A municipality where the user leads a unit; otherwise 403."),
        ("content_base64", "Valid base64 of a CSV or XLSX file named so, not empty, at most 2 MB, every row right."),
    ),
)
def create_return_table(request: HttpRequest, body: ReturnTableIn) -> Status[object]:
    """Import a table sent back by a national body. A file with a problem is refused whole, with
    every problem named by its row (422, at content_base64)."""
    actor = request_actor(request)
    municipality = municipality_by_code(body.municipality_code)
    if municipality is None:
        raise refuse("municipality_code", _("Required."), "required")
    try:
        content = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise refuse("content_base64", _("The file is not valid base64."), "invalid_base64") from None
    table = import_return_table(
        actor, municipality, body.national_register, body.title, body.filename, content, field="content_base64"
    )
    return Status(201, _table_out(table))


@router.get("/stats/registration/return-tables/{table_id}/comparison", response={200: ReturnComparisonOut, **ERRORS})
def return_table_comparison(request: HttpRequest, table_id: Id) -> object:
    """The table's rows beside Forløb's own figures and the differences: exact for the leaders
    of the municipality's units, published (small counts hidden) for its analysts."""
    actor = request_actor(request)
    table = returns.return_table(actor, table_id)
    found = returns.comparison(actor, table)
    return {
        "table": _table_out(table),
        "view": found.view,
        "view_label": suppression.view_label(found.view),
        "differences": found.differences,
        "lines": [
            {
                "month": line.month,
                "measure": line.measure,
                "measure_label": line.measure_label,
                "register_count": _count(line.theirs),
                "forlob_count": _count(line.ours),
                "difference": line.difference,
                "remark": line.remark,
            }
            for line in found.lines
        ],
    }
