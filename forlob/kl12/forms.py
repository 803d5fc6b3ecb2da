# SPDX-License-Identifier: AGPL-3.0-or-later
"""The answer sheet (one field per indicator and part), the cluster's resolution and its text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.kl12.actions import ALLOWED, MAX_TEXT, field_name
from forlob.kl12.models import AnswerKind, Part, RoundIndicator, Verdict


class AnswerSheetForm(DkfdsForm):
    """Fields are not required here: the action refuses a missing yes/no answer, so every
    refusal reads the same whether it comes from the page or the API."""

    version = version_field(required=False)  # empty before the first save

    def __init__(self, *args, indicators: list[RoundIndicator], split: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.split = split
        parts = (Part.ALCOHOL, Part.DRUGS) if split else (Part.COMBINED,)
        for indicator in indicators:
            for part in parts:
                label = str(Part(part).label) if split else _("Answer")
                if indicator.kind in ALLOWED:
                    choices = [(v, Verdict(v).label) for v in ALLOWED[indicator.kind]]
                    field: forms.Field = forms.ChoiceField(
                        label=label, choices=choices, required=False, widget=forms.RadioSelect
                    )
                elif indicator.kind == AnswerKind.NUMBER:
                    field = forms.CharField(label=label, required=False, max_length=20)
                    field.widget.attrs["inputmode"] = "decimal"
                else:
                    field = forms.CharField(
                        label=label, required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
                    )
                self.fields[field_name(indicator, part)] = field

    def fields_of(self, indicator: RoundIndicator) -> list[forms.BoundField]:
        prefix = f"a{indicator.pk}_"
        return [self[name] for name in self.fields if name.startswith(prefix)]


class ResolutionForm(DkfdsForm):
    value = forms.ChoiceField(
        label=_("Resolved to"),
        choices=[(Verdict.YES, Verdict.YES.label), (Verdict.NO, Verdict.NO.label)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Which supplementary answers the resolution rests on."),
    )


class ClusterTextForm(DkfdsForm):
    priorities = forms.CharField(
        label=_("The cluster's priorities"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    comments = forms.CharField(
        label=_("Comments"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
