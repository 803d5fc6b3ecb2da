# SPDX-License-Identifier: AGPL-3.0-or-later
"""The citizen's household and network, and the assessments of the children's situation."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forlob.common.dates import age_on
from forlob.organisations.models import Department

CHILD_AGE_LIMIT = 18


class RelationKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relation")


class Relation(models.Model):
    """A person in the citizen's household or network."""

    citizen = models.ForeignKey("citizens.Citizen", models.CASCADE, related_name="relations", verbose_name=_("citizen"))
    kind = models.CharField(_("relation"), max_length=10, choices=RelationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    in_household = models.BooleanField(_("lives in the household"), default=False)
    involved = models.BooleanField(_("involved in the course"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "birth_year", "name"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def age_on(self, day: date) -> int | None:
        return age_on(day, self.birth_date, self.birth_year)

    def is_household_child_on(self, day: date) -> bool:
        """A child under 18 living in the household: the children the seeds ask us to keep in view."""
        age = self.age_on(day)
        return self.kind == RelationKind.CHILD and self.in_household and age is not None and age < CHILD_AGE_LIMIT


class AssessmentAction(models.TextChoices):
    """What follows an assessment of the children's situation."""

    NO_CONCERN = "no_concern", _("No concern")
    FAMILY_OFFER = "family_offer", _("Family-oriented offer")
    NOTIFICATION = "notification", _("Notification to the children's services (underretning)")


# The actions taken on a day of their own, which the assessment must then give.
DATED_ACTIONS = (AssessmentAction.FAMILY_OFFER.value, AssessmentAction.NOTIFICATION.value)


class ChildrenAssessment(models.Model):
    """The children's needs were assessed (seed 000/001: ensure the children's needs are assessed)."""

    citizen = models.ForeignKey(
        "citizens.Citizen", models.CASCADE, related_name="children_assessments", verbose_name=_("citizen")
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    note = models.TextField(_("note"), blank=True)
    # What was done about it; blank on the assessments recorded before the action was asked for.
    action = models.CharField(_("action"), max_length=20, choices=AssessmentAction.choices, blank=True)
    action_on = models.DateField(_("action taken on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=DATED_ACTIONS, action_on__isnull=False)
                | Q(action=AssessmentAction.NO_CONCERN)
                | Q(action="", action_on__isnull=True),
                name="children_assessment_action_dated",
            ),
            models.CheckConstraint(
                condition=Q(action_on__isnull=True) | Q(action_on__gte=F("assessed_on")),
                name="children_assessment_action_after_assessment",
            ),
        ]
        verbose_name = _("assessment of the children's situation")
        verbose_name_plural = _("assessments of the children's situation")

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.assessed_on}"


class ConsentKind(models.TextChoices):
    NETWORK = "network", _("Involve the network")
    SHARE = "share", _("Share information with a department")
    FOLLOW_UP = "follow_up", _("Follow-up contact after treatment")
    # The psychiatric pathway (seed 004): the screening result goes to the citizen's own doctor,
    # who refers to psychiatry; and the coordinated action plan is shared with each of its parties.
    GP = "gp", _("Share the screening result with the citizen's own doctor")
    PLAN_PARTY = "plan_party", _("Share the coordinated action plan with a party")


class Consent(models.Model):
    """The citizen's consent, given and perhaps withdrawn. A withdrawn consent is kept (with date and
    who recorded it) and stops counting at once."""

    citizen = models.ForeignKey("citizens.Citizen", models.CASCADE, related_name="consents", verbose_name=_("citizen"))
    kind = models.CharField(_("consent to"), max_length=10, choices=ConsentKind.choices)
    department = models.CharField(_("department"), max_length=20, choices=Department.choices, blank=True)
    phone = models.CharField(_("phone for follow-up"), max_length=30, blank=True)
    preferred_time = models.CharField(_("preferred time"), max_length=100, blank=True)
    parents_involved = models.BooleanField(_("parents involved"), null=True, blank=True)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.kind} {self.given_on}"

    def in_force_on(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class SharedVisitation(models.Model):
    """A fælles visitation: a meeting about the citizen with other departments present, and its
    decision. Each department's staff see it only while the citizen's consent to share
    information with that department is in force."""

    citizen = models.ForeignKey(
        "citizens.Citizen", models.CASCADE, related_name="shared_visitations", verbose_name=_("citizen")
    )
    unit = models.ForeignKey(
        "organisations.Unit", models.PROTECT, related_name="shared_visitations", verbose_name=_("unit")
    )
    request = models.ForeignKey(
        "treatment.Request",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="shared_visitations",
        verbose_name=_("request"),
    )
    held_on = models.DateField(_("meeting date"))
    present = models.CharField(
        _("present"), max_length=300, blank=True, help_text=_("Who took part, e.g. names and roles.")
    )
    decision = models.TextField(_("decision"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("shared visitation")
        verbose_name_plural = _("shared visitations")

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.held_on}"


class VisitationDepartment(models.Model):
    """A department present at a shared visitation."""

    visitation = models.ForeignKey(SharedVisitation, models.CASCADE, related_name="departments")
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)

    class Meta:
        ordering = ["department"]
        constraints = [
            models.UniqueConstraint(fields=["visitation", "department"], name="one_row_per_department_present")
        ]

    def __str__(self) -> str:
        return f"{self.visitation_id} {self.department}"


class OfferOutcome(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class FamilyOffer(models.Model):
    """Family-oriented treatment offered on a course (the family or network involved in the
    treatment), and the citizen's answer: the evidence for KL's indicator 1.3, "the citizen is
    always told about and offered family-oriented treatment"."""

    course = models.OneToOneField(
        "treatment.Course", models.CASCADE, related_name="family_offer", verbose_name=_("course")
    )
    offered_on = models.DateField(_("offered on"))
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("offered by")
    )
    outcome = models.CharField(_("answer"), max_length=10, choices=OfferOutcome.choices, default=OfferOutcome.AWAITING)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=OfferOutcome.AWAITING, answered_on__isnull=True)
                | (~Q(outcome=OfferOutcome.AWAITING) & Q(answered_on__isnull=False)),
                name="family_offer_answer_dated",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("offered_on")),
                name="family_offer_answered_after_offer",
            ),
        ]
        verbose_name = _("family offer")
        verbose_name_plural = _("family offers")

    def __str__(self) -> str:
        return f"{self.course_id} {self.offered_on} {self.outcome}"


class SessionChild(models.Model):
    """One of the citizen's children took part in a session of the course."""

    session = models.ForeignKey(
        "treatment.Session", models.CASCADE, related_name="children_present", verbose_name=_("session")
    )
    relation = models.ForeignKey(Relation, models.CASCADE, related_name="sessions_taken_part", verbose_name=_("child"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "relation"], name="one_row_per_child_in_session")]
        verbose_name = _("child in a session")
        verbose_name_plural = _("children in sessions")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.relation_id}"
