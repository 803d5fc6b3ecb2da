# SPDX-License-Identifier: AGPL-3.0-or-later
"""Who is acting in a web request, and the check every page with person data makes first."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from forlob.organisations.access import Actor


def actor_of(request: HttpRequest) -> Actor:
    return Actor.for_user(request.user)


def require_case_role(actor: Actor) -> None:
    """Person data is for the roles that work with citizens; analysts, administrators and
    coordinators are refused outright (403), not shown empty lists."""
    if not actor.case_unit_ids:
        raise PermissionDenied(_("Your roles do not give access to citizens' data."))


def case_work_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``login_required`` for the pages with person data, plus a case role at some unit."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        require_case_role(actor_of(request))
        return view(request, *args, **kwargs)

    return wrapped
