# SPDX-License-Identifier: AGPL-3.0-or-later
"""CPR numbers: validation, keyed hashing for exact lookup, encryption at rest, masking.

The modulus-11 check is deliberately not applied: CPR has issued numbers without a valid
check digit since 2007, and they are real.
"""

import hashlib
import hmac
from datetime import date
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

from forlob.common.keys import fernet_keys


def normalise(value: str) -> str:
    """Return the ten digits of a CPR number, or raise a Danish ``ValidationError``.
    The same checks as python-stdnum's ``validate``, which would read the birth date twice."""
    digits = "".join((value or "").split()).replace("-", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) == 10):
        raise ValidationError(_("A CPR number has ten digits, written ddmmåå-xxxx."), code="cpr_format")
    try:
        born = stdnum_cpr.get_birth_date(digits)
    except StdnumError:
        raise ValidationError(_("The CPR number does not contain a valid birth date."), code="cpr_date") from None
    if born > date.today():
        raise ValidationError(_("The CPR number has a birth date in the future."), code="cpr_future")
    return digits


def normalise_or_none(value: str) -> str | None:
    """The ten digits if ``value`` is a valid CPR number, else None (for search boxes)."""
    try:
        return normalise(value)
    except ValidationError:
        return None


def birth_date(digits: str) -> date:
    return stdnum_cpr.get_birth_date(digits)


def sex(digits: str) -> str:
    """'M' or 'K' from the last digit (odd: man)."""
    return "M" if int(digits[-1]) % 2 else "K"


def lookup_hash(digits: str) -> str:
    return hmac.new(settings.CPR_HMAC_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()


@cache
def _fernet(keys: str) -> MultiFernet:
    """``keys`` is comma-separated, newest first: new values use the first, reads try them all.
    That is how the key is rotated without downtime (see ``rotate_cpr_key``)."""
    return MultiFernet([Fernet(key.encode()) for key in fernet_keys(keys)])


def encrypt(digits: str) -> str:
    return _fernet(settings.CPR_ENCRYPTION_KEY).encrypt(digits.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.CPR_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def reencrypt(token: str) -> str:
    """The same CPR, encrypted with the newest key."""
    return _fernet(settings.CPR_ENCRYPTION_KEY).rotate(token.encode()).decode()


def formatted(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}"


def masked(digits_or_birth: str | date) -> str:
    """ddmmåå-xxxx: the birth date part only."""
    if isinstance(digits_or_birth, date):
        return digits_or_birth.strftime("%d%m%y") + "-xxxx"
    return digits_or_birth[:6] + "-xxxx"
