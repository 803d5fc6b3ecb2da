# SPDX-License-Identifier: AGPL-3.0-or-later
"""The forms of the action plan page and of the case manager on the course page."""

from collections.abc import Iterable

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.coordination.models import ActionStatus, PartyKind, PlanParty

# "" in a party choice: the treatment unit itself, always a party.
THE_UNIT = ""


def _party_choices(parties: Iterable[PlanParty], unit_name: str) -> list[tuple[str, str]]:
    return [(THE_UNIT, unit_name), *((str(p.pk), str(p)) for p in parties)]


def party_id(value: str) -> int | None:
    return int(value) if value else None


class PlanForm(DkfdsForm):
    """Agree a plan (without ``plan``), or change it (with the coordinating party and the version)."""

    citizen_goals = forms.CharField(
        label=_("The citizen's own goals"),
        help_text=_("In the citizen's own words."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    agreed_on = forms.DateField(label=_("Agreed on"))
    coordinator_party = forms.ChoiceField(label=_("Coordinating party"), required=False, choices=())
    coordinator_name = forms.CharField(
        label=_("Coordinator"), max_length=200, help_text=_("The person who coordinates.")
    )
    next_review_on = forms.DateField(label=_("Next review"), required=False)
    version = version_field()

    def __init__(self, *args, parties: Iterable[PlanParty] | None = None, unit_name: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if parties is None:  # a new plan: the unit coordinates until the parties are added
            del self.fields["coordinator_party"], self.fields["version"]
        else:
            self.fields["coordinator_party"].choices = _party_choices(parties, unit_name)  # type: ignore[attr-defined]


class PartyForm(DkfdsForm):
    kind = forms.ChoiceField(label=_("Kind of party"), choices=[("", "---------"), *PartyKind.choices])
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. Psykiatrisk Center Nykøbing."))
    contact = forms.CharField(
        label=_("Contact"), max_length=300, required=False, help_text=_("Person, phone or e-mail.")
    )


class PartyConsentForm(DkfdsForm):
    given_on = forms.DateField(label=_("Consent given on"))


class ActionForm(DkfdsForm):
    what = forms.CharField(label=_("Action"), max_length=500)
    owner_party = forms.ChoiceField(label=_("Owner"), required=False, choices=())
    owner_name = forms.CharField(label=_("Responsible person"), max_length=200)
    due_on = forms.DateField(label=_("Due"))

    def __init__(self, *args, parties: Iterable[PlanParty], unit_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_party"].choices = _party_choices(parties, unit_name)  # type: ignore[attr-defined]


class ActionStatusForm(DkfdsForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    version = version_field()


class ReviewForm(DkfdsForm):
    held_on = forms.DateField(label=_("Review held on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    next_review_on = forms.DateField(label=_("Next review"), required=False)
    version = version_field()


class CloseForm(DkfdsForm):
    closed_on = forms.DateField(label=_("Closed on"))
    close_note = forms.CharField(
        label=_("Note on closing"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    version = version_field()


class PartyPrintForm(DkfdsForm):
    """The copy of the plan for one party, with the purpose that goes to the access log."""

    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        initial=_("Coordinated action plan for the party"),
        error_messages={"required": _("State the purpose of the print.")},
    )


class CaseManagerForm(DkfdsForm):
    """A staff member of the unit, or a named person at another party."""

    staff: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Staff member"), queryset=User.objects.none(), required=False, empty_label="—"
    )
    external_name = forms.CharField(label=_("Or the name of a person at another party"), max_length=200, required=False)
    party_kind = forms.ChoiceField(label=_("Their party"), required=False, choices=[("", "—"), *PartyKind.choices])
    from_on = forms.DateField(label=_("From"))
    to_on = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        field.queryset = staff  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.get_full_name() or user.username  # type: ignore[attr-defined]


class EndCaseManagerForm(DkfdsForm):
    to_on = forms.DateField(label=_("Last day"))
    version = version_field()
