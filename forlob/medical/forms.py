# SPDX-License-Identifier: AGPL-3.0-or-later
"""The forms of medical treatment. The actions check every rule, so the messages are the same as
in the API; the forms only parse."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.medical.models import Administration, DetoxSetting, Drug, Outcome
from forlob.treatment.forms import StaffChoice

NOTE = forms.Textarea(attrs={"rows": 3})


class MedicationForm(DkfdsForm):
    drug = forms.ChoiceField(label=_("Medicine"), choices=[("", "—"), *Drug.choices])
    drug_name = forms.CharField(
        label=_("Name of the medicine"),
        required=False,
        max_length=100,
        help_text=_("Required for another medicine; else optional (the product name)."),
    )
    dose = forms.CharField(label=_("Dose"), max_length=200, help_text=_("E.g. 400 mg three times a week."))
    administration = forms.ChoiceField(
        label=_("How it is given"), choices=Administration.choices, widget=forms.RadioSelect
    )
    started_on = forms.DateField(label=_("Start date"))
    prescriber = StaffChoice(label=_("Prescriber at the unit"), queryset=User.objects.none(), required=False)
    external_prescriber = forms.CharField(
        label=_("Or an external prescriber"),
        required=False,
        max_length=200,
        help_text=_("The name of the GP or hospital doctor who prescribed it."),
    )
    reason = forms.CharField(label=_("Reason"), widget=NOTE)

    def __init__(self, *args: Any, doctors: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["prescriber"]
        assert isinstance(field, StaffChoice)
        field.queryset = doctors


class StopForm(DkfdsForm):
    stopped_on = forms.DateField(label=_("Stop date"))
    stop_reason = forms.CharField(label=_("Reason for stopping"), required=False, widget=NOTE)
    version = version_field()


class DetoxForm(DkfdsForm):
    setting = forms.ChoiceField(label=_("Detoxification"), choices=DetoxSetting.choices, widget=forms.RadioSelect)
    started_on = forms.DateField(label=_("Start date"))
    ended_on = forms.DateField(label=_("End date"), required=False, help_text=_("Leave empty while it lasts."))
    note = forms.CharField(label=_("Note"), required=False, widget=NOTE)


class DetoxEndForm(DkfdsForm):
    ended_on = forms.DateField(label=_("End date"))
    version = version_field()


class DispensingForm(DkfdsForm):
    """One button of the dispensing list: the day shown and the outcome of the button pressed."""

    day = forms.DateField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=Outcome.choices)
    note = forms.CharField(required=False, max_length=500)


class DayForm(DkfdsForm):
    """The unit and day of the dispensing list."""

    enhed = forms.TypedChoiceField(label=_("Unit"), coerce=int, choices=(), required=False, empty_value=None)
    dato = forms.DateField(label=_("Day"), required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enhed"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = units
