# SPDX-License-Identifier: AGPL-3.0-or-later
"""The choices of a request and its course: substance, legal basis, channel, status and the
reason for closing. Re-exported by ``forlob.treatment.models``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Substance(models.TextChoices):
    ALCOHOL = "alcohol", _("Alcohol")
    CANNABIS = "cannabis", _("Cannabis")
    OPIOIDS = "opioids", _("Opioids")
    COCAINE = "cocaine", _("Cocaine")
    AMPHETAMINE = "amphetamine", _("Amphetamine")
    BENZODIAZEPINES = "benzodiazepines", _("Benzodiazepines")
    OTHER = "other", _("Other substance")


class LegalBasis(models.TextChoices):
    SUL_141 = "sul_141", _("Health Act § 141 (alcohol)")
    SEL_101 = "sel_101", _("Social Services Act § 101 (drugs)")
    SEL_101A = "sel_101a", _("Social Services Act § 101 a (anonymous drug treatment)")


class Channel(models.TextChoices):
    """Where a request came from (seed 001 judges the outreach by it), in the order the forms
    show: the citizen and their own, health, the municipality's departments, school and care,
    justice, another unit. ``corrections`` keeps its stored value since crime prevention joined it."""

    SELF = "self", _("The citizen themself")
    FAMILY = "family", _("Relatives")
    GP = "gp", _("Own doctor")
    HOSPITAL = "hospital", _("Hospital or psychiatry")
    JOBCENTER = "jobcenter", _("Job centre")
    SOCIAL = "social", _("Social services")
    SCHOOL = "school", _("School or youth education")
    DAYCARE = "daycare", _("Day care")
    MENTOR = "mentor", _("Mentor or contact person")
    HOMECARE = "homecare", _("Home care")
    CORRECTIONS = "corrections", _("Police, crime prevention or prison and probation service")
    UNIT = "unit", _("Another treatment unit (referral)")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Awaiting visitation")
    COURSE_STARTED = "course_started", _("Course started")
    REFERRED = "referred", _("Referred elsewhere")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    DECLINED = "declined", _("The citizen declined treatment")
    NO_CONTACT = "no_contact", _("No contact with the citizen")
    NOT_IN_TARGET_GROUP = "not_target", _("Not in the target group")
    OTHER = "other", _("Other")
