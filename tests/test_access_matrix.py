# SPDX-License-Identifier: AGPL-3.0-or-later
"""Need-to-know, proven for every page and API operation: each role, against person data at
its own unit, at another unit in the same municipality, and in another municipality.

The expected answers are in the two tables below. A page or API operation without a row fails
the test, so a new endpoint cannot ship without its row. Every answer that carries a body is
also searched for the names of citizens the role must not see.
"""

import base64
import json
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from forlob.api.routes import api as ninja_api
from forlob.appointments import actions as appointment_actions
from forlob.appointments.models import AppointmentSeries
from forlob.citizens import actions as citizen_actions
from forlob.citizens.models import Citizen, TargetGroup
from forlob.common.dates import today
from forlob.competences import actions as competence_actions
from forlob.competences.models import Competence
from forlob.cooperation import actions as cooperation_actions
from forlob.cooperation.models import Agreement
from forlob.coordination import actions as coordination_actions
from forlob.coordination.models import ActionPlan, PlanAction
from forlob.family import actions as family_actions
from forlob.family.models import Consent, FamilyOffer
from forlob.followup.models import FollowUp
from forlob.instruments import actions as instrument_actions
from forlob.instruments.models import Instrument
from forlob.kl12 import actions as kl12_actions
from forlob.kl12.models import Round
from forlob.medical import actions as medical_actions
from forlob.medical.models import DetoxEpisode, Medication
from forlob.organisations.models import Cluster, Membership, Role, Unit, UnitKind
from forlob.oversight import actions as oversight_actions
from forlob.prevention import actions as prevention_actions
from forlob.prevention.models import Activity
from forlob.psychiatry import actions as psychiatry_actions
from forlob.psychiatry.models import GpLetter
from forlob.registers.actions import returns as return_actions
from forlob.registers.actions import submissions as submission_actions
from forlob.strategy.models import Initiative, Strategy
from forlob.treatment import actions
from forlob.treatment.models import Course, OfferType, UnitOffer
from tests.conftest import World, make_user, new_citizen
from tests.test_api import token_for

OUTCOME_PROFILE = {
    "alcohol_days": 12,
    "heavy_days": 4,
    "drinks_per_day": 6,
    "psychological_health": 9,
    "physical_health": 11,
    "quality_of_life": 8,
}
RETURN_TABLE = "måned;mål;antal\n2026-10;påbegyndte;3\n".encode()
ROLES = ("behandler", "visitator", "familiekonsulent", "leder", "analytiker", "administrator", "koordinator", "anonym")
PLACES = ("own", "other_unit", "other_municipality")

