# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write of follow-up: the unit's rule, the tasks made on discharge, attempts and the short
form, reassignment, and cancelling when the consent is withdrawn."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.dates import add_months, today
from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.family.models import ConsentKind
from forlob.family.queries import consent_in_force
from forlob.followup.due import due_summary
from forlob.followup.models import (
    NEVER_FOLLOWED_UP,
    Attempt,
    CancelReason,
    FollowUp,
    FollowUpRule,
    LifeChange,
    ReminderSent,
    Satisfaction,
    Status,
    UseChange,
)
from forlob.organisations.access import FOLLOW_UP, MANAGE_FOLLOW_UP, Actor, require_staff
from forlob.organisations.models import Unit
from forlob.treatment.models import LINKED_OFFERS, Course, EndReason

MAX_MONTHS = 60
MAX_ATTEMPTS = 10


@dataclass
class RuleData:
    months: list[int]
    end_reasons: list[str]
    consent_required: bool = True
    max_attempts: int = 3


@transaction.atomic
def save_rule(actor: Actor, unit: Unit, data: RuleData) -> FollowUpRule:
    """Set the unit's rule. Tasks already made keep their due dates (they are not rewritten)."""
    actor.require(unit.pk, MANAGE_FOLLOW_UP)
    months = sorted(set(data.months))
    if not months:
        raise refuse("months", _("Enter at least one number of months."), "required")
    if any(not 1 <= m <= MAX_MONTHS for m in months):
        raise refuse("months", _("The months must be whole numbers from 1 to %(max)s.") % {"max": MAX_MONTHS}, "range")
    if not data.end_reasons:
        raise refuse("end_reasons", _("Choose at least one end reason."), "required")
    for reason in data.end_reasons:
        require_choice("end_reasons", reason, EndReason)
        if reason in NEVER_FOLLOWED_UP:
            raise refuse("end_reasons", _("A course ended by death is never followed up."), "died")
    if not 1 <= data.max_attempts <= MAX_ATTEMPTS:
        raise refuse(
            "max_attempts", _("The number of attempts must be from 1 to %(max)s.") % {"max": MAX_ATTEMPTS}, "range"
        )
    rule, _created = FollowUpRule.objects.update_or_create(
        unit=unit,
        defaults={
            "months": months,
            "end_reasons": sorted(set(data.end_reasons)),
            "consent_required": data.consent_required,
            "max_attempts": data.max_attempts,
            "changed_by": actor.user,
        },
    )
    return rule


def plan_follow_ups(course: Course) -> list[FollowUp]:
    """The follow-ups of a course just discharged, by the unit's rule at this moment. Run by
    ``discharge_course`` inside its transaction (treatment's ``course_discharged`` hook); assigned
    to the staff member who closed it."""
    rule = FollowUpRule.for_unit(course.unit_id)
    assert course.ended_on is not None and course.closed_by is not None
    if (
        course.offer_type in LINKED_OFFERS  # a course for relatives has no use to follow up
        or course.end_reason in NEVER_FOLLOWED_UP
        or course.end_reason not in rule.end_reasons
    ):
        return []
    if rule.consent_required and not consent_in_force(course.citizen_id, ConsentKind.FOLLOW_UP, today()):
        return []
    return [
        FollowUp.objects.create(
            course=course,
            citizen_id=course.citizen_id,
            unit_id=course.unit_id,
            months=months,
            due_on=add_months(course.ended_on, months),
            assigned_to=course.closed_by,
            needs_consent=rule.consent_required,
            max_attempts=rule.max_attempts,
        )
        for months in rule.months
    ]


@dataclass
class ShortForm:
    """The few questions asked during the call."""

    use_change: str = ""
    new_treatment_needed: bool | None = None
    housing: str = ""
    work: str = ""
    network: str = ""
    satisfaction: int | None = None
    note: str = ""


SHORT_FORM_FIELDS = ("use_change", "new_treatment_needed", "housing", "work", "network", "satisfaction", "note")


@dataclass
class AttemptData:
    attempted_on: date | None
    reached: bool
    note: str = ""
    answers: ShortForm = field(default_factory=ShortForm)
    version: int | None = None  # the version the form was made from; None: no check


def _check_answers(answers: ShortForm) -> None:
    if not answers.use_change:
        raise refuse("use_change", _("Answer how the use is compared with at discharge."), "required")
    require_choice("use_change", answers.use_change, UseChange)
    if answers.new_treatment_needed is None:
        raise refuse("new_treatment_needed", _("Answer whether new treatment is needed."), "required")
    for name in ("housing", "work", "network"):
        if getattr(answers, name):
            require_choice(name, getattr(answers, name), LifeChange)
    if answers.satisfaction is not None and answers.satisfaction not in Satisfaction.values:
        raise refuse("satisfaction", _("Unknown value: %(value)s.") % {"value": answers.satisfaction}, "unknown_code")


