# SPDX-License-Identifier: AGPL-3.0-or-later
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.organisations.models import Unit
from forlob.prevention.models import FocusArea, Level, Setting, TargetGroup

# The levels are WHO's triangle (seed 002); the international names beside them, where they map.
LEVEL_HELP = _(
    "The prevention triangle: primary for everyone, secondary for groups at risk, tertiary for the "
    "individual citizen. Internationally (IOM): universal, selective and indicated prevention."
)


class ActivityForm(DkfdsForm):
    """Every field on one screen, most of them choices: registered in under a minute."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    held_on = forms.DateField(label=_("Date"))
    title = forms.CharField(label=_("Title"), max_length=200)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        help_text=LEVEL_HELP,
    )
    focus_area = forms.ChoiceField(label=_("Focus area"), choices=[("", "—"), *FocusArea.choices])
    target_group = forms.ChoiceField(label=_("Target group"), choices=[("", "—"), *TargetGroup.choices])
    setting = forms.ChoiceField(label=_("Setting"), choices=[("", "—"), *Setting.choices])
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)
    contacts = forms.IntegerField(
        label=_("Contacts"), min_value=0, initial=0, help_text=_("Conversations, calls and other contacts.")
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened and what was learnt: the qualitative documentation."),
    )
    version = version_field()

    def __init__(self, *args: Any, units: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:  # a new activity has no version yet
            del self.fields["version"]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class ActivityFilterForm(DkfdsForm):
    """The list's filters, in the address so a filtered list can be bookmarked and shared."""

    first = forms.DateField(label=_("From"), required=False)
    last = forms.DateField(label=_("To"), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False)
    focus_area = forms.ChoiceField(
        label=_("Focus area"), choices=[("", _("All focus areas")), *FocusArea.choices], required=False
    )
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("last") and data["last"] < data["first"]:
            self.add_error("last", _("The period cannot end before it starts."))
        return data
