# SPDX-License-Identifier: AGPL-3.0-or-later
"""Planned and recurring appointments, the clinician's and the unit's calendar, attendance registered from it, and the
iCalendar feed."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "forlob.appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from forlob.appointments import treatment_pages
        from forlob.treatment import hooks as treatment_hooks

        treatment_hooks.course_page_sections.append(treatment_pages.course_appointments)
        treatment_hooks.overview_sections.append(treatment_pages.todays_appointments)
