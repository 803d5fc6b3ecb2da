# SPDX-License-Identifier: AGPL-3.0-or-later
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forlob.organisations.access import REVIEW_ACCESS, Actor

# (key, url name, label): the page sets ``nav`` to its key to mark the item current.
MAIN_MENU = [
    ("overview", "overview", _("My overview")),
    ("citizens", "citizen_list", _("Citizens")),
    ("request", "request_create", _("New request")),
    ("visitation", "visitation_queue", _("Visitation")),
    ("courses", "course_list", _("Courses")),
    ("groups", "group_list", _("Groups")),
    ("api", "api_tokens", _("API")),
]


def main_menu(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    items = [(key, reverse(name), label) for key, name, label in MAIN_MENU]
    if Actor.for_user(request.user).unit_ids(REVIEW_ACCESS):
        items.append(("log_review", reverse("log_review_list"), _("Log review")))
    if request.user.is_staff:
        items.append(("admin", reverse("admin:index"), _("Administration")))
    return {"main_menu": items}
