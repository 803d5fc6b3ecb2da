# SPDX-License-Identifier: AGPL-3.0-or-later
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.followup.models import LifeChange, Satisfaction, UseChange
from forlob.treatment.models import EndReason

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no(label: StrOrPromise, required: bool = True, **extra: object) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        **extra,  # type: ignore[arg-type]
    )


def life_change(label: StrOrPromise) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=[("", _("Not answered")), *LifeChange.choices], required=False, widget=forms.RadioSelect
    )


class AttemptForm(DkfdsForm):
    """One attempt to reach the citizen, and the short form when they were reached."""

    attempted_on = forms.DateField(label=_("Date"))
    reached = yes_no(_("Contact made"))
    attempt_note = forms.CharField(
        label=_("Note on the attempt"),
        max_length=300,
        required=False,
        help_text=_("E.g. no answer, voicemail."),
    )
    use_change = forms.ChoiceField(
        label=_("Use compared with at discharge"),
        choices=UseChange.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    new_treatment_needed = yes_no(_("New treatment needed"), required=False)
    housing = life_change(_("Housing compared with at discharge"))
    work = life_change(_("Work or education compared with at discharge"))
    network = life_change(_("Network compared with at discharge"))
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction with the treatment"),
        choices=[("", _("Not answered")), *Satisfaction.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(label=_("Note from the call"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = version_field()


class ReassignForm(DkfdsForm):
    assigned_to: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), empty_label=None
    )
    version = version_field()

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        field.queryset = staff  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.get_full_name() or user.username  # type: ignore[attr-defined]


class RuleForm(DkfdsForm):
    months = forms.CharField(
        label=_("Months after discharge"),
        max_length=50,
        help_text=_("Separate with commas, e.g. 3, 6 or 1, 6, 12."),
    )
    end_reasons = forms.MultipleChoiceField(
        label=_("End reasons that lead to follow-up"),
        choices=[c for c in EndReason.choices if c[0] != EndReason.DIED],
        widget=forms.CheckboxSelectMultiple,
    )
    consent_required = forms.BooleanField(
        label=_("Only with the citizen's consent to follow-up contact"), required=False
    )
    max_attempts = forms.IntegerField(
        label=_("Attempts before the follow-up closes as 'no contact made'"), min_value=1, max_value=10
    )

    def clean_months(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["months"].replace(";", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Enter whole numbers separated by commas."), code="invalid")
        return [int(p) for p in parts]


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A whole month, entered as YYYY-MM (the browser's month picker); cleaned to its first day."""

    widget = MonthInput

    def to_python(self, value: object) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="invalid") from None


class PeriodForm(DkfdsForm):
    """A period of whole months and one of the actor's units, for the reach rate."""

    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, choices=())
    first = MonthField(label=_("From month"))
    last = MonthField(label=_("To month"))

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last and last < first:
            self.add_error("last", _("The period cannot end before it starts."))
        if first and last and (last.year - first.year) * 12 + last.month - first.month >= 60:
            self.add_error("last", _("Choose a period of at most five years."))
        return data
