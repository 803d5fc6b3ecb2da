# SPDX-License-Identifier: AGPL-3.0-or-later
"""Danish phone numbers: what staff and the public may type, and the one form kept."""

import re

from django.utils.translation import gettext as _

from forlob.common.errors import refuse

# The rule as the API's contract states it for every phone field.
PHONE_RULE = "A Danish phone number: 8 digits, spaces allowed, optionally after +45 or 0045; kept as the 8 digits."

# 8 digits, spaces allowed anywhere, optionally after the country code as +45 or 0045.
_PHONE = re.compile(r"(?:\+45|0045)?(\d{8})")


def normalise_phone(field: str, value: str) -> str:
    """The 8 digits of a Danish phone number ("+45 12 34 56 78" → "12345678"), "" for an empty
    value; anything else is refused at ``field``, so nobody is left with a number they cannot call."""
    compact = "".join(value.split())
    if not compact:
        return ""
    match = _PHONE.fullmatch(compact)
    if match is None:
        raise refuse(field, _("Write a Danish phone number of 8 digits, e.g. 12 34 56 78."), "invalid_phone")
    return match.group(1)
