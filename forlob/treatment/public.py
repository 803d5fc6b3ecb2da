# SPDX-License-Identifier: AGPL-3.0-or-later
"""The public "Bliv kontaktet" form of the "Find behandling" page: no login, no person data
shown. A request lands in the chosen unit's visitation queue."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.common.dates import today
from forlob.common.forms import DkfdsForm
from forlob.common.views import client_address, run_action
from forlob.organisations.models import Municipality, Unit
from forlob.organisations.public import public_units
from forlob.treatment import actions
from forlob.treatment.models import ContactAbout

# A filled-in form is well under 4 KB; anything far larger is not a person writing.
MAX_POST_BYTES = 16_384


class ContactForm(DkfdsForm):
    about = forms.ChoiceField(
        label=gettext_lazy("Who is it about?"), choices=ContactAbout.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=100,
        help_text=gettext_lazy(
            "A first name is enough. If you want to be anonymous, write the name we should ask for."
        ),
    )
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=100, required=False)
    best_time = forms.CharField(
        label=gettext_lazy("When may we call?"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("For example: weekdays after 15."),
    )
    message = forms.CharField(
        label=gettext_lazy("Would you like to tell us what it is about?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("You do not have to write anything. At most 2000 characters."),
    )
    # The honeypot: hidden from people, filled in by robots. A post that fills it is thanked and dropped.
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if len(units) > 1:
            self.fields["unit"] = forms.ModelChoiceField(
                Unit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("name"),
                label=gettext_lazy("Where would you like to be contacted from?"),
                widget=forms.RadioSelect,
                empty_label=None,
            )
            self.order_fields(["unit"])
        self.units = units

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    def chosen_unit(self):
        return self.cleaned_data.get("unit") or self.units[0]


def contact(request: HttpRequest, code: str) -> HttpResponse:
    """Bliv kontaktet: the request lands in the chosen unit's visitation queue, received today.
    Every accepted post gets the same answer, so nothing tells whether the person is known."""
    municipality = get_object_or_404(Municipality, code=code)
    units = list(public_units(municipality))
    if not units:
        raise Http404(_("No treatment offers are published for this municipality."))
    context: dict[str, object] = {"municipality": municipality, "units": units}
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > MAX_POST_BYTES:
        context["form"] = ContactForm(units=units)
        context["too_large"] = True
        return render(request, "organisations/contact.html", context, status=413)
    form = ContactForm(request.POST or None, units=units)
    context["form"] = form
    if request.method == "POST":
        if not actions.allow_public_post(client_address(request)):
            form.add_error(
                None,
                _("Too many messages have come from your connection in the last minute. Wait a minute and try again."),
            )
            return render(request, "organisations/contact.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:
                return redirect("find_treatment_thanks", code=code)
            received = run_action(
                form,
                lambda: actions.receive_contact(
                    form.chosen_unit(),
                    actions.ContactData(
                        about=data["about"],
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        best_time=data["best_time"],
                        message=data["message"],
                    ),
                ),
            )
            if received is not None:
                return redirect("find_treatment_thanks", code=code)
    return render(request, "organisations/contact.html", context)


def contact_thanks(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, code=code)
    latest = today() + timedelta(days=settings.TREATMENT_GUARANTEE_DAYS)
    return render(request, "organisations/contact_thanks.html", {"municipality": municipality, "latest": latest})


urlpatterns = [
    path("find-behandling/<str:code>/bliv-kontaktet/", contact, name="find_treatment_contact"),
    path("find-behandling/<str:code>/tak/", contact_thanks, name="find_treatment_thanks"),
]
