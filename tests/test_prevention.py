# SPDX-License-Identifier: AGPL-3.0-or-later
"""Prevention activities: registering with its refusals, the list, copying, the statistics
worked out by hand, and the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forlob.common.dates import today
from forlob.prevention.actions import ActivityData, change_activity, register_activity
from forlob.prevention.models import Activity
from forlob.stats.reports.prevention import prevention_activities, prevention_participants
from forlob.stats.scopes import Filters, scope_for
from tests.test_api import api
from tests.test_views import client_for


def data(**change: object) -> ActivityData:
    base = ActivityData(
        held_on=today() - timedelta(days=3),
        level="primary",
        focus_area="teaching",
        target_group="young",
        setting="youth_education",
        title="Oplæg om hash på handelsskolen",
        participants=60,
    )
    for name, value in change.items():
        setattr(base, name, value)
    return base


def test_an_activity_is_registered_and_changed(world):
    actor = world.actor(world.behandler)
    activity = register_activity(actor, world.faxe, data(notes="Godt spørgelyst."))
    assert (activity.unit, activity.participants, activity.created_by) == (world.faxe, 60, world.behandler)
    changed = change_activity(actor, activity, data(participants=58), activity.version)
    assert (changed.participants, changed.version) == (58, 2)
    with pytest.raises(ValidationError, match="efter at du åbnede siden"):
        change_activity(actor, activity, data(participants=1), 1)  # made from the first version


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"participants": -1}, "participants", "Skriv et tal fra 0 til 100.000."),
        ({"held_on": today() + timedelta(days=1)}, "held_on", "Datoen kan ikke ligge i fremtiden."),
        ({"level": "indicated"}, "level", "Ukendt værdi: indicated."),  # an IOM code of old
        ({"title": "   "}, "title", "Skriv en titel."),
        ({"participants": 0, "contacts": 0}, "participants", "Angiv deltagerne eller kontakterne."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, change, field, message):
    with pytest.raises(ValidationError) as refused:
        register_activity(world.actor(world.behandler), world.faxe, data(**change))
    assert message in refused.value.message_dict[field]
    assert Activity.objects.count() == 0


def test_another_units_activity_is_refused(world):
    with pytest.raises(PermissionDenied):
        register_activity(world.actor(world.other_behandler), world.faxe, data())
    assert Activity.objects.count() == 0


def test_the_list_filters_totals_copies_and_escapes(world):
    actor = world.actor(world.behandler)
    register_activity(actor, world.faxe, data(title="<script>alert(1)</script>", participants=7))
    register_activity(actor, world.faxe, data(level="secondary", focus_area="advice", participants=12, contacts=4))
    register_activity(world.actor(world.other_behandler), world.aalborg, data(title="Aalborgs oplæg"))
    client = client_for(world.behandler)
    page = client.get(reverse("activity_list")).content.decode()
    assert "2 aktiviteter" in page and "19 deltagere og 4 kontakter." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "Aalborgs oplæg" not in page  # another municipality's unit
    selective = client.get(reverse("activity_list") + "?level=secondary").content.decode()
    assert "1 aktivitet," in selective and "12 deltagere og 4 kontakter." in selective
    backwards = client.get(reverse("activity_list") + "?first=2025-02-01&last=2025-01-01").content.decode()
    assert "Perioden kan ikke slutte, før den begynder." in backwards

    source = Activity.objects.get(focus_area="advice")
    copy = client.get(reverse("activity_create") + f"?kopi={source.pk}").content.decode()
    assert 'value="12"' in copy and f'value="{today().isoformat()}"' in copy
    posted = {
        "unit": world.faxe.pk,
        "held_on": today().isoformat(),
        "title": "Forældremøde",
        "level": "secondary",
        "focus_area": "network",
        "target_group": "parents",
        "setting": "school",
        "participants": "-3",
        "contacts": "0",
        "notes": "Mange spørgsmål om energidrikke.",
    }
    refused = client.post(reverse("activity_create"), posted).content.decode()
    assert "Mange spørgsmål om energidrikke." in refused and Activity.objects.count() == 3  # nothing lost
    assert client.post(reverse("activity_create"), posted | {"participants": "30"}).status_code == 302
    assert Activity.objects.filter(title="Forældremøde", participants=30).exists()


def test_prevention_statistics_worked_out_by_hand(world):
    actor = world.actor(world.behandler)
    day = date(2025, 3, 1)
    for _i in range(6):
        register_activity(actor, world.faxe, data(held_on=day, participants=25))  # teaching, primary
    for _i in range(5):
        register_activity(actor, world.faxe, data(held_on=day, level="secondary", focus_area="advice", participants=2))
    for _i in range(7):
        register_activity(
            actor, world.faxe, data(held_on=day, level="tertiary", focus_area="detection", participants=1)
        )
    register_activity(actor, world.faxe, data(held_on=date(2024, 12, 31), participants=500))  # before the period

    filters = Filters(scope_for(world.actor(world.analytiker), f"unit:{world.faxe.pk}"), 2025, 2025)
    shown = [[row.label, *(str(c) for c in row.cells), str(row.total)] for row in prevention_activities(filters).rows]
    assert shown == [
        ["Tilgængelighed", "0", "0", "0", "0"],
        ["Formidling og undervisning", "6", "0", "0", "6"],
        ["Rådgivning og vejledning", "0", "5", "0", "5"],
        ["Opsporing", "0", "0", "7", "7"],
        ["Samarbejde og koordinering", "0", "0", "0", "0"],
        ["Inddragelse af netværk", "0", "0", "0", "0"],
    ]
    people = prevention_participants(filters)
    assert [str(c) for c in people.totals.cells] == ["150", "10", "7"] and str(people.totals.total) == "167"

    client = client_for(world.analytiker)
    query = f"?scope=unit:{world.faxe.pk}&first_year=2025&last_year=2025"
    page = client.get(reverse("stats_prevention") + query).content.decode()
    assert "Forebyggelsesaktiviteter" in page and "Deltagere i forebyggelsesaktiviteter" in page
    csv = client.get(reverse("stats_prevention") + query + "&format=csv&tabel=1").getvalue().decode("utf-8")
    assert "I alt;150;10;7;167" in csv


def test_the_api_lists_and_registers_activities(world):
    client = api(world.behandler)
    body = {
        "unit_id": world.faxe.pk,
        "held_on": str(today()),
        "level": "primary",
        "focus_area": "teaching",
        "target_group": "young",
        "setting": "school",
        "title": "Oplæg i 8. klasse",
        "participants": -5,
    }
    refused = client.post("/api/v1/prevention/activities", body, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "participants"
    made = client.post("/api/v1/prevention/activities", body | {"participants": 24}, content_type="application/json")
    assert made.status_code == 201 and made.json()["participants"] == 24
    listed = client.get("/api/v1/prevention/activities?focus_area=teaching").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Oplæg i 8. klasse"
