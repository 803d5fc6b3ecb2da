# SPDX-License-Identifier: AGPL-3.0-or-later
"""Exports of a report's tables, in the view they were built in (internal or published), each
file labelled with it. CSV opens right in Danish
Excel (semicolons, UTF-8 with BOM, decimal comma, no cell that Excel would run as a formula);
XLSX has a sheet per table; the PDF is for the committee, with charts."""

import io

import xlsxwriter
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.common.dates import today
from forlob.common.pdf import render_pdf
from forlob.stats.charts import chart_svg
from forlob.stats.report import Report
from forlob.stats.suppression import Count, view_label


def source_line() -> str:
    return _("Source: Forløb, extracted %(day)s") % {"day": date_format(today(), "d.m.Y")}


def sheet_name(title: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31].strip() or "Tabel"
    base, n = name, 2
    while name in used:
        name = f"{base[:27]} ({n})"
        n += 1
    used.add(name)
    return name


def xlsx_bytes(reports: list[Report], heading: str, notes: list[str]) -> bytes:
    """A workbook with a sheet per table: heading, the view (internal or published), header row,
    counts as numbers (a hidden count as its text), measures with one decimal, then the notes."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom"})
    count = book.add_format({"num_format": "0", "align": "right"})
    decimal = book.add_format({"num_format": "0.0", "align": "right"})
    used: set[str] = set()
    for report in reports:
        sheet = book.add_worksheet(sheet_name(report.title, used))
        sheet.write_string(0, 0, report.title, bold)
        sheet.write_string(1, 0, heading)
        sheet.write_string(2, 0, view_label(report.view), bold)
        sheet.write_row(3, 0, report.header, head)
        lines = report.lines()
        for r, line in enumerate(lines, start=4):
            sheet.write_string(r, 0, str(line[0]), bold if r == 3 + len(lines) and report.totals else None)
            for c, value in enumerate(line[1:], start=1):
                if isinstance(value, Count) and value.value is not None:
                    sheet.write_number(r, c, value.value, count)
                elif isinstance(value, float):
                    sheet.write_number(r, c, value, decimal)
                elif value is not None:
                    sheet.write_string(r, c, str(value), count)
        for i, note_line in enumerate(notes, start=5 + len(lines)):
            sheet.write_string(i, 0, note_line)
        sheet.set_column(0, 0, max(14, *(len(str(line[0])) for line in lines)) if lines else 14)
        sheet.set_column(1, len(report.header) - 1, 13)
    book.close()
    return out.getvalue()


def pdf_bytes(reports: list[Report], heading: str, municipality: str, notes: list[str]) -> bytes:
    """A committee-ready document: the municipality, the period, the view, each table with its
    chart, the suppression note and the source line."""
    return render_pdf(
        "stats/report_pdf.html",
        {
            "reports": [(report, chart_svg(report)) for report in reports],
            "view_label": view_label(reports[0].view) if reports else "",
            "heading": heading,
            "municipality": municipality,
            "notes": notes,
        },
    )
