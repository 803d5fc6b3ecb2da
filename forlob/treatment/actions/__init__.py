# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every write of the treatment chain: request → visitation → course → sessions → discharge, one
module per concept. Callers import from here (``from forlob.treatment import actions``)."""

from forlob.treatment.actions.catalogue import (
    DEFAULT_OFFERS,
    OfferData,
    create_offer,
    fill_default_catalogue,
    update_offer,
)
from forlob.treatment.actions.contacts import (
    ContactData,
    allow_public_post,
    close_contact,
    receive_contact,
    register_request_from_contact,
)
from forlob.treatment.actions.courses import (
    CourseData,
    discharge_course,
    start_course,
    start_course_from_request,
    update_plan,
)
from forlob.treatment.actions.groups import (
    GroupData,
    add_group_member,
    create_group,
    register_group_session,
    remove_group_member,
)
from forlob.treatment.actions.imports import ImportStopped, import_courses
from forlob.treatment.actions.requests import (
    ReferralData,
    RequestData,
    close_request,
    refer_citizen,
    refer_request,
    register_request,
)
from forlob.treatment.actions.sessions import (
    SessionData,
    add_addendum,
    change_session_note,
    register_attendance,
    register_session,
)

__all__ = [
    "DEFAULT_OFFERS",
    "ContactData",
    "CourseData",
    "GroupData",
    "ImportStopped",
    "OfferData",
    "ReferralData",
    "RequestData",
    "SessionData",
    "add_addendum",
    "add_group_member",
    "allow_public_post",
    "change_session_note",
    "close_contact",
    "close_request",
    "create_group",
    "create_offer",
    "discharge_course",
    "fill_default_catalogue",
    "import_courses",
    "receive_contact",
    "refer_citizen",
    "refer_request",
    "register_attendance",
    "register_group_session",
    "register_request",
    "register_request_from_contact",
    "register_session",
    "remove_group_member",
    "start_course",
    "start_course_from_request",
    "update_offer",
    "update_plan",
]
