# SPDX-License-Identifier: AGPL-3.0-or-later
"""Whether this session gave the second factor, and where to give it. A secret that outlives the
session it was made in (an API token, a calendar address) is made only after it."""

from urllib.parse import quote

from django.http import HttpRequest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice


def passed_second_factor(request: HttpRequest) -> bool:
    """The session gave a TOTP code, or signed in through a broker whose login counts as two-factor."""
    user = request.user
    return user.is_authenticated and (
        user.is_verified() or bool(request.session.get("forlob_mfa_by_broker"))  # type: ignore[attr-defined]
    )


def second_factor_url(request: HttpRequest, back: str) -> tuple[str, bool]:
    """Where to give the second factor and come back to the page named ``back``, and whether the
    user has an authenticator app set up."""
    has_app = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    page = reverse("otp_verify" if has_app else "otp_setup")
    return f"{page}?next={quote(reverse(back))}", has_app
