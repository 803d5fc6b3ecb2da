# SPDX-License-Identifier: AGPL-3.0-or-later
"""Requests refused before they reach a view: secrets in the address, signed-in users who have
not given their second factor, and sessions past their absolute lifetime."""

import re
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from forlob.accounts.sessions import end_session, lifetime_is_over
from forlob.audit.models import SecurityEvent
from forlob.audit.security import record
from forlob.citizens import cpr
from forlob.common.second_factor import passed_second_factor
from forlob.organisations.access import ADMINISTER, READS_PERSON_DATA, Actor

TOKEN_PARAMETERS = {"token", "access_token", "api_key", "apikey", "key", "auth", "authorization", "bearer"}
# A CPR number as people write it: day, month, year and the last four, with or without a space,
# dot, hyphen or slash between the groups (0101801234, 010180-1234, 01.01.80-1234, 01 01 80 1234,
# 010180/1234). The lookahead tries the start of every run of digits, so digits just before a CPR
# number cannot hide it; its birth date decides (cpr.normalise_or_none), so phone numbers pass.
CPR_LIKE = re.compile(r"(?<!\d)(?=(\d\d) ?[-./]? ?(\d\d) ?[-./]? ?(\d\d) ?[-./]? ?(\d{4})(?!\d))")


def carries_secret(request: HttpRequest) -> bool:
    """An API token, or something that is a CPR number, in the query string (name or value)."""
    for name, values in request.GET.lists():
        if name.lower() in TOKEN_PARAMETERS:
            return True
        for text in (name, *values):
            if "flb_" in text or any(cpr.normalise_or_none("".join(m.groups())) for m in CPR_LIKE.finditer(text)):
                return True
    return False


class RefuseSecretsInUrl:
    """Addresses end up in browser history, proxy logs and referrers: an API token or a CPR
    number in one is refused (and the event logged without the secret)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.GET and carries_secret(request):
            record(SecurityEvent.Kind.SECRET_IN_URL, request)
            message = _("Tokens and CPR numbers must not be sent in the address. Send them in a header or a form.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# Pages a user who still owes the second factor may open.
OPEN_BEFORE_SECOND_FACTOR = {"login", "logout", "otp_verify", "otp_setup", "oidc_authentication_callback"}


def needs_second_factor(request: HttpRequest) -> bool:
    """Two-factor login is required (setting) for administrators, who manage accounts and roles, and
    for everyone who reads person-level data, the analysts' pseudonymised extract included."""
    user = request.user
    if not settings.FORLOB_REQUIRE_2FA or not user.is_authenticated or passed_second_factor(request):
        return False
    return bool(Actor.for_user(user).unit_ids({*READS_PERSON_DATA, *ADMINISTER}))


class RequireTwoFactor:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(settings.STATIC_URL) and needs_second_factor(request):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in OPEN_BEFORE_SECOND_FACTOR:
                if request.path.startswith("/api/"):
                    message = _("Two-factor login is required.")
                    return JsonResponse({"detail": message}, status=403, json_dumps_params={"ensure_ascii": False})
                return redirect(f"{reverse('otp_verify')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class EndLongSessions:
    """However active, a session ends FORLOB_SESSION_MAX_HOURS after signing in: the idle
    timeout alone lets a session that is used all day, or by a script, last for ever."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and lifetime_is_over(request.session):
            end_session(request)
            message = _("You have been signed in for %(hours)d hours, the longest a session lasts. Sign in again.") % {
                "hours": settings.FORLOB_SESSION_MAX_HOURS
            }
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=401, json_dumps_params={"ensure_ascii": False})
            messages.info(request, message)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class LogInvalidSession:
    """A session cookie the server does not know (forged, tampered or long gone) signs nobody in;
    it is logged. A session that merely expired is not."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if sent and not list(request.session.keys()) and request.session.session_key is None:
            from django.contrib.sessions.models import Session

            if not Session.objects.filter(session_key=sent[:40]).exists():
                record(SecurityEvent.Kind.SESSION_INVALID, request)
        return self.get_response(request)
