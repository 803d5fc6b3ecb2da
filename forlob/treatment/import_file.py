# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading a file of historical courses, CSV or XLSX, into a header and rows. A file that cannot
be read as a whole is refused with one Danish message naming the line and, where there is one,
the column: never a traceback, and nothing is imported (the rows are all read before any is)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The longest value a column takes is a name or a pseudonym; a field far beyond that is a quote
# left open, which swallows the lines after it. The limit is the csv module's, for the process
# (its default of 131,072 characters was met only by such broken files, and raised a traceback).
FIELD_LIMIT = 2000
csv.field_size_limit(FIELD_LIMIT)
DELIMITERS = {
    ";": gettext_lazy("semicolons"),
    ",": gettext_lazy("commas"),
    "\t": gettext_lazy("tabs"),
    "|": gettext_lazy("vertical bars"),
}
Rows = Iterator[tuple[int, list[str]]]  # (line number, values)


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, encoding, quoting, delimiter or columns."""

    def __init__(self, message: str, line: int | None = None, column: str = "") -> None:
        self.message, self.line, self.column = message, line, column
        if line is not None and column:
            text = _("Row %(row)s, column %(column)s: %(message)s")
        elif line is not None:
            text = _("Row %(row)s: %(message)s")
        else:
            text = "%(message)s"
        super().__init__(text % {"row": line, "column": column, "message": message})


def read_rows(name: str, content: bytes) -> tuple[list[str], Rows]:
    """The header (lower-cased) and the rows, each with the number of the line it begins on, of a
    CSV (semicolon or comma, UTF-8) or XLSX file. The rows are read lazily; reading them raises
    ImportFileError at the first broken line."""
    lower = name.lower()
    if lower.endswith(".xlsx") or content.startswith(b"PK\x03\x04"):  # an XLSX file named .csv too
        return _xlsx_rows(content)
    if not lower.endswith((".csv", ".txt")):
        raise ImportFileError(_("The file must be a CSV or XLSX file."))
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    _refuse_other_kinds(content)
    header_end = content.find(b"\n")
    first = content[: header_end if header_end >= 0 else len(content)]
    delimiter = _delimiter(_decode(first.removeprefix(b"\xef\xbb\xbf"), content, 0, ";", []))
    # Decoded line by line as the rows are read: a decoded copy of the whole file took four
    # times its size in memory.
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    lines = _Lines(text, content, delimiter)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header = [h.strip().lower() for h in _next_row(reader, lines, [])]
    lines.header = header
    return header, _rows(reader, lines, header)


def _refuse_other_kinds(content: bytes) -> None:
    """Files that are not text: an old Excel workbook, a PDF, UTF-16 text, anything with NUL bytes."""
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("The file is an old Excel workbook (XLS). Save it as XLSX or as CSV UTF-8."))
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            _("The file is UTF-16 encoded (Excel's 'Unicode text'). Save it as 'CSV UTF-8 (semicolon separated)'.")
        )
    nul = content.find(b"\x00", 0, 65536)
    if nul >= 0:
        line = content.count(b"\n", 0, nul) + 1
        raise ImportFileError(_("The file is not a text file (it holds binary data). Choose the CSV file."), line)


def _delimiter(first_line: str) -> str:
    """Semicolon or comma, whichever the header has more of; another separator is refused."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    if counts[";"] or counts[","]:
        return ";" if counts[";"] >= counts[","] else ","
    found = max(counts, key=lambda d: counts[d])
    if counts[found]:
        raise ImportFileError(
            _("The columns are separated by %(found)s. Separate them by semicolons (or commas).")
            % {"found": DELIMITERS[found]},
            1,
        )
    return ";"  # one column only: check_header names the missing ones


