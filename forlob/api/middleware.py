# SPDX-License-Identifier: AGPL-3.0-or-later
"""Under /api/ every error is JSON in the API's shape, ``{"detail": "…"}``: the answers Django makes
itself (a server error page, an address no route matches, a refused CSRF check, an address with a
NUL character) are HTML or plain text, which no API client can read."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

# What an answer keeps from the one it replaces: how long to wait, which methods exist, cookies' rules.
KEPT_HEADERS = ("Retry-After", "Allow", "Vary")
logger = logging.getLogger("django.request")


def _message(status: int) -> str:
    messages = {
        400: _("The request is not valid."),
        403: _("Access denied."),
        404: _("Not found."),
        405: _("The operation does not take this method."),
        503: _("The service is unavailable for a moment. Try again."),
    }
    return messages.get(status, _("Something went wrong on the server. Nothing was saved."))


class JsonErrors:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        try:
            response = self.get_response(request)
        except Exception:  # an error page that failed to render: still an answer in the API's shape
            logger.exception("Error page failed: %s", request.path)
            response = HttpResponse(status=500)
        if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
            return response
        answer = JsonResponse(
            {"detail": _message(response.status_code)},
            status=response.status_code,
            json_dumps_params={"ensure_ascii": False},
        )
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        answer.cookies = response.cookies
        return answer
