# SPDX-License-Identifier: AGPL-3.0-or-later
"""Drop-downs offer "Vælg …" as their empty choice, never Django's "---------"."""

from django import forms
from django.test import Client
from django.urls import reverse

from forlob.common.forms import DkfdsForm
from forlob.organisations.models import Municipality


class Sample(DkfdsForm):
    municipality = forms.ModelChoiceField(Municipality.objects.all())
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "A")])
    optional_kind = forms.ChoiceField(choices=[("", "—"), ("a", "A")], required=False)
    filter = forms.ChoiceField(choices=[("", "Alle"), ("a", "A")], required=False)


def test_a_choice_to_make_is_labelled_choose_in_danish(db):
    html = str(Sample())
    assert "---------" not in html
    assert html.count('<option value="" selected>Vælg …</option>') == 2  # the municipality and the kind


def test_none_on_an_optional_field_and_a_filters_all_are_kept(db):
    form = Sample()
    assert '<option value="" selected>—</option>' in str(form["optional_kind"])
    assert '<option value="" selected>Alle</option>' in str(form["filter"])


def test_the_prevention_form_asks_to_choose_a_unit_and_a_focus_area(world):
    client = Client()
    client.force_login(world.behandler)
    html = client.get(reverse("activity_create")).content.decode()
    assert "---------" not in html
    assert "Vælg …" in html
