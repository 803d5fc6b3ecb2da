# SPDX-License-Identifier: AGPL-3.0-or-later
"""What every app's API router shares: the base schema, the one error shape, ids, code lists, times
and paging, and the way an operation documents the rules its schema cannot state. Here, low in the
layers, so each app's ``api.py`` can use them without importing ``forlob.api``, which mounts the
routers and so sits above every app."""

import re
import types
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any, Union, get_args, get_origin

from django.db.models import Choices, QuerySet
from ninja import Field
from ninja import Schema as NinjaSchema
from pydantic import (
    BeforeValidator,
    GetCoreSchemaHandler,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from forlob.common.paging import Slice

MAX_PAGE = 100
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FLAG_TEXTS = {"true", "false", "1", "0"}


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def _kinds(annotation: object) -> set[type]:
    """The plain types an annotation admits: ``Annotated``, ``Optional`` and unions unwrapped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _kinds(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_kinds(arg) for arg in get_args(annotation)))
    if isinstance(annotation, type):
        return {annotation}
    return {object}


def _item_annotation(annotation: object) -> object | None:
    """The item type of a ``list[...]`` field (optional or not), else None."""
    for candidate in (annotation, *get_args(annotation)):
        if get_origin(candidate) is list:
            return get_args(candidate)[0]
    return None


def _is_schema(annotation: object) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, NinjaSchema)


def _as_declared(value: object, annotation: object) -> bool:
    """Whether ``value`` has the JSON type the field declares. Pydantic's lax mode would read
    ``true`` as 1, ``0`` as 1 January 1970 and ``1`` as true; a client that sends those has a bug it
    should hear about. Text is left to pydantic where a number is declared: query parameters are
    always text."""
    kinds = _kinds(annotation)
    if object in kinds or value is None:
        return True
    if isinstance(value, bool):
        return bool in kinds
    if isinstance(value, int | float):
        return bool(kinds & {int, float, Decimal})
    if isinstance(value, str) and str not in kinds:
        if date in kinds and not ISO_DATE.fullmatch(value):
            return False
        if kinds == {bool} and value.lower() not in FLAG_TEXTS:
            return False
    return True


class Schema(NinjaSchema):
    """Every schema of the API. No text may carry a NUL character, which PostgreSQL cannot store
    (the web forms refuse it the same way), and every value must have the JSON type its field
    declares (``_as_declared``)."""

    @model_validator(mode="before")
    @classmethod
    def an_object(cls, data: object) -> object:
        """A JSON body must be an object: django-ninja would read the attributes of anything else,
        and an array would pass as an object with every field left out."""
        given = getattr(data, "_obj", data)  # django-ninja's wrapper around what was sent
        if given is None or isinstance(given, list | tuple | str | int | float):
            raise ValueError("object")
        return data

    @field_validator("*", mode="before")
    @classmethod
    def plain_json(cls, value: object, info: ValidationInfo) -> object:
        annotation = cls.model_fields[info.field_name].annotation if info.field_name else object
        item = _item_annotation(annotation)
        # A nested schema checks its own fields; the names it ignores are no text that is kept.
        if not _is_schema(item or annotation) and _has_nul(value):
            raise ValueError("NUL")
        if item is not None and isinstance(value, list):
            if not all(_as_declared(v, item) for v in value):
                raise ValueError("type")
        elif not _as_declared(value, annotation):
            raise ValueError("type")
        return value


# An id sent to the API: what SQLite's INTEGER and PostgreSQL's bigint can hold, so an absurd
# number is refused as a 422 before it reaches the database.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _local_time(value: object) -> object:
    if isinstance(value, time):
        return value.replace(tzinfo=None, microsecond=0)
    if not isinstance(value, str) or not re.fullmatch(TIME_PATTERN, value):
        raise ValueError("time")
    return value


# A time of day on the Danish wall clock, "14:00" or "14:00:00", as it is sent and as it is answered.
# Not ``format: time``: that format demands a UTC offset, which a weekly group's start has none of
# (it is 14:00 in winter and in summer).
LocalTime = Annotated[
    time,
    BeforeValidator(_local_time),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": TIME_PATTERN,
            "description": "Local time in Denmark (Europe/Copenhagen), HH:MM or HH:MM:SS, no offset.",
            "examples": ["14:00:00"],
        }
    ),
]


@dataclass(frozen=True)
class OneOf:
    """A field that takes one of a code list (a Django ``Choices``): the codes are the schema's enum,
    so a client sees them and anything else is refused with a 422. ``blank``: "" also, for "none";
    ``exclude``: codes the operation never takes (a group session is not registered on a course)."""

    choices: type[Choices]
    blank: bool = False
    exclude: frozenset[str] = frozenset()

    def values(self) -> list[str]:
        codes = [str(value) for value in self.choices.values if value not in self.exclude]
        return ([""] if self.blank else []) + codes

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            lambda value: str(value), core_schema.literal_schema(self.values())
        )


# A text that must say something (not only spaces): what the actions refuse as blank, the schema
# states. No NUL character, as every text (forlob.api.openapi).
SAYS_SOMETHING = r"^[^\x00]*\S[^\x00]*$"


def text(max_length: int, **extra: Any) -> Any:
    """A required text of 1 to ``max_length`` characters, not only spaces."""
    return Field(..., min_length=1, max_length=max_length, pattern=SAYS_SOMETHING, **extra)


def optional_text(max_length: int, **extra: Any) -> Any:
    """An optional text of at most ``max_length`` characters ("" when left out)."""
    return Field("", max_length=max_length, **extra)


class ErrorItem(Schema):
    field: str | None = Field(description="The field refused, dotted for nested ones; null for the whole request.")
    message: str = Field(description="Why, in Danish.")
    citizen_id: int | None = Field(None, description="For a duplicate CPR: the existing citizen.")


class Errors(Schema):
    detail: list[ErrorItem]


class Message(Schema):
    detail: str


# Kept for the routers that name their errors; the API adds every status any operation can
# answer to the schema itself (forlob.api.contract), so these need not be complete.
ERRORS = {422: Errors, 404: Message, 403: Message, 429: Message}


def rules(*items: tuple[str | None, str] | tuple[str, str, str]) -> dict[str, object]:
    """``openapi_extra`` for the rules of an operation that a schema cannot state (a date not in
    the future, a start after the request): each a field (None: the request as a whole), the rule,
    and for a rule on the items of a list or map, the pattern of the names its errors give (an
    indicator's ``1.1/samlet``). A request that breaks one is answered 422, naming the field; the
    contract test accepts a 422 to a schema-valid request only when it names a field listed here."""
    return {"x-business-rules": [_rule(*item) for item in items]}


def _rule(field: str | None, rule: str, named: str | None = None) -> dict[str, str | None]:
    return {"field": field, "rule": rule} | ({"errors-named": named} if named else {})


class Paging(Schema):
    limit: int = Field(25, ge=1, le=MAX_PAGE, description="Rows per page.")
    offset: int = Field(0, ge=0, le=10**12, description="Rows to skip.")


def window(paging: Paging) -> Slice:
    """The rows ``paging`` asks for; at most ``MAX_PAGE``, whatever the client asks."""
    offset = min(max(paging.offset, 0), 10**12)  # past any table, and within what a database counts
    return Slice(offset, min(max(paging.limit, 1), MAX_PAGE))


def page(qs: QuerySet, paging: Paging) -> tuple[int, list]:
    """The total and one page of ``qs`` (rows that are no person data; those are read by the
    queries functions, through ``window``)."""
    shown = window(paging).read(qs)
    return shown.total or 0, shown.rows
