# SPDX-License-Identifier: AGPL-3.0-or-later
"""Retention: what is kept, and for how long (settings, documented in docs/security.md).

- Citizens with no activity for ``FORLOB_CITIZEN_RETENTION_YEARS`` (no open request or course,
  nothing received, started, ended or held since) are anonymised: CPR, name, contact details
  and every free-text note go, with their history. Birth year, sex, municipality, the
  target-group markers and the requests, courses and sessions themselves stay, so every
  statistic counts the same.
- Access-log rows and security events older than ``FORLOB_ACCESS_LOG_RETENTION_DAYS``
  (at least 6 months) are deleted, and history rows older than ``FORLOB_HISTORY_RETENTION_DAYS``.
- Contact requests from the public page are deleted ``FORLOB_CONTACT_REQUEST_RETENTION_DAYS``
  after they were handled: by then the person is a citizen with a request, or was not reached.
"""

from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from forlob.audit.models import AccessLogEntry, LogReviewItem, RetentionRun, SecurityEvent
from forlob.citizens.models import Citizen
from forlob.common.dates import years_before
from forlob.family.models import ChildrenAssessment, FamilyOffer
from forlob.treatment.models import (
    ContactRequest,
    ContactStatus,
    Course,
    Goal,
    GroupAttendance,
    Request,
    RequestStatus,
    Session,
    SessionAddendum,
)


def stale_citizens(cutoff: date) -> QuerySet[Citizen]:
    """Citizens with no activity on or after ``cutoff`` and nothing still open."""
    citizen = OuterRef("pk")
    return (
        Citizen.objects.filter(anonymised_at__isnull=True, created_at__date__lt=cutoff)
        .exclude(
            Exists(
                Request.objects.filter(citizen=citizen).filter(
                    Q(status=RequestStatus.OPEN) | Q(received_on__gte=cutoff) | Q(decided_on__gte=cutoff)
                )
            )
        )
        .exclude(
            Exists(
                Course.objects.filter(citizen=citizen).filter(
                    Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff) | Q(started_on__gte=cutoff)
                )
            )
        )
        .exclude(Exists(Session.objects.filter(course__citizen=citizen, held_on__gte=cutoff)))
        .exclude(Exists(GroupAttendance.objects.filter(course__citizen=citizen, session__held_on__gte=cutoff)))
    )


def anonymise(citizen_ids: list[int]) -> None:
    """Remove identity, contact details and notes, with the history that holds earlier values.
    Plain updates: they must not write new history rows."""
    now = timezone.now()
    Citizen.objects.filter(pk__in=citizen_ids).update(
        anonymised_at=now,
        is_anonymous=True,
        cpr_hash=None,
        cpr_encrypted="",
        alias="",
        first_name="",
        last_name="",
        birth_date=None,
        address="",
        address_protected=False,
        phone="",
        email="",
    )
    course_ids = list(Course.objects.filter(citizen_id__in=citizen_ids).values_list("pk", flat=True))
    Request.objects.filter(citizen_id__in=citizen_ids).update(note="", decision_note="")
    Course.objects.filter(pk__in=course_ids).update(plan="", discharge_note="")
    Goal.objects.filter(course_id__in=course_ids).update(description="")
    Session.objects.filter(course_id__in=course_ids).update(note="")
    SessionAddendum.objects.filter(session__course_id__in=course_ids).update(text="")
    FamilyOffer.objects.filter(course_id__in=course_ids).update(note="")
    ChildrenAssessment.objects.filter(citizen_id__in=citizen_ids).update(note="")
    Citizen.history.filter(id__in=citizen_ids).delete()
    Request.history.filter(citizen_id__in=citizen_ids).delete()
    Course.history.filter(id__in=course_ids).delete()
    Goal.history.filter(course_id__in=course_ids).delete()
    Session.history.filter(course_id__in=course_ids).delete()
    SessionAddendum.history.filter(session__course_id__in=course_ids).delete()
    # Target-group markers (citizens.TargetGroupMarker) are kept, with their history, like birth
    # year and sex: the statistics of the strategies' target groups count them, and they hold no
    # free text, only a national code, dates, the unit and the staff member who recorded them.
    FamilyOffer.history.filter(course_id__in=course_ids).delete()
    ChildrenAssessment.history.filter(citizen_id__in=citizen_ids).delete()


def history_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__name__.startswith("Historical") and hasattr(m, "history_date")]


@transaction.atomic
def apply_retention(today: date | None = None) -> RetentionRun:
    today = today or timezone.localdate()
    now = timezone.now()
    citizen_ids = list(
        stale_citizens(years_before(today, settings.FORLOB_CITIZEN_RETENTION_YEARS)).values_list("pk", flat=True)
    )
    anonymise(citizen_ids)

    log_cutoff = now - timedelta(days=settings.FORLOB_ACCESS_LOG_RETENTION_DAYS)
    LogReviewItem.objects.filter(entry__in=AccessLogEntry.objects.purgeable(log_cutoff)).delete()
    access_rows = AccessLogEntry.objects.purge_before(log_cutoff)
    events, _by_kind = SecurityEvent.objects.filter(at__lt=log_cutoff).delete()

    history_cutoff = now - timedelta(days=settings.FORLOB_HISTORY_RETENTION_DAYS)
    history_rows = sum(m._default_manager.filter(history_date__lt=history_cutoff).delete()[0] for m in history_models())

    contact_cutoff = today - timedelta(days=settings.FORLOB_CONTACT_REQUEST_RETENTION_DAYS)
    contacts, _by_kind = (
        ContactRequest.objects.exclude(status=ContactStatus.OPEN).filter(handled_on__lt=contact_cutoff).delete()
    )

    return RetentionRun.objects.create(
        citizens_anonymised=len(citizen_ids),
        access_log_rows_deleted=access_rows,
        history_rows_deleted=history_rows,
        security_events_deleted=events,
        contact_requests_deleted=contacts,
    )
