# SPDX-License-Identifier: AGPL-3.0-or-later
"""Helpers for refusing bad input with Danish messages tied to the field."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from forlob.common.dates import today


def refuse(field: str | None, message: str, code: str = "invalid") -> ValidationError:
    """A ValidationError naming the field (None: the whole form)."""
    from django.core.exceptions import NON_FIELD_ERRORS

    return ValidationError({field or NON_FIELD_ERRORS: ValidationError(message, code=code)})


def not_in_future(field: str, value: date) -> None:
    if value > today():
        raise refuse(field, _("The date cannot be in the future."), "future")


class StaleVersion(ValidationError):
    """A refused change made from an old copy. Carries the version the row has now, so the form
    that shows the refusal (and keeps the user's input) can be saved again once they have looked."""

    def __init__(self, message: str, current_version: int) -> None:
        from django.core.exceptions import NON_FIELD_ERRORS

        super().__init__({NON_FIELD_ERRORS: ValidationError(message, code="stale")})
        self.current_version = current_version


# A change that does not say which version it was made from: from an old page, or hand-made.
NO_VERSION = gettext_lazy(
    "The form is out of date: it does not say which version it was made from. Reload the page and make "
    "your changes again."
)


def require_version(current: int, expected: int | None, record: models.Model | None = None) -> None:
    """Optimistic locking: refuse a change made on a copy someone else has changed since. Given
    the ``record`` as it is now, the message says who changed what, and when. ``expected`` None
    is the actions' own callers (commands, demo data), which change the row as it is now: the
    page's forms and the API require the version (forlob.common.forms.version_field, the API
    schemas), so a request without one never gets here."""
    if expected is None or current == expected:
        return
    changed = what_changed(record, expected) if record is not None else None
    if changed is None:
        message = _(
            "Someone else has changed this in the meantime. Reload the page to see their changes, then make yours."
        )
    else:
        who, day, time, fields = changed
        quoted = [f"»{name}«" for name in fields]
        message = (
            (
                ngettext(
                    "%(who)s changed the field %(fields)s on %(day)s at %(time)s, after you opened the page.",
                    "%(who)s changed the fields %(fields)s on %(day)s at %(time)s, after you opened the page.",
                    len(fields),
                )
                % {"who": who, "fields": get_text_list(quoted, _("and")), "day": day, "time": time}
                if fields
                else _("%(who)s changed this on %(day)s at %(time)s, after you opened the page.")
                % {"who": who, "day": day, "time": time}
            )
            + " "
            + _("Your changes are not saved; they are still in the form. Look at the new values, then save again.")
        )
    raise StaleVersion(message, current)


def require_sent_version(current: int, expected: int | None, record: models.Model | None = None) -> None:
    """As ``require_version``, for a create-or-update action whose row exists already: a change
    without a version was made on a page that showed no row, so it is refused as out of date."""
    if expected is None:
        raise StaleVersion(str(NO_VERSION), current)
    require_version(current, expected, record)


def what_changed(record: models.Model, since_version: int) -> tuple[str, str, str, list[str]] | None:
    """From the change history: who made the latest change, the day and time, and which fields
    differ from the version the user saw, in the model's order. None when the history does not
    reach back to it."""
    from django.utils.formats import date_format

    history = record.history.order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    latest, seen = history.first(), history.filter(version=since_version).first()
    if latest is None or seen is None:
        return None
    changed = {change.field for change in latest.diff_against(seen).changes} - {"version"}
    fields = [
        str(getattr(field, "verbose_name", field.name))
        for field in record._meta.concrete_fields
        if field.name in changed or field.attname in changed
    ]
    user = latest.history_user
    who = (user.get_full_name() or user.username) if user is not None else _("Someone")
    at = timezone.localtime(latest.history_date)
    return who, date_format(at, "d.m.Y"), date_format(at, "H:i"), fields


def require_choice(field: str, value: str, choices: type[models.Choices]) -> None:
    if value not in choices.values:
        raise refuse(field, _("Unknown value: %(value)s.") % {"value": value}, "unknown_code")
