# SPDX-License-Identifier: AGPL-3.0-or-later
"""The public "Bliv kontaktet" form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm
from forlob.organisations.models import Unit
from forlob.treatment.models import ContactAbout


class ContactForm(DkfdsForm):
    about = forms.ChoiceField(label=_("Who is it about?"), choices=ContactAbout.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("A first name is enough. If you want to be anonymous, write the name we should ask for."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=100, required=False)
    best_time = forms.CharField(
        label=_("When may we call?"), max_length=100, required=False, help_text=_("For example: weekdays after 15.")
    )
    message = forms.CharField(
        label=_("Would you like to tell us what it is about?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You do not have to write anything. At most 2000 characters."),
    )
    # The honeypot: hidden from people, filled in by robots. A post that fills it is thanked and dropped.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, units, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if len(units) > 1:
            self.fields["unit"] = forms.ModelChoiceField(
                Unit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("name"),
                label=_("Where would you like to be contacted from?"),
                widget=forms.RadioSelect,
                empty_label=None,
            )
            self.order_fields(["unit"])
        self.units = units

    def visible_fields(self):  # type: ignore[no-untyped-def]
        return [field for field in super().visible_fields() if field.name != "website"]

    def chosen_unit(self):  # type: ignore[no-untyped-def]
        return self.cleaned_data.get("unit") or self.units[0]
