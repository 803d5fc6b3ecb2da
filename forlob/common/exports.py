# SPDX-License-Identifier: AGPL-3.0-or-later
"""Files for Danish Excel, shared by every export: CSV with semicolons and a byte order mark,
no cell that Excel would run as a formula, decimal commas; and a download response."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify

from forlob.common.dates import today

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_text(value: object) -> str:
    """A cell as text: shares with a decimal comma, text made formula-safe."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file that hands back what is written to it: csv.writer then yields one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_response(
    filename: str, header: Sequence[object], rows: Iterable[Sequence[object]], notes: list[str]
) -> StreamingHttpResponse:
    """CSV for Excel (byte order mark, semicolons), sent line by line as the rows come: an export
    of any size holds one row in memory at a time."""
    writer = csv.writer(_Line(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([cell_text(h) for h in header])
        for row in rows:
            yield writer.writerow([cell_text(c) for c in row])
        yield writer.writerow([])
        for line in notes:
            yield writer.writerow([cell_text(line)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Exported files are named by what they hold, whose figures (the scope) and the day they were made,
# e.g. ``forebyggelse-faxe-2026-12-01.xlsx``, so downloads of different scopes or days never
# overwrite each other. ASCII only (æ, ø, å spelt out), so the name survives mail and file systems.

# slugify drops ø and æ (they do not decompose to a letter); the Danish spelling keeps the word.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def export_name(*parts: object, made_on: date | None = None) -> str:
    """The file name without its extension: the parts in order, then the day, e.g.
    ``export_name("Forebyggelse", "Faxe")`` → ``forebyggelse-faxe-2026-12-01``."""
    words = [slugify(str(part).translate(_DANISH)) for part in parts]
    return "-".join([*(word for word in words if word), (made_on or today()).isoformat()])


def xlsx_table(title: str, header: Sequence[object], rows: Iterable[Sequence[object]], notes: list[str]) -> bytes:
    """One sheet: a bold title and header, the rows as text (never a formula), then the notes."""
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(title[:31])
    sheet.write_string(0, 0, title, bold)
    for c, text in enumerate(header):
        sheet.write_string(2, c, cell_text(text), bold)
    r = 2
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            sheet.write_string(r, c, cell_text(value))
    for n, line in enumerate(notes, start=r + 2):
        sheet.write_string(n, 0, cell_text(line))
    sheet.set_column(0, len(header) - 1, 20)
    book.close()
    return out.getvalue()
