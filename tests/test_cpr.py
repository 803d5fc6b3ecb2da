# SPDX-License-Identifier: AGPL-3.0-or-later
"""CPR numbers: what is accepted, what is refused, and how the number is protected at rest."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.dk.cpr import checksum

from forlob.citizens import cpr

# 1 January 1980, sequence 0016. Weights 4 3 2 7 6 5 4 3 2 1:
# 0·4 + 1·3 + 0·2 + 1·7 + 8·6 + 0·5 + 0·4 + 0·3 + 1·2 + 6·1 = 66 = 6·11, so the modulus-11 sum is 0.
VALID_MOD11 = "0101800016"


def refusal_code(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        cpr.normalise(value)
    return caught.value.code


def test_number_with_valid_modulus_11_is_accepted():
    assert checksum(VALID_MOD11) == 0
    assert cpr.normalise(VALID_MOD11) == VALID_MOD11
    assert cpr.birth_date(VALID_MOD11) == date(1980, 1, 1)


def test_number_without_valid_modulus_11_is_accepted():
    # Issued since 2007: a valid birth date is enough.
    number = next(f"150592{seq:04d}" for seq in range(10000) if checksum(f"150592{seq:04d}") != 0)
    assert checksum(number) != 0
    assert cpr.normalise(number) == number
    assert cpr.birth_date(number) == date(1992, 5, 15)


@pytest.mark.parametrize("value", ["3102801234", "0013801234", "3204801234", "2902011234", "2902001234"])
def test_number_without_a_real_birth_date_is_refused(value):
    # 31 February; day 00 of month 13; 32 April; 29 February 1901 and 1900 (not leap years).
    assert refusal_code(value) == "cpr_date"


def test_29_february_in_a_leap_year_is_accepted():
    assert cpr.normalise("2902841234") == "2902841234"
    assert cpr.birth_date("2902841234") == date(1984, 2, 29)


@pytest.mark.parametrize(
    "value", ["", "010180123", "01018012345", "010180-123", "O1O18O1234", "0101801234x", "abcdefghij"]
)
def test_wrong_length_or_letters_are_refused(value):
    assert refusal_code(value) == "cpr_format"


@pytest.mark.parametrize("value", ["²²²²²²²²²²", "٠١٠١٨٠١٢٣٤"])
def test_digits_from_other_scripts_are_refused_as_format_errors(value):
    # Superscript and Arabic-Indic digits pass str.isdigit() but are not CPR digits; a paste of
    # them must get the format message, never a crash (500) or a misleading "born in the future".
    assert refusal_code(value) == "cpr_format"


def test_birth_date_in_the_future_is_refused():
    tomorrow = date.today() + timedelta(days=30)
    # Century digit 4 with a two-digit year below 37 means 20yy.
    number = tomorrow.strftime("%d%m%y") + "4001"
    assert cpr.birth_date(number) == tomorrow
    assert refusal_code(number) == "cpr_future"


@pytest.mark.parametrize("value", ["010180-1234", "010180 1234", " 0101801234 ", "01 01 80 12 34"])
def test_hyphen_and_spaces_are_accepted(value):
    assert cpr.normalise(value) == "0101801234"


def test_normalise_or_none_is_for_search_boxes():
    assert cpr.normalise_or_none("010180-1234") == "0101801234"
    assert cpr.normalise_or_none("Hansen") is None
    assert cpr.normalise_or_none("3102801234") is None


def test_lookup_hash_is_deterministic_and_not_the_digits():
    digits = "0101801234"
    first = cpr.lookup_hash(digits)
    assert first == cpr.lookup_hash(digits)
    assert digits not in first
    assert len(first) == 64
    assert cpr.lookup_hash("0101801235") != first


def test_lookup_hash_depends_on_the_secret_key(settings):
    # A keyed HMAC: without the key nobody can hash all possible CPR numbers and compare.
    digits = "0101801234"
    before = cpr.lookup_hash(digits)
    settings.CPR_HMAC_KEY = "another-key"
    assert cpr.lookup_hash(digits) != before


def test_encrypt_decrypt_round_trip_and_ciphertext_hides_the_digits():
    digits = "0101801234"
    token = cpr.encrypt(digits)
    assert cpr.decrypt(token) == digits
    assert digits not in token
    assert "010180" not in token
    # Fernet uses a fresh IV each time: equal numbers do not give equal ciphertexts.
    assert cpr.encrypt(digits) != token


def test_masked_shows_only_the_birth_date_part():
    assert cpr.masked("0101801234") == "010180-xxxx"
    assert cpr.masked(date(1980, 1, 1)) == "010180-xxxx"
    assert cpr.formatted("0101801234") == "010180-1234"


@pytest.mark.parametrize(
    ("digits", "sex"), [("0101801234", "K"), ("0101801233", "M"), ("0101801230", "K"), ("0101801239", "M")]
)
def test_sex_from_the_last_digit(digits, sex):
    assert cpr.sex(digits) == sex


@pytest.mark.parametrize(
    ("digits", "born"),
    [
        ("0101580000", date(1958, 1, 1)),  # 0–3: 1900s
        ("0101364000", date(2036, 1, 1)),  # 4 with year < 37: 2000s
        ("0101584000", date(1958, 1, 1)),  # 4 with year ≥ 37: 1900s
        ("0101105000", date(2010, 1, 1)),  # 5–8 with year < 58: 2000s
        ("0101605000", date(1860, 1, 1)),  # 5–8 with year ≥ 58: 1800s
        ("0101109000", date(2010, 1, 1)),  # 9 with year < 37: 2000s
        ("0101509000", date(1950, 1, 1)),  # 9 with year ≥ 37: 1900s
    ],
)
def test_century_from_the_seventh_digit(digits, born):
    assert cpr.birth_date(digits) == born


def century_digits(born: date) -> list[str]:
    """The seventh digits that place a two-digit year in ``born``'s century (CPR's table)."""
    yy = born.year % 100
    if born.year < 1900:
        return list("5678") if yy >= 58 else []
    if born.year < 2000:
        return list("0123") + (list("49") if yy >= 37 else [])
    return (list("49") if yy < 37 else []) + (list("5678") if yy < 58 else [])


@st.composite
def valid_cpr(draw: st.DrawFn) -> tuple[str, date]:
    born = draw(st.dates(min_value=date(1858, 1, 1), max_value=date.today()))
    seventh = draw(st.sampled_from(century_digits(born)))
    rest = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    return born.strftime("%d%m%y") + seventh + rest, born


@given(valid_cpr(), st.sampled_from(["", "-", " "]))
def test_any_real_birth_date_with_fitting_century_digit_is_accepted_and_round_trips(number_and_born, separator):
    digits, born = number_and_born
    typed = digits[:6] + separator + digits[6:]
    assert cpr.normalise(typed) == digits
    assert cpr.birth_date(digits) == born
    assert cpr.masked(digits) == cpr.masked(born)
    assert cpr.decrypt(cpr.encrypt(digits)) == digits
    assert cpr.sex(digits) == ("M" if int(digits[-1]) % 2 else "K")