# Web pages: (url name, method) -> expected status per role in ROLES order, for person data at
# the role's own unit, then at another unit or municipality (one string when all three agree).
# 302 for "anonym" is the redirect to the login page.
WEB: dict[tuple[str, str], tuple[str, ...]] = {
    # behandler visitator familiekonsulent leder analytiker administrator koordinator anonym
    ("admin:index", "GET"): ("302 302 302 302 302 200 302 302",),
    ("admin:index", "POST"): ("302 302 302 302 302 200 302 302",),
    ("api:openapi-json", "GET"): ("200 200 200 200 200 200 200 200",),
    ("api:openapi-json", "POST"): ("200 200 200 200 200 200 200 200",),
    ("api:openapi-view", "GET"): ("200 200 200 200 200 200 200 200",),
    ("api:openapi-view", "POST"): ("200 200 200 200 200 200 200 200",),
    ("api_token_revoke", "GET"): ("405 405 405 405 405 405 405 302",),
    ("api_token_revoke", "POST"): ("404 404 404 404 404 404 404 302",),
    ("api_tokens", "GET"): ("200 200 200 200 200 200 200 302",),
    ("api_tokens", "POST"): ("403 403 403 403 403 403 403 302",),  # no second factor in this session
    ("consent_create", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("consent_create", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("consent_withdraw", "GET"): ("405 405 405 405 403 403 403 302",),
    ("consent_withdraw", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("children_assessment", "GET"): ("405 405 405 405 403 403 403 302",),
    ("children_assessment", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_create", "GET"): ("200 200 200 200 403 403 403 302",),
    ("citizen_create", "POST"): ("200 200 200 200 403 403 403 302",),
    ("citizen_detail", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_detail", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_edit", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_edit", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_insight", "GET"): ("403 403 403 200 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("citizen_insight", "POST"): ("403 403 403 200 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("citizen_list", "GET"): ("200 200 200 200 403 403 403 302",),
    ("citizen_list", "POST"): ("200 200 200 200 403 403 403 302",),
    ("citizen_reveal_cpr", "GET"): ("405 405 405 405 403 403 403 302",),
    ("citizen_reveal_cpr", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("course_create", "GET"): ("302 302 302 302 403 403 403 302",),
    ("course_create", "POST"): ("302 302 302 302 403 403 403 302",),
    ("course_detail", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("course_detail", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("course_discharge", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("course_discharge", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("course_journal", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("course_journal", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("course_journal_print", "GET"): ("405 405 405 405 403 403 403 302",),
    # Posted without a purpose: the journal page again, with the reason next to the field.
    ("course_journal_print", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_journal", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_journal", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_journal_print", "GET"): ("405 405 405 405 403 403 403 302",),
    ("citizen_journal_print", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("session_note", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    # Posted empty: the addendum is refused, and the page shows why.
    ("session_note", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("course_list", "GET"): ("200 200 200 200 403 403 403 302",),
    ("course_list", "POST"): ("200 200 200 200 403 403 403 302",),
    ("course_plan", "GET"): ("405 405 405 405 403 403 403 302",),
    ("course_plan", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("family_offer", "GET"): ("405 405 405 405 403 403 403 302",),
    ("family_offer", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("family_offer_answer", "GET"): ("405 405 405 405 403 403 403 302",),
    ("family_offer_answer", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("emergency_access", "GET"): ("200 200 200 200 403 403 403 302",),
    ("emergency_access", "POST"): ("200 200 200 200 403 403 403 302",),
    ("emergency_review", "GET"): ("405 405 405 405 405 405 405 302",),
    ("emergency_review", "POST"): ("403 403 403 302 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("group_add_member", "GET"): ("405 405 405 405 403 403 403 302",),
    ("group_add_member", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("group_create", "GET"): ("200 200 200 200 403 403 403 302",),
    ("group_create", "POST"): ("200 200 200 200 403 403 403 302",),
    ("group_detail", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("group_detail", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("group_list", "GET"): ("200 200 200 200 403 403 403 302",),
    ("group_list", "POST"): ("200 200 200 200 403 403 403 302",),
    ("group_remove_member", "GET"): ("405 405 405 405 403 403 403 302",),
    ("group_remove_member", "POST"): ("302 403 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("group_session", "GET"): ("405 405 405 405 403 403 403 302",),
    ("group_session", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("log_review_detail", "GET"): ("403 403 403 200 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("log_review_detail", "POST"): ("403 403 403 302 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("log_review_list", "GET"): ("403 403 403 200 403 403 403 302",),
    ("access_log_search", "GET"): ("403 403 403 200 403 403 403 302",),
    ("access_log_search", "POST"): ("403 403 403 200 403 403 403 302",),
    ("log_review_list", "POST"): ("403 403 403 200 403 403 403 302",),
    ("login", "GET"): ("200 200 200 200 200 200 200 200",),
    ("login", "POST"): ("200 200 200 200 200 200 200 200",),
    ("logout", "GET"): ("405 405 405 405 405 405 405 405",),
    ("logout", "POST"): ("302 302 302 302 302 302 302 302",),
    ("oidc_authentication_callback", "GET"): ("404 404 404 404 404 404 404 404",),
    ("oidc_authentication_callback", "POST"): ("404 404 404 404 404 404 404 404",),
    ("oidc_authentication_init", "GET"): ("404 404 404 404 404 404 404 404",),
    ("oidc_authentication_init", "POST"): ("404 404 404 404 404 404 404 404",),
    ("otp_setup", "GET"): ("200 200 200 200 200 200 200 302",),
    ("otp_setup", "POST"): ("200 200 200 200 200 200 200 302",),
    ("otp_verify", "GET"): ("302 302 302 302 302 302 302 302",),
    ("otp_verify", "POST"): ("302 302 302 302 302 302 302 302",),
    ("overview", "GET"): ("200 200 200 200 200 200 200 302",),
    ("overview", "POST"): ("200 200 200 200 200 200 200 302",),
    ("relation_create", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("relation_create", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("relation_edit", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("relation_edit", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("relation_remove", "GET"): ("405 405 405 405 403 403 403 302",),
    ("relation_remove", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("request_create", "GET"): ("200 200 200 200 403 403 403 302",),
    ("request_create", "POST"): ("200 200 200 200 403 403 403 302",),
    ("request_detail", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("request_detail", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("session_attendance", "GET"): ("405 405 405 405 403 403 403 302",),
    ("session_attendance", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("session_children", "GET"): ("405 405 405 405 403 403 403 302",),
    ("session_children", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("session_create", "GET"): ("405 405 405 405 403 403 403 302",),
    ("session_create", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("visitation_queue", "GET"): ("200 200 200 200 403 403 403 302",),
    ("visitation_queue", "POST"): ("200 200 200 200 403 403 403 302",),
    ("my_calendar", "GET"): ("200 200 200 200 403 403 403 302",),
    ("my_calendar", "POST"): ("405 405 405 405 403 403 403 302",),
    ("unit_calendar", "GET"): ("200 200 200 200 403 403 403 302", "403 403 403 403 403 403 403 302"),
    ("unit_calendar", "POST"): ("405 405 405 405 403 403 403 302",),
    # Posted empty: a new calendar address, shown once.
    ("feed_settings", "GET"): ("200 200 200 200 403 403 403 302",),
    ("feed_settings", "POST"): ("403 403 403 403 403 403 403 302",),  # no second factor in this session
    # No sign-in: the secret address is the key, and a wrong one is a 404 to everyone.
    ("calendar_feed", "GET"): ("404 404 404 404 404 404 404 404",),
    ("calendar_feed", "POST"): ("405 405 405 405 405 405 405 405",),
    # Posted empty: the course page again, with the reasons next to the fields.
    ("appointment_plan", "GET"): ("405 405 405 405 403 403 403 302",),
    ("appointment_plan", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    # Posted empty: refused, back to the calendar with the reason.
    ("appointment_attendance", "GET"): ("405 405 405 405 403 403 403 302",),
    ("appointment_attendance", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("appointment_cancel", "GET"): ("405 405 405 405 403 403 403 302",),
    ("appointment_cancel", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("series_end", "GET"): ("405 405 405 405 403 403 403 302",),
    ("series_end", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("follow_up_worklist", "GET"): ("200 200 200 200 403 403 403 302",),
    ("follow_up_worklist", "POST"): ("200 200 200 200 403 403 403 302",),
    ("follow_up_detail", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("follow_up_detail", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("follow_up_reassign", "GET"): ("405 405 405 405 403 403 403 302",),
    ("follow_up_reassign", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("follow_up_rule", "GET"): ("403 403 403 200 403 403 403 302", "403 403 403 403 403 403 403 302"),
    ("follow_up_rule", "POST"): ("403 403 403 200 403 403 403 302", "403 403 403 403 403 403 403 302"),
    ("stats_started_completed", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_started_completed", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_relatives_family", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_relatives_family", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_index", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_index", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_end_reasons", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_end_reasons", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_guarantee", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_guarantee", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_children", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_children", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_screening", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_screening", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_psychiatry", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_psychiatry", "POST"): ("200 200 200 200 200 403 200 302",),
    # The psychiatric pathway (posted empty: the course page with the reasons).
    ("register_answers", "GET"): ("405 405 405 405 403 403 403 302",),
    ("submission_overview", "GET"): ("403 403 403 200 403 403 403 302",),
    ("submission_overview", "POST"): ("403 403 403 200 403 403 403 302",),
    # The unit's leader only; posted empty, the month's page with the reason.
    ("submission_preview", "GET"): ("403 403 403 200 403 403 403 302", "403 403 403 403 403 403 403 302"),
    ("submission_preview", "POST"): ("403 403 403 200 403 403 403 302", "403 403 403 403 403 403 403 302"),
    ("submission_file", "GET"): ("403 403 403 200 403 403 403 302", "403 403 403 403 403 403 403 302"),
    ("submission_file", "POST"): ("403 403 403 200 403 403 403 302", "403 403 403 403 403 403 403 302"),
    ("stats_registration", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_registration", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_registration_submitted", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_registration_submitted", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_return_tables", "GET"): ("403 403 403 200 200 403 403 302",),
    # Posted empty: the upload form again with its errors, for the municipality's unit leaders.
    ("stats_return_tables", "POST"): ("403 403 403 200 403 403 403 302",),
    # A return table is the municipality's: the same answers at its other unit; none elsewhere.
    ("stats_return_table", "GET"): (
        "403 403 403 200 200 403 403 302",
        "403 403 403 200 200 403 403 302",
        "403 403 403 404 404 403 403 302",
    ),
    ("stats_return_table", "POST"): (
        "403 403 403 200 200 403 403 302",
        "403 403 403 200 200 403 403 302",
        "403 403 403 404 404 403 403 302",
    ),
    # Posted empty: every question left open, saved (302).
    ("register_answers", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("psychiatric_assessment", "GET"): ("405 405 405 405 403 403 403 302",),
    ("psychiatric_assessment", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("outside_finding", "GET"): ("405 405 405 405 403 403 403 302",),
    ("outside_finding", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("gp_letter_create", "GET"): ("405 405 405 405 403 403 403 302",),
    ("gp_letter_create", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("gp_letter_pdf", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("gp_letter_pdf", "POST"): ("405 405 405 405 403 403 403 302",),
    ("gp_letter_sent", "GET"): ("405 405 405 405 403 403 403 302",),
    ("gp_letter_sent", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("gp_referral", "GET"): ("405 405 405 405 403 403 403 302",),
    ("gp_referral", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("stats_outcome_change", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_outcome_change", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_activity", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_method_place", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_method_place", "POST"): ("200 200 200 200 200 403 200 302",),
    # The offer catalogue: the unit's leader; an offer of a unit they do not lead is not found.
    ("catalogue", "GET"): ("403 403 403 200 403 403 403 302",),
    ("catalogue", "POST"): ("403 403 403 200 403 403 403 302",),
    ("catalogue_defaults", "GET"): ("405 405 405 405 405 405 405 302",),
    ("catalogue_defaults", "POST"): ("403 403 403 302 403 403 403 302",),
    ("offer_edit", "GET"): ("403 403 403 200 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("offer_edit", "POST"): ("403 403 403 200 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("offer_deactivate", "GET"): ("405 405 405 405 405 405 405 302",),
    ("offer_deactivate", "POST"): ("403 403 403 302 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("stats_activity", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_action_plans", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_action_plans", "POST"): ("200 200 200 200 200 403 200 302",),
    # Coordinated action plans and case managers. Posted empty: the form comes back with the reasons.
    ("action_plan_create", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("action_plan_create", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("action_plan_detail", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("action_plan_detail", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("action_plan_party_add", "GET"): ("405 405 405 405 403 403 403 302",),
    ("action_plan_party_add", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("action_plan_action_add", "GET"): ("405 405 405 405 403 403 403 302",),
    ("action_plan_action_add", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("action_plan_review", "GET"): ("405 405 405 405 403 403 403 302",),
    ("action_plan_review", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("action_plan_close", "GET"): ("405 405 405 405 403 403 403 302",),
    ("action_plan_close", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("plan_party_consent", "GET"): ("405 405 405 405 403 403 403 302",),
    ("plan_party_consent", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    # Posted without a purpose: the plan page again, with the reason next to the field.
    ("plan_party_pdf", "GET"): ("405 405 405 405 403 403 403 302",),
    ("plan_party_pdf", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("plan_action_status", "GET"): ("405 405 405 405 403 403 403 302",),
    ("plan_action_status", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("case_manager_add", "GET"): ("405 405 405 405 403 403 403 302",),
    ("case_manager_add", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    # Refused (no end date): back to the course page with the reason as a message.
    ("case_manager_end", "GET"): ("405 405 405 405 403 403 403 302",),
    ("case_manager_end", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("stats_family", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_family", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_by_age", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_by_age", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_by_sex", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_by_sex", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_by_target_group", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_by_target_group", "POST"): ("200 200 200 200 200 403 200 302",),
    ("stats_by_channel", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_by_channel", "POST"): ("200 200 200 200 200 403 200 302",),
    ("course_import", "GET"): ("403 403 403 200 403 403 403 302",),
    ("course_import", "POST"): ("403 403 403 200 403 403 403 302",),
    ("stats_extract", "GET"): ("200 200 200 200 200 403 403 302",),
    ("stats_extract", "POST"): ("200 200 200 200 200 403 403 302",),
    ("response_create", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("response_create", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("response_detail", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("response_detail", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    # The response at each place holds no critical answer: a clinician is sent back with the refusal.
    ("critical_acknowledge", "GET"): ("405 405 405 405 403 403 403 302",),
    ("critical_acknowledge", "POST"): ("302 403 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("activity_list", "GET"): ("200 200 200 200 403 403 403 302",),
    ("activity_list", "POST"): ("200 200 200 200 403 403 403 302",),
    ("activity_create", "GET"): ("200 200 200 200 403 403 403 302",),
    ("activity_create", "POST"): ("200 200 200 200 403 403 403 302",),
    ("activity_edit", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("activity_edit", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("stats_prevention", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_prevention", "POST"): ("200 200 200 200 200 403 200 302",),
    # Cooperation agreements: read by all staff of the municipality, written by its leaders and
    # coordinators; another municipality's are a 404. No citizen data.
    ("agreement_list", "GET"): ("200 200 200 200 200 403 200 302",),
    ("agreement_list", "POST"): ("200 200 200 200 200 403 200 302",),
    ("agreement_create", "GET"): ("403 403 403 200 403 403 200 302",),
    ("agreement_create", "POST"): ("403 403 403 200 403 403 200 302",),
    ("agreement_detail", "GET"): (
        "200 200 200 200 200 403 200 302",
        "200 200 200 200 200 403 200 302",
        "404 404 404 404 404 403 404 302",
    ),
    ("agreement_detail", "POST"): (
        "200 200 200 200 200 403 200 302",
        "200 200 200 200 200 403 200 302",
        "404 404 404 404 404 403 404 302",
    ),
    ("agreement_edit", "GET"): (
        "403 403 403 200 403 403 200 302",
        "403 403 403 200 403 403 200 302",
        "404 404 404 404 404 403 404 302",
    ),
    ("agreement_edit", "POST"): (
        "403 403 403 200 403 403 200 302",
        "403 403 403 200 403 403 200 302",
        "404 404 404 404 404 403 404 302",
    ),
    ("agreement_document_upload", "GET"): ("405 405 405 405 405 405 405 302",),
    # Posted empty: refused, back to the agreement's page with the reason.
    ("agreement_document_upload", "POST"): (
        "403 403 403 302 403 403 302 302",
        "403 403 403 302 403 403 302 302",
        "404 404 404 404 404 403 404 302",
    ),
    ("agreement_document", "GET"): (
        "200 200 200 200 200 403 200 302",
        "200 200 200 200 200 403 200 302",
        "404 404 404 404 404 403 404 302",
    ),
    ("agreement_document", "POST"): (
        "200 200 200 200 200 403 200 302",
        "200 200 200 200 200 403 200 302",
        "404 404 404 404 404 403 404 302",
    ),
    ("agreement_document_remove", "GET"): ("405 405 405 405 405 405 405 302",),
    ("agreement_document_remove", "POST"): (
        "403 403 403 302 403 403 302 302",
        "403 403 403 302 403 403 302 302",
        "404 404 404 404 404 403 404 302",
    ),
    ("training_list", "GET"): ("403 403 200 200 403 403 403 302",),
    ("training_list", "POST"): ("403 403 200 200 403 403 403 302",),
    ("training_create", "GET"): ("403 403 200 200 403 403 403 302",),
    ("training_create", "POST"): ("403 403 200 200 403 403 403 302",),
    ("competence_overview", "GET"): ("200 200 200 200 200 200 200 302",),
    ("competence_overview", "POST"): ("200 200 200 200 200 200 200 302",),
    ("competence_add", "GET"): ("405 405 405 405 405 405 405 302",),
    ("competence_add", "POST"): ("403 403 302 302 403 403 403 302",),
    ("competence_remove", "GET"): ("405 405 405 405 405 405 405 302",),
    ("competence_remove", "POST"): ("403 403 302 302 403 403 403 302", "403 403 404 404 403 403 403 302"),
    ("seats_plan", "GET"): ("405 405 405 405 405 405 405 302",),
    ("seats_plan", "POST"): ("403 403 302 302 403 403 403 302",),
    ("stats_training", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_training", "POST"): ("200 200 200 200 200 403 200 302",),
    ("strategy_list", "GET"): ("200 200 200 200 200 403 403 302",),
    ("strategy_list", "POST"): ("200 200 200 200 200 403 403 302",),
    ("strategy_detail", "GET"): (
        "200 200 200 200 200 403 403 302",
        "200 200 200 200 200 403 403 302",
        "404 404 404 404 404 403 403 302",
    ),
    ("strategy_detail", "POST"): (
        "200 200 200 200 200 403 403 302",
        "200 200 200 200 200 403 403 302",
        "404 404 404 404 404 403 403 302",
    ),
    ("strategy_report", "GET"): (
        "200 200 200 200 200 403 403 302",
        "200 200 200 200 200 403 403 302",
        "404 404 404 404 404 403 403 302",
    ),
    ("strategy_report", "POST"): (
        "200 200 200 200 200 403 403 302",
        "200 200 200 200 200 403 403 302",
        "404 404 404 404 404 403 403 302",
    ),
    ("initiative_update", "GET"): ("405 405 405 405 405 405 405 302",),
    ("initiative_update", "POST"): (
        "302 302 302 302 302 403 403 302",
        "302 302 302 302 302 403 403 302",
        "404 404 404 404 404 403 403 302",
    ),
    ("indicator_update", "GET"): ("405 405 405 405 405 405 405 302",),
    ("indicator_update", "POST"): (
        "302 302 302 302 302 403 403 302",
        "302 302 302 302 302 403 403 302",
        "404 404 404 404 404 403 403 302",
    ),
    ("find_treatment_index", "GET"): ("200 200 200 200 200 200 200 200",),
    ("find_treatment_index", "POST"): ("200 200 200 200 200 200 200 200",),
    ("find_treatment", "GET"): ("200 200 200 200 200 200 200 200",),
    ("find_treatment", "POST"): ("200 200 200 200 200 200 200 200",),
    ("kl12_rounds", "GET"): ("200 200 200 200 200 200 200 302",),
    ("kl12_rounds", "POST"): ("200 200 200 200 200 200 200 302",),
    ("kl12_answer", "GET"): (
        "403 403 403 200 403 403 403 302",
        "403 403 403 200 403 403 403 302",
        "404 404 404 404 404 404 404 302",
    ),
    ("kl12_answer", "POST"): (
        "403 403 403 200 403 403 403 302",
        "403 403 403 200 403 403 403 302",
        "404 404 404 404 404 404 404 302",
    ),
    ("kl12_cluster_report", "GET"): (
        "200 200 200 200 200 200 200 302",
        "200 200 200 200 200 200 200 302",
        "404 404 404 404 404 404 404 302",
    ),
    ("kl12_cluster_report", "POST"): (
        "200 200 200 200 200 200 404 302",
        "200 200 200 200 200 200 404 302",
        "404 404 404 404 404 404 404 302",
    ),
    ("kl12_region_report", "GET"): (
        "200 200 200 200 200 200 200 302",
        "200 200 200 200 200 200 200 302",
        "404 404 404 404 404 404 404 302",
    ),
    ("kl12_region_report", "POST"): (
        "200 200 200 200 200 200 200 302",
        "200 200 200 200 200 200 200 302",
        "404 404 404 404 404 404 404 302",
    ),
    ("healthz", "GET"): ("200 200 200 200 200 200 200 200",),
    ("healthz", "POST"): ("200 200 200 200 200 200 200 200",),
    ("readyz", "GET"): ("200 200 200 200 200 200 200 200",),
    ("readyz", "POST"): ("200 200 200 200 200 200 200 200",),
    ("find_treatment_contact", "GET"): ("200 200 200 200 200 200 200 200",),
    ("find_treatment_contact", "POST"): ("200 200 200 200 200 200 200 200",),
    ("find_treatment_thanks", "GET"): ("200 200 200 200 200 200 200 200",),
    ("find_treatment_thanks", "POST"): ("200 200 200 200 200 200 200 200",),
    ("contact_detail", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("contact_detail", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("stats_follow_up", "GET"): ("200 200 200 200 200 403 403 302",),
    ("stats_follow_up", "POST"): ("200 200 200 200 200 403 403 302",),
    ("shared_visitation_create", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("shared_visitation_create", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_refer", "GET"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("citizen_refer", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("stats_caseload", "GET"): ("403 403 403 200 403 403 403 302",),
    ("stats_caseload", "POST"): ("403 403 403 200 403 403 403 302",),
    ("unit_roles", "GET"): ("403 403 403 200 403 403 403 302",),
    ("unit_roles", "POST"): ("403 403 403 302 403 403 403 302",),
    ("unit_roles_of", "GET"): ("403 403 403 200 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("unit_roles_of", "POST"): ("403 403 403 302 403 403 403 302", "403 403 403 404 403 403 403 302"),
    ("shared_visitation_list", "GET"): ("200 200 200 200 403 403 403 302",),
    ("shared_visitation_list", "POST"): ("200 200 200 200 403 403 403 302",),
    ("target_group_add", "GET"): ("405 405 405 405 403 403 403 302",),
    ("target_group_add", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("target_group_end", "GET"): ("405 405 405 405 403 403 403 302",),
    # Medical treatment: the unit's doctors record (none of these roles is one), its doctors and
    # nurses register doses; everyone who works with the courses reads the dispensing list.
    ("medication_create", "GET"): ("403 403 403 403 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("medication_create", "POST"): ("403 403 403 403 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("medication_stop", "GET"): ("403 403 403 403 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("medication_stop", "POST"): ("403 403 403 403 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("detox_create", "GET"): ("403 403 403 403 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("detox_create", "POST"): ("403 403 403 403 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("detox_end", "GET"): ("403 403 403 403 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("detox_end", "POST"): ("403 403 403 403 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("dispensing_list", "GET"): ("200 200 200 200 403 403 403 302",),
    ("dispensing_list", "POST"): ("200 200 200 200 403 403 403 302",),
    ("dispensing_register", "GET"): ("405 405 405 405 403 403 403 302",),
    # Posted empty: back to the list with the reason.
    ("dispensing_register", "POST"): ("302 302 302 302 403 403 403 302", "404 404 404 404 403 403 403 302"),
    ("stats_medical", "GET"): ("200 200 200 200 200 403 200 302",),
    ("stats_medical", "POST"): ("200 200 200 200 200 403 200 302",),
    ("target_group_end", "POST"): ("200 200 200 200 403 403 403 302", "404 404 404 404 403 403 403 302"),
}

# API operations: "METHOD path" -> the same. 401 for "anonym": no token.
API: dict[str, tuple[str, ...]] = {
    "GET /citizens": ("200 200 200 200 403 403 403 401",),
    "POST /citizens": ("201 201 201 201 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "POST /citizens/search": ("200 200 200 200 403 403 403 401",),
    "GET /citizens/{citizen_id}": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "PATCH /citizens/{citizen_id}": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /citizens/{citizen_id}/reveal-cpr": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    # Referred to the unit itself: refused (422) for those who may refer.
    "POST /citizens/{citizen_id}/referrals": ("422 422 422 422 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /codes": ("200 200 200 200 200 200 200 401",),
    "GET /courses": ("200 200 200 200 403 403 403 401",),
    "POST /courses": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /courses/{course_id}": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /courses/{course_id}/discharge": ("200 403 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "PUT /courses/{course_id}/plan": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /courses/{course_id}/journal": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /courses/{course_id}/sessions": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /courses/{course_id}/sessions": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /groups": ("200 200 200 200 403 403 403 401",),
    "POST /groups": ("201 403 201 201 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /groups/{group_id}": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /groups/{group_id}/members": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /groups/{group_id}/members": ("201 403 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /groups/{group_id}/members/{member_id}/leave": (
        "200 403 200 200 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /groups/{group_id}/sessions": ("201 403 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /requests": ("200 200 200 200 403 403 403 401",),
    "POST /requests": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /requests/{request_id}": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /requests/{request_id}/close": ("403 200 403 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /requests/{request_id}/refer": ("403 200 403 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /requests/{request_id}/start-course": ("403 201 403 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /sessions/{session_id}/attendance": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /citizens/{citizen_id}/consents": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /citizens/{citizen_id}/consents": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /consents/{consent_id}/withdraw": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /citizens/{citizen_id}/relations": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /citizens/{citizen_id}/relations": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "PUT /relations/{relation_id}": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "DELETE /relations/{relation_id}": ("204 204 204 204 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /citizens/{citizen_id}/children-assessments": (
        "200 200 200 200 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /citizens/{citizen_id}/children-assessments": (
        "201 201 201 201 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "GET /courses/{course_id}/family-offer": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "PUT /courses/{course_id}/family-offer": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /courses/{course_id}/family-offer/answer": (
        "200 200 200 200 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "GET /sessions/{session_id}/children": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "PUT /sessions/{session_id}/children": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /courses/{course_id}/action-plan": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    # The course has an open plan already.
    "POST /courses/{course_id}/action-plan": ("422 422 422 422 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "PUT /action-plans/{plan_id}": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /action-plans/{plan_id}/parties": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /plan-parties/{party_id}/consent": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /action-plans/{plan_id}/actions": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /plan-actions/{action_id}/status": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /action-plans/{plan_id}/reviews": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /action-plans/{plan_id}/close": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /courses/{course_id}/case-managers": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /courses/{course_id}/case-managers": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /follow-ups": ("200 200 200 200 403 403 403 401",),
    "GET /courses/{course_id}/appointments": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /courses/{course_id}/appointments": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /courses/{course_id}/appointment-series": (
        "200 200 200 200 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /courses/{course_id}/appointment-series": (
        "201 201 201 201 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /appointment-series/{series_id}/end": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /appointments/{appointment_id}/cancel": (
        "200 200 200 200 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /appointments/{appointment_id}/attendance": (
        "200 200 200 200 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "GET /follow-ups/{follow_up_id}": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /follow-ups/{follow_up_id}/attempts": ("422 422 422 422 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /units/{unit_id}/follow-up-rule": ("200 200 200 200 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "PUT /units/{unit_id}/follow-up-rule": ("403 403 403 200 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/courses-started": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/relatives-and-family-courses": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/end-reasons": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/treatment-guarantee": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/children": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/screening": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/psychiatric-pathway": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /registers/{unit_id}/{register_code}/{month}/preview": (
        "403 403 403 200 403 403 403 401",
        "403 403 403 403 403 403 403 401",
    ),
    "POST /registers/{unit_id}/{register_code}/{month}/submissions": (
        "403 403 403 201 403 403 403 401",
        "403 403 403 403 403 403 403 401",
    ),
    "GET /registers/{unit_id}/submissions": ("403 403 403 200 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /registers/submissions/{submission_id}/file": (
        "403 403 403 200 403 403 403 401",
        "403 403 403 403 403 403 403 401",
    ),
    "GET /stats/registration/completeness": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/registration/return-tables": ("403 403 403 200 200 403 403 401",),
    "POST /stats/registration/return-tables": (
        "403 403 403 201 403 403 403 401",
        "403 403 403 201 403 403 403 401",
        "403 403 403 403 403 403 403 401",
    ),
    "GET /stats/registration/return-tables/{table_id}/comparison": (
        "403 403 403 200 200 403 403 401",
        "403 403 403 200 200 403 403 401",
        "403 403 403 404 404 403 403 401",
    ),
    "GET /courses/{course_id}/registration": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "PUT /courses/{course_id}/registration": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /courses/{course_id}/psychiatry": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    # Only a psychologist or doctor assesses: none of the matrix's roles.
    "POST /courses/{course_id}/psychiatric-assessments": (
        "403 403 403 403 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /courses/{course_id}/outside-findings": (
        "201 201 201 201 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /courses/{course_id}/gp-letters": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /gp-letters/{letter_id}/sent": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /gp-letters/{letter_id}/referral": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /stats/outcome-change": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/activity": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/method-place": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /units/{unit_id}/offers": ("200 200 200 200 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "POST /units/{unit_id}/offers": ("403 403 403 201 403 403 403 401", "403 403 403 403 403 403 403 401"),
    # The own unit has a catalogue already (the offer above): the leader is refused at the form.
    "POST /units/{unit_id}/offers/defaults": ("403 403 403 422 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "PUT /offers/{offer_id}": ("403 403 403 200 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/family-oriented": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/breakdown": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/follow-up-reach": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /instruments": ("200 200 200 200 200 200 200 401",),
    "GET /kl12/rounds": ("200 200 200 200 200 200 200 401",),
    "GET /kl12/rounds/{round_id}/matrix": (
        "200 200 200 200 200 200 200 401",
        "200 200 200 200 200 200 200 401",
        "404 404 404 404 404 404 404 401",
    ),
    "PUT /kl12/rounds/{round_id}/answers/{municipality_code}": (
        "403 403 403 422 403 403 403 401",
        "403 403 403 422 403 403 403 401",
        "404 404 404 404 404 404 404 401",
    ),
    "GET /courses/{course_id}/responses": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /courses/{course_id}/responses": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /responses/{response_id}/acknowledge": (
        "422 403 422 422 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "GET /prevention/activities": ("200 200 200 200 403 403 403 401",),
    "POST /prevention/activities": ("201 201 201 201 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/prevention-activities": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/prevention-participants": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/training": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /stats/extract": ("403 403 403 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /units/mine": ("200 200 200 200 200 200 200 401",),
    "GET /units/{unit_id}/staff": ("403 403 403 200 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /competences": ("200 200 200 200 200 200 200 401",),
    "GET /training-courses": ("403 403 200 200 403 403 403 401",),
    "POST /training-courses": (
        "403 403 201 201 403 403 403 401",
        "403 403 201 201 403 403 403 401",
        "403 403 422 422 403 403 403 401",
    ),
    "GET /staff-competences": ("403 403 200 200 403 403 403 401",),
    "POST /staff-competences": ("403 403 201 201 403 403 403 401", "403 403 422 422 403 403 403 401"),
    "DELETE /staff-competences/{held_id}": ("403 403 204 204 403 403 403 401", "403 403 404 404 403 403 403 401"),
    "GET /planned-seats": ("403 403 200 200 403 403 403 401",),
    "PUT /units/{unit_id}/planned-seats": ("403 403 200 200 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "GET /strategies": ("200 200 200 200 200 403 403 401",),
    "GET /strategies/{strategy_id}": (
        "200 200 200 200 200 403 403 401",
        "200 200 200 200 200 403 403 401",
        "404 404 404 404 404 403 403 401",
    ),
    "POST /initiatives/{initiative_id}/status": (
        "422 422 422 200 422 403 403 401",
        "422 422 422 200 422 403 403 401",
        "404 404 404 404 404 403 403 401",
    ),
    "PUT /indicators/{indicator_id}/actual": (
        "422 422 422 200 422 403 403 401",
        "422 422 422 200 422 403 403 401",
        "404 404 404 404 404 403 403 401",
    ),
    "GET /kl12/rounds/{round_id}/answers/{municipality_code}": (
        "403 403 403 200 403 403 403 401",
        "403 403 403 200 403 403 403 401",
        "404 404 404 404 404 404 404 401",
    ),
    "GET /stats/scopes": ("200 200 200 200 200 200 200 401",),
    "GET /prevention/activities/{activity_id}": ("200 200 200 200 404 404 404 401", "404 404 404 404 404 404 404 401"),
    "PUT /prevention/activities/{activity_id}": ("200 200 200 200 404 404 404 401", "404 404 404 404 404 404 404 401"),
    "GET /units/{unit_id}/roles": ("403 403 403 200 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "POST /units/{unit_id}/roles": (
        "422 422 422 422 422 201 422 401",
        "422 422 422 422 422 201 422 401",
        "422 422 422 422 422 422 422 401",
    ),
    "POST /roles/{membership_id}/approve": (
        "404 404 404 422 404 403 404 401",
        "404 404 404 404 404 403 404 401",
        "404 404 404 404 404 404 404 401",
    ),
    "DELETE /roles/{membership_id}": (
        "404 404 404 204 404 204 404 401",
        "404 404 404 404 404 204 404 401",
        "404 404 404 404 404 404 404 401",
    ),
    "POST /units/{unit_id}/roles/reviewed": ("403 403 403 204 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "PUT /roles/{membership_id}/staffing": (
        "404 404 404 200 404 200 404 401",
        "404 404 404 404 404 200 404 401",
        "404 404 404 404 404 404 404 401",
    ),
    "GET /units/{unit_id}/caseload": ("403 403 403 200 403 403 403 401", "403 403 403 404 403 403 403 401"),
    "POST /strategies": (
        "422 422 422 422 422 201 422 401",
        "422 422 422 422 422 201 422 401",
        "422 422 422 422 422 422 422 401",
    ),
    "PUT /kl12/rounds/{round_id}/clusters/{cluster_id}/text": (
        "403 403 403 403 403 403 200 401",
        "403 403 403 403 403 403 200 401",
        "404 404 404 404 404 404 404 401",
    ),
    "POST /kl12/rounds/{round_id}/clusters/{cluster_id}/resolutions": (
        "403 403 403 403 403 403 422 401",
        "403 403 403 403 403 403 422 401",
        "404 404 404 404 404 404 404 401",
    ),
    "POST /follow-ups/{follow_up_id}/reassign": ("403 403 403 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /citizens/{citizen_id}/shared-visitations": (
        "201 201 201 201 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /emergency-access": ("201 201 201 201 403 403 403 401", "403 403 403 403 403 403 403 401"),
    "POST /emergency-access/{access_id}/review": ("403 403 403 200 403 403 403 401", "403 403 403 404 403 403 403 401"),
    "GET /contacts": ("200 200 200 200 403 403 403 401",),
    "POST /contacts/{contact_id}/request": ("201 201 201 201 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /contacts/{contact_id}/close": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /log-reviews": ("403 403 403 200 403 403 403 401",),
    "PUT /log-reviews/{review_id}": ("403 403 403 200 403 403 403 401", "403 403 403 404 403 403 403 401"),
    # A unit the leader does not lead is refused at the field; the answer is the same for a unit
    # of the leader's own municipality as of another.
    "POST /access-log/search": ("403 403 403 200 403 403 403 401", "403 403 403 422 403 403 403 401"),
    "GET /target-groups": ("200 200 200 200 200 200 200 401",),
    "GET /citizens/{citizen_id}/target-group-markers": (
        "200 200 200 200 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /citizens/{citizen_id}/target-group-markers": (
        "201 201 201 201 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /target-group-markers/{marker_id}/end": (
        "200 200 200 200 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "GET /cooperation/agreements": ("200 200 200 200 200 403 200 401",),
    "POST /cooperation/agreements": (
        "403 403 403 201 403 403 201 401",
        "403 403 403 201 403 403 201 401",
        "403 403 403 403 403 403 403 401",
    ),
    "GET /cooperation/agreements/{agreement_id}": (
        "200 200 200 200 200 404 200 401",
        "200 200 200 200 200 404 200 401",
        "404 404 404 404 404 404 404 401",
    ),
    "PUT /cooperation/agreements/{agreement_id}": (
        "403 403 403 200 403 404 200 401",
        "403 403 403 200 403 404 200 401",
        "404 404 404 404 404 404 404 401",
    ),
    "POST /cooperation/agreements/{agreement_id}/documents": (
        "403 403 403 201 403 404 201 401",
        "403 403 403 201 403 404 201 401",
        "404 404 404 404 404 404 404 401",
    ),
    "GET /cooperation/agreements/{agreement_id}/documents/{document_id}": (
        "200 200 200 200 200 404 200 401",
        "200 200 200 200 200 404 200 401",
        "404 404 404 404 404 404 404 401",
    ),
    "DELETE /cooperation/agreements/{agreement_id}/documents/{document_id}": (
        "403 403 403 204 403 404 204 401",
        "403 403 403 204 403 404 204 401",
        "404 404 404 404 404 404 404 401",
    ),
    "GET /courses/{course_id}/medications": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /courses/{course_id}/medications": ("403 403 403 403 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /medications/{medication_id}/stop": ("403 403 403 403 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /medications/{medication_id}/dispensings": (
        "403 403 403 403 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "GET /units/{unit_id}/dispensing-list": ("200 200 200 200 403 403 403 401", "422 422 422 422 403 403 403 401"),
    "GET /courses/{course_id}/detox-episodes": ("200 200 200 200 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "POST /courses/{course_id}/detox-episodes": (
        "403 403 403 403 403 403 403 401",
        "404 404 404 404 403 403 403 401",
    ),
    "POST /detox-episodes/{episode_id}/end": ("403 403 403 403 403 403 403 401", "404 404 404 404 403 403 403 401"),
    "GET /stats/medical-treatment": ("200 200 200 200 200 403 403 401", "403 403 403 403 403 403 403 401"),
}


@dataclass
class Place:
    unit: Unit
    staff: User
    names: list[str]
    ids: dict[str, int]


def _psychiatric_pathway(world: World, unit: Unit, key: str, course: Course, day: date) -> GpLetter:
    """A positive basisscreener, a psychologist's assessment, the GP consent and a sent letter."""
    actor = world.actor(course.responsible)
    areas = {item["code"]: "negative" for item in Instrument.objects.get(code="kl_basis").definition["items"]}
    screening = instrument_actions.record_response(
        actor,
        course,
        instrument_actions.ResponseData("kl_basis", "intake", day, areas | {"anxiety": "positive"}, "assessment"),
    )
    psychologist = world.actor(make_user(f"psykolog{key}", unit, Role.PSYKOLOG))
    assessment_data = psychiatry_actions.AssessmentData(day, "confirmed", ["mini"], response_id=screening.pk)
    psychiatry_actions.record_assessment(psychologist, course, assessment_data)
    family_actions.give_consent(actor, course.citizen, family_actions.ConsentData(kind="gp", given_on=day))
    letter = psychiatry_actions.write_gp_letter(actor, course, psychiatry_actions.LetterData(day, "Lægehuset"))
    return psychiatry_actions.record_letter_sent(actor, letter, day, "secure_mail")


def _place(world: World, unit: Unit, key: str, cpr: str, surname: str) -> Place:
    staff = make_user(f"staff{key}", unit, Role.BEHANDLER, Role.VISITATOR, Role.LEDER, Role.FAMILIEKONSULENT)
    actor = world.actor(staff)
    citizen = new_citizen(world, cpr, unit=unit, user=staff, first_name="Karla", last_name=surname)
    relative = new_citizen(
        world, cpr[:6] + "5678", unit=unit, user=staff, first_name="Jens", last_name=f"{surname}holm"
    )
    request_data = actions.RequestData(
        received_on=today() - timedelta(days=5), channel="self", main_substance="alcohol", legal_basis="sul_141"
    )
    open_request = actions.register_request(actor, citizen, unit, request_data)
    start = today() - timedelta(days=3)

    def course(offer: str):  # type: ignore[no-untyped-def]
        request = actions.register_request(actor, citizen, unit, request_data)
        data = actions.CourseData(offer_type=offer, started_on=start, responsible=staff)
        return actions.start_course_from_request(actor, request, data)

    main, spare = course(OfferType.AMBULANT), course(OfferType.DAY)
    session = actions.register_session(
        actor, main, actions.SessionData(held_on=start, kind="individual", attendance="attended", staff=[staff])
    )
    group = actions.create_group(
        actor, unit, actions.GroupData(name="Gruppe", weekday=0, start_time=time(10), starts_on=start, staff=[staff])
    )
    member = actions.add_group_member(actor, group, main, start)
    review = oversight_actions.log_review(unit, oversight_actions.previous_month(today()))
    consent = family_actions.give_consent(actor, citizen, family_actions.ConsentData(kind="network", given_on=start))
    family_actions.give_consent(
        actor, citizen, family_actions.ConsentData(kind="follow_up", given_on=start, phone="12345678")
    )
    follow_up = actions.discharge_course(actor, course(OfferType.AFTERCARE), today(), "completed").follow_ups.first()
    response = instrument_actions.record_response(
        actor, main, instrument_actions.ResponseData("outcome", "intake", start, OUTCOME_PROFILE)
    )
    activity = prevention_actions.register_activity(
        actor,
        unit,
        prevention_actions.ActivityData(start, "primary", "teaching", "young", "school", "Oplæg", participants=25),
    )
    competence = competence_actions.register_competence(
        actor, staff, Competence.objects.get(name="Kognitiv alkoholbehandling"), start, can_supervise=True
    )
    strategy = Strategy.objects.create(
        municipality=unit.municipality, title="Strategi", first_year=2024, last_year=2030
    )
    area = strategy.areas.create(title="Behandling")
    initiative = area.initiatives.create(title="Gruppeforløb", department="Rusmiddelcentret")
    indicator = area.goals.create(text="Flere færdigbehandlede").indicators.create(name="Tal", target=10)
    unit.public = True
    unit.save()
    contact = actions.receive_contact(unit, actions.ContactData(about="self", name=f"Ole {surname}", phone="11111111"))
    marker = citizen_actions.add_target_group_marker(
        actor, citizen, TargetGroup.objects.get(code="young_under_25"), start
    )
    relation = family_actions.add_relation(
        actor, citizen, family_actions.RelationData(kind="child", name="Barn", birth_year=2015, in_household=True)
    )
    family_actions.record_family_offer(actor, main, start)
    appointment = appointment_actions.plan_appointment(
        actor, main, appointment_actions.AppointmentData(start, time(10), [staff])
    )
    series = appointment_actions.create_series(
        actor,
        main,
        appointment_actions.SeriesData(
            weekday=start.weekday(), start_time=time(11), clinician=staff, starts_on=start, count=4
        ),
    )
    gp_letter = _psychiatric_pathway(world, unit, key, main, start)
    doctor = world.actor(make_user(f"laege{key}", unit, Role.LAEGE))
    medication = medical_actions.record_medication(
        doctor,
        main,
        medical_actions.MedicationData("methadone", "60 mg", "supervised", start, "Opioid", prescriber=doctor.user),
    )
    detox = medical_actions.record_detox(doctor, main, medical_actions.DetoxData("outpatient", start))
    plan = coordination_actions.create_plan(
        actor, main, coordination_actions.PlanData("Mål", start, "Koordinator", today() + timedelta(days=7))
    )
    party = coordination_actions.add_party(actor, plan, coordination_actions.PartyData("jobcentre", "Jobcenter"))
    plan_action = coordination_actions.add_action(
        actor, plan, coordination_actions.ActionData("Samtale", "Sagsbehandler", today())
    )
    case_manager = coordination_actions.add_case_manager(
        actor, main, coordination_actions.CaseManagerData(start, staff=staff)
    )
    family_actions.set_session_children(actor, session, [relation.pk])
    agreement = cooperation_actions.create_agreement(
        actor,
        unit.municipality,
        cooperation_actions.AgreementData(
            title="Aftale",
            partner_kind="jobcenter",
            partner_name="Jobcenter",
            agreed_on=start,
            valid_from=start,
            responsible=[staff],
        ),
    )
    agreement_document = cooperation_actions.add_document(actor, agreement, "aftale.pdf", b"%PDF-1.4\n")
    submission = submission_actions.make_submission(actor, unit, "nab", date(2026, 11, 1), "file")
    return_table = return_actions.import_return_table(
        actor, unit.municipality, "nab", "Returtabel", "retur.csv", RETURN_TABLE
    )
    region = unit.municipality.region
    kl12_round = Round.objects.filter(region=region).first() or kl12_actions.open_round(
        world.actor(make_user(f"admin{key}", unit, Role.ADMINISTRATOR)),
        region,
        today().year,
        "Selvevaluering",
        today() + timedelta(days=30),
    )
    cluster = Cluster.objects.filter(region=region).first() or Cluster.objects.get(name="Klynge Syd")
    ids = {
        "kl12_round": kl12_round.pk,
        "kl12_cluster": cluster.pk,
        "citizen": citizen.pk,
        "relative": relative.pk,
        "request": open_request.pk,
        "course": main.pk,
        "spare_course": spare.pk,
        "session": session.pk,
        "group": group.pk,
        "member": member.pk,
        "review": review.pk,
        "relation": relation.pk,
        "response": response.pk,
        "activity": activity.pk,
        "agreement": agreement.pk,
        "agreement_document": agreement_document.pk,
        "return_table": return_table.pk,
        "submission": submission.pk,
        "competence": competence.pk,
        "strategy": strategy.pk,
        "initiative": initiative.pk,
        "indicator": indicator.pk,
        "contact": contact.pk,
        "consent": consent.pk,
        "marker": marker.pk,
        "medication": medication.pk,
        "detox": detox.pk,
        "follow_up": follow_up.pk,
        "appointment": appointment.pk,
        "series": series.pk,
        "action_plan": plan.pk,
        "plan_party": party.pk,
        "plan_action": plan_action.pk,
        "case_manager": case_manager.pk,
        "staff": staff.pk,
        "unit": unit.pk,
        "offer": UnitOffer.objects.create(unit=unit, name="Ambulant", category=OfferType.AMBULANT).pk,
        "membership": staff.memberships.get(role=Role.BEHANDLER).pk,
        "gp_letter": gp_letter.pk,
    }
    return Place(unit=unit, staff=staff, names=[surname, f"{surname}holm"], ids=ids)


@pytest.fixture
def places(world: World) -> dict[str, Place]:
    family_house = Unit.objects.create(
        name="Familiehuset Faxe", municipality=world.faxe.municipality, kind=UnitKind.FAMILY
    )
    result = {
        "own": _place(world, world.faxe, "own", "0101801234", "Vestergaard"),
        "other_unit": _place(world, family_house, "unit", "0202801234", "Rosenkrantz"),
        "other_municipality": _place(world, world.aalborg, "muni", "0303801234", "Kjeldsen"),
    }
    # Each place's staff has had emergency access to a citizen of another unit of its municipality.
    aalborg = world.aalborg.municipality
    aalborg_youth = Unit.objects.create(name="Ungeenheden Aalborg", municipality=aalborg, kind=UnitKind.YOUTH)
    youth_staff = make_user("ungebehandler", aalborg_youth, Role.VISITATOR)
    new_citizen(world, "0404801234", unit=aalborg_youth, user=youth_staff, first_name="Ulla", last_name="Ungersen")
    elsewhere = {"own": "0202801234", "other_unit": "0101801234", "other_municipality": "0404801234"}
    for key, place in result.items():
        cpr = elsewhere[key]
        reason = "Akut indlæggelse, borgeren oplyser behandling andetsteds."
        place.ids["emergency"] = oversight_actions.grant_emergency_access(
            world.actor(place.staff), place.unit, cpr, reason
        ).pk
        token_for(place.staff)
        place.ids["token"] = place.staff.api_tokens.get().pk
    return result


def _users(world: World) -> dict[str, User | None]:
    return {
        "behandler": world.behandler,
        "visitator": world.visitator,
        "familiekonsulent": world.familiekonsulent,
        "leder": world.leder,
        "analytiker": world.analytiker,
        "administrator": world.administrator,
        "koordinator": make_user("koordinator", world.faxe, Role.KOORDINATOR),
        "anonym": None,
    }


# --- Which endpoints exist -------------------------------------------------------------------


def web_endpoints() -> set[str]:
    def walk(patterns, namespace=None):  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace is None:
                yield p.name

    return set(walk(get_resolver().url_patterns)) | {"admin:index", "api:openapi-json", "api:openapi-view"}


def api_operations() -> set[str]:
    paths = ninja_api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path.removeprefix('/api/v1')}" for path, ops in paths.items() for method in ops}


def test_every_endpoint_has_a_row():
    assert {(name, method) for name in web_endpoints() for method in ("GET", "POST")} == set(WEB)
    assert set(API) == api_operations()


# --- Asking every role --------------------------------------------------------------------------

WEB_ARGS = {
    "citizen": {
        "citizen_detail",
        "citizen_edit",
        "citizen_reveal_cpr",
        "citizen_insight",
        "relation_create",
        "children_assessment",
        "consent_create",
        "shared_visitation_create",
        "citizen_refer",
        "target_group_add",
        "citizen_journal",
        "citizen_journal_print",
    },
    "marker": {"target_group_end"},
    "medication": {"medication_stop", "dispensing_register"},
    "detox": {"detox_end"},
    "follow_up": {"follow_up_detail", "follow_up_reassign"},
    "unit": {"follow_up_rule", "unit_roles_of", "unit_calendar"},
    "appointment": {"appointment_attendance", "appointment_cancel"},
    "series": {"series_end"},
    "consent": {"consent_withdraw"},
    "relation": {"relation_edit", "relation_remove"},
    "request": {"request_detail"},
    "contact": {"contact_detail"},
    "course": {
        "course_detail",
        "course_plan",
        "session_create",
        "course_discharge",
        "family_offer",
        "family_offer_answer",
        "session_children",
        "appointment_plan",
        "course_journal",
        "course_journal_print",
        "psychiatric_assessment",
        "register_answers",
        "outside_finding",
        "gp_letter_create",
        "medication_create",
        "detox_create",
        "action_plan_create",
        "case_manager_add",
    },
    "action_plan": {
        "action_plan_detail",
        "action_plan_party_add",
        "action_plan_action_add",
        "action_plan_review",
        "action_plan_close",
    },
    "plan_party": {"plan_party_consent", "plan_party_pdf"},
    "plan_action": {"plan_action_status"},
    "case_manager": {"case_manager_end"},
    "session": {"session_attendance", "session_note"},
    "gp_letter": {"gp_letter_pdf", "gp_letter_sent", "gp_referral"},
    "response": {"response_detail", "critical_acknowledge"},
    "activity": {"activity_edit"},
    "agreement": {"agreement_detail", "agreement_edit", "agreement_document_upload"},
    "competence": {"competence_remove"},
    "strategy": {"strategy_detail", "strategy_report"},
    "initiative": {"initiative_update"},
    "indicator": {"indicator_update"},
    "group": {"group_detail", "group_add_member", "group_session"},
    "member": {"group_remove_member"},
    "offer": {"offer_edit", "offer_deactivate"},
    "review": {"log_review_detail"},
    "emergency": {"emergency_review"},
    "token": {"api_token_revoke"},
    "return_table": {"stats_return_table"},
    "submission": {"submission_file"},
}


def web_url(name: str, place: Place) -> str:
    from django.urls import reverse

    if name in ("find_treatment", "find_treatment_contact", "find_treatment_thanks"):
        return reverse(name, args=[place.unit.municipality.code])
    if name == "kl12_answer":
        return reverse(name, args=[place.ids["kl12_round"], place.unit.municipality.code])
    if name == "kl12_cluster_report":
        return reverse(name, args=[place.ids["kl12_round"], place.ids["kl12_cluster"]])
    if name == "kl12_region_report":
        return reverse(name, args=[place.ids["kl12_round"]])
    if name in ("agreement_document", "agreement_document_remove"):
        return reverse(name, args=[place.ids["agreement"], place.ids["agreement_document"]])
    if name == "calendar_feed":
        return reverse(name, args=["ikke-en-gyldig-adresse"])
    if name == "response_create":
        return reverse(name, args=[place.ids["course"], "audit"])
    if name == "submission_preview":
        return reverse(name, args=[place.unit.pk, "nab", "2026-11"])
    for key, names in WEB_ARGS.items():
        if name in names:
            return reverse(name, args=[place.ids[key]])
    return reverse(name)


def api_request(operation: str, place: Place) -> tuple[str, str, dict[str, object] | None]:
    method, path = operation.split(" ", 1)
    ids = place.ids
    for param, key in (
        ("citizen_id", "citizen"),
        ("request_id", "request"),
        ("course_id", "course"),
        ("session_id", "session"),
        ("group_id", "group"),
        ("member_id", "member"),
        ("relation_id", "relation"),
        ("consent_id", "consent"),
        ("follow_up_id", "follow_up"),
        ("unit_id", "unit"),
        ("round_id", "kl12_round"),
        ("held_id", "competence"),
        ("strategy_id", "strategy"),
        ("initiative_id", "initiative"),
        ("indicator_id", "indicator"),
        ("activity_id", "activity"),
        ("agreement_id", "agreement"),
        ("document_id", "agreement_document"),
        ("membership_id", "membership"),
        ("cluster_id", "kl12_cluster"),
        ("access_id", "emergency"),
        ("contact_id", "contact"),
        ("review_id", "review"),
        ("marker_id", "marker"),
        ("response_id", "response"),
        ("appointment_id", "appointment"),
        ("series_id", "series"),
        ("letter_id", "gp_letter"),
        ("medication_id", "medication"),
        ("episode_id", "detox"),
        ("plan_id", "action_plan"),
        ("party_id", "plan_party"),
        ("action_id", "plan_action"),
        ("offer_id", "offer"),
        ("table_id", "return_table"),
        ("submission_id", "submission"),
    ):
        path = path.replace("{" + param + "}", str(ids[key]))
    path = path.replace("{register_code}", "nab").replace("{month}", "2026-11")
    path = path.replace("{municipality_code}", place.unit.municipality.code)
    day = today().isoformat()
    competence = Competence.objects.get(name="Kognitiv alkoholbehandling").pk
    bodies: dict[str, dict[str, object]] = {
        "POST /training-courses": {
            "municipality_code": place.unit.municipality.code,
            "kind": "key_person",
            "title": "Kursus",
            "starts_on": day,
            "participants": {"Skoler": 5},
        },
        "POST /units/{unit_id}/offers": {"name": "Nyt tilbud", "category": "ambulant", "planned_weeks": 12},
        "POST /registers/{unit_id}/{register_code}/{month}/submissions": {"channel": "file"},
        "POST /stats/registration/return-tables": {
            "municipality_code": place.unit.municipality.code,
            "national_register": "nab",
            "title": "Returtabel",
            "filename": "retur.csv",
            "content_base64": base64.b64encode(RETURN_TABLE).decode(),
        },
        "PUT /offers/{offer_id}": {"name": "Ambulant", "category": "ambulant"},
        "POST /staff-competences": {"user_id": ids["staff"], "competence_id": competence, "since": day},
        "PUT /units/{unit_id}/planned-seats": {"competence_id": competence, "year": today().year, "seats": 2},
        "POST /initiatives/{initiative_id}/status": {"status": "in_progress", "text": "Status"},
        "PUT /indicators/{indicator_id}/actual": {"actual": 5, "source": "Opgørelse"},
        "PUT /prevention/activities/{activity_id}": {
            "held_on": day,
            "level": "primary",
            "focus_area": "teaching",
            "target_group": "young",
            "setting": "school",
            "title": "Oplæg",
            "participants": 30,
        },
        "POST /citizens": {
            "unit_id": ids["unit"],
            "is_anonymous": True,
            "alias": "Matrix",
            "birth_year": 1990,
            "sex": "K",
        },
        "POST /citizens/search": {"term": "Karla"},
        "PATCH /citizens/{citizen_id}": {"phone": "12345678"},
        "POST /citizens/{citizen_id}/reveal-cpr": {"purpose": "Indberetning"},
        "POST /citizens/{citizen_id}/referrals": {
            "to_unit_id": ids["unit"],
            "consent_given_on": day,
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
        },
        "POST /requests": {
            "citizen_id": ids["citizen"],
            "unit_id": ids["unit"],
            "received_on": day,
            "channel": "self",
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
        },
        "POST /requests/{request_id}/start-course": {
            "offer_type": OfferType.RESIDENTIAL,
            "started_on": day,
            "responsible_id": ids["staff"],
        },
        "POST /requests/{request_id}/refer": {"referred_to": "Region Sjælland"},
        "POST /requests/{request_id}/close": {"reason": "declined"},
        "POST /courses": {
            "citizen_id": ids["relative"],
            "unit_id": ids["unit"],
            "offer_type": OfferType.RELATIVES,
            "legal_basis": "sul_141",
            "started_on": day,
            "responsible_id": ids["staff"],
            "index_course_id": ids["course"],
        },
        "POST /courses/{course_id}/sessions": {
            "held_on": day,
            "kind": "phone",
            "attendance": "attended",
            "staff_ids": [ids["staff"]],
        },
        "PUT /courses/{course_id}/plan": {"plan": "Ny plan"},
        "PUT /kl12/rounds/{round_id}/answers/{municipality_code}": {"answers": []},
        "POST /sessions/{session_id}/attendance": {"attendance": "no_show"},
        "POST /courses/{course_id}/discharge": {"ended_on": day, "end_reason": "completed"},
        "POST /groups": {
            "unit_id": ids["unit"],
            "name": "Ny gruppe",
            "weekday": 2,
            "start_time": "10:00",
            "starts_on": day,
            "staff_ids": [ids["staff"]],
        },
        "POST /groups/{group_id}/members": {"course_id": ids["spare_course"], "joined_on": day},
        "POST /groups/{group_id}/members/{member_id}/leave": {"left_on": day},
        "POST /citizens/{citizen_id}/relations": {"kind": "partner", "name": "Partner", "in_household": True},
        "PUT /relations/{relation_id}": {"kind": "child", "name": "Barn", "birth_year": 2016},
        "POST /citizens/{citizen_id}/children-assessments": {"assessed_on": day},
        "PUT /courses/{course_id}/family-offer": {"offered_on": day, "note": "Tilbudt"},
        "POST /courses/{course_id}/family-offer/answer": {"outcome": "accepted", "answered_on": day},
        "PUT /sessions/{session_id}/children": {"children": [ids["relation"]]},
        "POST /citizens/{citizen_id}/consents": {"kind": "share", "given_on": day, "department": "jobcenter"},
        "POST /consents/{consent_id}/withdraw": {"withdrawn_on": day},
        "POST /follow-ups/{follow_up_id}/attempts": {"attempted_on": day, "reached": False},
        "POST /cooperation/agreements": {
            "municipality_code": place.unit.municipality.code,
            "title": "Ny aftale",
            "partner_kind": "gp",
            "partner_name": "Lægerne",
            "agreed_on": day,
            "valid_from": day,
            "responsible_ids": [ids["staff"]],
        },
        "PUT /cooperation/agreements/{agreement_id}": {
            "title": "Aftale",
            "partner_kind": "jobcenter",
            "partner_name": "Jobcenter",
            "agreed_on": day,
            "valid_from": day,
            "responsible_ids": [ids["staff"]],
        },
        "POST /cooperation/agreements/{agreement_id}/documents": {
            "name": "bilag.pdf",
            "content_base64": "JVBERi0xLjQK",
        },
        "POST /prevention/activities": {
            "unit_id": ids["unit"],
            "held_on": day,
            "level": "secondary",
            "focus_area": "advice",
            "target_group": "parents",
            "setting": "school",
            "title": "Forældremøde",
            "participants": 12,
        },
        "POST /courses/{course_id}/responses": {
            "instrument": "outcome",
            "phase": "during",
            "answered_on": day,
            "answers": OUTCOME_PROFILE,
        },
        "PUT /units/{unit_id}/follow-up-rule": {"months": [1, 6, 12], "end_reasons": ["completed"]},
        "PUT /courses/{course_id}/registration": {"answers": {"housing": "1"}},
        "POST /groups/{group_id}/sessions": {
            "held_on": day,
            "start_time": "10:00",
            "staff_ids": [ids["staff"]],
            "member_attendance": {str(ids["course"]): "attended"},
        },
        "POST /units/{unit_id}/roles": {"user_id": ids["staff"], "role": "analytiker"},
        "PUT /roles/{membership_id}/staffing": {"profession": "psykolog", "weekly_hours": 30},
        "POST /strategies": {
            "municipality_code": place.unit.municipality.code,
            "title": "Ny strategi",
            "first_year": 2025,
            "last_year": 2028,
        },
        "PUT /kl12/rounds/{round_id}/clusters/{cluster_id}/text": {"priorities": "Prioriteter"},
        "POST /kl12/rounds/{round_id}/clusters/{cluster_id}/resolutions": {
            "municipality_code": place.unit.municipality.code,
            "code": "1.1",
            "value": "ja",
            "reason": "Begrundelse",
        },
        "POST /follow-ups/{follow_up_id}/reassign": {"assigned_to_id": ids["staff"]},
        "POST /citizens/{citizen_id}/shared-visitations": {
            "held_on": day,
            "departments": ["jobcenter"],
            "decision": "Beslutning",
        },
        "POST /emergency-access": {
            "unit_id": ids["unit"],
            "cpr": "0202801234",
            "reason": "Akut indlæggelse, borgeren oplyser behandling andetsteds.",
        },
        "POST /emergency-access/{access_id}/review": {"note": "Gennemgået"},
        "POST /contacts/{contact_id}/request": {
            "citizen_id": ids["citizen"],
            "unit_id": ids["unit"],
            "channel": "self",
            "main_substance": "alcohol",
            "legal_basis": "sul_141",
        },
        "POST /contacts/{contact_id}/close": {"close_reason": "declined"},
        "PUT /log-reviews/{review_id}": {"verdicts": []},
        "POST /access-log/search": {"unit_ids": [ids["unit"]], "date_from": day, "date_to": day},
        "POST /citizens/{citizen_id}/target-group-markers": {"group": "homeless", "from_on": day},
        "POST /target-group-markers/{marker_id}/end": {"ended_on": day},
        "POST /courses/{course_id}/appointments": {"day": day, "start_time": "13:00", "clinician_ids": [ids["staff"]]},
        "POST /courses/{course_id}/appointment-series": {
            "weekday": 2,
            "start_time": "09:00",
            "clinician_id": ids["staff"],
            "starts_on": day,
            "count": 3,
        },
        "POST /appointment-series/{series_id}/end": {"last_day": day},
        "POST /appointments/{appointment_id}/attendance": {"attendance": "attended"},
        "POST /courses/{course_id}/psychiatric-assessments": {
            "assessed_on": day,
            "conclusion": "confirmed",
            "tests": ["mini"],
        },
        "POST /courses/{course_id}/outside-findings": {
            "source": "region",
            "made_on": day,
            "kind": "diagnosis",
            "what": "Depression",
            "icd10": "F32.1",
        },
        "POST /courses/{course_id}/gp-letters": {"written_on": day, "doctor": "Lægehuset"},
        "POST /gp-letters/{letter_id}/sent": {"sent_on": day, "sent_how": "edi"},
        "POST /gp-letters/{letter_id}/referral": {
            "referred": True,
            "referred_on": day,
            "outcome": "accepted",
            "outcome_on": day,
        },
        "POST /courses/{course_id}/medications": {
            "drug": "disulfiram",
            "dose": "400 mg",
            "administration": "handed_out",
            "started_on": day,
            "external_prescriber": "Egen læge",
            "reason": "Alkoholbehandling",
        },
        "POST /medications/{medication_id}/stop": {"stopped_on": day},
        "POST /medications/{medication_id}/dispensings": {"day": day, "outcome": "given"},
        "POST /courses/{course_id}/detox-episodes": {"setting": "residential", "started_on": day},
        "POST /detox-episodes/{episode_id}/end": {"ended_on": day},
        "POST /courses/{course_id}/action-plan": {"citizen_goals": "Mål", "agreed_on": day, "coordinator_name": "K"},
        "PUT /action-plans/{plan_id}": {"citizen_goals": "Nye mål", "agreed_on": day, "coordinator_name": "K"},
        "POST /action-plans/{plan_id}/parties": {"kind": "regional_psychiatry", "name": "Psykiatrien"},
        "POST /plan-parties/{party_id}/consent": {"given_on": day},
        "POST /action-plans/{plan_id}/actions": {"what": "Udredning", "owner_name": "Overlæge", "due_on": day},
        "POST /plan-actions/{action_id}/status": {"status": "done"},
        "POST /action-plans/{plan_id}/reviews": {"held_on": day},
        "POST /action-plans/{plan_id}/close": {"closed_on": day},
        "POST /courses/{course_id}/case-managers": {"staff_id": ids["staff"], "from_on": day},
    }
    # Changes under optimistic locking send the version of the row they were made from.
    versions = {
        "PATCH /citizens/{citizen_id}": lambda: Citizen.objects.get(pk=ids["citizen"]).version,
        "PUT /courses/{course_id}/plan": lambda: Course.objects.get(pk=ids["course"]).version,
        "POST /courses/{course_id}/discharge": lambda: Course.objects.get(pk=ids["course"]).version,
        "POST /follow-ups/{follow_up_id}/attempts": lambda: FollowUp.objects.get(pk=ids["follow_up"]).version,
        "POST /follow-ups/{follow_up_id}/reassign": lambda: FollowUp.objects.get(pk=ids["follow_up"]).version,
        "POST /consents/{consent_id}/withdraw": lambda: Consent.objects.get(pk=ids["consent"]).version,
        "PUT /courses/{course_id}/family-offer": lambda: FamilyOffer.objects.get(course_id=ids["course"]).version,
        "POST /courses/{course_id}/family-offer/answer": lambda: (
            FamilyOffer.objects.get(course_id=ids["course"]).version
        ),
        "POST /initiatives/{initiative_id}/status": lambda: Initiative.objects.get(pk=ids["initiative"]).version,
        "PUT /prevention/activities/{activity_id}": lambda: Activity.objects.get(pk=ids["activity"]).version,
        "PUT /cooperation/agreements/{agreement_id}": lambda: Agreement.objects.get(pk=ids["agreement"]).version,
        "POST /appointment-series/{series_id}/end": lambda: AppointmentSeries.objects.get(pk=ids["series"]).version,
        "POST /gp-letters/{letter_id}/sent": lambda: GpLetter.objects.get(pk=ids["gp_letter"]).version,
        "POST /gp-letters/{letter_id}/referral": lambda: GpLetter.objects.get(pk=ids["gp_letter"]).version,
        "PUT /roles/{membership_id}/staffing": lambda: Membership.objects.get(pk=ids["membership"]).version,
        "POST /medications/{medication_id}/stop": lambda: Medication.objects.get(pk=ids["medication"]).version,
        "POST /detox-episodes/{episode_id}/end": lambda: DetoxEpisode.objects.get(pk=ids["detox"]).version,
        "PUT /action-plans/{plan_id}": lambda: ActionPlan.objects.get(pk=ids["action_plan"]).version,
        "POST /action-plans/{plan_id}/reviews": lambda: ActionPlan.objects.get(pk=ids["action_plan"]).version,
        "POST /action-plans/{plan_id}/close": lambda: ActionPlan.objects.get(pk=ids["action_plan"]).version,
        "POST /plan-actions/{action_id}/status": lambda: PlanAction.objects.get(pk=ids["plan_action"]).version,
        "PUT /offers/{offer_id}": lambda: UnitOffer.objects.get(pk=ids["offer"]).version,
    }
    if operation in versions:
        bodies[operation] = bodies[operation] | {"version": versions[operation]()}
    if operation.startswith("GET /stats/") and operation != "GET /stats/follow-up-reach":
        path += f"?scope=unit:{ids['unit']}&first_year={today().year - 1}&last_year={today().year}"
    if operation == "GET /stats/follow-up-reach":
        path += f"?unit_id={ids['unit']}&first={today():%Y}-01&last={today():%Y-%m}"
    return method, f"/api/v1{path}", bodies.get(operation)


def ask(client: Client, method: str, url: str, body: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    """One request whose changes are rolled back, so every case starts from the same data. Web
    forms are posted empty: an allowed role gets the form back with its errors (200)."""
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif url.startswith("/api/"):
            response = client.generic(method, url, data=json.dumps(body or {}), content_type="application/json")
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)
    if session is not None:  # logging out, too, was rolled back
        client.cookies[settings.SESSION_COOKIE_NAME] = session.value
    return response


def expected(row: tuple[str, ...], place: str) -> list[int]:
    """A row is (own), (own, others) or (own, other unit, other municipality)."""
    return [int(code) for code in row[min(PLACES.index(place), len(row) - 1)].split()]


def test_access_matrix(world, places, settings):
    settings.FORLOB_PUBLIC_POSTS_PER_MINUTE = 10_000  # every role posts the public form from one address
    users = _users(world)
    web_clients, api_clients = {}, {}
    for role, user in users.items():
        web_clients[role], api_clients[role] = Client(), Client()
        if user is not None:
            web_clients[role].force_login(user)
            api_clients[role] = Client(headers={"authorization": f"Bearer {token_for(user, name='matrix')}"})
    case_roles = {"behandler", "visitator", "familiekonsulent", "leder"}

    cases, wrong, leaks, actual_web, actual_api = 0, [], [], {}, {}
    for kind, rows, clients in (("web", WEB, web_clients), ("api", API, api_clients)):
        for key in sorted(rows):
            for place_name in PLACES:
                place = places[place_name]
                if kind == "web":
                    name, method = key
                    url, body = web_url(name, place), None
                else:
                    method, url, body = api_request(key, place)
                got = []
                for role in ROLES:
                    response = ask(clients[role], method, url, body)
                    got.append(response.status_code)
                    cases += 1
                    visible = set(places["own"].names) if role in case_roles else set()
                    hidden = {n for p in places.values() for n in p.names} - visible
                    content = response.content.decode(errors="replace") if response.status_code < 300 else ""
                    for name in hidden:
                        if name in content:
                            leaks.append(f"{kind} {key} {place_name} {role}: {name}")
                (actual_web if kind == "web" else actual_api).setdefault(key, {})[place_name] = got
                if got != expected(rows[key], place_name):
                    wrong.append(f"{kind} {key} {place_name}: expected {rows[key]}, got {got}")
    print(f"access matrix: {cases} cases")
    table = "\n".join(
        f"    {key!r}: ({' '.join(map(str, v['own']))!r}, {' '.join(map(str, v['other_unit']))!r}, "
        f"{' '.join(map(str, v['other_municipality']))!r}),"
        for actual in (actual_web, actual_api)
        for key, v in actual.items()
    )
    assert not leaks, leaks
    assert not wrong, "\n".join(wrong) + "\n\nActual:\n" + table


# --- The administration site ----------------------------------------------------------------------

# Apps whose models hold person data: none of them may be in the administration, but for the
# code lists named here, which hold none.
PERSON_DATA_APPS = {
    "citizens", "treatment", "family", "followup", "instruments", "appointments", "psychiatry", "otp_totp",
    "otp_static",
}  # fmt: skip
CODE_LISTS = {"citizens.TargetGroup"}


def admin_urls() -> list[str]:
    """Every page of the administration: each registered model's list, add page and the change
    page of its first row."""
    from django.contrib import admin
    from django.urls import NoReverseMatch
    from django.urls import reverse as url

    urls = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls += [url("admin:{}_{}_changelist".format(*info)), url("admin:{}_{}_add".format(*info))]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            try:
                urls.append(url("admin:{}_{}_change".format(*info), args=[first.pk]))
                urls.append(url("admin:{}_{}_history".format(*info), args=[first.pk]))
            except NoReverseMatch:
                pass
    return urls


def test_the_administration_holds_no_person_data_and_only_administrators_get_in(world, places):
    """Every role against every page of /admin/: only the administrator gets in, and no page the
    administrator gets shows a citizen's name or CPR number, or a two-factor secret."""
    from django.contrib import admin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    administered = {model._meta.app_label for model in admin.site._registry if model._meta.label not in CODE_LISTS}
    assert not administered & PERSON_DATA_APPS
    assert "accesslogentry" not in {model._meta.model_name for model in admin.site._registry}
    device = TOTPDevice.objects.create(user=world.behandler, name="telefon", confirmed=True)
    users = _users(world)
    secrets = {n for p in places.values() for n in p.names} | {"0101801234", "010180", device.key}
    wrong, leaks = [], []
    for url in admin_urls():
        for role, user in users.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            response = ask(client, "GET", url)
            # The administrator gets every page but the add pages of what nobody adds (403):
            # shipped municipalities, logs. Everyone else is sent to sign in as an administrator.
            expected = {200, 403} if role == "administrator" else {302}
            if response.status_code not in expected:
                wrong.append(f"{url} {role}: {response.status_code}")
            content = response.content.decode(errors="replace") if response.status_code == 200 else ""
            leaks += [f"{url} {role}: {s}" for s in secrets if s in content]
    assert not wrong, wrong
    assert not leaks, leaks
