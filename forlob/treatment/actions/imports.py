# SPDX-License-Identifier: AGPL-3.0-or-later
"""Import of historical courses from CSV or XLSX (docs/import.md lists the columns).

Every row is checked first, and every problem reported with its line number, column and a Danish
message. Only a file without problems is imported. On PostgreSQL all of it in one transaction; on
SQLite in slices of SLICE_ROWS courses, each its own transaction, because SQLite lets one writer
at a time and every page view writes the access log: one long transaction held every page up
(docs/import.md). A course that is already there (same citizen, unit, offer and start date) is
skipped, also inside each slice, so importing the same file twice creates nothing the second time
and an import stopped half-way is finished by running it again."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.audit.log import log_many
from forlob.audit.models import AccessLogEntry, Use
from forlob.citizens import cpr
from forlob.citizens.models import Citizen, Registration
from forlob.common import bulk
from forlob.organisations.access import Actor
from forlob.treatment.hooks import courses_imported
from forlob.treatment.import_file import ImportFileError, read_rows
from forlob.treatment.importer import ImportResult, Parsed, RowChecker, check_header
from forlob.treatment.models import Course, LegalBasis, Substance


def _new_citizen(person: str, p: Parsed, stamp: datetime) -> dict[str, object]:
    """The citizens row for the first course of a person not yet in Forløb."""
    municipality_id = (p.municipality or p.unit.municipality).pk
    if p.cpr_digits:
        born = _born(p.cpr_digits)
        return {
            "unit_id": p.unit.pk,
            "cpr_hash": person[4:],
            "cpr_encrypted": cpr.encrypt(p.cpr_digits),
            "is_anonymous": False,
            "alias": "",
            "birth_date": born,
            "birth_year": born.year,
            "sex": cpr.sex(p.cpr_digits),
            "first_name": p.first_name,
            "last_name": p.last_name,
            "municipality_id": municipality_id,
            "created_at": stamp,
        }
    assert p.birth_year is not None  # checked with the row
    return {
        "unit_id": p.unit.pk,
        "cpr_hash": None,
        "cpr_encrypted": "",
        "is_anonymous": True,
        "alias": p.alias,
        "birth_date": None,
        "birth_year": p.birth_year,
        "sex": p.sex,
        "first_name": "",
        "last_name": "",
        "municipality_id": municipality_id,
        "created_at": stamp,
    }


def _born(digits: str) -> date:
    """The birth date of ten CPR digits already checked by ``cpr.normalise``: the same century
    rule as ``cpr.birth_date`` (python-stdnum), without cleaning the number again, which was a
    tenth of the import's time."""
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    seventh = digits[6]
    if seventh in "5678" and year >= 58:
        year += 1800
    elif seventh in "0123" or (seventh in "49" and year >= 37):
        year += 1900
    else:
        year += 2000
    return date(year, month, day)


def _legal_basis(substance: str, anonymous: bool) -> str:
    if substance == Substance.ALCOHOL:
        return LegalBasis.SUL_141
    return LegalBasis.SEL_101A if anonymous else LegalBasis.SEL_101


# Courses per transaction on SQLite: about a tenth of a second of writing, so a page view waiting
# for the write lock waits no longer than that (bench/import_slices.py measures it).
SLICE_ROWS = 1000
Progress = Callable[[Iterable[tuple[int, list[str]]]], Iterable[tuple[int, list[str]]]]


