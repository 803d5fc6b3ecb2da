# SPDX-License-Identifier: AGPL-3.0-or-later
"""The course page's "Planlæg aftaler" form (one appointment or a series) and ending a series."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.appointments.models import APPOINTMENT_KINDS
from forlob.common.dates import today
from forlob.common.forms import DkfdsForm, version_field
from forlob.treatment.forms import StaffMultipleChoice, staff_queryset


class Repeat:
    ONCE = "once"
    SERIES = "series"
    CHOICES = [(ONCE, _("One appointment")), (SERIES, _("Recurring, weekly"))]


class PlanForm(DkfdsForm):
    # On the course page beside the session form, whose fields share names: labels must find their own.
    prefix = "appointment"
    repeat = forms.ChoiceField(label=_("Plan"), choices=Repeat.CHOICES, initial=Repeat.ONCE, widget=forms.RadioSelect)
    day = forms.DateField(label=_("Date (the first, for a series)"), initial=today)
    start_time = forms.TimeField(label=_("Time"))
    minutes = forms.IntegerField(label=_("Minutes"), initial=60, min_value=1, max_value=1440)
    kind = forms.ChoiceField(label=_("Kind"), choices=APPOINTMENT_KINDS)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    every_weeks = forms.IntegerField(label=_("Every … weeks"), initial=1, min_value=1, max_value=8, required=False)
    ends_on = forms.DateField(
        label=_("Until"), required=False, help_text=_("For a series: an end date or a number of appointments.")
    )
    count = forms.IntegerField(label=_("Number of appointments"), required=False, min_value=1, max_value=52)

    def __init__(self, *args, unit_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinicians"] = StaffMultipleChoice(
            staff_queryset({unit_id}),
            label=_("Clinicians"),
            widget=forms.CheckboxSelectMultiple,
            help_text=_("A series has one clinician."),
        )
        self.order_fields(["repeat", "day", "start_time", "minutes", "kind", "clinicians"])

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("repeat") == Repeat.SERIES and len(data.get("clinicians") or []) > 1:
            self.add_error("clinicians", _("A series has one clinician: choose one."))
        return data


class EndSeriesForm(DkfdsForm):
    version = version_field()
    last_day = forms.DateField(label=_("Last day of the series"), initial=today)
