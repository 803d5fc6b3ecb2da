# SPDX-License-Identifier: AGPL-3.0-or-later
"""Reading cooperation agreements: those of the municipalities where the user works. No person
data, so nothing here is written to the access log; another municipality's agreements are never
in a result (a 404 on their pages)."""

from datetime import date

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from forlob.cooperation.models import Agreement, Document, in_force_on, status_is
from forlob.organisations.access import COOPERATION, COOPERATION_READ, Actor
from forlob.organisations.models import APPROVED_ROLES, Membership, Municipality, Role


def readable_municipalities(actor: Actor) -> QuerySet[Municipality]:
    return Municipality.objects.filter(units__pk__in=actor.unit_ids(COOPERATION_READ)).distinct().order_by("name")


def writable_municipalities(actor: Actor) -> QuerySet[Municipality]:
    return Municipality.objects.filter(units__pk__in=actor.unit_ids(COOPERATION)).distinct().order_by("name")


def may_write(actor: Actor, municipality_id: int) -> bool:
    return writable_municipalities(actor).filter(pk=municipality_id).exists()


def staff_of(municipality: Municipality) -> QuerySet[User]:
    """Who may be our contact person on an agreement: active staff at an active unit of the
    municipality, in a role that reads its agreements (an approved role once approved)."""
    memberships = Membership.objects.filter(
        unit__municipality=municipality, unit__active=True, role__in=COOPERATION_READ
    ).exclude(role__in=APPROVED_ROLES, approved_at__isnull=True)
    return (
        User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def agreements(
    actor: Actor,
    day: date,
    *,
    municipality: Municipality | None = None,
    term: str = "",
    partner_kind: str = "",
    status: str = "",
) -> QuerySet[Agreement]:
    """The agreements the actor reads, by title or partner, partner kind and status on ``day``."""
    qs = Agreement.objects.filter(municipality__in=readable_municipalities(actor))
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if term.strip():
        qs = qs.filter(Q(title__icontains=term.strip()) | Q(partner_name__icontains=term.strip()))
    if partner_kind:
        qs = qs.filter(partner_kind=partner_kind)
    if status:
        qs = qs.filter(status_is(status, day))
    return (
        qs.select_related("municipality")
        .prefetch_related("responsible", "contacts")
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("title", "pk")  # an aggregate drops the model's ordering
    )


def documents(agreement: Agreement) -> QuerySet[Document]:
    """An agreement's documents without their content (read only to download one)."""
    return agreement.documents.defer("content").select_related("uploaded_by")


def document_of(actor: Actor, agreement_id: int, document_id: int) -> Document | None:
    """One document with its content, if the actor reads its agreement."""
    return (
        Document.objects.filter(
            pk=document_id, agreement_id=agreement_id, agreement__municipality__in=readable_municipalities(actor)
        )
        .select_related("agreement")
        .first()
    )


def due_reviews(actor: Actor, day: date) -> QuerySet[Agreement]:
    """The agreements whose review is due within the notice or has passed, and not expired, that
    the actor answers for: as one of our contact people, or as a leader in the municipality."""
    leading = Municipality.objects.filter(units__pk__in=actor.unit_ids((Role.LEDER,)))
    mine = Q(responsible=actor.user) | Q(municipality__in=leading)
    return (
        Agreement.objects.filter(municipality__in=readable_municipalities(actor))
        .filter(mine, status_is("review_due", day))
        .distinct()
        .select_related("municipality")
        .order_by("review_on", "title")
    )


def in_force_by_kind(municipality_ids: set[int], day: date) -> dict[tuple[int, str], int]:
    """How many agreements each municipality has in force on ``day``, by partner kind: the live
    evidence beside KL's recommendation 12, in one query. Agreements are no person data, so the
    counts are exact."""
    rows = (
        Agreement.objects.filter(in_force_on(day), municipality_id__in=municipality_ids)
        .values_list("municipality_id", "partner_kind")
        .annotate(n=Count("pk"))
    )
    return {(m, kind): n for m, kind, n in rows}


def reviews_due_count(qs: QuerySet[Agreement], day: date) -> int:
    return qs.filter(status_is("review_due", day)).count()
