# SPDX-License-Identifier: AGPL-3.0-or-later
"""Cooperation agreements in the API: the same reads and writes as the pages. Read by all staff of
the agreement's municipality, written by its leaders and cluster coordinators; another
municipality's agreement is a 404."""

import base64
import binascii
from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from forlob.common.api import ERRORS, Id, OneOf, Paging, Schema, optional_text, page, rules, text
from forlob.common.dates import today
from forlob.common.errors import refuse
from forlob.common.phone import PHONE_RULE
from forlob.cooperation import actions, queries
from forlob.cooperation.files import MAX_BYTES
from forlob.cooperation.models import Agreement, Document, PartnerKind
from forlob.cooperation.models import Status as AgreementStatus
from forlob.organisations.api import municipality_by_code, request_actor, users

router = Router(tags=["Samarbejdsaftaler"])


class ContactIn(Schema):
    name: str = text(200)
    role: str = optional_text(200)
    phone: str = optional_text(30, description=PHONE_RULE)
    email: str = optional_text(254)


class PartnerContactOut(Schema):
    name: str
    role: str
    phone: str
    email: str


class AgreementFields(Schema):
    title: str = text(200)
    partner_kind: Annotated[str, OneOf(PartnerKind)]
    partner_name: str = text(200)
    content: str = optional_text(actions.MAX_CONTENT, description="No personal data about citizens.")
    agreed_on: date = Field(description="Not in the future.")
    valid_from: date
    valid_to: date | None = Field(None, description="Not before valid_from; null: until further notice.")
    review_on: date | None = Field(None, description="Not before agreed_on.")
    responsible_ids: list[Id] = Field(
        min_length=1, max_length=50, description="Our contact people: staff of the municipality."
    )
    contacts: list[ContactIn] = Field([], max_length=actions.MAX_CONTACTS, description="The partner's contacts.")


class AgreementIn(AgreementFields):
    municipality_code: str = Field(pattern=r"^[0-9]{3}$", description="The municipality, by its official code.")


class AgreementChange(AgreementFields):
    """The whole agreement as it should be; its municipality stays."""

    version: int = Field(description="The agreement version read; refused if it has changed since, or if missing.")


class DocumentOut(Schema):
    id: int
    name: str
    kind: str
    size: int


class DocumentContent(DocumentOut):
    content_base64: str


class AgreementOut(Schema):
    id: int
    municipality_code: str = Field(alias="municipality.code")
    title: str
    partner_kind: str
    partner_name: str
    content: str
    agreed_on: date
    valid_from: date
    valid_to: date | None
    review_on: date | None
    status: str = Field(description="Worked out today: upcoming, in_force, review_due or expired.")
    responsible_ids: list[int]
    contacts: list[PartnerContactOut]
    documents: list[DocumentOut]
    version: int

    @staticmethod
    def resolve_status(obj: Agreement) -> str:
        return str(obj.status(today()))

    @staticmethod
    def resolve_responsible_ids(obj: Agreement) -> list[int]:
        return [u.pk for u in obj.responsible.all()]

    @staticmethod
    def resolve_contacts(obj: Agreement) -> list[object]:
        return list(obj.contacts.all())

    @staticmethod
    def resolve_documents(obj: Agreement) -> list[object]:
        return list(queries.documents(obj))


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]


class AgreementQuery(Schema):
    q: str = Field("", max_length=100, description="In the title or the partner's name.")
    partner_kind: Annotated[str, OneOf(PartnerKind, blank=True)] = ""
    status: Annotated[str, OneOf(AgreementStatus, blank=True)] = ""


class DocumentIn(Schema):
    name: str = text(200, description="The file name; it ends in .pdf, .docx or .odt.")
    content_base64: str = Field(
        min_length=1,
        max_length=(MAX_BYTES + 2) // 3 * 4,
        description="The file, base64-encoded; at most 10 MB (a request body is limited by the server too).",
    )


AGREEMENT_RULES = rules(
    ("municipality_code", "A municipality where the user writes agreements."),
    ("title", "No CPR number."),
    ("partner_name", "No CPR number."),
    ("content", "No CPR number."),
    ("agreed_on", "Not in the future."),
    ("valid_to", "Not before valid_from."),
    ("review_on", "Not before agreed_on."),
    ("responsible_ids", "Known staff members."),
    ("responsible", "Staff of the agreement's municipality."),
    ("contacts", "Each contact: a name without a CPR number, and " + PHONE_RULE + " or a valid e-mail address."),
)


