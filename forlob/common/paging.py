# SPDX-License-Identifier: AGPL-3.0-or-later
"""How much of a list one read returns: a page of a web list, the first hits of a search, or a page
of the API. The queries functions of person data take a window, read just the rows it holds and
log them in the same step, so no caller can show a row it forgot to log."""

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


@dataclass
class Rows(Generic[M]):
    """The rows read, with what the page around them needs."""

    rows: list[M]
    page: Page | None = None  # a web list: its page number and links
    total: int | None = None  # an API page: how many rows the whole list holds
    truncated: bool = False  # a search: more hits than are shown


class Window:
    """Which rows of a list to read."""

    def read(self, qs: QuerySet[M]) -> Rows[M]:
        raise NotImplementedError


@dataclass(frozen=True)
class WebPage(Window):
    """One page of a paged web list (``number`` as the request sent it)."""

    number: str | None
    per_page: int

    def read(self, qs: QuerySet[M]) -> Rows[M]:
        page = Paginator(qs, self.per_page).get_page(self.number)
        page.object_list = list(page.object_list)
        return Rows(page.object_list, page=page)


@dataclass(frozen=True)
class FirstHits(Window):
    """The first hits of a search, and whether there were more."""

    limit: int

    def read(self, qs: QuerySet[M]) -> Rows[M]:
        hits = list(qs[: self.limit + 1])
        return Rows(hits[: self.limit], truncated=len(hits) > self.limit)


@dataclass(frozen=True)
class Slice(Window):
    """``limit`` rows from ``offset``, with the total (the API's paging)."""

    offset: int
    limit: int

    def read(self, qs: QuerySet[M]) -> Rows[M]:
        total = qs.count()
        return Rows(list(qs[self.offset : self.offset + self.limit]), total=total)
