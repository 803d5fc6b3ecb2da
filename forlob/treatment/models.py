# SPDX-License-Identifier: AGPL-3.0-or-later
"""Requests (henvendelser), courses (forløb), sessions, groups and discharge."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forlob.citizens.models import Citizen
from forlob.organisations.models import Unit
from forlob.treatment.choices import Channel as Channel
from forlob.treatment.choices import CloseReason as CloseReason
from forlob.treatment.choices import LegalBasis as LegalBasis
from forlob.treatment.choices import RequestStatus as RequestStatus
from forlob.treatment.choices import Substance as Substance
from forlob.treatment.offer_models import OfferType as OfferType
from forlob.treatment.offer_models import SessionMethod, SessionPlace
from forlob.treatment.offer_models import UnitOffer as UnitOffer


class Request(models.Model):
    """A henvendelse: someone asks for treatment; the guarantee deadline runs from receipt."""

    citizen = models.ForeignKey(Citizen, models.PROTECT, related_name="requests", verbose_name=_("citizen"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="requests", verbose_name=_("unit"))
    received_on = models.DateField(_("received"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    main_substance = models.CharField(_("main substance"), max_length=20, choices=Substance.choices)
    other_substances = models.JSONField(_("other substances"), default=list, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    note = models.TextField(_("note"), blank=True)
    deadline = models.DateField(_("guarantee deadline"), editable=False)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Pre-aggregated: the earliest start of the request's courses (None while it has none), kept by
    # every action that writes a course (``refresh_first_start``), so the guarantee report counts
    # requests instead of finding each request's first course among all courses. Derived, so not
    # in the history; tests/test_first_start.py proves it equal to the live computation.
    first_started_on = models.DateField(_("first course started"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["first_started_on"])

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "deadline"]),
            # The guarantee report reads these four columns of the requests received in a period:
            # from this index alone on PostgreSQL (an index-only scan), whatever the scope's size.
            models.Index(
                fields=["received_on", "first_started_on", "deadline", "status"], name="request_guarantee_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=F("received_on")), name="request_deadline_after_receipt"),
        ]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self) -> str:
        return f"{_('Request')} {self.received_on:%d.%m.%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saving a request read before its course started must not write its stale first start
        back: a change saves every field but ``first_started_on``, which only
        ``refresh_first_start`` writes."""
        if not self._state.adding and not args and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "first_started_on"
            ]
        super().save(*args, **kwargs)

    @staticmethod
    def deadline_for(received_on: date) -> date:
        return received_on + timedelta(days=settings.TREATMENT_GUARANTEE_DAYS)

    @property
    def days_left(self) -> int:
        """Days until the guarantee deadline; negative when overdue."""
        return (self.deadline - timezone.localdate()).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def other_substance_labels(self) -> list[str]:
        """The other substances by their Danish names, leaving out any stored value no longer a code."""
        labels = dict(Substance.choices)
        return [str(labels[value]) for value in self.other_substances if value in labels]


