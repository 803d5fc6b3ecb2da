# SPDX-License-Identifier: AGPL-3.0-or-later
"""Exports of suppressed tables. CSV opens right in Danish Excel: semicolons, UTF-8 with BOM,
decimal comma, and no cell that Excel would run as a formula."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forlob.common.errors import today
from forlob.stats.suppression import Count

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def source_line() -> str:
    return _("Source: Forløb, extracted %(day)s") % {"day": date_format(today(), "d.m.Y")}


def cell_text(value: object) -> str:
    """A cell as text: counts as published, shares with a decimal comma, text made formula-safe."""
    if value is None:
        return ""
    if isinstance(value, Count):
        return str(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows: Iterable[list[object]], notes: list[str]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([cell_text(h) for h in header])
    for row in rows:
        writer.writerow([cell_text(c) for c in row])
    writer.writerow([])
    for line in notes:
        writer.writerow([cell_text(line)])
    return response
