# SPDX-License-Identifier: AGPL-3.0-or-later
"""The psychiatric pathway's forms on the course page; each has its prefix, since they share the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.forms import DkfdsForm, version_field
from forlob.instruments.models import Response
from forlob.psychiatry.models import Conclusion, FindingKind, ReferralOutcome, SentHow, Source, TestUsed


def _screening_choices(screenings: list[Response]) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(r.pk), f"{r.instrument.title} {r.answered_on:%d.%m.%Y}") for r in screenings]


class AssessmentForm(DkfdsForm):
    prefix = "assessment"
    assessed_on = forms.DateField(label=_("Assessed on"))
    response_id = forms.TypedChoiceField(
        label=_("The screening that led to it"), coerce=int, empty_value=None, required=False
    )
    tests = forms.MultipleChoiceField(
        label=_("Tests used"), choices=TestUsed.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    other_tests = forms.CharField(label=_("Other tests"), max_length=200, required=False)
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, screenings: list[Response], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["response_id"].choices = _screening_choices(screenings)  # type: ignore[attr-defined]


class FindingForm(DkfdsForm):
    prefix = "finding"
    source = forms.ChoiceField(label=_("Made by"), choices=[("", "—"), *Source.choices])
    made_on = forms.DateField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices, widget=forms.RadioSelect)
    what = forms.CharField(
        label=_("Screening or diagnosis"), max_length=200, help_text=_("For example: MINI, or moderate depression.")
    )
    icd10 = forms.CharField(
        label=_("ICD-10 code"), max_length=8, required=False, help_text=_("For a diagnosis, e.g. F32.1.")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LetterForm(DkfdsForm):
    prefix = "letter"
    written_on = forms.DateField(label=_("Written on"))
    doctor = forms.CharField(label=_("Own doctor or clinic"), max_length=200)
    response_id = forms.TypedChoiceField(
        label=_("Screening result"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Empty: the latest positive basisscreener."),
    )
    text = forms.CharField(label=_("Message to the doctor"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: object, screenings: list[Response], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["response_id"].choices = _screening_choices(screenings)  # type: ignore[attr-defined]


class SentForm(DkfdsForm):
    prefix = "sent"
    sent_on = forms.DateField(label=_("Sent on"))
    sent_how = forms.ChoiceField(label=_("Sent as"), choices=SentHow.choices, widget=forms.RadioSelect)
    version = version_field()


class ReferralForm(DkfdsForm):
    prefix = "referral"
    referred = forms.TypedChoiceField(
        label=_("Did the doctor refer to psychiatry?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    referred_on = forms.DateField(label=_("Referred on"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome in psychiatry"), choices=[("", "—"), *ReferralOutcome.choices], required=False
    )
    outcome_on = forms.DateField(label=_("Outcome known on"), required=False)
    version = version_field()
