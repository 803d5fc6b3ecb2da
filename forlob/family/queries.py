# SPDX-License-Identifier: AGPL-3.0-or-later
"""Children under 18 in the household, as annotations: no extra query on the pages that show
the flag ("2 børn under 18 i husstanden")."""

from collections.abc import Callable, Sequence
from datetime import date

from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forlob.audit.log import log_access
from forlob.audit.models import Use
from forlob.common.dates import years_before
from forlob.common.paging import Rows, Window
from forlob.family.models import (
    CHILD_AGE_LIMIT,
    ChildrenAssessment,
    Consent,
    ConsentKind,
    Relation,
    RelationKind,
    SharedVisitation,
    VisitationDepartment,
)
from forlob.organisations.access import Actor
from forlob.organisations.models import Unit
from forlob.treatment.journal import Described, Scope, Source, journal_rows


def under_age(day: date) -> Q:
    """Younger than 18 on ``day``. With only a birth year: younger than 18 this calendar year."""
    return Q(birth_date__gt=years_before(day, CHILD_AGE_LIMIT)) | Q(
        birth_date__isnull=True, birth_year__gt=day.year - CHILD_AGE_LIMIT
    )


def _household_children(day: date) -> QuerySet[Relation]:
    return Relation.objects.filter(kind=RelationKind.CHILD, in_household=True).filter(under_age(day))


def children_at_home(day: date, citizen: str = "pk") -> Coalesce:
    """The number of the citizen's children under 18 in the household on ``day``, as an expression
    for ``annotate`` on citizens (``citizen="pk"``) or on rows pointing at one (``"citizen_id"``)."""
    children = (
        _household_children(day).filter(citizen=OuterRef(citizen)).values("citizen").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(children, output_field=IntegerField()), 0)


def with_children_flag(qs: QuerySet, day: date, citizen: str = "pk") -> QuerySet:
    """Annotate ``children_under_18`` and ``children_assessed_on`` (the latest assessment) on a
    queryset of citizens (``citizen="pk"``) or of rows pointing at one (e.g. ``"citizen_id"``)."""
    assessed = (
        ChildrenAssessment.objects.filter(citizen=OuterRef(citizen))
        .values("citizen")
        .annotate(last=Max("assessed_on"))
        .values("last")
    )
    return qs.annotate(
        children_under_18=children_at_home(day, citizen),
        children_assessed_on=Subquery(assessed),
    )


def consent_in_force(citizen_id: int, kind: str, day: date, department: str = "") -> bool:
    """Whether the citizen's consent of ``kind`` (for ``department``) counts on ``day``. Everything
    that depends on a consent asks here, so a withdrawal takes effect at once everywhere."""
    consents = Consent.objects.filter(citizen_id=citizen_id, kind=kind, given_on__lte=day).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
    )
    if department:
        consents = consents.filter(department=department)
    return consents.exists()


def visible_meetings(actor: Actor, day: date) -> Q:
    """The condition on shared visitations the actor may see: those held at their units, and, for
    staff of a partner department's unit, those the department took part in about a citizen of
    the unit's municipality who has consented to sharing with that department (as of ``day``)."""
    visible = Q(unit_id__in=actor.case_unit_ids)
    for unit in Unit.objects.filter(pk__in=actor.case_unit_ids).exclude(department=""):
        consent = Consent.objects.filter(
            citizen=OuterRef("citizen_id"), kind=ConsentKind.SHARE, department=unit.department, given_on__lte=day
        ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        present = VisitationDepartment.objects.filter(visitation=OuterRef("pk"), department=unit.department)
        visible |= Exists(present) & Exists(consent) & Q(citizen__municipality_id=unit.municipality_id)
    return visible


def shared_visitation_list(actor: Actor, day: date, window: Window, *, via: str) -> Rows[SharedVisitation]:
    """The shared visitations the actor may see, newest first: the rows of ``window``, each logged
    under the actor's unit that grants it, with the purpose."""
    qs = SharedVisitation.objects.filter(visible_meetings(actor, day)).select_related("citizen", "unit", "recorded_by")
    shown = window.read(qs.prefetch_related("departments").order_by("-held_on", "-pk"))
    own = actor.case_unit_ids
    partner_units = {u.department: u.pk for u in Unit.objects.filter(pk__in=own).exclude(department="")}
    for row in shown.rows:
        through_department = (partner_units.get(d.department) for d in row.departments.all())
        unit_id = row.unit_id if row.unit_id in own else next(filter(None, through_department), None)
        log_access(actor, Use.VIEW, citizen_id=row.citizen_id, unit_id=unit_id, purpose=_("Shared visitation"), via=via)
    return shown


# The consents in the journal of the citizen's courses; read only through treatment's logged
# journal queries. From the history, which holds when each was recorded.


def _consent_given_rows(scope: Scope) -> QuerySet:
    return journal_rows(
        Consent.history.filter(citizen_id__in=scope.citizen_ids, history_type="+"),
        scope,
        kind="consent_given",
        day=F("given_on"),
        at=F("history_date"),
        author=F("recorded_by_id"),
        course=None,
        ref=F("history_id"),
    )


def _consent_withdrawn_rows(scope: Scope) -> QuerySet:
    earlier = Consent.history.filter(
        id=OuterRef("id"), withdrawn_on__isnull=False, history_date__lt=OuterRef("history_date")
    )
    return journal_rows(
        Consent.history.filter(citizen_id__in=scope.citizen_ids, withdrawn_on__isnull=False).exclude(Exists(earlier)),
        scope,
        kind="consent_withdrawn",
        day=F("withdrawn_on"),
        at=F("history_date"),
        author=F("withdrawn_by_id"),
        course=None,
        ref=F("history_id"),
    )


def _describer(title: str | Promise) -> Callable[[Sequence[int], Actor], dict[int, Described]]:
    def describe(ids: Sequence[int], actor: Actor) -> dict[int, Described]:
        described = {}
        for h in Consent.history.filter(history_id__in=ids):
            what = h.get_kind_display() + (f" ({h.get_department_display()})" if h.department else "")
            described[h.history_id] = Described(str(title), what)
        return described

    return describe


JOURNAL_CONSENTS = (
    Source("consent_given", _consent_given_rows, _describer(gettext_lazy("Consent given"))),
    Source("consent_withdrawn", _consent_withdrawn_rows, _describer(gettext_lazy("Consent withdrawn"))),
)
