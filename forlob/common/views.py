# SPDX-License-Identifier: AGPL-3.0-or-later
"""Small helpers shared by the function views."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

from forlob.common import applog
from forlob.common.forms import DkfdsForm, NameSearchForm
from forlob.common.paging import FirstHits, Rows, WebPage, Window

T = TypeVar("T")

# A search shows at most this many hits: refine the search rather than page through people.
SEARCH_LIMIT = 50


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware."""

    htmx: HtmxDetails


def client_address(request: HttpRequest) -> str:
    """The address a request came from. Behind ``FORLOB_PROXY_HOPS`` reverse proxies of our own,
    the address the nearest of them saw, from X-Forwarded-For; the client's own entries in that
    header are never trusted."""
    hops = settings.FORLOB_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where a form asked to go afterwards (``next``, posted or in the query string) when that is
    an address on this site, otherwise ``fallback``: never another host, a scheme-relative
    ``//host`` or a ``javascript:`` address, and in production only https."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    require_https = settings.PRODUCTION or request.is_secure()
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=require_https):
        return wanted
    return fallback


def paginate(request: HttpRequest, qs: QuerySet, per_page: int | None = None, page_param: str = "page") -> Page:
    paginator = Paginator(qs, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get(page_param))


def page_of(request: HttpRequest, page_param: str = "page") -> WebPage:
    """The page of a paged list the request asks for."""
    return WebPage(request.GET.get(page_param), settings.PAGE_SIZE)


def search_or_page(
    request: HttpRequest,
    everything: Callable[[Window], Rows],
    search: Callable[[str, Window], Rows],
    form: DkfdsForm | None = None,
) -> dict[str, object]:
    """A list page's rows: every row, paged (GET), or the first hits of a search posted as ``q``.
    ``everything`` and ``search`` are queries functions that read and log the rows of a window."""
    form = form or NameSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["q"].strip():
        hits = search(form.cleaned_data["q"], FirstHits(SEARCH_LIMIT))
        return {"form": form, "rows": hits.rows, "truncated": hits.truncated, "searched": True}
    shown = everything(page_of(request))
    return {"form": form, "rows": shown.rows, "page_obj": shown.page}


def run_action(form: DkfdsForm, action: Callable[[], T]) -> T | None:
    """Run the action; on refusal put its messages on the form and return None (nothing saved)."""
    try:
        return action()
    except ValidationError as error:
        applog.refused(error, via=type(form).__name__)
        form.add_action_errors(error)
        return None
