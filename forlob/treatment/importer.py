# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading and checking a file of historical courses, CSV or XLSX (docs/import.md lists the
columns): every problem is reported with its row number, column and a Danish message. The import
itself is ``forlob.treatment.actions.import_courses``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.citizens import cpr
from forlob.citizens.models import Sex
from forlob.common.dates import today
from forlob.organisations.access import IMPORT_COURSES, Actor
from forlob.organisations.models import Municipality, Unit
from forlob.treatment.import_file import ImportFileError
from forlob.treatment.models import EndReason, OfferType, Substance

REQUIRED = ("institutionskode", "startdato", "tilbud", "hovedrusmiddel")
OPTIONAL = (
    "cpr",
    "pseudonym",
    "fornavn",
    "efternavn",
    "foedselsaar",
    "koen",
    "kommunekode",
    "slutdato",
    "afslutningsaarsag",
)
COLUMNS = REQUIRED + OPTIONAL
COLUMN_HELP = {
    "institutionskode": gettext_lazy("The unit's institution code in national reporting, e.g. 3502."),
    "startdato": gettext_lazy("Start of the course: dd.mm.åååå or åååå-mm-dd."),
    "tilbud": gettext_lazy("The offer, as its code or its Danish name, e.g. ambulant or Ambulant behandling."),
    "hovedrusmiddel": gettext_lazy("The main substance, as its code or its Danish name, e.g. alcohol or Alkohol."),
    "cpr": gettext_lazy("The citizen's CPR number. Either cpr or pseudonym in every row."),
    "pseudonym": gettext_lazy("For a citizen without a CPR number: a stable pseudonym; needs foedselsaar and koen."),
    "fornavn": gettext_lazy("First name (optional)."),
    "efternavn": gettext_lazy("Last name (optional)."),
    "foedselsaar": gettext_lazy("Birth year, for a pseudonym."),
    "koen": gettext_lazy("Sex, for a pseudonym: K or M."),
    "kommunekode": gettext_lazy("The municipality the citizen lives in (three digits); otherwise the unit's."),
    "slutdato": gettext_lazy("End of the course; empty while it is open."),
    "afslutningsaarsag": gettext_lazy("NAB end reason, as its code or its Danish name; required with an end date."),
}
# Problems listed in full; beyond this only counted.
MAX_PROBLEMS = 1000
BATCH = 2000


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    existing: int = 0
    new_citizens: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    refused_rows: set[int] = field(default_factory=set)
    commit_asked: bool = False
    committed: bool = False
    slices: int = 0  # transactions the import was written in

    def add(self, row: int, column: str, message: str) -> None:
        self.problem_count += 1
        self.refused_rows.add(row)
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))

    def lines(self) -> list[str]:
        """The report as Danish text: every problem listed, then the summary."""
        lines = [
            _("Row %(row)s, column %(column)s: %(message)s") % {"row": p.row, "column": p.column, "message": p.message}
            for p in self.problems
        ]
        if self.problem_count > len(self.problems):
            lines.append(_("… and %(n)s more problems.") % {"n": self.problem_count - len(self.problems)})
        return lines + self.summary()

    def summary(self) -> list[str]:
        """What the file holds and what was done with it."""
        lines: list[str] = []
        numbers = {
            "rows": self.rows,
            "new": self.created,
            "citizens": self.new_citizens,
            "existing": self.existing,
            "refused": len(self.refused_rows),
            "problems": self.problem_count,
        }
        if self.committed:
            lines.append(
                _(
                    "Imported: %(new)s new courses (%(citizens)s new citizens). Skipped: %(existing)s "
                    "already imported. %(rows)s rows in the file."
                )
                % numbers
            )
        elif self.problem_count:
            lines.append(
                _(
                    "%(rows)s rows: %(refused)s refused with %(problems)s problems (listed above), "
                    "%(new)s new courses, %(existing)s already imported."
                )
                % numbers
            )
            lines.append(_("Nothing was imported. Correct the rows and try again."))
        elif self.commit_asked:
            lines.append(_("Nothing new to import: the file's %(existing)s courses are already imported.") % numbers)
        else:
            lines.append(
                _(
                    "%(rows)s rows: %(new)s new courses (%(citizens)s new citizens), "
                    "%(existing)s already imported, %(problems)s problems."
                )
                % numbers
            )
            lines.append(_("Check only: nothing was imported."))
        return lines


@dataclass(slots=True)
class Parsed:
    row: int
    unit: Unit
    person: str  # "cpr:<hash>" or "alias:<pseudonym>"
    cpr_digits: str
    alias: str
    first_name: str
    last_name: str
    birth_year: int | None
    sex: str
    municipality: Municipality | None
    offer_type: str
    substance: str
    started_on: date
    ended_on: date | None
    end_reason: str

    @property
    def key(self) -> tuple[str, int, str, date]:
        return (self.person, self.unit.pk, self.offer_type, self.started_on)

    @property
    def record(self) -> tuple[int, str]:
        """The unit's record of the person: each unit keeps its own (see forlob.citizens.models)."""
        return (self.unit.pk, self.person)


