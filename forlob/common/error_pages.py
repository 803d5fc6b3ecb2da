# SPDX-License-Identifier: AGPL-3.0-or-later
"""The pages shown for 400, 403 and 404 (Django's handlers, in forlob/urls.py), in the normal
layout, in Danish: what happened, why when Forløb's own code gave the reason, and where to go.

Under /api/ ``forlob.api.middleware.JsonErrors`` turns these answers into the API's JSON shape.
The 500 page (``forlob.common.health.server_error``) is rendered without the request."""

from types import TracebackType

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def own_message(exception: BaseException | None) -> str:
    """The refusal's text when Forløb's code raised it with one (a Danish text through gettext);
    empty for Django's own (an address no route matches, ``get_object_or_404``), whose texts are
    English and name the model or the patterns tried."""
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    trace: TracebackType | None = exception.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    raised_in = trace.tb_frame.f_globals.get("__name__", "") if trace is not None else ""
    return exception.args[0] if raised_in.startswith("forlob.") else ""


def _page(request: HttpRequest, status: int, exception: BaseException | None) -> HttpResponse:
    # A request refused before the middleware set its user (a bad Host header) is drawn without
    # it, so the menu's context processor does not fail on it.
    context = {"status": status, "reason": own_message(exception)}
    html = render_to_string("error_page.html", context, request if hasattr(request, "user") else None)
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, 400, exception)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, 403, exception)


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _page(request, 404, exception)
