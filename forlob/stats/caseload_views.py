# SPDX-License-Identifier: AGPL-3.0-or-later
"""The leader's page "Kapacitet og sagsbelastning" and its XLSX export: the unit's staff figures,
internal, for the unit's leader only."""

import io
from decimal import Decimal

import xlsxwriter
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.common.exports import XLSX, export_name, file_response
from forlob.organisations.models import Unit
from forlob.organisations.view_access import actor_of
from forlob.stats import suppression
from forlob.stats.caseload import (
    DEADLINE_SOON_DAYS,
    DEMAND_WEEKS,
    FULL_TIME_HOURS,
    SESSION_WEEKS,
    Caseload,
    caseload,
    led_unit,
)
from forlob.stats.exports import source_line


@login_required
def caseload_page(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("unit", "")
    unit, units = led_unit(actor_of(request), int(wanted) if wanted.isdigit() else None)
    figures = caseload(unit.pk, today())
    if request.GET.get("format") == "xlsx":
        name = export_name(_("Capacity and caseload"), unit.name)
        return file_response(caseload_xlsx(unit, figures), f"{name}.xlsx", XLSX)
    context = {
        "nav": "stats",
        "unit": unit,
        "units": units,
        "figures": figures,
        "header": clinician_header(),
        "unit_rows": unit_figures(figures),
        "view_label": suppression.view_label(suppression.INTERNAL),
        "session_weeks": SESSION_WEEKS,
        "full_time_hours": FULL_TIME_HOURS,
        "source": source_line(),
    }
    return render(request, "stats/caseload.html", context)


def caseload_xlsx(unit: Unit, figures: Caseload) -> bytes:
    """One sheet: heading, the internal label, the clinicians' table, then the unit's figures."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom"})
    number = book.add_format({"num_format": "0.0", "align": "right"})
    sheet = book.add_worksheet(_("Capacity and caseload")[:31])
    sheet.write_string(0, 0, _("Capacity and caseload"), bold)
    sheet.write_string(1, 0, f"{unit.name}, {date_format(figures.day, 'd.m.Y')}")
    sheet.write_string(2, 0, suppression.view_label(suppression.INTERNAL), bold)
    sheet.write_row(4, 0, clinician_header(), head)
    row = 5
    for c in figures.clinicians:
        sheet.write_string(row, 0, c.name)
        sheet.write_string(row, 1, ", ".join(c.roles))
        sheet.write_string(row, 2, c.profession)
        for col, value in enumerate(
            (c.weekly_hours, c.full_time, c.open_courses, c.sessions_per_week, c.courses_per_full_time), start=3
        ):
            if value is not None:
                sheet.write_number(row, col, float(value), number)
        row += 1
    row += 1
    sheet.write_string(row, 0, _("The unit"), bold)
    for label, value in unit_figures(figures):
        row += 1
        sheet.write_string(row, 0, label)
        if value is not None:
            sheet.write_number(row, 1, float(value), number)
    sheet.write_string(row + 2, 0, source_line())
    sheet.set_column(0, 0, 45)
    sheet.set_column(1, 7, 14)
    book.close()
    return out.getvalue()


def clinician_header() -> list[str]:
    return [
        _("Staff member"),
        _("Roles"),
        _("Profession"),
        _("Weekly hours"),
        _("Full-time posts"),
        _("Open courses as responsible"),
        _("Sessions per week"),
        _("Courses per full-time post"),
    ]


def unit_figures(figures: Caseload) -> list[tuple[str, Decimal | int | None]]:
    """The unit's figures in the order the page and the export show them."""
    rows: list[tuple[str, Decimal | int | None]] = [
        (_("Full-time posts (%(hours)s hours)") % {"hours": FULL_TIME_HOURS}, figures.full_time),
        (_("Open courses"), figures.open_courses),
        (_("Courses per full-time post"), figures.courses_per_full_time),
    ]
    for weeks in DEMAND_WEEKS:
        label = _("New requests per week, last %(weeks)s weeks") % {"weeks": weeks}
        rows.append((label, figures.requests_per_week[weeks]))
    for weeks in DEMAND_WEEKS:
        label = _("Courses started per week, last %(weeks)s weeks") % {"weeks": weeks}
        rows.append((label, figures.started_per_week[weeks]))
    rows += [
        (_("Requests waiting to start"), figures.waiting),
        (_("Of these past the guarantee deadline"), figures.waiting_late),
        (_("Of these with the deadline within %(days)s days") % {"days": DEADLINE_SOON_DAYS}, figures.waiting_soon),
    ]
    return rows
