# SPDX-License-Identifier: AGPL-3.0-or-later
"""The journal: one dated timeline of what was done on a course (or on a citizen's courses), with
author and time. Each source (this app's below, the higher apps' in ``hooks.journal_sources``)
gives its rows as the same six columns; the database unions, orders and pages them, and only the
rows of the page shown are then described, one query per source. Only the logged journal queries
in ``treatment/queries.py`` read through here."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext as _

from forlob.common.errors import refuse
from forlob.organisations.access import Actor
from forlob.treatment.models import PRE_COURSE_OFFERS, Course, Request, Session, SessionAddendum

COLUMNS = ("j_day", "j_at", "j_kind", "j_author", "j_course", "j_ref")
ORDER = ("j_day", "j_at", "j_kind", "j_ref")


@dataclass(frozen=True)
class Scope:
    """Whose journal, and for which days (either end open). ``course_ids`` and ``citizen_ids``
    are querysets of ids, used as subqueries."""

    course_ids: QuerySet
    citizen_ids: QuerySet
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Described:
    """What an entry says: a heading, the text, and a link to act on it (with its label)."""

    title: str
    text: str = ""
    url: str = ""
    url_label: str = ""


@dataclass(frozen=True)
class Source:
    """One kind of journal entry: its rows (``rows`` of a scope, made with ``journal_rows``) and
    the description of those shown (``describe`` of the refs, for the viewer)."""

    kind: str
    rows: Callable[[Scope], QuerySet]
    describe: Callable[[Sequence[int], Actor], dict[int, Described]]


@dataclass(frozen=True)
class Entry:
    day: date
    at: datetime
    kind: str
    author: str
    course_id: int | None
    described: Described


@dataclass(frozen=True)
class Journal:
    entries: list[Entry]
    page: Page | None = None
    total: int | None = None


def journal_rows(
    qs: QuerySet,
    scope: Scope,
    *,
    kind: str,
    day: Expression | F | Subquery,
    at: Expression | F | Subquery,
    author: Expression | F | Subquery,
    course: Expression | F | None,
    ref: Expression | F,
) -> QuerySet:
    """The rows of ``qs`` as journal columns, in the scope's period."""
    rows = qs.order_by().annotate(
        j_day=day,
        j_at=at,
        j_kind=Value(kind, output_field=CharField()),
        j_author=author,
        j_course=course if course is not None else Value(None, output_field=IntegerField()),
        j_ref=ref,
    )
    if scope.start is not None:
        rows = rows.filter(j_day__gte=scope.start)
    if scope.end is not None:
        rows = rows.filter(j_day__lte=scope.end)
    return rows.values(*COLUMNS)


def changed(history: QuerySet, field: str) -> Q:
    """Historical rows whose ``field`` differs from the row's previous version (the first version
    against an empty value)."""
    previous = (
        history.model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values(field)[:1]
    )
    output = type(history.model._meta.get_field(field))()
    return ~Q(**{field: Coalesce(Subquery(previous), Value(""), output_field=output)})


def _index(scope: Scope, sources: Sequence[Source]) -> QuerySet:
    first, *rest = [source.rows(scope) for source in sources]
    return first.union(*rest, all=True) if rest else first


def _names(user_ids: Iterable[int | None]) -> dict[int, str]:
    users = User.objects.filter(pk__in={pk for pk in user_ids if pk is not None})
    return {u.pk: u.get_full_name() or u.username for u in users}


def _entries(rows: list[dict], sources: Sequence[Source], actor: Actor) -> list[Entry]:
    """The rows of one page, described: one query per source present, one for the authors."""
    refs: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        refs[row["j_kind"]].append(row["j_ref"])
    by_kind = {s.kind: s for s in sources}
    described = {kind: by_kind[kind].describe(ids, actor) for kind, ids in refs.items()}
    names = _names(row["j_author"] for row in rows)
    return [
        Entry(
            day=row["j_day"],
            at=row["j_at"],
            kind=row["j_kind"],
            author=names.get(row["j_author"], "—"),
            course_id=row["j_course"],
            described=described[row["j_kind"]].get(row["j_ref"], Described(_("(removed)"))),
        )
        for row in rows
    ]


def read_page(scope: Scope, sources: Sequence[Source], actor: Actor, number: str | None, per_page: int) -> Journal:
    """One page of the journal, oldest first; without a page number the newest page."""
    paginator = Paginator(_index(scope, sources).order_by(*ORDER), per_page)
    page = paginator.get_page(number if number else paginator.num_pages)
    rows = list(page.object_list)
    return Journal(_entries(rows, sources, actor), page=page, total=paginator.count)


def read_slice(scope: Scope, sources: Sequence[Source], actor: Actor, offset: int, limit: int) -> Journal:
    """``limit`` entries from ``offset``, oldest first, with the total (the API's paging)."""
    index = _index(scope, sources)
    rows = list(index.order_by(*ORDER)[offset : offset + limit])
    return Journal(_entries(rows, sources, actor), total=index.count())


def read_latest(scope: Scope, sources: Sequence[Source], actor: Actor, limit: int) -> Journal:
    """The newest ``limit`` entries, oldest of them first, and how many there are in all."""
    index = _index(scope, sources)
    rows = list(index.order_by(*(f"-{c}" for c in ORDER))[:limit])
    return Journal(_entries(rows[::-1], sources, actor), total=index.count())


def read_all(scope: Scope, sources: Sequence[Source], actor: Actor, limit: int) -> Journal:
    """Every entry of the period, oldest first, for print; more than ``limit`` is refused."""
    rows = list(_index(scope, sources).order_by(*ORDER)[: limit + 1])
    if len(rows) > limit:
        raise refuse(
            "start", _("The period holds more than %(n)s entries. Choose a shorter period.") % {"n": limit}, "too_many"
        )
    return Journal(_entries(rows, sources, actor), total=len(rows))