def check_header(header: list[str]) -> None:
    """The file's columns: every required one, none unknown, and cpr or pseudonym."""
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        parts.append(_("The columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)})
        raise ImportFileError(" ".join(parts))
    if "cpr" not in header and "pseudonym" not in header:
        raise ImportFileError(_("The file needs a column cpr or a column pseudonym."))


# --- Checking rows ---------------------------------------------------------------------------


_DANISH_DATE = re.compile(r"(\d{1,2})([.-])(\d{1,2})\2(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value: str) -> date:
    """dd.mm.åååå, dd-mm-åååå or åååå-mm-dd; raises ValueError otherwise (also for 31.02)."""
    value = value.strip()
    if found := _DANISH_DATE.fullmatch(value):
        day, _sep, month, year = found.groups()
    elif found := _ISO_DATE.fullmatch(value):
        year, month, day = found.groups()
    else:
        raise ValueError(value)
    return date(int(year), int(month), int(day))


def _choices(enum: type) -> dict[str, str]:
    """Code or Danish label (any case) → code."""
    with translation.override("da"):
        found = {str(label).lower(): value for value, label in enum.choices}  # type: ignore[attr-defined]
    return found | {value.lower(): value for value in enum.values}  # type: ignore[attr-defined]


class RowChecker:
    """Checks the rows one at a time against the units, municipalities and codes, read once."""

    def __init__(self, actor: Actor, result: ImportResult) -> None:
        self.result = result
        allowed = actor.unit_ids(IMPORT_COURSES)
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.exclude(institution_code="").order_by("pk"):
            self.units.setdefault(unit.institution_code, unit)
        self.allowed = allowed
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.offers = _choices(OfferType)
        self.substances = _choices(Substance)
        self.reasons = _choices(EndReason)
        self.sexes = _choices(Sex) | {"kvinde": Sex.FEMALE, "mand": Sex.MALE}
        self.day = today()

    def parse(self, number: int, header: list[str], values: list[str]) -> Parsed | None:
        row = {
            name: (values[i].strip() if i < len(values) and values[i] is not None else "")
            for i, name in enumerate(header)
        }
        before = self.result.problem_count
        add = self.result.add

        unit = self.units.get(row["institutionskode"])
        if not row["institutionskode"]:
            add(number, "institutionskode", _("Enter the institution code."))
        elif unit is None:
            add(
                number,
                "institutionskode",
                _("No unit has the institution code %(code)s.") % {"code": row["institutionskode"]},
            )
        elif unit.pk not in self.allowed:
            add(number, "institutionskode", _("You may not import courses for %(unit)s.") % {"unit": unit.name})

        digits, alias, birth_year, sex = "", row.get("pseudonym", ""), None, ""
        if row.get("cpr"):
            try:
                digits = cpr.normalise(row["cpr"])
            except ValidationError as error:
                add(number, "cpr", error.messages[0])
        elif alias:
            try:
                birth_year = int(row.get("foedselsaar", ""))
                if not 1900 <= birth_year <= self.day.year:
                    raise ValueError
            except ValueError:
                add(
                    number,
                    "foedselsaar",
                    _("A citizen with a pseudonym needs a birth year between 1900 and this year."),
                )
            sex = self.sexes.get(row.get("koen", "").lower(), "")
            if not sex:
                add(number, "koen", _("A citizen with a pseudonym needs the sex: K or M."))
        else:
            add(number, "cpr", _("Enter the CPR number or a pseudonym."))
        municipality = None
        if row.get("kommunekode"):
            municipality = self.municipalities.get(row["kommunekode"].zfill(3))
            if municipality is None:
                add(number, "kommunekode", _("Unknown municipality code: %(code)s.") % {"code": row["kommunekode"]})

        offer = self.offers.get(row["tilbud"].lower(), "")
        if not offer:
            add(number, "tilbud", _("Unknown offer: %(value)s.") % {"value": row["tilbud"]})
        substance = self.substances.get(row["hovedrusmiddel"].lower(), "")
        if not substance:
            add(number, "hovedrusmiddel", _("Unknown main substance: %(value)s.") % {"value": row["hovedrusmiddel"]})

        started_on = self._date(number, row, "startdato", required=True)
        ended_on = self._date(number, row, "slutdato", required=False)
        reason = ""
        if row.get("afslutningsaarsag"):
            reason = self.reasons.get(row["afslutningsaarsag"].lower(), "")
            if not reason:
                add(
                    number,
                    "afslutningsaarsag",
                    _("Unknown end reason: %(value)s.") % {"value": row["afslutningsaarsag"]},
                )
        if ended_on and not row.get("afslutningsaarsag"):
            add(number, "afslutningsaarsag", _("A course with an end date needs an end reason."))
        if reason and not ended_on and not row.get("slutdato"):
            add(number, "slutdato", _("A course with an end reason needs an end date."))
        if started_on and ended_on and ended_on < started_on:
            add(number, "slutdato", _("The end date is before the start date."))

        if self.result.problem_count > before:
            return None
        assert unit is not None and started_on is not None
        return Parsed(
            row=number,
            unit=unit,
            person=f"cpr:{cpr.lookup_hash(digits)}" if digits else f"alias:{alias}",
            cpr_digits=digits,
            alias="" if digits else alias,
            first_name=row.get("fornavn", ""),
            last_name=row.get("efternavn", ""),
            birth_year=birth_year,
            sex=sex,
            municipality=municipality,
            offer_type=offer,
            substance=substance,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=reason,
        )

    def _date(self, number: int, row: dict[str, str], column: str, *, required: bool) -> date | None:
        value = row.get(column, "")
        if not value:
            if required:
                self.result.add(number, column, _("Enter the date."))
            return None
        try:
            day = parse_date(value)
        except ValueError:
            self.result.add(number, column, _("Write the date as dd.mm.åååå: %(value)s.") % {"value": value})
            return None
        if day > self.day:
            self.result.add(number, column, _("The date is in the future."))
            return None
        return day
