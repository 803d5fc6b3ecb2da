# SPDX-License-Identifier: AGPL-3.0-or-later
"""Emergency access and the leaders' review of the access log. Each action is one transaction."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import AccessLogEntry, EmergencyAccess, LogReview, LogReviewItem, Use
from forlob.audit.refusals import log_refusal, require_refusal_budget
from forlob.citizens import cpr
from forlob.citizens.models import Citizen
from forlob.citizens.queries import visible_to
from forlob.common.errors import refuse
from forlob.organisations.access import EMERGENCY_ACCESS, REVIEW_ACCESS, Actor
from forlob.organisations.models import Unit

MIN_REASON_LENGTH = 20


def grant_emergency_access(actor: Actor, unit: Unit, cpr_number: str, reason: str) -> EmergencyAccess:
    """Access to a citizen of the actor's municipality outside the actor's units, for a limited
    time, with a written reason. Logged with the reason as purpose, and put before the unit's
    leader for review.

    Only the records of the unit's own municipality (the data controller) are looked at: a person
    known only in another municipality gets the same answer as a person unknown anywhere. A CPR
    number that finds nothing is a refusal, logged (masked) before anything else is written, and
    counted against the user's limit; when the limit is reached every look-up is refused."""
    actor.require(unit.pk, EMERGENCY_ACCESS)
    require_refusal_budget(actor.user)
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise refuse(
            "reason",
            _("Describe the reason in at least %(count)d characters: it is reviewed by your leader.")
            % {"count": MIN_REASON_LENGTH},
            "too_short",
        )
    try:
        digits = cpr.normalise(cpr_number)
    except ValidationError as error:
        raise refuse("cpr", error.messages[0], error.code or "invalid") from None
    records = list(
        Citizen.objects.filter(cpr_hash=cpr.lookup_hash(digits), unit__municipality_id=unit.municipality_id)
        .exclude(visible_to(actor))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    if not records:
        log_refusal(actor.user, search_term=cpr.masked(digits), purpose=reason, via="emergency_access")
        raise refuse(
            "cpr",
            _("No citizen with this CPR number is registered in %(municipality)s outside your units.")
            % {"municipality": unit.municipality.name},
            "not_found",
        )
    expires_at = timezone.now() + timedelta(hours=settings.FORLOB_EMERGENCY_ACCESS_HOURS)
    with transaction.atomic():
        accesses = [
            EmergencyAccess.objects.create(
                user=actor.user, unit=unit, citizen_id=pk, reason=reason, expires_at=expires_at
            )
            for pk in records
        ]
        for pk in records:
            log_access(actor, Use.EMERGENCY, citizen_id=pk, unit_id=unit.pk, purpose=reason, via="emergency_access")
    return accesses[0]


@transaction.atomic
def review_emergency_access(actor: Actor, access: EmergencyAccess, note: str) -> None:
    actor.require(access.unit_id, REVIEW_ACCESS)
    if access.reviewed_at is not None:
        raise refuse(None, _("This emergency access has already been reviewed."), "reviewed")
    access.reviewed_by = actor.user
    access.reviewed_at = timezone.now()
    access.review_note = note.strip()
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def log_review(unit: Unit, month: date) -> LogReview:
    """The unit's review of ``month`` (its first day), with a random sample of that month's
    access-log rows drawn the first time it is asked for."""
    review = LogReview.objects.filter(unit=unit, month=month).first()
    if review is not None:
        return review
    start = timezone.make_aware(datetime(month.year, month.month, 1))
    end = timezone.make_aware(datetime(month.year + month.month // 12, month.month % 12 + 1, 1))
    sample = list(
        AccessLogEntry.objects.filter(unit=unit, at__gte=start, at__lt=end)
        .order_by("?")
        .values_list("pk", flat=True)[: settings.FORLOB_LOG_REVIEW_SAMPLE]
    )
    try:
        with transaction.atomic():
            review = LogReview.objects.create(unit=unit, month=month)
            LogReviewItem.objects.bulk_create(LogReviewItem(review=review, entry_id=pk) for pk in sample)
    except IntegrityError:  # drawn at the same moment by someone else: use theirs
        review = LogReview.objects.get(unit=unit, month=month)
    return review


@transaction.atomic
def complete_log_review(actor: Actor, review: LogReview, verdicts: dict[int, tuple[str, str]]) -> None:
    """Record the leader's verdict on every sampled row (item id → (verdict, note)) and close the
    review. Every row needs a verdict; a flagged row needs a note."""
    actor.require(review.unit_id, REVIEW_ACCESS)
    if review.completed_at is not None:
        raise refuse(None, _("This review has already been completed."), "completed")
    items = list(LogReviewItem.objects.select_for_update().filter(review=review))
    missing: dict[str, ValidationError] = {}
    for item in items:
        verdict, note = verdicts.get(item.pk, ("", ""))
        if verdict not in (LogReviewItem.Verdict.CONFIRMED, LogReviewItem.Verdict.FLAGGED):
            missing[f"verdict_{item.pk}"] = ValidationError(_("Confirm or flag every row."), code="required")
        elif verdict == LogReviewItem.Verdict.FLAGGED and not note.strip():
            missing[f"note_{item.pk}"] = ValidationError(_("Write why the row is flagged."), code="required")
        item.verdict, item.note = verdict, note.strip()[:300]
    if missing:  # every row that needs an answer is marked at once
        raise ValidationError(missing)
    LogReviewItem.objects.bulk_update(items, ["verdict", "note"])
    review.completed_by = actor.user
    review.completed_at = timezone.now()
    review.save(update_fields=["completed_by", "completed_at"])
