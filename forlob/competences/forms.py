# SPDX-License-Identifier: AGPL-3.0-or-later
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm
from forlob.competences.actions import MAX_PARTICIPANTS
from forlob.competences.models import Competence, TrainingKind
from forlob.organisations.models import Municipality, Unit


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


class DepartmentRowForm(DkfdsForm):
    """One department and how many of its staff took part; a row left empty is skipped."""

    department = forms.CharField(
        label=_("Department"), required=False, max_length=120, widget=forms.TextInput(attrs={"list": "departments"})
    )
    participants = forms.IntegerField(label=_("Participants"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        department, count = " ".join(data.get("department", "").split()), data.get("participants")
        data["department"] = department
        if count is not None and not 0 <= count <= MAX_PARTICIPANTS:
            self.add_error("participants", _("Enter a number from 0 to %(max)s.") % {"max": MAX_PARTICIPANTS})
        elif department and count is None and "participants" not in self.errors:
            self.add_error("participants", _("Enter the number of participants."))
        elif count is not None and not department:
            self.add_error("department", _("Enter the department."))
        return data


class BaseDepartmentFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        """A department named twice is marked at its second row."""
        seen: set[str] = set()
        for row in self._kept():
            name = row.cleaned_data.get("department", "").lower()
            if name in seen:
                row.add_error(
                    "department", _("%(department)s is there twice.") % {"department": row.cleaned_data["department"]}
                )
            if name:
                seen.add(name)

    def _kept(self) -> list[forms.Form]:
        """The rows not ticked for removal (a row that failed its own checks still has the data it could read)."""
        return [row for row in self.forms if hasattr(row, "cleaned_data") and not row.cleaned_data.get("DELETE")]

    def participants(self) -> dict[str, int]:
        """The rows filled in and not removed, as department → participants."""
        return {
            row.cleaned_data["department"]: row.cleaned_data["participants"]
            for row in self._kept()
            if row.cleaned_data.get("department")
        }


# Three empty rows without script; "Tilføj afdeling" (static/formset.js) adds more in the browser.
DepartmentFormSet: type[BaseDepartmentFormSet] = forms.formset_factory(  # type: ignore[assignment]
    DepartmentRowForm, formset=BaseDepartmentFormSet, extra=3, can_delete=True, max_num=100, validate_max=True
)


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
