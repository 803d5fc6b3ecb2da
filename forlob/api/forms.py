# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forlob.api.actions import DEFAULT_DAYS
from forlob.common.forms import DkfdsForm


class TokenForm(DkfdsForm):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is used for, e.g. 'Monthly report script'.")
    )
    days = forms.IntegerField(label=_("Valid for (days)"), initial=DEFAULT_DAYS)
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_("The token can fetch data but not create or change anything."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The limit is checked by issue_token; the browser is told it too.
        self.fields["days"].widget.attrs.update({"min": 1, "max": settings.FORLOB_API_TOKEN_MAX_DAYS})
        self.fields["days"].help_text = _("At most %(max)d days.") % {"max": settings.FORLOB_API_TOKEN_MAX_DAYS}
