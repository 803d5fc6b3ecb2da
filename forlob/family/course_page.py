# SPDX-License-Identifier: AGPL-3.0-or-later
"""Family on the course page (forlob/treatment/hooks.py): the family-oriented offer and the
citizen's answer, and the citizen's children who took part in the course's sessions. The course
was read, and logged, by the page through ``treatment.queries.get_course``; these are its rows."""

from django.db.models import prefetch_related_objects

from forlob.common.dates import today
from forlob.common.sections import Section
from forlob.family.forms import FamilyOfferAnswerForm, FamilyOfferForm, SessionChildrenForm
from forlob.family.models import FamilyOffer, Relation, RelationKind
from forlob.treatment.models import LINKED_OFFERS, Attendance, Course, Session


def offer_of(course: Course) -> FamilyOffer | None:
    """The course's family offer, with who made it, or None."""
    prefetch_related_objects([course], "family_offer__offered_by")
    try:
        return course.family_offer
    except FamilyOffer.DoesNotExist:
        return None


def sessions_taken_place(course: Course) -> list[Session]:
    """The course's sessions that took place, newest first: those children can have taken part in.
    From the sessions the course page has read already."""
    return [session for session in course.sessions.all() if session.attendance == Attendance.ATTENDED]


def children_of(course: Course) -> list[Relation]:
    return list(course.citizen.relations.filter(kind=RelationKind.CHILD))


def offer_forms(offer: FamilyOffer | None) -> dict[str, object]:
    """The forms for recording the offer and the answer, filled in from the offer as it is."""
    if offer is None:
        return {"offer_form": FamilyOfferForm(initial={"offered_on": today()}), "answer_form": None}
    offer_form = FamilyOfferForm(initial={"offered_on": offer.offered_on, "note": offer.note, "version": offer.version})
    answer_form = FamilyOfferAnswerForm(
        initial={"outcome": offer.outcome, "answered_on": offer.answered_on or today(), "version": offer.version}
    )
    return {"offer_form": offer_form, "answer_form": answer_form}


def course_family(course: Course) -> Section:
    """The family offer (on an index person's course) and the children in the sessions."""
    children = children_of(course)
    names = {child.pk: child.name for child in children}
    sessions = list(course.sessions.all())
    prefetch_related_objects(sessions, "children_present")
    taken_place = sessions_taken_place(course)
    with_children = [
        (session, [names.get(row.relation_id, "") for row in session.children_present.all()])
        for session in sessions
        if session.children_present.all()
    ]
    context: dict[str, object] = {
        "course": course,
        "linked_course": course.offer_type in LINKED_OFFERS,
        "family_offer": None,
        "children": children,
        "sessions_with_children": with_children,
        "children_form": SessionChildrenForm(sessions=taken_place, children=children)
        if children and taken_place
        else None,
    }
    if not context["linked_course"]:
        offer = offer_of(course)
        context |= {"family_offer": offer, **offer_forms(offer)}
    return Section("family/includes/course_section.html", context, order=20)
