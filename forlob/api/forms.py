# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm


class TokenForm(DkfdsForm):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is used for, e.g. 'Monthly report script'.")
    )
