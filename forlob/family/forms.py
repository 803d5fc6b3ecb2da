# SPDX-License-Identifier: AGPL-3.0-or-later
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.family.models import AssessmentAction, ConsentKind, OfferOutcome, Relation, RelationKind
from forlob.organisations.models import Department

if TYPE_CHECKING:
    from forlob.treatment.models import Request, Session


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
    action = forms.ChoiceField(label=_("Action"), choices=AssessmentAction.choices, widget=forms.RadioSelect)
    action_on = forms.DateField(
        label=_("Date of the action"),
        required=False,
        help_text=_("Required for a family-oriented offer and for a notification (underretning)."),
    )


class ConsentForm(DkfdsForm):
    kind = forms.ChoiceField(label=_("Consent to"), choices=ConsentKind.choices, widget=forms.RadioSelect)
    given_on = forms.DateField(label=_("Given on"))
    department = forms.ChoiceField(
        label=_("Department"),
        choices=[("", "—"), *Department.choices],
        required=False,
        help_text=_("For consent to share information: the department it may be shared with."),
    )
    phone = forms.CharField(
        label=_("Phone for follow-up"), max_length=30, required=False, help_text=_("For consent to follow-up contact.")
    )
    preferred_time = forms.CharField(
        label=_("Preferred time"),
        max_length=100,
        required=False,
        help_text=_("For example: weekdays after 16."),
    )
    parents_involved = forms.TypedChoiceField(
        label=_("Parents involved"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        help_text=_("Only for a citizen under 18."),
    )


class WithdrawConsentForm(DkfdsForm):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"))
    version = version_field()


class SharedVisitationForm(DkfdsForm):
    held_on = forms.DateField(label=_("Meeting date"))
    departments = forms.MultipleChoiceField(
        label=_("Departments present"),
        choices=Department.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each department's staff see the meeting only while the citizen consents to sharing with it."),
    )
    present = forms.CharField(label=_("Present"), max_length=300, required=False, help_text=_("Names and roles."))
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))
    # The choices are the citizen's requests, which the view passes in (the form reads no rows).
    request: "forms.ModelChoiceField[Request]" = forms.ModelChoiceField(
        label=_("Request"), queryset=None, required=False, empty_label=_("No request")
    )

    def __init__(self, *args, requests, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests  # type: ignore[attr-defined]


class FamilyOfferForm(DkfdsForm):
    """The family offer on the course page: recorded, or its date and note corrected."""

    prefix = "offer"
    offered_on = forms.DateField(label=_("Offered on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: how the offer was made, and to whom in the family."),
    )
    version = version_field(required=False)  # empty before the first offer is recorded


class FamilyOfferAnswerForm(DkfdsForm):
    prefix = "answer"
    outcome = forms.ChoiceField(label=_("The citizen's answer"), choices=OfferOutcome.choices, widget=forms.RadioSelect)
    answered_on = forms.DateField(label=_("Answered on"), required=False, help_text=_("Required when answered."))
    version = version_field()


class SessionChildrenForm(DkfdsForm):
    """Which of the citizen's children took part in one of the course's sessions. The choices are
    the course's sessions that took place and the citizen's children, read by the page already."""

    prefix = "children"
    session = forms.TypedChoiceField(label=_("Session"), coerce=int)
    children = forms.TypedMultipleChoiceField(
        label=_("Children who took part"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Replaces the children recorded for the session before; none checked clears them."),
    )

    def __init__(self, *args, sessions: "list[Session]", children: list[Relation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.held_on:%d.%m.%Y} – {s.get_kind_display()}") for s in sessions
        ]
        self.fields["children"].choices = [(r.pk, r.name) for r in children]  # type: ignore[attr-defined]
