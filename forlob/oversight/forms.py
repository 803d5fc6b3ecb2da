# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from forlob.audit.models import LogReviewItem, Use
from forlob.citizens.forms import unit_field
from forlob.common.forms import DkfdsForm
from forlob.organisations.models import Unit
from forlob.oversight.actions import MIN_REASON_LENGTH
from forlob.oversight.log_search import staff_name, staff_of


class EmergencyAccessForm(DkfdsForm):
    cpr = forms.CharField(label=_("CPR number"), max_length=11, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why you must see this citizen now. At least 20 characters; your leader reviews it."),
        min_length=MIN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, unit_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(unit_ids)
        self.order_fields(["unit", "cpr", "reason"])


class EmergencyReviewForm(DkfdsForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LogReviewForm(DkfdsForm):
    """One verdict and note per sampled row."""

    def __init__(self, *args, items: list[LogReviewItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [c for c in LogReviewItem.Verdict.choices if c[0]]
        for item in items:
            self.fields[f"verdict_{item.pk}"] = forms.ChoiceField(
                label=_("Verdict"), choices=choices, widget=forms.RadioSelect, required=False, initial=item.verdict
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"), max_length=300, required=False, initial=item.note
            )

    def verdicts(self, items: list[LogReviewItem]) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {item.pk: (data.get(f"verdict_{item.pk}", ""), data.get(f"note_{item.pk}", "")) for item in items}


class StaffField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return staff_name(obj)


class LogSearchForm(DkfdsForm):
    """The leader's search of the access log. Posted, so no name or CPR number is in a URL."""

    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Unit"), required=False, empty_label=_("All my units"))
    citizen = forms.CharField(
        label=_("Citizen"),
        required=False,
        max_length=200,
        help_text=_("CPR number or name, among the citizens of your units."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    user = StaffField(User.objects.none(), label=_("Staff member"), required=False, empty_label=_("Everyone"))
    date_from = forms.DateField(label=_("From"))
    date_to = forms.DateField(label=_("To"))
    use = forms.ChoiceField(label=_("Type of use"), required=False, choices=[("", _("Every type")), *Use.choices])

    def __init__(self, *args, units: list[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")  # type: ignore[attr-defined]
        self.fields["user"].queryset = staff_of(units)  # type: ignore[attr-defined]
