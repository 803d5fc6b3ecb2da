# SPDX-License-Identifier: AGPL-3.0-or-later
"""The API's one error shape: ``{"detail": [{"field": "cpr", "message": "…"}]}`` for refused input
(422), ``{"detail": "…"}`` otherwise; Danish messages, always naming the field where there is one."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from forlob.common.errors import NO_VERSION, StaleVersion


def _message(error: dict[str, Any]) -> str:
    """A Danish message for one of pydantic's errors (django-ninja keeps no input): the forms' words
    where there are some."""
    if tuple(error.get("loc", ()))[-1:] == ("version",):
        return str(NO_VERSION)  # missing or not a number: the copy it was made from is unknown
    if error.get("type") == "missing":
        return _("Required.")
    if error.get("type") == "string_too_long":
        return _("Write at most %(n)s characters.") % {"n": error.get("ctx", {}).get("max_length")}
    return _("Invalid value.")


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn refusals into the error shape on ``api``."""

    def error(request: HttpRequest, items: list[dict[str, str | None]], status: int = 422) -> HttpResponse:
        return api.create_response(request, {"detail": items}, status=status)

    @api.exception_handler(ValidationError)
    def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if isinstance(exc, StaleVersion):
            # The page shows it above the form; in the API it is the version sent that is refused.
            return error(request, [{"field": "version", "message": m} for m in exc.messages])
        if hasattr(exc, "error_dict"):
            items = [
                {"field": None if name == NON_FIELD_ERRORS else name, "message": message}
                for name, errors in exc.message_dict.items()
                for message in errors
            ]
        else:
            items = [{"field": None, "message": m} for m in exc.messages]
        return error(request, items)

    @api.exception_handler(SchemaError)
    def malformed(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        items: list[dict[str, str | None]] = []
        for e in exc.errors:
            loc = [str(part) for part in e.get("loc", ()) if part not in ("body", "query", "path", "payload")]
            message = _message(e)
            items.append({"field": ".".join(loc) or None, "message": message})
        return error(request, items)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        request.forlob_refusal = exc  # type: ignore[attr-defined]  # logged by LogRefusals
        return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        request.forlob_refusal = exc  # type: ignore[attr-defined]  # logged by LogRefusals
        return api.create_response(request, {"detail": str(exc) or _("Access denied.")}, status=403)

    @api.exception_handler(HttpError)
    def unreadable(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # django-ninja raises this with an English text, for a body that is not JSON.
        message = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": _("Sign in or send a valid API token.")}, status=401)
