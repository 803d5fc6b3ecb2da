# SPDX-License-Identifier: AGPL-3.0-or-later
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm
from forlob.instruments.models import Instrument, Phase


class ResponseForm(DkfdsForm):
    """An instrument's items as one form: a radio group per question, a number field per area or
    field. The answers are checked and scored by the action, so the messages are the same as in
    the API; every field is optional here."""

    answered_on = forms.DateField(label=_("Date"))
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        definition = instrument.definition
        for n, item in enumerate(definition["items"], start=1):
            label = f"{n}. {item['text']}" if definition["kind"] == "sum" else item["text"]
            if "options" in item:
                choices = [(o["value"], o["label"]) for o in item["options"]]
                self.fields[item["code"]] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, required=False
                )
            else:
                hint = _("From %(min)s to %(max)s.") % {"min": item["min"], "max": item["max"]}
                widget = forms.TextInput(attrs={"inputmode": "decimal" if item.get("decimals") else "numeric"})
                self.fields[item["code"]] = forms.CharField(label=label, required=False, help_text=hint, widget=widget)
        if definition.get("actions"):
            self.fields["action"] = forms.ChoiceField(
                label=_("Follow-up action"),
                choices=[("", "—"), *((a["value"], a["label"]) for a in definition["actions"])],
                required=False,
                help_text=_("Required when an area is positive."),
            )
        self.fields["note"] = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    @property
    def item_names(self) -> list[str]:
        return [item["code"] for item in self.instrument.definition["items"]]

    def points(self) -> dict[str, dict[str, int]]:
        """Item → option → points, for the live total on the page."""
        return {
            item["code"]: {o["value"]: o["points"] for o in item["options"]}
            for item in self.instrument.definition["items"]
            if "options" in item and self.instrument.kind == "sum"
        }
