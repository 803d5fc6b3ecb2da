# SPDX-License-Identifier: AGPL-3.0-or-later
"""Regions, municipalities, clusters, units and who works where in which role."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Region(models.Model):
    code = models.CharField(_("region code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, models.PROTECT, related_name="municipalities", verbose_name=_("region"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A named group of municipalities that work together (e.g. Region Sjælland's Klynge Syd)."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, models.PROTECT, related_name="clusters", verbose_name=_("region"))
    municipalities = models.ManyToManyField(Municipality, related_name="clusters", verbose_name=_("municipalities"))
    history = HistoricalRecords(m2m_fields=[municipalities])

    class Meta:
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_cluster_name_in_region")]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    ALCOHOL = "alcohol", _("Alcohol treatment")
    DRUGS = "drugs", _("Drug treatment")
    SUBSTANCE = "substance", _("Alcohol and drug treatment")
    YOUTH = "youth", _("Youth")
    FAMILY = "family", _("Family")
    PREVENTION = "prevention", _("Prevention")
    OTHER = "other", _("Other")


class Department(models.TextChoices):
    """Municipal departments a treatment unit works with (and the department of a partner unit)."""

    CHILDREN_FAMILY = "children_family", _("Children and families")
    JOBCENTER = "jobcenter", _("Job centre")
    PSYCHIATRY = "psychiatry", _("Psychiatry")
    HEALTH = "health", _("Health services")
    ADULTS = "adults", _("Adult social services")
    HOUSING = "housing", _("Housing")


class Unit(models.Model):
    """A treatment centre or department (behandlingssted/afdeling)."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(Municipality, models.PROTECT, related_name="units", verbose_name=_("municipality"))
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    institution_code = models.CharField(
        _("institution code"), max_length=20, blank=True, help_text=_("Code used in national reporting, e.g. 3502.")
    )
    serves = models.ManyToManyField(
        Municipality, related_name="served_by", blank=True, verbose_name=_("municipalities served")
    )
    department = models.CharField(
        _("department"),
        max_length=20,
        choices=Department.choices,
        blank=True,
        help_text=_(
            "For a partner department's unit (e.g. children and families): its staff see the shared "
            "visitations the department took part in, while the citizen's consent to sharing is in force."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    # Shown on the public "Find behandling" page of each municipality the unit serves.
    public = models.BooleanField(_("shown on the public page"), default=False)
    public_description = models.TextField(_("description for citizens"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    anonymous_possible = models.BooleanField(_("anonymous treatment possible"), default=False)
    history = HistoricalRecords(m2m_fields=[serves])

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    BEHANDLER = "behandler", _("Clinician")
    VISITATOR = "visitator", _("Intake officer")
    FAMILIEKONSULENT = "familiekonsulent", _("Family consultant")
    LEDER = "leder", _("Leader")
    ANALYTIKER = "analytiker", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    KOORDINATOR = "koordinator", _("Cluster coordinator")
    LAEGE = "laege", _("Doctor")
    SYGEPLEJERSKE = "sygeplejerske", _("Nurse")
    PSYKOLOG = "psykolog", _("Psychologist")


# Roles that work with citizens and therefore may see person data at their unit.
CASE_ROLES = frozenset(
    {Role.BEHANDLER, Role.VISITATOR, Role.FAMILIEKONSULENT, Role.LEDER, Role.LAEGE, Role.SYGEPLEJERSKE, Role.PSYKOLOG}
)
# The health professionals of a centre (KL's recommendation 9): doctors and nurses give the medical
# treatment, psychologists and doctors assess after a positive psychiatric screening.
HEALTH_ROLES = (Role.LAEGE, Role.SYGEPLEJERSKE, Role.PSYKOLOG)
# Roles that read person-level data, identified (case roles) or pseudonymised (analysts): each
# takes effect only when a leader of the unit has approved it.
APPROVED_ROLES = CASE_ROLES | {Role.ANALYTIKER}


class Profession(models.TextChoices):
    """A staff member's profession, for the leader's view of capacity (seeds 000 and 004 ask to fit
    staffing to demand)."""

    SOCIALRAADGIVER = "socialraadgiver", _("Social worker")
    PAEDAGOG = "paedagog", _("Social educator")
    PSYKOLOG = "psykolog", _("Psychologist")
    SYGEPLEJERSKE = "sygeplejerske", _("Nurse")
    LAEGE = "laege", _("Doctor")
    BEHANDLER = "behandler", _("Therapist")
    ERGOTERAPEUT = "ergoterapeut", _("Occupational therapist")
    SEKRETAER = "sekretaer", _("Secretary")
    OTHER = "other", _("Other profession")


# Weekly hours a staff member may be set to work at a unit: a full-time post is 37 hours, and
# nobody is set up for more than 60.
MAX_WEEKLY_HOURS = 60


class Membership(models.Model):
    """A user's role at a unit. A role in ``APPROVED_ROLES`` counts from ``approved_at`` on: set
    when a leader of the unit approves it (``approved_by``), or when the municipality's identity
    broker grants it at single sign-on, or by the operator's ``approve_role`` command (both
    without ``approved_by``). Written only through ``forlob.organisations.actions``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("granted by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("approved by"),
    )
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices, blank=True)
    weekly_hours = models.DecimalField(
        _("weekly hours"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Hours a week at the unit in this role; a full-time post is 37 hours."),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEEKLY_HOURS)],
    )
    # The administrator sets the staffing up, the leader changes it: two people may edit the row.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership"),
            models.CheckConstraint(
                condition=models.Q(weekly_hours__gte=0, weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="membership_weekly_hours_in_range",
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"

    @property
    def in_force(self) -> bool:
        return self.approved_at is not None or self.role not in APPROVED_ROLES
