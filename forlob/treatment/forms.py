# SPDX-License-Identifier: AGPL-3.0-or-later
from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from forlob.citizens.forms import unit_field
from forlob.common.dates import today
from forlob.common.forms import DkfdsForm, version_field
from forlob.organisations.models import CASE_ROLES, Unit
from forlob.treatment.models import (
    Attendance,
    Channel,
    CloseReason,
    ContactCloseReason,
    Course,
    EndReason,
    Group,
    LegalBasis,
    OfferType,
    SessionKind,
    SessionMethod,
    SessionPlace,
    Substance,
    UnitOffer,
)


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class StaffMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


def staff_queryset(unit_ids: set[int]):
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit_id__in=unit_ids,
            memberships__role__in=CASE_ROLES,
            memberships__approved_at__isnull=False,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


class SubstancesForm(DkfdsForm):
    """A form with a main substance and other substances: the main one is not another one too."""

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        main = cleaned.get("main_substance")
        if main and main in cleaned.get("other_substances", []):
            self.add_error(
                "other_substances",
                _("%(substance)s is the main substance; do not choose it among the other substances.")
                % {"substance": Substance(main).label},
            )
        return cleaned


class RequestForm(SubstancesForm):
    received_on = forms.DateField(label=_("Received"), initial=today)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    main_substance = forms.ChoiceField(label=_("Main substance"), choices=Substance.choices)
    other_substances = forms.MultipleChoiceField(
        label=_("Other substances"), choices=Substance.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, unit_ids: set[int], received_fixed: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(unit_ids)
        if received_fixed:  # answering a contact request: received when the person wrote
            del self.fields["received_on"]
        self.order_fields(["unit"])


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class ReferralForm(SubstancesForm):
    """Referring a citizen to another unit, anywhere in the country, with the citizen's consent."""

    to_unit = UnitChoice(
        Unit.objects.none(),
        label=_("Refer to"),
        empty_label=_("Choose a unit"),
        help_text=_("The unit receives a request in its visitation queue, received today."),
    )
    consent_given_on = forms.DateField(
        label=_("The citizen consented on"),
        initial=today,
        help_text=_("The citizen's consent to the referral and to sending name, CPR number and contact details."),
    )
    main_substance = forms.ChoiceField(label=_("Main substance"), choices=Substance.choices)
    other_substances = forms.MultipleChoiceField(
        label=_("Other substances"), choices=Substance.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    note = forms.CharField(
        label=_("Note to the receiving unit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what the receiving unit needs, and what the citizen has agreed to send."),
    )

    def __init__(self, *args, exclude_unit_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(active=True).exclude(pk__in=exclude_unit_ids).select_related("municipality")
        self.fields["to_unit"].queryset = units.order_by("municipality__name", "name")  # type: ignore[attr-defined]


class OfferChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitOffer) -> str:
        return f"{obj.name} ({obj.get_category_display()})"


class CourseForm(DkfdsForm):
    unit_offer = OfferChoice(
        UnitOffer.objects.none(),
        label=_("Offer from the unit's catalogue"),
        required=False,
        help_text=_("The course then gets the offer's national offer type and its expected end."),
    )
    offer_type = forms.ChoiceField(
        label=_("National offer type"),
        choices=[("", "—"), *OfferType.choices],
        required=False,
        help_text=_("Only when the course is on no offer of the catalogue."),
    )
    started_on = forms.DateField(label=_("Start date"), initial=today)
    plan = forms.CharField(label=_("Treatment plan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    goals = forms.CharField(
        label=_("Goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One goal per line."),
    )

    def __init__(self, *args, unit_ids: set[int], residential_courses=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_offer"].queryset = UnitOffer.objects.filter(  # type: ignore[attr-defined]
            unit_id__in=unit_ids, active=True
        ).order_by("name")
        self.fields["responsible"] = StaffChoice(staff_queryset(unit_ids), label=_("Responsible"))
        order = ["unit_offer", "offer_type", "started_on", "responsible"]
        if residential_courses is not None:
            self.fields["residential_course"] = forms.ModelChoiceField(
                residential_courses,
                label=_("Residential course before (aftercare)"),
                required=False,
                help_text=_("For aftercare: the citizen's residential course it follows."),
            )
            order.append("residential_course")
        self.order_fields(order)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if not cleaned.get("unit_offer") and not cleaned.get("offer_type") and "offer_type" not in self.errors:
            self.add_error("offer_type", _("Choose an offer from the catalogue or a national offer type."))
        return cleaned

    def goal_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["goals"].splitlines() if line.strip()]


class LinkedCourseForm(CourseForm):
    """A course without a request of its own, e.g. for relatives, linked to an index course."""

    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    main_substance = forms.ChoiceField(
        label=_("Main substance"), choices=[("", "—"), *Substance.choices], required=False
    )

    def __init__(self, *args, unit_ids: set[int], index_courses, residential_courses, **kwargs) -> None:
        super().__init__(*args, unit_ids=unit_ids, residential_courses=residential_courses, **kwargs)
        self.fields["unit"] = unit_field(unit_ids)
        self.fields["index_course"] = forms.ModelChoiceField(
            index_courses, label=_("Index person's course"), required=False
        )
        self.fields["index_course"].label_from_instance = lambda c: f"{c.citizen.display_name} – {c}"  # type: ignore[attr-defined]
        self.order_fields(["unit", "unit_offer", "offer_type", "index_course", "legal_basis", "main_substance"])


class ReferForm(DkfdsForm):
    referred_to = forms.CharField(label=_("Referred to"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ContactCloseForm(DkfdsForm):
    close_reason = forms.ChoiceField(label=_("Reason for closing"), choices=ContactCloseReason.choices)


class CloseForm(DkfdsForm):
    close_reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices)
    decision_note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(DkfdsForm):
    version = version_field()
    plan = forms.CharField(label=_("Treatment plan"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    new_goals = forms.CharField(
        label=_("New goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One goal per line."),
    )
    achieved = forms.MultipleChoiceField(label=_("Goals achieved"), required=False, widget=forms.CheckboxSelectMultiple)
    expected_end_on = forms.DateField(label=_("Expected end"), required=False)
    expected_end_reason = forms.CharField(
        label=_("Reason for changing the expected end"),
        required=False,
        max_length=300,
        help_text=_("Required when the expected end is changed."),
    )

    def __init__(self, *args, course: Course, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        open_goals = [(g.pk, g.description) for g in course.goals.all() if g.achieved_on is None]
        self.fields["achieved"].choices = open_goals  # type: ignore[attr-defined]


class SessionForm(DkfdsForm):
    held_on = forms.DateField(label=_("Date"), initial=today)
    start_time = forms.TimeField(label=_("Time"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in SessionKind.choices if c[0] != SessionKind.GROUP])
    minutes = forms.IntegerField(label=_("Minutes"), initial=60, min_value=1, max_value=1440)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices, initial=Attendance.ATTENDED)
    method = forms.ChoiceField(label=_("Method"), choices=[("", "—"), *SessionMethod.choices], required=False)
    place = forms.ChoiceField(
        label=_("Place"), choices=[("", "—"), *SessionPlace.choices], required=False, initial=SessionPlace.CENTRE
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"] = StaffMultipleChoice(
            staff_queryset({unit_id}), label=_("Staff present"), widget=forms.CheckboxSelectMultiple
        )
        self.order_fields(["held_on", "start_time", "kind", "minutes", "staff", "attendance"])


class DischargeForm(DkfdsForm):
    version = version_field()
    ended_on = forms.DateField(label=_("End date"), initial=today)
    end_reason = forms.ChoiceField(label=_("End reason"), choices=[("", "—"), *EndReason.choices])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The action gives the Danish message naming the field; let blank values reach it.
        self.fields["end_reason"].required = False
        self.fields["ended_on"].required = False


class GroupForm(DkfdsForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Group.Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_("Start time"))
    minutes = forms.IntegerField(label=_("Duration in minutes"), initial=150, min_value=1, max_value=1440)
    starts_on = forms.DateField(label=_("First meeting"), initial=today)
    ends_on = forms.DateField(label=_("Last meeting"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(unit_ids)
        self.fields["staff"] = StaffMultipleChoice(
            staff_queryset(unit_ids), label=_("Staff"), widget=forms.CheckboxSelectMultiple
        )
        self.order_fields(["unit", "name"])


class GroupMemberForm(DkfdsForm):
    joined_on = forms.DateField(label=_("Joined"), initial=today)

    def __init__(self, *args, courses, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"] = forms.ModelChoiceField(courses, label=_("Citizen's course"))
        self.fields["course"].label_from_instance = lambda c: f"{c.citizen.display_name} – {c}"  # type: ignore[attr-defined]
        self.order_fields(["course"])


class GroupSessionForm(DkfdsForm):
    held_on = forms.DateField(label=_("Date"), initial=today)
    minutes = forms.IntegerField(label=_("Minutes"), initial=150, min_value=1, max_value=1440)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, group: Group, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"] = StaffMultipleChoice(
            staff_queryset({group.unit_id}), label=_("Staff present"), widget=forms.CheckboxSelectMultiple
        )
        self.fields["present"] = forms.MultipleChoiceField(
            label=_("Present"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(m.course_id, m.course.citizen.display_name) for m in members],
            help_text=_("Members not ticked are registered as not turning up."),
        )


# The largest file the import page accepts.
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class ImportForm(DkfdsForm):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The columns are described below. A CSV file must be UTF-8, separated by semicolons or commas."),
    )
    commit = forms.BooleanField(
        label=_("Import the file if no row has a problem"),
        help_text=_("Without this the file is only checked, and nothing is imported."),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 50 MB."))
        return upload


# Purposes offered for a print or PDF of the journal; the user may also type their own.
JOURNAL_PURPOSES = (
    _("Access request from the citizen (aktindsigt)"),
    _("Handover to another treatment provider with the citizen's consent"),
    _("Case conference"),
    _("Supervision"),
)


class JournalPeriodForm(DkfdsForm):
    """The period of the journal shown (GET); both ends optional."""

    fra = forms.DateField(label=_("From"), required=False)
    til = forms.DateField(label=_("To"), required=False)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("fra"), cleaned.get("til")
        if start and end and end < start:
            self.add_error("til", _("The end of the period cannot be before its start."))
        return cleaned


class JournalPrintForm(JournalPeriodForm):
    """A print or PDF of the journal for a period, with the purpose that goes to the access log."""

    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        help_text=_("Why the journal is printed. Choose a purpose or write your own; it is written to the access log."),
        widget=forms.TextInput(attrs={"list": "journal-purposes", "autocomplete": "off"}),
        error_messages={"required": _("State the purpose of the print.")},
    )
    format = forms.ChoiceField(choices=[("print", _("Print view")), ("pdf", "PDF")], widget=forms.HiddenInput)


class SessionNoteForm(DkfdsForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 6}))


class AddendumForm(DkfdsForm):
    text = forms.CharField(
        label=_("Addendum"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the addendum.")},
        help_text=_("Added below the note with your name and the time; the note itself is not changed."),
    )


class OfferForm(DkfdsForm):
    """An offer of the unit's catalogue; the version is the one read (optimistic locking)."""

    version = version_field(required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(
        label=_("National offer type"),
        choices=OfferType.choices,
        help_text=_("The statistics and the register extracts count the offer under this type."),
    )
    planned_weeks = forms.IntegerField(label=_("Planned length in weeks"), required=False, min_value=1, max_value=260)
    session_pattern = forms.CharField(
        label=_("Session pattern"),
        required=False,
        max_length=300,
        help_text=_("E.g. one individual session and one group of 2.5 hours a week."),
    )
    target_group = forms.CharField(label=_("Target group"), required=False, max_length=300)