def _agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    return get_object_or_404(queries.agreements(request_actor(request), today()), pk=agreement_id)


def _data(body: AgreementFields) -> actions.AgreementData:
    fields = body.dict(exclude={"responsible_ids", "contacts", "municipality_code", "version"})
    return actions.AgreementData(
        **fields,
        responsible=users(body.responsible_ids, "responsible_ids"),
        contacts=[actions.ContactData(**c.dict()) for c in body.contacts],
    )


@router.get("/cooperation/agreements", response={200: AgreementPage, **ERRORS})
def list_agreements(request: HttpRequest, paging: Query[Paging], filters: Query[AgreementQuery]) -> object:
    """The agreements of the municipalities where the user works, by title."""
    actor = request_actor(request)
    if not queries.readable_municipalities(actor).exists():
        raise PermissionDenied(_("Your roles do not give access to cooperation agreements."))
    count, rows = page(
        queries.agreements(actor, today(), term=filters.q, partner_kind=filters.partner_kind, status=filters.status),
        paging,
    )
    return {"count": count, "items": rows}


@router.post("/cooperation/agreements", response={201: AgreementOut, **ERRORS}, openapi_extra=AGREEMENT_RULES)
def create_agreement(request: HttpRequest, body: AgreementIn) -> Status[object]:
    actor = request_actor(request)
    municipality = municipality_by_code(body.municipality_code)
    if municipality is None:
        raise refuse("municipality_code", _("Required."), "required")
    agreement = actions.create_agreement(actor, municipality, _data(body))
    return Status(201, _agreement(request, agreement.pk))


@router.get("/cooperation/agreements/{agreement_id}", response={200: AgreementOut, **ERRORS})
def get_agreement(request: HttpRequest, agreement_id: Id) -> object:
    return _agreement(request, agreement_id)


@router.put(
    "/cooperation/agreements/{agreement_id}", response={200: AgreementOut, **ERRORS}, openapi_extra=AGREEMENT_RULES
)
def change_agreement(request: HttpRequest, agreement_id: Id, body: AgreementChange) -> object:
    """Change an agreement, as on its page; send back the version read."""
    agreement = _agreement(request, agreement_id)
    actions.change_agreement(request_actor(request), agreement, _data(body), body.version)
    return _agreement(request, agreement_id)


@router.post(
    "/cooperation/agreements/{agreement_id}/documents",
    response={201: DocumentOut, **ERRORS},
    openapi_extra=rules(
        ("content_base64", "Valid base64 of a PDF, DOCX or ODT file named so, not empty, at most 10 MB."),
    ),
)
def add_document(request: HttpRequest, agreement_id: Id, body: DocumentIn) -> Status[object]:
    """Attach a signed agreement or an appendix."""
    agreement = _agreement(request, agreement_id)
    try:
        content = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise refuse("content_base64", _("The file is not valid base64."), "invalid_base64") from None
    document = actions.add_document(request_actor(request), agreement, body.name, content, field="content_base64")
    return Status(201, document)


def _document(request: HttpRequest, agreement_id: int, document_id: int) -> Document:
    document = queries.document_of(request_actor(request), agreement_id, document_id)
    if document is None:
        raise Http404
    return document


@router.get("/cooperation/agreements/{agreement_id}/documents/{document_id}", response={200: DocumentContent, **ERRORS})
def get_document(request: HttpRequest, agreement_id: Id, document_id: Id) -> dict[str, object]:
    """A document with its content, base64-encoded."""
    document = _document(request, agreement_id, document_id)
    content = base64.b64encode(bytes(document.content)).decode()
    return {
        "id": document.pk,
        "name": document.name,
        "kind": document.kind,
        "size": document.size,
        "content_base64": content,
    }


@router.delete("/cooperation/agreements/{agreement_id}/documents/{document_id}", response={204: None, **ERRORS})
def remove_document(request: HttpRequest, agreement_id: Id, document_id: Id) -> Status[None]:
    actions.remove_document(request_actor(request), _document(request, agreement_id, document_id))
    return Status(204, None)
