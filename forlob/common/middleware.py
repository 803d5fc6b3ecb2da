# SPDX-License-Identifier: AGPL-3.0-or-later
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from forlob.common import health


class NoStoreForSignedInUsers:
    """Pages shown to a signed-in user may hold person data: the browser must not keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        return response


class RefuseNulCharacters:
    """A NUL character in the address cannot name anything and PostgreSQL cannot compare with it:
    refused before any view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or "\x00" in str(request.GET):
            return HttpResponseBadRequest(_("The address is not valid."), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class AnswerHealthChecks:
    """First in MIDDLEWARE: the health endpoints answer before the rest runs. No session is read or
    saved and no cookie set, no CSRF, host or HTTPS check, no access log: a load balancer's probe
    (which may carry a session cookie, or come by plain HTTP to the bare address) learns about the
    process and the database, and a read-only database cannot break the answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = health.ENDPOINTS.get(request.path_info.removeprefix("/"))
        return view(request) if view is not None else self.get_response(request)