def import_courses(
    actor: Actor,
    name: str,
    content: bytes,
    *,
    commit: bool = False,
    progress: Progress = lambda rows: rows,
    slice_rows: int | None = None,
) -> ImportResult:
    """Check every row of the file and, with ``commit`` and no problems, import it: in slices of
    ``slice_rows`` courses (by default SLICE_ROWS on SQLite, all in one on PostgreSQL). Raises
    ``ImportFileError`` when the file as a whole cannot be read, and ``ImportStopped`` when the
    database refused a slice (the slices before it stay imported)."""
    header, rows = read_rows(name, content)
    check_header(header)
    result = ImportResult(commit_asked=commit)
    checker = RowChecker(actor, result)
    parsed: list[Parsed] = []
    for number, values in progress(rows):
        if not any(v.strip() for v in values if v):
            continue
        result.rows += 1
        found = checker.parse(number, header, values)
        if found is not None:
            parsed.append(found)
    if result.rows == 0:
        raise ImportFileError(_("The file has no rows below the header."))

    citizens = _known_citizens(parsed)
    known_courses = _known_courses([cid for cid in citizens.values()])
    # Meeting the units' own citizens is a look-up of them, whether or not the file is imported.
    met: dict[int, set[int]] = {}
    for (unit_id, _person), known in citizens.items():
        met.setdefault(unit_id, set()).add(known)
    for unit_id, citizen_ids in sorted(met.items()):
        log_many(actor, Use.SEARCH, sorted(citizen_ids), unit_id=unit_id, via="import_courses:check")
    seen: dict[tuple[str, int, str, date], int] = {}
    open_seen: dict[tuple[str, int, str], int] = {}
    new: list[Parsed] = []
    for p in parsed:
        citizen_id = citizens.get(p.record)
        if p.key in seen:
            result.add(p.row, "startdato", _("The same course as row %(row)s.") % {"row": seen[p.key]})
            continue
        seen[p.key] = p.row
        if citizen_id and (citizen_id, p.unit.pk, p.offer_type, p.started_on) in known_courses:
            result.existing += 1
            continue
        if p.ended_on is None:
            open_key = (p.person, p.unit.pk, p.offer_type)
            if open_key in open_seen or (citizen_id and (citizen_id, p.unit.pk, p.offer_type, None) in known_courses):
                result.add(p.row, "slutdato", _("The citizen already has an open course of this offer at the unit."))
                continue
            open_seen[open_key] = p.row
        new.append(p)
    result.problems.sort(key=lambda problem: problem.row)
    result.created = len(new)
    result.new_citizens = len({p.record for p in new if p.record not in citizens})
    if commit and not result.problem_count and new:
        if slice_rows is None:
            slice_rows = SLICE_ROWS if connection.vendor == "sqlite" else len(new)
        _save_in_slices(actor, new, citizens, result, slice_rows)
        result.committed = True
        transaction.on_commit(lambda: courses_imported.send(Course, unit_ids=sorted({p.unit.pk for p in new})))
    return result


class ImportStopped(Exception):
    """The database refused a slice of the import: the slices before it are imported."""

    def __init__(self, result: ImportResult, error: DatabaseError) -> None:
        self.result = result
        super().__init__(
            _(
                "The import stopped after %(n)s new courses, when the database answered: %(error)s. "
                "The courses imported are kept; import the file again to import the rest."
            )
            % {"n": result.created, "error": error}
        )


def _save_in_slices(
    actor: Actor, new: list[Parsed], citizens: dict[tuple[int, str], int], result: ImportResult, slice_rows: int
) -> None:
    """Each slice in its own transaction, with its own stamp. A person's courses are kept
    together, so a slice makes each new citizen whole. Counts what was really written."""
    new.sort(key=lambda p: (p.record, p.started_on))
    result.created = result.new_citizens = 0
    stamp = timezone.now()
    for start in range(0, len(new), slice_rows):
        stamp = max(timezone.now(), stamp + timedelta(microseconds=1))
        try:
            with transaction.atomic():
                created, new_citizens, skipped = _save(actor, new[start : start + slice_rows], citizens, stamp)
        except DatabaseError as error:
            raise ImportStopped(result, error) from error
        result.created += created
        result.new_citizens += new_citizens
        result.existing += skipped
        result.slices += 1


