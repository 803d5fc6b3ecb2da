# SPDX-License-Identifier: AGPL-3.0-or-later
"""The registers' questions as a form, made from the specification's fields: a drop-down for a
code list, a number within the field's range. Every question may be left open (the validation
list shows what is still missing); what is given must be a code of the list or in range."""

from typing import cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.common.forms import DkfdsForm, version_field
from forlob.registers.models import Channel
from forlob.registers.specification import Field, Specification

NOT_YET = gettext_lazy("Not yet known")


def form_field(f: Field) -> forms.Field:
    if f.number is not None:
        low, high = f.number
        return forms.IntegerField(label=f.label, required=False, min_value=low, max_value=high, help_text=f.help)
    return forms.ChoiceField(label=f.label, required=False, choices=[("", NOT_YET), *f.codes], help_text=f.help)


class AnswersForm(DkfdsForm):
    """The questions of ``stages`` in the specification, named by their field codes."""

    prefix = "register"

    def __init__(self, *args, spec: Specification, stages: tuple[str, ...], with_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.legend = _("For national registration: %(register)s") % {"register": spec.label}
        self.notice = spec.notice
        self.codes: list[str] = []
        for stage in stages:
            for f in spec.stage_fields(stage, asked=True):
                self.fields[f.code] = form_field(f)
                self.codes.append(f.code)
        if with_version:
            self.fields["version"] = version_field(required=False)

    def answers(self) -> dict[str, object]:
        """The answers given, every question of the form included ("" where left open)."""
        return {code: "" if self.cleaned_data[code] is None else self.cleaned_data[code] for code in self.codes}


class SubmissionForm(DkfdsForm):
    """How the month's submission is sent: as a file for the register's own upload, or system to
    system where a connection to the register is set up."""

    channel = forms.ChoiceField(label=gettext_lazy("How is it sent?"), widget=forms.RadioSelect)

    def __init__(self, *args, system: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [c for c in Channel.choices if system or c[0] != Channel.SYSTEM]
        channel = cast(forms.ChoiceField, self.fields["channel"])
        channel.choices = choices
        channel.initial = Channel.SYSTEM if system else Channel.FILE
