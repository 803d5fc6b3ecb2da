# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.citizens.models import Sex
from forlob.citizens.queries import target_groups
from forlob.common.forms import DkfdsForm, NameSearchForm, version_field
from forlob.organisations.models import Municipality, Unit


def unit_field(unit_ids: set[int]) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(Unit.objects.filter(pk__in=unit_ids), label=_("Unit"), empty_label=None)


class CitizenCreateForm(DkfdsForm):
    is_anonymous = forms.BooleanField(
        label=_("Anonymous treatment"),
        required=False,
        help_text=_("Health Act § 141 (alcohol) and Social Services Act § 101 a (drugs) allow anonymous treatment."),
    )
    cpr = forms.CharField(label=_("CPR number"), required=False, max_length=11, help_text=_("ddmmyy-xxxx"))
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    alias = forms.CharField(label=_("Alias"), required=False, max_length=100)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), label=_("Municipality of residence"), required=False
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    address_protected = forms.BooleanField(label=_("Name and address protection"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, unit_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(unit_ids)
        self.fields["cpr"].widget.attrs["autocomplete"] = "off"


class CitizenEditForm(DkfdsForm):
    version = version_field()
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), label=_("Municipality of residence"), required=False
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    address_protected = forms.BooleanField(label=_("Name and address protection"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False)


class RevealCprForm(DkfdsForm):
    purpose = forms.CharField(label=_("Purpose"), max_length=300, help_text=_("Why do you need the full number?"))


class SearchForm(NameSearchForm):
    q = forms.CharField(label=_("Search by CPR number or name"), required=False, max_length=100)


class TargetGroupMarkerForm(DkfdsForm):
    group = forms.ModelChoiceField(target_groups(), label=_("Target group"), empty_label="—")
    from_on = forms.DateField(label=_("Belongs to the target group from"))


class EndTargetGroupMarkerForm(DkfdsForm):
    ended_on = forms.DateField(label=_("Ended on"))
