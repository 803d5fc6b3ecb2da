# SPDX-License-Identifier: AGPL-3.0-or-later
"""A leader's search of the access log of the units they lead: by citizen, staff member, period
and type of use. The search is itself a use of citizens' data, so it is logged at each unit
searched, with its terms; the citizens of the rows shown or exported are logged too.

A citizen is found through the logged citizen search, among the citizens the leader may see: a
CPR number not known at the leader's units gives the same empty answer as one unknown anywhere,
and only rows of the leader's own units are ever read."""

import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import xlsxwriter
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forlob.audit.log import log_access, log_many, log_selected
from forlob.audit.models import AccessLogEntry, Use
from forlob.citizens import cpr
from forlob.citizens import queries as citizen_queries
from forlob.common.dates import today
from forlob.common.errors import not_in_future, refuse
from forlob.common.exports import XLSX, cell_text, csv_response, file_response
from forlob.common.paging import FirstHits, Rows, Window
from forlob.organisations.access import REVIEW_ACCESS, Actor
from forlob.organisations.models import Membership, Unit

# More citizens than this matching a name: the search is too wide to say whose rows are shown.
CITIZEN_HITS = 50
EXPORT_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class LogSearch:
    """What a leader searches for. ``units`` are among the units the leader leads; the length of
    ``citizen`` and the code in ``use`` are checked by the form and the API schema."""

    units: tuple[Unit, ...]
    date_from: date
    date_to: date
    citizen: str = ""
    user: User | None = None
    use: str = ""

    def terms(self) -> str:
        """The search as it is logged: a CPR number masked, as the citizen search logs it."""
        parts = [_("period %(from)s–%(to)s") % {"from": _day(self.date_from), "to": _day(self.date_to)}]
        if self.citizen.strip():
            digits = cpr.normalise_or_none(self.citizen.strip())
            parts.append(_("citizen: %(term)s") % {"term": cpr.masked(digits) if digits else self.citizen.strip()})
        if self.user is not None:
            parts.append(_("staff member: %(name)s") % {"name": staff_name(self.user)})
        if self.use:
            parts.append(_("type of use: %(use)s") % {"use": Use(self.use).label})
        return "; ".join(parts)

    def scope(self) -> str:
        """Whose log, for headings and file names: the unit, or the units, searched."""
        return ", ".join(unit.name for unit in self.units)

    def filename(self, extension: str) -> str:
        units = "-".join(slugify(unit.name) for unit in self.units)
        return f"adgangslog-{units}-{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}.{extension}"


def _day(day: date) -> str:
    return date_format(day, "d.m.Y")


def staff_name(user: User) -> str:
    return user.get_full_name() or user.username


def leader_units(actor: Actor) -> list[Unit]:
    """The units the actor leads; only a leader searches the access log."""
    units = list(Unit.objects.filter(pk__in=actor.unit_ids(REVIEW_ACCESS)).order_by("name"))
    if not units:
        raise PermissionDenied(_("Only a leader can review the access log."))
    return units


def chosen_units(actor: Actor, unit_ids: list[int]) -> tuple[Unit, ...]:
    """The units asked for (all the actor leads when none), refused unless the actor leads each."""
    units = leader_units(actor)
    if not unit_ids:
        return tuple(units)
    chosen = tuple(unit for unit in units if unit.pk in set(unit_ids))
    if len(chosen) != len(set(unit_ids)):
        raise refuse("unit_ids", _("You can only search the access log of units you lead."), "not_leader")
    return chosen


def staff_of(units: tuple[Unit, ...] | list[Unit]) -> QuerySet[User]:
    """Everyone with a role at the units: the staff members a leader can search for."""
    members = Membership.objects.filter(unit__in=units).values("user_id")
    return User.objects.filter(pk__in=members).order_by("first_name", "last_name", "username")


def _validate(search: LogSearch) -> None:
    not_in_future("date_from", search.date_from)
    if search.date_to < search.date_from:
        raise refuse("date_to", _("The end date cannot be before the start date."), "before_start")


