# SPDX-License-Identifier: AGPL-3.0-or-later
"""Small helpers shared by the function views."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from forlob.common.forms import DkfdsForm
from forlob.organisations.access import Actor

T = TypeVar("T")


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware."""

    htmx: HtmxDetails


def actor_of(request: HttpRequest) -> Actor:
    return Actor.for_user(request.user)


def paginate(request: HttpRequest, qs: QuerySet, per_page: int | None = None) -> Page:  # type: ignore[type-arg]
    paginator = Paginator(qs, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def run_action(form: DkfdsForm, action: Callable[[], T]) -> T | None:
    """Run the action; on refusal put its messages on the form and return None (nothing saved)."""
    try:
        return action()
    except ValidationError as error:
        form.add_action_errors(error)
        return None
