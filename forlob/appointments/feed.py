# SPDX-License-Identifier: AGPL-3.0-or-later
"""The clinician's appointments as an iCalendar file for their phone or Outlook. A calendar leaves
the system: no names, CPR numbers or notes, only the citizen's initials, the kind and the unit."""

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from forlob.appointments.models import Appointment
from forlob.citizens.models import Citizen


def initials(citizen: Citizen) -> str:
    """ "H.H." for Hans Hansen; an anonymous citizen stays anonymous."""
    if citizen.is_anonymous:
        return _("Anonymous")
    letters = [name[0].upper() for name in (citizen.first_name, citizen.last_name) if name]
    return "".join(f"{letter}." for letter in letters) or "?"


def summary(appointment: Appointment) -> str:
    """ "Individuel samtale, H.H. – Rusmiddelcentret Faxe"."""
    who = initials(appointment.course.citizen) if getattr(appointment, "shows_citizen", False) else ""
    kind = appointment.get_kind_display()
    unit = appointment.course.unit.name
    return f"{kind}, {who} – {unit}" if who else f"{kind} – {unit}"


def as_ical(appointments: Iterable[Appointment]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Forløb//Aftaler//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Forløb appointments"))
    stamp = timezone.now()
    for appointment in appointments:
        event = Event()
        event.add("uid", f"aftale-{appointment.pk}@forlob")
        event.add("dtstamp", stamp)
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.starts_at + timedelta(minutes=appointment.minutes))
        event.add("summary", summary(appointment))
        event.add("location", appointment.course.unit.name)
        calendar.add_component(event)
    return calendar.to_ical()