# --- Treatment's own entries -----------------------------------------------------------------


def _history_date_of_first(field_isnull: str) -> Subquery:
    return Subquery(
        Course.history.filter(id=OuterRef("pk"), **{field_isnull: False})
        .order_by("history_date")
        .values("history_date")[:1]
    )


def _request_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Course.objects.filter(pk__in=scope.course_ids, request__isnull=False),
        scope,
        kind="request",
        day=F("request__received_on"),
        at=F("request__created_at"),
        author=F("request__created_by_id"),
        course=F("pk"),
        ref=F("request_id"),
    )


def _describe_requests(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    described = {}
    for r in Request.objects.filter(pk__in=ids):
        lines = [
            f"{_('Channel')}: {r.get_channel_display()}",
            f"{_('Main substance')}: {r.get_main_substance_display()}",
        ]
        if r.other_substances:
            lines.append(f"{_('Other substances')}: {', '.join(r.other_substance_labels)}")
        if r.note:
            lines.append(r.note)
        url = reverse("request_detail", args=[r.pk])
        described[r.pk] = Described(_("Request received"), "\n".join(lines), url, _("See the request"))
    return described


def _start_rows(scope: Scope) -> QuerySet:
    first_author = Course.history.filter(id=OuterRef("pk"), history_type="+").values("history_user_id")[:1]
    return journal_rows(
        Course.objects.filter(pk__in=scope.course_ids),
        scope,
        kind="course_start",
        day=F("started_on"),
        at=F("created_at"),
        author=Subquery(first_author),
        course=F("pk"),
        ref=F("pk"),
    )


def _describe_starts(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        c.pk: Described(
            _("Course started: %(offer)s") % {"offer": c.get_offer_type_display()},
            f"{c.unit.name}. {_('Responsible')}: {c.responsible.get_full_name() or c.responsible.username}",
        )
        for c in Course.objects.filter(pk__in=ids).select_related("unit", "responsible")
    }


def _plan_rows(scope: Scope) -> QuerySet:
    history = Course.history.filter(id__in=scope.course_ids)
    return journal_rows(
        history.filter(changed(history, "plan")),
        scope,
        kind="plan",
        day=TruncDate("history_date"),
        at=F("history_date"),
        author=F("history_user_id"),
        course=F("id"),
        ref=F("history_id"),
    )


def _describe_plans(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        h.history_id: Described(_("Treatment plan changed"), h.plan or _("(the plan was emptied)"))
        for h in Course.history.filter(history_id__in=ids)
    }


def _session_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Session.objects.filter(course_id__in=scope.course_ids),
        scope,
        kind="session",
        day=F("held_on"),
        at=F("created_at"),
        author=F("created_by_id"),
        course=F("course_id"),
        ref=F("pk"),
    )


def _describe_sessions(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    edited = Session.history.filter(id=OuterRef("pk"), history_change_reason="note")
    sessions = (
        Session.objects.filter(pk__in=ids)
        .annotate(edited=Exists(edited))
        .select_related("course")
        .prefetch_related("staff")
    )
    described = {}
    for s in sessions:
        staff = ", ".join(u.get_full_name() or u.username for u in s.staff.all())
        how = ", ".join(str(label) for label in (s.get_method_display(), s.get_place_display()) if label)
        facts = ", ".join(
            str(fact)
            for fact in (
                _("Before a course") if s.course and s.course.offer_type in PRE_COURSE_OFFERS else "",
                s.get_attendance_display(),
                f"{s.minutes} min.",
                how,
            )
            if fact
        )
        facts += f". {_('Staff present')}: {staff}"
        corrected = _("(The note was corrected by its author.)")
        note = s.note + (f"\n{corrected}" if s.edited else "")
        label = _("Correct the note") if s.note_open_to(actor.user.pk) else _("Add an addendum")
        described[s.pk] = Described(
            f"{s.get_kind_display()} {s.start_time:%H:%M}" if s.start_time else s.get_kind_display(),
            f"{facts}\n{note}".strip(),
            reverse("session_note", args=[s.pk]),
            label,
        )
    return described


def _addendum_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        SessionAddendum.objects.filter(session__course_id__in=scope.course_ids),
        scope,
        kind="addendum",
        day=TruncDate("written_at"),
        at=F("written_at"),
        author=F("written_by_id"),
        course=F("session__course_id"),
        ref=F("pk"),
    )


def _describe_addenda(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        a.pk: Described(
            _("Addendum to the note of %(session)s") % {"session": a.session},
            a.text,
            reverse("session_note", args=[a.session_id]),
            _("See the note"),
        )
        for a in SessionAddendum.objects.filter(pk__in=ids).select_related("session")
    }


def _discharge_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Course.objects.filter(pk__in=scope.course_ids, ended_on__isnull=False),
        scope,
        kind="discharge",
        day=F("ended_on"),
        at=Coalesce(_history_date_of_first("ended_on__isnull"), F("created_at")),
        author=F("closed_by_id"),
        course=F("pk"),
        ref=F("pk"),
    )


def _describe_discharges(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
    return {
        c.pk: Described(
            _("Course ended: %(reason)s") % {"reason": c.get_end_reason_display()},
            c.discharge_note,
        )
        for c in Course.objects.filter(pk__in=ids)
    }


SOURCES = (
    Source("request", _request_rows, _describe_requests),
    Source("course_start", _start_rows, _describe_starts),
    Source("plan", _plan_rows, _describe_plans),
    Source("session", _session_rows, _describe_sessions),
    Source("addendum", _addendum_rows, _describe_addenda),
    Source("discharge", _discharge_rows, _describe_discharges),
)
