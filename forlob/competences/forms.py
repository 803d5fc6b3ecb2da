# SPDX-License-Identifier: AGPL-3.0-or-later
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm
from forlob.competences.models import Competence, TrainingKind
from forlob.organisations.models import Municipality, Unit

DEPARTMENT_ROWS = 8


class TrainingForm(DkfdsForm):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Start date"))
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=30, initial=1)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = Municipality.objects.filter(pk__in=[m.pk for m in municipalities])  # type: ignore[attr-defined]
        if len(municipalities) == 1:
            field.initial = municipalities[0].pk
        for n in range(DEPARTMENT_ROWS):
            self.fields[f"department_{n}"] = forms.CharField(
                label=_("Department"),
                required=False,
                max_length=120,
                widget=forms.TextInput(attrs={"list": "departments"}),
            )
            self.fields[f"participants_{n}"] = forms.IntegerField(label=_("Participants"), required=False)

    @property
    def department_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"department_{n}"], self[f"participants_{n}"]) for n in range(DEPARTMENT_ROWS)]

    def participants(self) -> dict[str, int]:
        d = self.cleaned_data
        return {
            d[f"department_{n}"]: d[f"participants_{n}"] or 0
            for n in range(DEPARTMENT_ROWS)
            if d.get(f"department_{n}")
        }


class StaffCompetenceForm(DkfdsForm):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none())
    competence = forms.ModelChoiceField(label=_("Competence"), queryset=Competence.objects.all())
    since = forms.DateField(label=_("Since"))
    can_supervise = forms.BooleanField(label=_("Can supervise others"), required=False)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]


class SeatsForm(DkfdsForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    competence = forms.ModelChoiceField(label=_("Competence"), queryset=Competence.objects.all())
    year = forms.IntegerField(label=_("Year"), initial=lambda: date.today().year)
    seats = forms.IntegerField(label=_("Planned seats"), min_value=0)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class WhoForm(DkfdsForm):
    competence = forms.ModelChoiceField(
        label=_("Who holds"), queryset=Competence.objects.all(), required=False, empty_label=_("Choose a competence")
    )
    supervisors = forms.BooleanField(label=_("Only those who can supervise"), required=False)
