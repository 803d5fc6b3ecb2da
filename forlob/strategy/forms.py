# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.strategy.models import InitiativeStatus


class InitiativeForm(DkfdsForm):
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices)
    written_on = forms.DateField(label=_("Date"))
    text = forms.CharField(label=_("Status note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = version_field()


class ActualForm(DkfdsForm):
    actual = forms.CharField(label=_("Actual"), required=False, max_length=20)
    source = forms.CharField(label=_("Source"), required=False, max_length=200)
