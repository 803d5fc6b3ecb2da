# SPDX-License-Identifier: AGPL-3.0-or-later
"""Refused access is logged, even when the refused request's transaction rolled back, and a user
refused too often in a short time is stopped.

Queries raise ``NotVisible`` (answered as 404, like an object that does not exist) for a person
object the actor may not see. ``LogRefusals`` writes every 403 and 404 that a signed-in user gets
from a page or an API operation after the view, and every transaction it opened, is over: a
security event for each, and, when the refused object exists, an access-log row naming its
citizen, so the leaders of the unit that keeps the citizen see the attempt. Actions that refuse a
look-up by CPR number (emergency access) call ``log_refusal`` before they open their transaction.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from forlob.audit.log import log_access
from forlob.audit.models import SecurityEvent, Use
from forlob.audit.security import record
from forlob.organisations.access import Actor


class NotVisible(Http404):
    """A person object the actor may not see: a 404 to the actor, a refusal in the log."""

    def __init__(
        self, model: type[models.Model], pk: object, message: str, citizen_field: str | None = "citizen_id"
    ) -> None:
        super().__init__(message)
        self.model, self.pk, self.citizen_field = model, pk, citizen_field

    def citizen_id(self) -> int | None:
        """The citizen the refused object belongs to, when it exists and belongs to one."""
        if self.citizen_field is None:
            return None
        try:
            pk = int(str(self.pk))
        except ValueError:
            return None
        rows = self.model._default_manager.filter(pk=pk).values_list(self.citizen_field, flat=True)
        return rows.first()


class TooManyRefusals(PermissionDenied):
    """The user was refused too often within the window: every further attempt is refused."""


def refusals_lately(user: User) -> int:
    since = timezone.now() - timedelta(minutes=settings.FORLOB_REFUSAL_WINDOW_MINUTES)
    return SecurityEvent.objects.filter(user=user, kind=SecurityEvent.Kind.ACCESS_REFUSED, at__gte=since).count()


def require_refusal_budget(user: User) -> None:
    """Called before a look-up that could be used to probe for people (a CPR number typed in)."""
    if refusals_lately(user) >= settings.FORLOB_REFUSAL_LIMIT:
        raise TooManyRefusals(_("Too many refused attempts in a short time. Try again later."))


def log_refusal(
    user: User,
    request: HttpRequest | None = None,
    *,
    citizen_id: int | None = None,
    search_term: str = "",
    purpose: str = "",
    via: str = "",
) -> int:
    """A security event for the refusal; an access-log row too when it concerns a person (an
    existing citizen, or a CPR number looked up, masked). Returns the user's refusals within the
    window: the one that reaches the limit is itself a security event."""
    actor = Actor.for_user(user)
    if citizen_id is not None or search_term:
        log_access(actor, Use.REFUSED, citizen_id=citizen_id, search_term=search_term, purpose=purpose, via=via)
    record(SecurityEvent.Kind.ACCESS_REFUSED, request, user=user, unit_id=actor.home_unit_id, detail=via)
    count = refusals_lately(user)
    if count == settings.FORLOB_REFUSAL_LIMIT:
        record(SecurityEvent.Kind.REFUSAL_LIMIT, request, user=user, unit_id=actor.home_unit_id)
    return count


def too_many_refusals(request: HttpRequest) -> HttpResponse:
    message = _("Too many refused attempts in a short time. Try again later.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": message}, status=429, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(render_to_string("too_many_refusals.html"), status=429)
    response["Retry-After"] = str(settings.FORLOB_REFUSAL_WINDOW_MINUTES * 60)
    return response


class LogRefusals:
    """Writes the refusals of a request once it is answered (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        refused = response.status_code in (403, 404, 429) and getattr(request, "resolver_match", None) is not None
        if not refused or user is None or not user.is_authenticated:
            return response
        if response.status_code == 429 and not isinstance(getattr(request, "forlob_refusal", None), TooManyRefusals):
            return response  # refused by a rate limit of its own
        not_visible = getattr(request, "forlob_refusal", None)
        citizen_id = not_visible.citizen_id() if isinstance(not_visible, NotVisible) else None
        count = log_refusal(user, request, citizen_id=citizen_id, via=f"{request.method} {request.path}")
        if count > settings.FORLOB_REFUSAL_LIMIT:
            return too_many_refusals(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """Keep what was refused for ``__call__``: the view's transaction has rolled back by now."""
        if isinstance(exception, NotVisible | TooManyRefusals):
            request.forlob_refusal = exception  # type: ignore[attr-defined]
