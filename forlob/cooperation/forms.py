# SPDX-License-Identifier: AGPL-3.0-or-later
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.common.phone import normalise_phone
from forlob.cooperation.actions import MAX_CONTACTS, ContactData
from forlob.cooperation.models import PartnerKind, Status
from forlob.organisations.models import Municipality
from forlob.treatment.forms import StaffMultipleChoice


class AgreementForm(DkfdsForm):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    partner_kind = forms.ChoiceField(label=_("Partner kind"), choices=[("", "—"), *PartnerKind.choices])
    partner_name = forms.CharField(
        label=_("Partner"), max_length=200, help_text=_("E.g. Jobcenter Faxe or Psykiatrien Region Sjælland.")
    )
    content = forms.CharField(
        label=_("Content"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What is agreed: who does what, when and how. No personal data about citizens."),
    )
    agreed_on = forms.DateField(label=_("Agreed on"))
    valid_from = forms.DateField(label=_("Valid from"))
    valid_to = forms.DateField(label=_("Valid to"), required=False, help_text=_("Empty: until further notice."))
    review_on = forms.DateField(
        label=_("Review date"),
        required=False,
        help_text=_("Shown on the contact people's and the leaders' home from 30 days before."),
    )
    responsible = StaffMultipleChoice(
        label=_("Our contact people"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    version = version_field()

    def __init__(self, *args: Any, municipalities: Any, staff: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # an agreement stays in its municipality
            del self.fields["municipality"]
        else:
            del self.fields["version"]
            self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
            if len(municipalities) == 1:
                self.fields["municipality"].initial = municipalities[0].pk
        self.fields["responsible"].queryset = staff  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        # The action checks these too; checked here as well, so they show beside a contact's error.
        data = super().clean() or {}
        start, end, agreed, review = (data.get(n) for n in ("valid_from", "valid_to", "agreed_on", "review_on"))
        if start and end and end < start:
            self.add_error("valid_to", _("The agreement cannot end before it starts."))
        if agreed and review and review < agreed:
            self.add_error("review_on", _("The review cannot be before the agreement was made."))
        return data


class ContactForm(DkfdsForm):
    """One contact person at the partner."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("name", "role", "phone", "email")):
            return data  # an empty row: no contact
        try:
            data["phone"] = normalise_phone("phone", data.get("phone", ""))
        except ValidationError as error:
            self.add_error(None, error)
        if not data.get("name"):
            self.add_error("name", _("Required."))
        return data


class BaseContactFormSet(forms.BaseFormSet):
    def contacts(self) -> list[ContactData]:
        """The rows filled in and not removed."""
        kept = [
            row.cleaned_data
            for row in self.forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE") and row.cleaned_data.get("name")
        ]
        return [ContactData(c["name"], c.get("role", ""), c.get("phone", ""), c.get("email", "")) for c in kept]

    def add_action_error(self, index: int, name: str, error: ValidationError) -> bool:
        """Show an action's refusal of ``contacts.<index>.<name>`` at the row's field; False if no such row."""
        rows = [
            row
            for row in self.forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE") and row.cleaned_data.get("name")
        ]
        if index >= len(rows) or name not in rows[index].fields:
            return False
        rows[index].add_error(name, error)
        return True


ContactFormSet: type[BaseContactFormSet] = forms.formset_factory(  # type: ignore[assignment]
    ContactForm, formset=BaseContactFormSet, extra=2, can_delete=True, max_num=MAX_CONTACTS, validate_max=True
)


class DocumentForm(DkfdsForm):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, DOCX or ODT, at most 10 MB."),
    )

    def __init__(self, *args: Any, kept: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kept:  # shown again after a refusal: the file itself cannot be kept, only why it was refused
            self.fields["file"].required = False


class AgreementFilterForm(DkfdsForm):
    """The list's search and filters, in the address so a filtered list can be shared."""

    q = forms.CharField(label=_("Title or partner contains"), required=False, max_length=100)
    partner_kind = forms.ChoiceField(
        label=_("Partner kind"), choices=[("", _("All partner kinds")), *PartnerKind.choices], required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(municipalities) < 2:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