def _decode(raw: bytes, content: bytes, offset: int, delimiter: str, header: list[str]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        _refuse_encoding(content, offset + error.start, delimiter, header)
        raise  # not reached


def _refuse_encoding(content: bytes, at: int, delimiter: str, header: list[str]) -> None:
    """The line and column of the first byte that is not UTF-8, and what the file seems to be."""
    line, column = _position(content, at, delimiter, header)
    try:
        content.decode("cp1252")
        seems = _("It seems to be saved as Windows-1252 (Excel's 'CSV (semicolon separated)').")
    except UnicodeDecodeError:
        seems = _("Its encoding is not known.")
    message = _("The file is not UTF-8 encoded. %(seems)s In Excel, save it as 'CSV UTF-8 (semicolon separated)'.")
    raise ImportFileError(message % {"seems": seems}, line, column)


def _position(content: bytes, at: int, delimiter: str, header: list[str]) -> tuple[int, str]:
    """Line number and column name of a byte offset in the file."""
    start = content.rfind(b"\n", 0, at) + 1
    before = content[start:at].decode("utf-8", "replace")
    fields = next(csv.reader([before], delimiter=delimiter), [""])
    return content.count(b"\n", 0, at) + 1, _column_name(header, len(fields) - 1 if fields else 0)


def _column_name(header: list[str], index: int) -> str:
    if index < len(header) and header[index]:
        return header[index]
    return _("no. %(n)s (no name)") % {"n": index + 1}


class _Lines:
    """The file's lines for the csv reader, keeping the raw text of the record being read so a
    broken record can be placed: which line it starts on and which field breaks it."""

    def __init__(self, text: Iterable[str], content: bytes, delimiter: str) -> None:
        self.text, self.content, self.delimiter = iter(text), content, delimiter
        self.header: list[str] = []
        self.record: list[str] = []
        self.line = 0  # of the last line read

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        try:
            line = next(self.text)
        except UnicodeDecodeError:
            self._locate_bad_byte()
            raise
        self.line += 1
        self.record.append(line)
        return line

    def _locate_bad_byte(self) -> None:
        # The text is decoded a block ahead, perhaps before the header is read: it is read here.
        first = self.content.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
        header = self.header or [h.strip().lower() for h in next(csv.reader([first], delimiter=self.delimiter))]
        try:
            self.content.decode("utf-8")
        except UnicodeDecodeError as error:
            _refuse_encoding(self.content, error.start, self.delimiter, header)


def _next_row(reader: Iterator[list[str]], lines: _Lines, header: list[str]) -> list[str]:
    lines.record = []
    try:
        return next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except csv.Error:
        raise _broken_record(lines, header) from None


def _rows(reader: Iterator[list[str]], lines: _Lines, header: list[str]) -> Rows:
    while True:
        lines.record = []
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise _broken_record(lines, header) from None
        if len(values) > len(header) or (len(values) == 1 and len(header) > 1 and values[0]):
            raise _wrong_fields(values, lines, header)
        yield lines.line - len(lines.record) + 1, values


def _broken_record(lines: _Lines, header: list[str]) -> ImportFileError:
    """A quote left open or followed by more text, or a field over FIELD_LIMIT."""
    first_line = lines.line - len(lines.record) + 1
    index, problem = _fault(("".join(lines.record)), lines.delimiter)
    if problem == "long":
        message = _('The field is longer than %(n)s characters. Is a quote (") missing its end?') % {
            "n": f"{FIELD_LIMIT:,}".replace(",", ".")
        }
    else:
        message = _(
            'The quoting is broken: a field that begins with a quote (") must end with one, and a quote '
            "inside it is written twice."
        )
    return ImportFileError(message, first_line, _column_name(header, index))


def _fault(text: str, delimiter: str) -> tuple[int, str]:
    """The index of the first broken field of a record, and how: "long" or "quote"."""
    i, index, n = 0, 0, len(text)
    while i < n:
        if text[i] == '"':
            j = i + 1
            while True:
                end = text.find('"', j)
                if end < 0:
                    return index, "long" if n - i > FIELD_LIMIT else "quote"
                if text.startswith('"', end + 1):
                    j = end + 2
                    continue
                break
            if end - i - 1 > FIELD_LIMIT:
                return index, "long"
            i = end + 1
            if i < n and text[i] not in (delimiter, "\r", "\n"):
                return index, "quote"
        else:
            end = min((k for k in (text.find(delimiter, i), text.find("\n", i)) if k >= 0), default=n)
            if end - i > FIELD_LIMIT:
                return index, "long"
            i = end
        if i < n and text[i] == delimiter:
            index, i = index + 1, i + 1
        else:
            break
    return index, "quote"


def _wrong_fields(values: list[str], lines: _Lines, header: list[str]) -> ImportFileError:
    """A row with more fields than the header, or one field where the header has several."""
    line = lines.line - len(lines.record) + 1
    if len(values) == 1:
        other = next((d for d in DELIMITERS if d != lines.delimiter and d in values[0]), None)
        if other is not None:
            message = _("The row is separated by %(found)s, the header by %(expected)s.") % {
                "found": DELIMITERS[other],
                "expected": DELIMITERS[lines.delimiter],
            }
            return ImportFileError(message, line)
    message = _("The row has %(n)s fields, the header %(m)s. Is a delimiter or a quote wrong?") % {
        "n": len(values),
        "m": len(header),
    }
    return ImportFileError(message, line, _column_name(header, len(header)))


def _xlsx_rows(content: bytes) -> tuple[list[str], Rows]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("The file cannot be read as an Excel workbook (XLSX).")) from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))

    def text(value: object) -> str:
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return "" if value is None else str(value)

    header = [text(h).strip().lower() for h in first]

    def cells() -> Rows:
        for number, row in enumerate(rows, start=2):
            values = [text(v) for v in row]
            for index, value in enumerate(values):
                if len(value) > FIELD_LIMIT:
                    message = _("The field is longer than %(n)s characters.") % {
                        "n": f"{FIELD_LIMIT:,}".replace(",", ".")
                    }
                    raise ImportFileError(message, number, _column_name(header, index))
            yield number, values

    return header, cells()