def _matching_rows(actor: Actor, search: LogSearch, *, via: str, purpose: str) -> QuerySet[AccessLogEntry]:
    """The units' log rows that match, after logging the search at each unit searched."""
    for unit in search.units:
        actor.require(unit.pk, REVIEW_ACCESS)
    _validate(search)
    for unit in search.units:
        log_access(actor, Use.LOG_SEARCH, unit_id=unit.pk, search_term=search.terms(), purpose=purpose, via=via)
    start = timezone.make_aware(datetime.combine(search.date_from, time.min))
    end = timezone.make_aware(datetime.combine(search.date_to + timedelta(days=1), time.min))
    rows = AccessLogEntry.objects.filter(unit__in=search.units, at__gte=start, at__lt=end)
    if search.citizen.strip():
        found = citizen_queries.search_citizens(actor, search.citizen, FirstHits(CITIZEN_HITS), via=via)
        if found.truncated:
            raise refuse("citizen", _("More than 50 citizens match. Write more of the name, or the CPR number."))
        rows = rows.filter(citizen_id__in=[c.pk for c in found.rows])
    if search.user is not None:
        rows = rows.filter(user=search.user)
    if search.use:
        rows = rows.filter(use=search.use)
    # A row may name a citizen the leader may not see (a colleague's emergency access to a
    # citizen of another unit): it is shown without the citizen.
    visible = citizen_queries.is_visible(actor, OuterRef("citizen_id"))
    return rows.annotate(citizen_visible=visible).order_by("-at", "-pk")


def search_log(actor: Actor, search: LogSearch, window: Window, *, via: str) -> Rows[AccessLogEntry]:
    """The rows of ``window``; the citizens they name are logged as listed, at the row's unit."""
    rows = _matching_rows(actor, search, via=via, purpose="")
    shown = window.read(rows.select_related("user", "unit", "citizen"))
    citizens_by_unit: dict[int, set[int]] = defaultdict(set)
    for entry in shown.rows:
        if entry.citizen_id is not None and entry.unit_id is not None and entry.citizen_visible:  # type: ignore[attr-defined]
            citizens_by_unit[entry.unit_id].add(entry.citizen_id)
    for unit_id, citizen_ids in citizens_by_unit.items():
        log_many(actor, Use.LIST, sorted(citizen_ids), unit_id=unit_id, via=via)
    return shown


def export_log(actor: Actor, search: LogSearch, fmt: str, *, via: str) -> HttpResponseBase:
    """Every matching row as CSV or XLSX, named with the units and the period; each citizen in
    the file is logged as exported, at the unit whose log names them."""
    if fmt not in EXPORT_FORMATS:
        raise refuse("format", _("Choose CSV or XLSX."), "invalid_choice")
    purpose = _("Export of the access log (%(format)s)") % {"format": fmt.upper()}
    rows = _matching_rows(actor, search, via=via, purpose=purpose)
    for unit in search.units:
        named = rows.filter(unit=unit, citizen_visible=True).values_list("citizen_id", flat=True)  # type: ignore[misc]
        log_selected(actor, Use.EXPORT, named, unit_id=unit.pk, purpose=purpose, via=via)
    lines = _lines(rows.select_related("user", "unit", "citizen"))
    notes = [
        _("Access log of %(scope)s") % {"scope": search.scope()},
        _("Search: %(terms)s") % {"terms": search.terms()},
        _("Extracted %(day)s by %(name)s") % {"day": _day(today()), "name": staff_name(actor.user)},
    ]
    if fmt == "csv":
        return csv_response(search.filename("csv"), header(), lines, notes)
    return file_response(_xlsx(lines, notes), search.filename("xlsx"), XLSX)


def citizen_name(entry: AccessLogEntry) -> str | None:
    """The citizen a row names, if the reader may see them; otherwise a note that it is someone
    outside the reader's units (None: the row names no citizen)."""
    if entry.citizen_id is None:
        return None
    if not entry.citizen_visible:  # type: ignore[attr-defined]
        return _("A citizen outside your units")
    return entry.citizen.display_name  # type: ignore[union-attr]


def header() -> list[str]:
    return [_("Time"), _("Unit"), _("Staff member"), _("Citizen"), _("Type of use"), _("Search term"), _("Purpose")]


def _lines(rows: QuerySet[AccessLogEntry]) -> Iterator[list[str]]:
    for entry in rows.iterator(chunk_size=2000):
        yield [
            timezone.localtime(entry.at).strftime("%d.%m.%Y %H:%M:%S"),
            entry.unit.name if entry.unit else "",
            staff_name(entry.user),
            citizen_name(entry) or "",
            entry.get_use_display(),
            entry.search_term,
            entry.purpose,
        ]


def _xlsx(lines: Iterator[list[str]], notes: list[str]) -> bytes:
    """One sheet: the notes saying whose log and which search, then the rows, every cell text."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Access log"))
    for r, note in enumerate(notes):
        sheet.write_string(r, 0, note, bold if r == 0 else None)
    sheet.write_row(len(notes) + 1, 0, header(), bold)
    for r, line in enumerate(lines, start=len(notes) + 2):
        for c, value in enumerate(line):
            sheet.write_string(r, c, cell_text(value))
    sheet.set_column(0, 0, 19)
    sheet.set_column(1, 6, 24)
    book.close()
    return out.getvalue()