class Referral(models.Model):
    """A citizen referred from one unit to another with the citizen's consent: the one way a
    record crosses from a unit to another, and the only way from one municipality (data
    controller) to another. The receiving unit gets a request in its visitation queue, about its
    own record of the person: within the sending unit's municipality the same record, shared;
    elsewhere a record of its own holding the identity and contact details, and nothing else.
    The sending unit sees that it referred, not what became of it."""

    citizen = models.ForeignKey(Citizen, models.PROTECT, related_name="referrals", verbose_name=_("citizen"))
    from_unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("from unit"))
    to_unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("to unit"))
    request = models.OneToOneField(Request, models.PROTECT, related_name="referral", verbose_name=_("request"))
    consent_given_on = models.DateField(_("the citizen consented on"))
    note = models.TextField(_("note to the receiving unit"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.from_unit_id} → {self.to_unit_id} {self.created_at:%d.%m.%Y}"


class ContactAbout(models.TextChoices):
    SELF = "self", _("Myself")
    RELATIVE = "relative", _("Someone close to me")


class ContactStatus(models.TextChoices):
    OPEN = "open", _("Awaiting contact")
    REQUEST = "request", _("Registered as a request")
    CLOSED = "closed", _("Closed")


class ContactCloseReason(models.TextChoices):
    NO_CONTACT = "no_contact", _("We could not reach the person")
    DECLINED = "declined", _("The person did not want treatment after all")
    ELSEWHERE = "elsewhere", _("Helped elsewhere")
    MISUSE = "misuse", _("Not a real request (misuse)")


class ContactRequest(models.Model):
    """A "Bliv kontaktet" request from the public page: who asked, and how to reach them.

    It enters the visitation queue as received today, and the guarantee runs from then. Intake
    calls back and turns it into a citizen and a request; nothing here is matched against the
    citizens already known, so the public page can never reveal whether someone is."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="contact_requests", verbose_name=_("unit"))
    received_on = models.DateField(_("received"))
    received_at = models.DateTimeField(auto_now_add=True)
    about = models.CharField(_("who it is about"), max_length=10, choices=ContactAbout.choices)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), max_length=100, blank=True)
    best_time = models.CharField(_("when to call"), max_length=100, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.OPEN)
    request = models.OneToOneField(
        Request, models.SET_NULL, null=True, blank=True, related_name="contact", verbose_name=_("request")
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ContactCloseReason.choices, blank=True
    )
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("handled by")
    )

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["unit", "status", "received_on"])]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        return f"{_('Contact request')} {self.received_on:%d.%m.%Y}"

    @property
    def deadline(self) -> date:
        return Request.deadline_for(self.received_on)

    @property
    def days_left(self) -> int:
        return (self.deadline - timezone.localdate()).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


class PublicSubmission(models.Model):
    """One post of a public form, for the per-address rate limit. The address is kept only as a
    keyed hash, and rows older than a day are deleted as new ones arrive."""

    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address_hash", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S}"


# Offers that belong to an index person's course.
LINKED_OFFERS = frozenset({OfferType.RELATIVES, OfferType.FAMILY})
# Offers before a course: their sessions are the pre-course sessions (docs/treatment-practice.md).
PRE_COURSE_OFFERS = frozenset({OfferType.ASSESSMENT, OfferType.MOTIVATION})


class EndReason(models.TextChoices):
    """The nine end reasons reported to the national alcohol treatment register (NAB)."""

    COMPLETED = "completed", _("Completed treatment")
    OWN_WISH = "own_wish", _("Ended at own request")
    NO_SHOW = "no_show", _("Did not turn up")
    DIED = "died", _("Died")
    MOVED = "moved", _("Moved away")
    OTHER_INSTITUTION = "other_institution", _("Discharged to another institution")
    GP = "gp", _("Discharged to own doctor")
    HOSPITAL = "hospital", _("Discharged to hospital")
    OTHER = "other", _("Other")


class Course(models.Model):
    """A forløb: a citizen's treatment in one offer at one unit, from start to discharge."""

    citizen = models.ForeignKey(Citizen, models.PROTECT, related_name="courses", verbose_name=_("citizen"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="courses", verbose_name=_("unit"))
    request = models.ForeignKey(
        Request, models.PROTECT, null=True, blank=True, related_name="courses", verbose_name=_("request")
    )
    offer_type = models.CharField(_("offer"), max_length=20, choices=OfferType.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    main_substance = models.CharField(_("main substance"), max_length=20, choices=Substance.choices, blank=True)
    started_on = models.DateField(_("start date"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="responsible_for", verbose_name=_("responsible")
    )
    index_course = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="linked_courses", verbose_name=_("index course")
    )
    plan = models.TextField(_("treatment plan"), blank=True)
    unit_offer = models.ForeignKey(
        "treatment.UnitOffer", models.PROTECT, null=True, blank=True, related_name="courses", verbose_name=_("offer")
    )
    expected_end_on = models.DateField(_("expected end"), null=True, blank=True)
    expected_end_reason = models.CharField(_("reason for the expected end"), max_length=300, blank=True)
    # An aftercare course names the residential course it follows (seed 000's efterbehandling).
    residential_course = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="aftercare_courses",
        verbose_name=_("residential course before"),
    )
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    discharge_note = models.TextField(_("discharge note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every change; a form sends the version it was made from (optimistic locking).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "ended_on"]),
            models.Index(fields=["responsible", "ended_on"]),
            models.Index(fields=["unit", "started_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "unit", "offer_type"],
                condition=Q(ended_on__isnull=True),
                name="one_open_course_per_offer",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="course_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="") | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="course_end_reason_with_end_date",
            ),
        ]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return f"{self.get_offer_type_display()} {self.started_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def past_expected_end(self) -> bool:
        """Open after the day it was expected to end (flagged on the page and in the lists)."""
        return self.is_open and self.expected_end_on is not None and self.expected_end_on < timezone.localdate()


class Goal(models.Model):
    course = models.ForeignKey(Course, models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class Group(models.Model):
    """A treatment group with a weekly schedule, e.g. 2.5 hours every Tuesday."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="groups", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("start time"))
    minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=150)
    starts_on = models.DateField(_("first meeting"))
    ends_on = models.DateField(_("last meeting"), null=True, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="treatment_groups", verbose_name=_("staff"))
    history = HistoricalRecords(m2m_fields=[staff])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="group_ends_after_start"
            ),
        ]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name

    def meetings(self, start: date, count: int) -> list[date]:
        """The next ``count`` scheduled meeting dates on or after ``start``."""
        first = max(start, self.starts_on)
        first += timedelta(days=(self.weekday - first.weekday()) % 7)
        dates = [first + timedelta(weeks=i) for i in range(count)]
        return [d for d in dates if self.ends_on is None or d <= self.ends_on]


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, models.CASCADE, related_name="memberships")
    course = models.ForeignKey(Course, models.PROTECT, related_name="group_memberships")
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "course"], condition=Q(left_on__isnull=True), name="one_active_group_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.course_id}"


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual session")
    GROUP = "group", _("Group session")
    COUPLE = "couple", _("Couple session")
    FAMILY = "family", _("Joint family session")
    NETWORK = "network", _("Network meeting")
    PHONE = "phone", _("Phone call")


class Attendance(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not turn up")
    CANCELLED = "cancelled", _("Cancelled")


class Session(models.Model):
    """A samtale or group meeting. Group sessions record attendance per member."""

    course = models.ForeignKey(
        Course, models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("course")
    )
    group = models.ForeignKey(
        Group, models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("group")
    )
    held_on = models.DateField(_("date"))
    start_time = models.TimeField(_("time"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    attendance = models.CharField(_("attendance"), max_length=20, choices=Attendance.choices)
    method = models.CharField(_("method"), max_length=20, choices=SessionMethod.choices, blank=True)
    place = models.CharField(_("place"), max_length=20, choices=SessionPlace.choices, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="sessions", verbose_name=_("staff present"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[staff])

    class Meta:
        ordering = ["-held_on", "-start_time"]
        indexes = [models.Index(fields=["held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, group__isnull=True) | Q(course__isnull=True, group__isnull=False),
                name="session_for_course_or_group",
            ),
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d.%m.%Y}"

    def note_open_to(self, user_id: int) -> bool:
        """Whether ``user_id`` may still change the note: its author, for the hours the setting
        allows after writing it. After that the note stands as written and gets addenda."""
        window = timedelta(hours=settings.FORLOB_NOTE_EDIT_HOURS)
        return user_id == self.created_by_id and timezone.now() < self.created_at + window


class SessionAddendum(models.Model):
    """A later addition (tillæg) to a session's note, by anyone working with the course: the way
    to correct or complete a note its author may no longer change."""

    session = models.ForeignKey(Session, models.PROTECT, related_name="addenda", verbose_name=_("session"))
    text = models.TextField(_("addendum"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")

    def __str__(self) -> str:
        return f"{self.session_id} {self.written_at:%d.%m.%Y %H:%M}"


class GroupAttendance(models.Model):
    session = models.ForeignKey(Session, models.CASCADE, related_name="group_attendance")
    course = models.ForeignKey(Course, models.PROTECT, related_name="group_attendance")
    attendance = models.CharField(_("attendance"), max_length=20, choices=Attendance.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "course"], name="unique_group_attendance")]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.course_id} {self.attendance}"
