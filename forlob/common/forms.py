# SPDX-License-Identifier: AGPL-3.0-or-later
"""Form helpers: DKFDS classes and a Danish empty choice on widgets, and action errors placed at
their fields."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from forlob.common.errors import NO_VERSION, StaleVersion

WIDGET_CLASSES = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.Textarea: "form-input",
    forms.CheckboxInput: "form-checkbox",
    forms.CheckboxSelectMultiple: "",
    forms.RadioSelect: "",
}


# The empty choice of a drop-down: Django's "---------", or our "—" on a field that must be filled in.
EMPTY_CHOICE = _("Choose …")
DJANGO_EMPTY = "---------"


def danish_empty_choice(field: forms.Field) -> None:
    """Label the empty choice of a drop-down "Vælg …" where it asks the user to choose; a "—" on
    an optional field (meaning "none") and labels such as "All levels" are kept."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY or (field.empty_label == "—" and field.required):
            field.empty_label = EMPTY_CHOICE
        return
    if not isinstance(field, forms.ChoiceField) or isinstance(field.widget, forms.RadioSelect):
        return
    choices = list(field.widget.choices)  # the field's choices, normalised to pairs
    if choices and choices[0][0] == "" and (choices[0][1] == DJANGO_EMPTY or (choices[0][1] == "—" and field.required)):
        field.choices = [("", EMPTY_CHOICE), *choices[1:]]


def version_field(*, required: bool = True) -> forms.IntegerField:
    """The version of the row the form was made from, sent back for optimistic locking. A form
    that changes a row must send it: a post without it (an old or hand-made form) would otherwise
    overwrite whatever was saved since. ``required=False`` only where the form may create the row
    (a create-or-update action then refuses a missing version once the row exists)."""
    messages = {"required": NO_VERSION, "invalid": NO_VERSION, "min_value": NO_VERSION}
    return forms.IntegerField(widget=forms.HiddenInput, required=required, error_messages=messages, min_value=1)


class DkfdsForm(forms.Form):
    """A form whose widgets carry DKFDS classes and whose dates use the browser's date picker."""

    def __getitem__(self, name: str) -> forms.BoundField:
        # Styled when the field is rendered, so fields added in a subclass's __init__ get it too.
        field = self.fields[name]
        widget = field.widget
        css = next((c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)), "form-input")
        if css:
            widget.attrs.setdefault("class", css)
        danish_empty_choice(field)
        if isinstance(field, forms.DateField):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(field, forms.TimeField):
            widget.input_type = "time"
            widget.format = "%H:%M"
        return super().__getitem__(name)

    def full_clean(self) -> None:
        # The version is a hidden field: its error would be shown nowhere, so it goes above the form.
        super().full_clean()
        errors = getattr(self, "_errors", None)
        if errors and "version" in errors and "version" in self.fields:
            for message in errors.pop("version"):
                self.add_error(None, message)

    def add_action_errors(self, error: ValidationError) -> None:
        """Show an action's refusal at the field it names (or above the form). A refusal because
        someone else saved first moves the form to the version they saved, so the user's input,
        kept in the form, can be saved once they have looked at the new values."""
        if isinstance(error, StaleVersion) and isinstance(self.data, QueryDict) and "version" in self.fields:
            data = self.data.copy()
            data[self.add_prefix("version")] = str(error.current_version)
            self.data = data
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            target = name if name in self.fields and name != NON_FIELD_ERRORS else None
            for e in errors:
                self.add_error(target, e)


class NameSearchForm(DkfdsForm):
    """The search box of a list page. Posted, so no person data ends up in URLs or server logs."""

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
