# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.organisations.models import MAX_WEEKLY_HOURS, Profession


class OtpForm(DkfdsForm):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Enter the 6-digit code.")},
    )


class StaffingForm(DkfdsForm):
    """A role's profession and weekly hours, as the unit's leader changes them on the roles page."""

    profession = forms.ChoiceField(label=_("Profession"), choices=[("", "—"), *Profession.choices], required=False)
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"),
        required=False,
        min_value=0,
        max_value=MAX_WEEKLY_HOURS,
        decimal_places=2,
        max_digits=4,
        localize=True,
    )
    version = version_field()
