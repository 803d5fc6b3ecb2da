# SPDX-License-Identifier: AGPL-3.0-or-later
"""Retention: what is kept, and for how long (settings, documented in docs/security.md).

- Citizens whose last activity, by the records' own dates (a request received or decided, a
  course started or ended, a session held, a consent given or withdrawn, a follow-up attempt…),
  lies ``FORLOB_CITIZEN_RETENTION_YEARS`` back, with nothing still open, are anonymised: every
  field declared personal in the apps' ``personal_data`` modules is emptied, in the records and
  in their history. What is declared kept (birth year, sex, municipality, dates, codes, scores)
  stays, so every statistic counts the same. forlob.oversight.declarations.py finds the records
  by their foreign keys and refuses to run while a field is undeclared.
- Access-log rows and security events older than ``FORLOB_ACCESS_LOG_RETENTION_DAYS``
  (at least 6 months) are deleted, and history rows older than ``FORLOB_HISTORY_RETENTION_DAYS``.
- Contact requests from the public page are deleted ``FORLOB_CONTACT_REQUEST_RETENTION_DAYS``
  after they were handled: by then the person is a citizen with a request, or was not reached.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from forlob.audit.models import AccessLogEntry, LogReviewItem, RetentionRun, SecurityEvent
from forlob.citizens.models import Citizen
from forlob.common.bulk import one_of
from forlob.common.dates import years_before
from forlob.oversight.declarations import Tied, empty_value, filled, tied_models
from forlob.treatment.models import ContactRequest, ContactStatus


def _recent(tied: Tied, cutoff: date) -> Q:
    """Rows that keep their citizen active: dated on or after ``cutoff``, or still open."""
    dated = [Q(**{f"{lookup}__gte": cutoff}) for lookup in tied.policy.activity]
    return reduce(or_, dated + ([tied.policy.open] if tied.policy.open is not None else []))


def stale_citizens(cutoff: date, tied: list[Tied] | None = None) -> QuerySet[Citizen]:
    """Citizens not yet anonymised with no activity on or after ``cutoff`` and nothing open. A
    citizen with no dated record at all counts from when the record was made."""
    dated = [t for t in (tied or tied_models()) if not t.is_history and (t.policy.activity or t.policy.open)]
    citizen = OuterRef("pk")
    stale = Citizen.objects.filter(anonymised_at__isnull=True)
    for t in dated:
        stale = stale.exclude(Exists(t.model._base_manager.filter(**{t.path: citizen}).filter(_recent(t, cutoff))))
    has_records = reduce(or_, (Q(Exists(t.model._base_manager.filter(**{t.path: citizen}))) for t in dated))
    return stale.exclude(Q(created_at__date__gte=cutoff) & ~has_records)


@dataclass(frozen=True)
class Cleared:
    """What anonymisation empties in one table: rows touched and values emptied."""

    label: str
    rows: int
    values: int


def clear_personal_data(citizens: QuerySet[Citizen], tied: list[Tied], dry_run: bool) -> list[Cleared]:
    """Empty every personal field of the citizens' records and of their history. Plain updates:
    they must not write new history rows. Returns only the tables where something was (or, in a
    dry run, would be) emptied."""
    ids = citizens.values("pk")
    cleared = []
    for t in tied:
        if not t.policy.personal:
            continue
        fields = [f for f in t.model._meta.concrete_fields if f.name in t.policy.personal]
        rows = t.model._base_manager.filter(**{f"{t.path}__in": ids}).filter(reduce(or_, map(filled, fields)))
        counts = rows.aggregate(all=Count("pk"), **{f.name: Count("pk", filter=filled(f)) for f in fields})
        if not counts["all"]:
            continue
        cleared.append(Cleared(t.label, counts["all"], sum(counts[f.name] for f in fields)))
        if not dry_run:
            values = {f.name: empty_value(f) for f in fields}
            if t.model is Citizen:
                # Without a CPR number the record is anonymous (the table's constraint asks it).
                values["is_anonymous"] = True
            rows.update(**values)
    return cleared


@dataclass
class Outcome:
    """What a run removed, or in a dry run would remove."""

    dry_run: bool
    citizens_anonymised: int = 0
    access_log_rows_deleted: int = 0
    security_events_deleted: int = 0
    history_rows_deleted: int = 0
    contact_requests_deleted: int = 0
    cleared: list[Cleared] = field(default_factory=list)


def history_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__name__.startswith("Historical") and hasattr(m, "history_date")]


def _removed(rows: QuerySet, dry_run: bool) -> int:
    return rows.count() if dry_run else rows.delete()[0]


@transaction.atomic
def apply_retention(today: date | None = None, dry_run: bool = False) -> Outcome:
    """Run retention as of ``today`` (default: today). A dry run counts and changes nothing."""
    today = today or timezone.localdate()
    now = timezone.now() + timedelta(days=(today - timezone.localdate()).days)
    outcome = Outcome(dry_run)
    tied = tied_models()

    stale = stale_citizens(years_before(today, settings.FORLOB_CITIZEN_RETENTION_YEARS), tied)
    if dry_run:
        # Worked out once: the test of every citizen against every dated table is the costly part,
        # and as a subquery of each table's count PostgreSQL did it again for each table.
        stale_ids = list(stale.values_list("pk", flat=True))
        outcome.citizens_anonymised = len(stale_ids)
        ids_sql, ids = one_of(stale_ids, "bigint")
        listed = RawSQL(ids_sql[1:-1], [ids])  # noqa: S611 - our own SQL; the ids are one parameter
        anonymised = Citizen.objects.filter(Q(anonymised_at__isnull=False) | Q(pk__in=listed))
    else:
        outcome.citizens_anonymised = stale.update(anonymised_at=timezone.now())
        anonymised = Citizen.objects.filter(anonymised_at__isnull=False)
    # Citizens anonymised by earlier runs are included: a field declared personal since then is
    # emptied for them too.
    outcome.cleared = clear_personal_data(anonymised, tied, dry_run)

    log_cutoff = now - timedelta(days=settings.FORLOB_ACCESS_LOG_RETENTION_DAYS)
    purgeable = AccessLogEntry.objects.purgeable(log_cutoff)
    _removed(LogReviewItem.objects.filter(entry__in=purgeable), dry_run)
    outcome.access_log_rows_deleted = purgeable.count() if dry_run else AccessLogEntry.objects.purge_before(log_cutoff)
    outcome.security_events_deleted = _removed(SecurityEvent.objects.filter(at__lt=log_cutoff), dry_run)

    history_cutoff = now - timedelta(days=settings.FORLOB_HISTORY_RETENTION_DAYS)
    outcome.history_rows_deleted = sum(
        _removed(m._default_manager.filter(history_date__lt=history_cutoff), dry_run) for m in history_models()
    )

    contact_cutoff = today - timedelta(days=settings.FORLOB_CONTACT_REQUEST_RETENTION_DAYS)
    outcome.contact_requests_deleted = _removed(
        ContactRequest.objects.exclude(status=ContactStatus.OPEN).filter(handled_on__lt=contact_cutoff), dry_run
    )

    if not dry_run:
        RetentionRun.objects.create(
            citizens_anonymised=outcome.citizens_anonymised,
            access_log_rows_deleted=outcome.access_log_rows_deleted,
            history_rows_deleted=outcome.history_rows_deleted,
            security_events_deleted=outcome.security_events_deleted,
            contact_requests_deleted=outcome.contact_requests_deleted,
        )
    return outcome
