# SPDX-License-Identifier: AGPL-3.0-or-later
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forlob.organisations.access import (
    ADMINISTER,
    APPROVE_ROLES,
    COOPERATION_READ,
    DISPENSE,
    IMPORT_COURSES,
    MANAGE_CATALOGUE,
    PREVENTION,
    REGISTER_EXTRACT,
    REVIEW_ACCESS,
    Actor,
)
from forlob.stats.scopes import reads_statistics

# (key, url name, label): the page sets ``nav`` to its key to mark the item current.
CASE_MENU = [
    ("citizens", "citizen_list", _("Citizens")),
    ("request", "request_create", _("New request")),
    ("visitation", "visitation_queue", _("Visitation")),
    ("shared_visitation", "shared_visitation_list", _("Shared visitation")),
    ("courses", "course_list", _("Courses")),
    ("groups", "group_list", _("Groups")),
    ("calendar", "my_calendar", _("My calendar")),
    ("followup", "follow_up_worklist", _("Follow-up")),
]


def main_menu(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    actor = Actor.for_user(request.user)
    menu = [("overview", "overview", _("My overview"))]
    if actor.case_unit_ids:
        menu += CASE_MENU
    if actor.unit_ids(DISPENSE):
        menu.append(("medical", "dispensing_list", _("Dispensing")))
    if actor.unit_ids(PREVENTION):
        menu.append(("prevention", "activity_list", _("Prevention")))
    if actor.unit_ids(COOPERATION_READ):
        menu.append(("cooperation", "agreement_list", _("Cooperation agreements")))
    if reads_statistics(actor):
        menu.append(("stats", "stats_index", _("Statistics")))
    if actor.unit_ids(REVIEW_ACCESS):
        menu.append(("log_review", "log_review_list", _("Log review")))
    if actor.unit_ids(APPROVE_ROLES):
        menu.append(("roles", "unit_roles", _("Roles")))
    if actor.unit_ids(MANAGE_CATALOGUE):
        menu.append(("catalogue", "catalogue", _("Offers")))
    if actor.unit_ids(REGISTER_EXTRACT):
        menu.append(("registration", "submission_overview", _("National registration")))
    if actor.unit_ids(IMPORT_COURSES):
        menu.append(("import", "course_import", _("Import")))
    menu.append(("api", "api_tokens", _("API")))
    items = [(key, reverse(name), label) for key, name, label in menu]
    if actor.unit_ids(ADMINISTER):
        items.append(("admin", reverse("admin:index"), _("Administration")))
    return {"main_menu": items}
