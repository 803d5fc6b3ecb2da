# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.utils.translation import gettext_lazy as _

from forlob.common.dates import today
from forlob.common.forms import DkfdsForm
from forlob.stats.scopes import CITIZENS, COURSES, Scope
from forlob.stats.suppression import INTERNAL, PUBLISHED
from forlob.treatment.models import OfferType, Substance

FIRST_YEAR = 2000
# A report covers at most this many years.
MAX_YEARS = 15


VIEW_CHOICES = [
    (INTERNAL, _("Internal: exact figures for the unit's own use")),
    (PUBLISHED, _("Published: small counts hidden, for use outside the unit")),
]
COUNTING_CHOICES = [(COURSES, _("Courses")), (CITIZENS, _("Citizens (each once a year)"))]


class ReportFilterForm(DkfdsForm):
    """Whose figures, which years, optionally one offer and one substance, the view (for those who
    may have the internal one) and, where a report can, whether to count courses or citizens."""

    scope = forms.ChoiceField(label=_("Unit, municipality or cluster"))
    first_year = forms.IntegerField(label=_("From year"), min_value=FIRST_YEAR)
    last_year = forms.IntegerField(label=_("To year"), min_value=FIRST_YEAR)
    offer_type = forms.ChoiceField(
        label=_("Offer"), choices=[("", _("All offers")), *OfferType.choices], required=False
    )
    substance = forms.ChoiceField(
        label=_("Main substance"), choices=[("", _("All substances")), *Substance.choices], required=False
    )

    view = forms.ChoiceField(
        label=_("Figures"),
        choices=[("", _("Default for the unit or municipality chosen")), *VIEW_CHOICES],
        required=False,
        help_text=_("The unit's leader sees the unit's own figures exactly; everyone else sees them published."),
    )
    counting = forms.ChoiceField(label=_("Count"), choices=COUNTING_CHOICES, required=False)

    def __init__(
        self,
        *args,
        scopes: list[Scope],
        internal: bool = True,
        counting: bool = True,
        course_filters: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(s.key, s.label) for s in scopes]  # type: ignore[attr-defined]
        if not internal:  # published only: nothing to choose
            del self.fields["view"]
        if not counting:
            del self.fields["counting"]
        if not course_filters:  # prevention and training have no offer or substance
            del self.fields["offer_type"], self.fields["substance"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if isinstance(first, int) and isinstance(last, int):
            if last > today().year:
                self.add_error("last_year", _("The period cannot end in the future."))
            elif last < first:
                self.add_error("last_year", _("The period cannot end before it starts."))
            elif last - first >= MAX_YEARS:
                self.add_error("last_year", _("Choose at most %(n)s years.") % {"n": MAX_YEARS})
        return data


class ExtractForm(ReportFilterForm):
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        required=False,
        help_text=_("It is written to the access log of every citizen in the file."),
    )


class RegistrationScopeForm(DkfdsForm):
    """Whose registration: a unit, or the units of a municipality or cluster; and the view."""

    scope = forms.ChoiceField(label=_("Unit, municipality or cluster"))
    view = forms.ChoiceField(
        label=_("Figures"),
        choices=[("", _("Default for the unit or municipality chosen")), *VIEW_CHOICES],
        required=False,
        help_text=_("The unit's leader sees the unit's own figures exactly; everyone else sees them published."),
    )

    def __init__(self, *args, scopes: list[Scope], internal: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(s.key, s.label) for s in scopes]  # type: ignore[attr-defined]
        if not internal:
            del self.fields["view"]


class SubmittedValuesForm(ReportFilterForm):
    """The municipality's own copy: whose submissions, which years, one register and one of its
    coded intake questions."""

    register = forms.ChoiceField(label=_("Register"))
    field = forms.ChoiceField(label=_("Question"))

    def __init__(self, *args, registers: list[tuple[str, str]], questions: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, counting=False, course_filters=False, **kwargs)
        self.fields["register"].choices = registers  # type: ignore[attr-defined]
        self.fields["field"].choices = questions  # type: ignore[attr-defined]


class ReturnTableForm(DkfdsForm):
    """A return table from a national body: the municipality, the register, a title and the file."""

    municipality = forms.ChoiceField(label=_("Municipality"))
    register = forms.ChoiceField(label=_("Register"))
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example the body and the period."))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or XLSX with the columns måned;mål;antal, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, municipalities: list[tuple[int, str]], registers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipalities  # type: ignore[attr-defined]
        self.fields["register"].choices = registers  # type: ignore[attr-defined]
