# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write of medical treatment: a medication recorded and stopped by a doctor, a dose
registered by a doctor or nurse, a detoxification episode recorded and ended."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.dates import today
from forlob.common.errors import not_in_future, refuse, require_choice, require_version
from forlob.medical.models import (
    DISPENSED,
    Administration,
    DetoxEpisode,
    DetoxSetting,
    Dispensing,
    Drug,
    Medication,
    Outcome,
)
from forlob.organisations.access import DISPENSE, MEDICATION_RECORD, Actor
from forlob.organisations.models import Membership, Role
from forlob.treatment.models import Course


@dataclass
class MedicationData:
    drug: str
    dose: str
    administration: str
    started_on: date
    reason: str
    drug_name: str = ""
    prescriber: User | None = None  # a doctor of the course's unit …
    external_prescriber: str = ""  # … or the name of a prescriber outside it


@dataclass
class DetoxData:
    setting: str
    started_on: date
    ended_on: date | None = None
    note: str = ""


def _log_change(actor: Actor, course: Course, via: str) -> None:
    log_access(actor, Use.CHANGE, citizen_id=course.citizen_id, unit_id=course.unit_id, via=via)


def _require_open(course: Course) -> None:
    """Medical treatment is given on an open course to an identified citizen: anonymous treatment
    (SUL § 141, SEL § 101 a) has none, as a doctor's treatment needs the person's identity."""
    if not course.is_open:
        raise refuse(None, _("The course has ended."), "course_ended")
    if course.citizen.is_anonymous:
        raise refuse(None, _("An anonymous citizen cannot be given medical treatment."), "anonymous")


def _within_course(field: str, day: date, course: Course) -> None:
    not_in_future(field, day)
    if day < course.started_on:
        raise refuse(field, _("The date cannot be before the course started."), "before_start")


def _check_prescriber(course: Course, data: MedicationData) -> None:
    external = data.external_prescriber.strip()
    if data.prescriber is None and not external:
        message = _("Choose a doctor of the unit or enter the external prescriber's name.")
        raise refuse("prescriber", message, "required")
    if data.prescriber is not None and external:
        message = _("Choose a doctor of the unit or an external prescriber, not both.")
        raise refuse("external_prescriber", message, "both")
    if (
        data.prescriber is not None
        and not Membership.objects.filter(
            unit_id=course.unit_id, user=data.prescriber, role=Role.LAEGE, approved_at__isnull=False
        ).exists()
    ):
        raise refuse("prescriber", _("The prescriber must be a doctor of the unit."), "not_doctor")


@transaction.atomic
def record_medication(actor: Actor, course: Course, data: MedicationData) -> Medication:
    """A doctor records a medicine the centre gives or hands out (the prescription of record is
    in FMK)."""
    actor.require(course.unit_id, MEDICATION_RECORD)
    _require_open(course)
    require_choice("drug", data.drug, Drug)
    require_choice("administration", data.administration, Administration)
    if data.drug == Drug.OTHER and not data.drug_name.strip():
        raise refuse("drug_name", _("Enter the name of the medicine."), "required")
    if not data.dose.strip():
        raise refuse("dose", _("Enter the dose."), "required")
    if not data.reason.strip():
        raise refuse("reason", _("Enter the reason for the medication."), "required")
    _within_course("started_on", data.started_on, course)
    _check_prescriber(course, data)
    medication = Medication.objects.create(
        course=course,
        drug=data.drug,
        drug_name=data.drug_name.strip(),
        dose=data.dose.strip(),
        administration=data.administration,
        started_on=data.started_on,
        prescriber=data.prescriber,
        external_prescriber=data.external_prescriber.strip(),
        reason=data.reason.strip(),
        recorded_by=actor.user,
    )
    _log_change(actor, course, "record_medication")
    return medication