def _known_citizens(parsed: list[Parsed]) -> dict[tuple[int, str], int]:
    """(unit, person key) → id of the record that unit already holds of the person: kept there, or
    shared with it. Records held by other units, and by other municipalities, are not looked at:
    the file's people become the unit's own records. One set-based query for the file's CPR
    numbers and one for its pseudonyms, however long the file."""
    hashes = sorted({p.person[4:] for p in parsed if p.person.startswith("cpr:")})
    aliases = sorted({p.alias for p in parsed if p.alias})
    unit_ids = sorted({p.unit.pk for p in parsed})
    found: dict[tuple[int, str], int] = {}
    for kind, column, keys, anonymous in (("cpr", "cpr_hash", hashes, False), ("alias", "alias", aliases, True)):
        if not keys:
            continue
        units_sql, units = bulk.one_of(unit_ids, "bigint")
        keys_sql, keys_param = bulk.one_of(keys, "text")
        rows = _query(
            f"SELECT r.citizen_id, r.unit_id, c.unit_id, c.{column}"  # noqa: S608 - column names of ours
            f" FROM {_table(Registration)} r JOIN {_table(Citizen)} c ON c.id = r.citizen_id"
            f" WHERE r.unit_id IN {units_sql} AND c.{column} IN {keys_sql}"
            f"{' AND c.is_anonymous' if anonymous else ''} ORDER BY r.citizen_id",
            [units, keys_param],
        )
        for pk, unit_id, keeper, key in rows:
            _prefer_kept(found, (unit_id, f"{kind}:{key}"), pk, keeper == unit_id)
    return found


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _query(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _prefer_kept(found: dict[tuple[int, str], int], key: tuple[int, str], pk: int, kept_here: bool) -> None:
    """The first record a unit holds of a person, or the one it keeps itself when it holds two."""
    if key not in found or kept_here:
        found[key] = pk


def _known_courses(citizen_ids: list[int]) -> set[tuple[int, int, str, date | None]]:
    """(citizen, unit, offer, start) of their courses, and (citizen, unit, offer, None) for open
    ones: one set-based query."""
    known: set[tuple[int, int, str, date | None]] = set()
    if not citizen_ids:
        return known
    ids_sql, ids = bulk.one_of(sorted(set(citizen_ids)), "bigint")
    rows = _query(
        f"SELECT citizen_id, unit_id, offer_type, started_on, ended_on FROM {_table(Course)}"  # noqa: S608
        f" WHERE citizen_id IN {ids_sql}",
        [ids],
    )
    for citizen_id, unit_id, offer, started_on, ended_on in rows:
        started_on = _date(started_on)
        known.add((citizen_id, unit_id, offer, started_on))
        if ended_on is None:
            known.add((citizen_id, unit_id, offer, None))
    return known


def _date(value: date | str) -> date:
    """A date column as read by a raw query (SQLite's driver gives text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _save(
    actor: Actor, rows: list[Parsed], citizens: dict[tuple[int, str], int], stamp: datetime
) -> tuple[int, int, int]:
    """Writes one slice with plain SQL (forlob.common.bulk): Django's bulk_create was five times
    slower than the 10,000 rows per second the import must manage. Every row written gets the
    slice's stamp. The rows to insert are made as they are sent, a batch at a time. Courses
    imported since the check (by a run stopped half-way, or one at the same time) are skipped.
    Adds the new citizens to ``citizens``; returns the courses and citizens created and the
    courses skipped."""
    user_id = actor.user.pk
    known = _known_courses([citizens[p.record] for p in rows if p.record in citizens])
    fresh = [p for p in rows if not _already_there(p, citizens.get(p.record), known)]
    skipped, rows = len(rows) - len(fresh), fresh
    if not rows:
        return 0, 0, skipped
    first: dict[tuple[int, str], Parsed] = {}
    for p in rows:
        if p.record not in citizens:
            first.setdefault(p.record, p)
    # Rows of this slice have ids above these: the statements below read them by primary key.
    last_citizen, last_course = bulk.last_id(Citizen), bulk.last_id(Course)
    bulk.insert_rows(Citizen, (_new_citizen(person, p, stamp) for (_unit, person), p in first.items()))
    bulk.history_of_created(Citizen, stamp, user_id, last_citizen)
    created = (
        Citizen.objects.filter(pk__gt=last_citizen, created_at=stamp)
        .values_list("pk", "unit_id", "cpr_hash", "alias")
        .iterator()
    )
    citizens.update(
        {(unit_id, f"cpr:{cpr_hash}" if cpr_hash else f"alias:{alias}"): pk for pk, unit_id, cpr_hash, alias in created}
    )
    bulk.insert_rows(
        Course,
        (
            {
                "citizen_id": citizens[p.record],
                "unit_id": p.unit.pk,
                "offer_type": p.offer_type,
                "legal_basis": _legal_basis(p.substance, p.person.startswith("alias:")),
                "main_substance": p.substance,
                "started_on": p.started_on,
                "ended_on": p.ended_on,
                "end_reason": p.end_reason,
                "responsible_id": user_id,
                "closed_by_id": user_id if p.ended_on else None,
                "created_at": stamp,
            }
            for p in rows
        ),
    )
    bulk.history_of_created(Course, stamp, user_id, last_course)
    stamp_sql = connection.ops.adapt_datetimefield_value(stamp)
    bulk.insert_select(
        Registration,
        {"citizen_id": "citizen_id", "unit_id": "unit_id", "registered_by_id": "%s", "registered_at": "%s"},
        Course,
        "id > %s AND created_at = %s",
        [user_id, stamp_sql, last_course, stamp_sql],
        group_by="citizen_id, unit_id",
        ignore_conflicts=True,
    )
    bulk.insert_select(
        AccessLogEntry,
        {
            "at": "%s",
            "user_id": "%s",
            "unit_id": "%s",
            "use": "%s",
            "citizen_id": "citizen_id",
            "search_term": "''",
            "purpose": "''",
            "via": "%s",
        },
        Course,
        "id > %s AND created_at = %s",
        [stamp_sql, user_id, actor.home_unit_id, Use.CREATE.value, "import_courses", last_course, stamp_sql],
        group_by="citizen_id",
    )
    return len(rows), len(first), skipped


def _already_there(p: Parsed, citizen_id: int | None, known: set[tuple[int, int, str, date | None]]) -> bool:
    """The course, or an open one of the same offer for an open row, is in Forløb already."""
    if citizen_id is None:
        return False
    return (citizen_id, p.unit.pk, p.offer_type, p.started_on) in known or (
        p.ended_on is None and (citizen_id, p.unit.pk, p.offer_type, None) in known
    )
