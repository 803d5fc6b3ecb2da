# SPDX-License-Identifier: AGPL-3.0-or-later
"""What every app's API router shares: the base schema, the one error shape, ids and paging.

Here, low in the layers, so each app's ``api.py`` can use them without importing ``forlob.api``,
which mounts the routers and so sits above every app."""

from typing import Annotated

from django.db.models import QuerySet
from ninja import Field
from ninja import Schema as NinjaSchema
from pydantic import field_validator

from forlob.common.paging import Slice

MAX_PAGE = 100


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class Schema(NinjaSchema):
    """Every schema of the API: no text may carry a NUL character, which PostgreSQL cannot store
    (the web forms refuse it the same way)."""

    @field_validator("*", mode="before")
    @classmethod
    def no_nul_characters(cls, value: object) -> object:
        if _has_nul(value):
            raise ValueError("NUL")
        return value


# An id sent to the API: what SQLite's INTEGER and PostgreSQL's bigint can hold, so an absurd
# number is refused as a 422 before it reaches the database.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ErrorItem(Schema):
    field: str | None
    message: str
    citizen_id: int | None = Field(None, description="For a duplicate CPR: the existing citizen.")


class Errors(Schema):
    detail: list[ErrorItem]


class Message(Schema):
    detail: str


# 429: too many refused requests in a short time (forlob.audit.refusals), on any operation that can refuse.
ERRORS = {422: Errors, 404: Message, 403: Message, 429: Message}


class Paging(Schema):
    limit: int = 25
    offset: int = 0


def window(paging: Paging) -> Slice:
    """The rows ``paging`` asks for; at most ``MAX_PAGE``, whatever the client asks."""
    offset = min(max(paging.offset, 0), 10**12)  # past any table, and within what a database counts
    return Slice(offset, min(max(paging.limit, 1), MAX_PAGE))


def page(qs: QuerySet, paging: Paging) -> tuple[int, list]:
    """The total and one page of ``qs`` (rows that are no person data; those are read by the
    queries functions, through ``window``)."""
    shown = window(paging).read(qs)
    return shown.total or 0, shown.rows
