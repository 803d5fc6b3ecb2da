# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm
from forlob.family.models import RelationKind


class RelationForm(DkfdsForm):
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_date = forms.DateField(label=_("Birth date"), required=False)
    birth_year = forms.IntegerField(
        label=_("Birth year"), required=False, help_text=_("If the birth date is not known.")
    )
    in_household = forms.BooleanField(label=_("Lives in the household"), required=False)
    involved = forms.BooleanField(label=_("Involved in the course"), required=False)


class ChildrenAssessmentForm(DkfdsForm):
    assessed_on = forms.DateField(label=_("Assessed on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the children's needs were discussed; referred to the family department."),
    )