@transaction.atomic
def stop_medication(
    actor: Actor, medication: Medication, stopped_on: date, reason: str = "", expected_version: int | None = None
) -> Medication:
    """A doctor stops a medication; the doses registered up to the stop date stay."""
    locked = Medication.objects.select_for_update().select_related("course").get(pk=medication.pk)
    actor.require(locked.course.unit_id, MEDICATION_RECORD)
    require_version(locked.version, expected_version, locked)
    if locked.stopped_on is not None:
        raise refuse(None, _("The medication has already been stopped."), "stopped")
    not_in_future("stopped_on", stopped_on)
    if stopped_on < locked.started_on:
        raise refuse("stopped_on", _("The stop date cannot be before the start date."), "before_start")
    last = locked.dispensings.order_by("-day").values_list("day", flat=True).first()
    if last is not None and stopped_on < last:
        raise refuse(
            "stopped_on",
            _("A dose is registered on %(day)s, after this stop date.") % {"day": f"{last:%d.%m.%Y}"},
            "after_dose",
        )
    locked.stopped_on = stopped_on
    locked.stop_reason = reason.strip()
    locked.version += 1
    locked.save(update_fields=["stopped_on", "stop_reason", "version"])
    _log_change(actor, locked.course, "stop_medication")
    return locked


@transaction.atomic
def register_dispensing(actor: Actor, medication: Medication, day: date, outcome: str, note: str = "") -> Dispensing:
    """A doctor or nurse registers the day's dose: given under supervision, handed out, or missed.
    Once per medication and day, never for a day to come."""
    # The lock makes two registrations of the same dose wait for each other; the second is refused.
    locked = Medication.objects.select_for_update().select_related("course").get(pk=medication.pk)
    actor.require(locked.course.unit_id, DISPENSE)
    require_choice("outcome", outcome, Outcome)
    if day > today():
        raise refuse("day", _("A dose cannot be registered for a day to come."), "future")
    if locked.administration not in DISPENSED:
        raise refuse(None, _("This medication is collected at the pharmacy; the centre does not give it."), "not_given")
    if day < locked.started_on or (locked.stopped_on is not None and day > locked.stopped_on):
        raise refuse("day", _("The medication was not in force on that day."), "not_in_force")
    if locked.dispensings.filter(day=day).exists():
        raise refuse(
            "day",
            _("The dose of %(day)s is already registered.") % {"day": f"{day:%d.%m.%Y}"},
            "already_registered",
        )
    dispensing = Dispensing.objects.create(
        medication=locked,
        day=day,
        outcome=outcome,
        note=note.strip(),
        registered_by=actor.user,
        registered_at=timezone.now(),
    )
    _log_change(actor, locked.course, "register_dispensing")
    return dispensing


def _check_detox_dates(course: Course, started_on: date, ended_on: date | None) -> None:
    _within_course("started_on", started_on, course)
    if ended_on is not None:
        not_in_future("ended_on", ended_on)
        if ended_on < started_on:
            raise refuse("ended_on", _("The end date cannot be before the start date."), "before_start")


@transaction.atomic
def record_detox(actor: Actor, course: Course, data: DetoxData) -> DetoxEpisode:
    """A doctor records a detoxification episode, outpatient or residential (its end now or later)."""
    actor.require(course.unit_id, MEDICATION_RECORD)
    _require_open(course)
    require_choice("setting", data.setting, DetoxSetting)
    _check_detox_dates(course, data.started_on, data.ended_on)
    episode = DetoxEpisode.objects.create(
        course=course,
        setting=data.setting,
        started_on=data.started_on,
        ended_on=data.ended_on,
        note=data.note.strip(),
        recorded_by=actor.user,
    )
    _log_change(actor, course, "record_detox")
    return episode


@transaction.atomic
def end_detox(actor: Actor, episode: DetoxEpisode, ended_on: date, expected_version: int | None = None) -> DetoxEpisode:
    locked = DetoxEpisode.objects.select_for_update().select_related("course").get(pk=episode.pk)
    actor.require(locked.course.unit_id, MEDICATION_RECORD)
    require_version(locked.version, expected_version, locked)
    if locked.ended_on is not None:
        raise refuse(None, _("The detoxification has already ended."), "ended")
    _check_detox_dates(locked.course, locked.started_on, ended_on)
    locked.ended_on = ended_on
    locked.version += 1
    locked.save(update_fields=["ended_on", "version"])
    _log_change(actor, locked.course, "end_detox")
    return locked