@transaction.atomic
def record_attempt(actor: Actor, follow_up: FollowUp, data: AttemptData) -> FollowUp:
    """An attempt to reach the citizen. Reached: the short form is saved and the task closes.
    Not reached: after the task's number of unanswered attempts it closes as 'no contact made'."""
    task = FollowUp.objects.select_for_update().select_related("course").get(pk=follow_up.pk)
    actor.require(task.unit_id, FOLLOW_UP)
    require_version(task.version, data.version, task)
    if task.assigned_to_id != actor.user.pk:
        raise refuse(None, _("The follow-up is assigned to someone else."), "not_yours")
    if not task.is_open:
        raise refuse(None, _("The follow-up is closed."), "closed")
    if data.attempted_on is None:
        raise refuse("attempted_on", _("Enter the date of the attempt."), "required")
    not_in_future("attempted_on", data.attempted_on)
    if task.course.ended_on and data.attempted_on < task.course.ended_on:
        raise refuse("attempted_on", _("The attempt cannot be before the discharge."), "before_discharge")
    if task.needs_consent and not consent_in_force(task.citizen_id, ConsentKind.FOLLOW_UP, data.attempted_on):
        raise refuse(
            "attempted_on", _("The citizen's consent to follow-up contact was not in force that day."), "consent"
        )
    if data.reached:
        _check_answers(data.answers)
        for name in SHORT_FORM_FIELDS:
            setattr(task, name, getattr(data.answers, name))
    Attempt.objects.create(
        follow_up=task, attempted_on=data.attempted_on, reached=data.reached, note=data.note.strip(), made_by=actor.user
    )
    if data.reached:
        task.status, task.closed_on = Status.REACHED, data.attempted_on
    elif task.attempts.filter(reached=False).count() >= task.max_attempts:
        task.status, task.closed_on = Status.NOT_REACHED, data.attempted_on
    task.version += 1
    task.save()
    log_access(actor, Use.CHANGE, citizen_id=task.citizen_id, unit_id=task.unit_id, via="record_attempt")
    return task


@transaction.atomic
def reassign(actor: Actor, follow_up: FollowUp, user: User, expected_version: int | None = None) -> FollowUp:
    """A leader hands an open follow-up to a colleague, e.g. when the closer has left."""
    task = FollowUp.objects.select_for_update().select_related("unit").get(pk=follow_up.pk)
    actor.require(task.unit_id, MANAGE_FOLLOW_UP)
    require_version(task.version, expected_version, task)
    if not task.is_open:
        raise refuse(None, _("The follow-up is closed."), "closed")
    require_staff(task.unit, [user], "assigned_to")
    task.assigned_to = user
    task.version += 1
    task.save(update_fields=["assigned_to", "version"])
    log_access(actor, Use.CHANGE, citizen_id=task.citizen_id, unit_id=task.unit_id, via="reassign_follow_up")
    return task


def cancel_for_withdrawn_consent(citizen_id: int, withdrawn_on: date) -> int:
    """Open follow-ups that need the consent stop at once. Run inside ``withdraw_consent`` (family's
    ``follow_up_consent_withdrawn`` hook)."""
    cancelled = 0
    for task in FollowUp.objects.select_for_update().filter(
        citizen_id=citizen_id, status=Status.OPEN, needs_consent=True
    ):
        task.status, task.closed_on = Status.CANCELLED, withdrawn_on
        task.cancel_reason = CancelReason.CONSENT_WITHDRAWN
        task.version += 1
        task.save()
        cancelled += 1
    return cancelled


def send_reminders(day: date) -> int:
    """E-mail each staff member how many follow-ups are due this week or overdue, with a link to
    the worklist; no citizen is named (e-mail leaves the system). At most one mail per person per
    day, so running it twice sends nothing new. Returns the number of mails sent."""
    from forlob.followup.queries import week_end

    due = (
        FollowUp.objects.filter(status=Status.OPEN, due_on__lte=week_end(day), assigned_to__is_active=True)
        .exclude(assigned_to__email="")
        .values("assigned_to", "assigned_to__email")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=day)))
        .order_by("assigned_to")
    )
    already = set(ReminderSent.objects.filter(sent_on=day).values_list("user_id", flat=True))
    link = settings.FORLOB_BASE_URL.rstrip("/") + reverse("follow_up_worklist")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for row in due:
            if row["assigned_to"] in already:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(user_id=row["assigned_to"], sent_on=day, tasks=row["n"])
                    body = due_summary(row["overdue"], row["n"] - row["overdue"])
                    body += "\n\n" + _("See your worklist: %(link)s") % {"link": link}
                    send_mail(_("Forløb: follow-ups due"), body, None, [row["assigned_to__email"]])
            except IntegrityError:  # Another run sent it a moment ago.
                continue
            sent += 1
    return sent
