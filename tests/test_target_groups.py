# SPDX-License-Identifier: AGPL-3.0-or-later
"""Target groups of the strategies (seeds 003 and 004): the national list kept in the
administration, and the citizen's markers, recorded and ended on the citizen page and through the
API by the staff who may see the citizen."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forlob.audit.models import AccessLogEntry, Use
from forlob.audit.refusals import NotVisible
from forlob.citizens import actions
from forlob.citizens.models import TargetGroup, TargetGroupMarker
from forlob.common.dates import today
from tests.conftest import CPR_1, new_citizen
from tests.test_api import api
from tests.test_views import client_for


def group(code: str) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


def danish(text: str) -> str:
    with translation.override("da"):
        return gettext(text)


def codes(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str | None]]:
    return {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()}


@pytest.mark.django_db
def test_the_seeds_target_groups_are_shipped_in_order():
    assert list(TargetGroup.objects.values_list("name", flat=True)) == [
        "Grønlandske borgere og familier",
        "Etniske minoriteter",
        "Nedsat psykisk funktionsevne",
        "Dobbeltdiagnose (psykisk lidelse og rusmiddelproblem)",
        "Unge under 25",
        "Gravide og familier med små børn",
        "Hjemløse",
    ]
    assert TargetGroup.objects.filter(active=True).count() == 7


# --- Actions --------------------------------------------------------------------------------------


def test_a_marker_records_the_group_period_unit_and_user_with_history(world):
    citizen = new_citizen(world)
    marker = actions.add_target_group_marker(
        world.actor(world.behandler), citizen, group("dual_diagnosis"), date(2026, 9, 1)
    )
    assert (marker.from_on, marker.ended_on, marker.unit, marker.recorded_by) == (
        date(2026, 9, 1),
        None,
        world.faxe,
        world.behandler,
    )
    assert list(citizen.target_group_markers.all()) == [marker]
    assert list(group("dual_diagnosis").markers.all()) == [marker]

    actions.end_target_group_marker(world.actor(world.leder), marker, date(2026, 11, 30))
    marker.refresh_from_db()
    assert marker.ended_on == date(2026, 11, 30)
    assert [(h.ended_on, h.history_user) for h in marker.history.order_by("history_date")] == [
        (None, world.behandler),
        (date(2026, 11, 30), world.leder),
    ]
    changes = AccessLogEntry.objects.filter(citizen=citizen, use=Use.CHANGE, via__contains="target_group")
    assert sorted(changes.values_list("via", flat=True)) == ["add_target_group_marker", "end_target_group_marker"]


def test_refused_markers_change_nothing(world):
    citizen = new_citizen(world)
    actor = world.actor(world.behandler)
    homeless = group("homeless")
    open_marker = actions.add_target_group_marker(actor, citizen, homeless, date(2026, 6, 1))
    young = group("young_under_25")
    earlier = actions.add_target_group_marker(actor, citizen, young, date(2025, 1, 1))
    actions.end_target_group_marker(actor, earlier, date(2026, 3, 31))
    retired = group("greenlandic")
    TargetGroup.objects.filter(pk=retired.pk).update(active=False)

    refusals = [
        (homeless, date(2026, 11, 1), {"group": ["open"]}),  # the same group open twice
        (young, date(2026, 3, 31), {"from_on": ["overlap"]}),  # starts on the day the earlier one ended
        (group("ethnic_minority"), today() + timedelta(days=1), {"from_on": ["future"]}),
        (retired, date(2026, 1, 1), {"group": ["unknown_code"]}),
        (None, date(2026, 1, 1), {"group": ["unknown_code"]}),
        (homeless, None, {"from_on": ["required"]}),
    ]
    for refused_group, from_on, expected in refusals:
        with pytest.raises(ValidationError) as error:
            actions.add_target_group_marker(actor, citizen, refused_group, from_on)
        assert codes(error) == expected
    with pytest.raises(ValidationError) as error:
        actions.add_target_group_marker(actor, citizen, homeless, date(2026, 11, 1))
    assert "Hjemløse" in error.value.messages[0] and "01.06.2026" in error.value.messages[0]

    for ended_on, expected in (
        (date(2026, 5, 31), {"ended_on": ["before_start"]}),
        (today() + timedelta(days=1), {"ended_on": ["future"]}),
        (None, {"ended_on": ["required"]}),
    ):
        with pytest.raises(ValidationError) as error:
            actions.end_target_group_marker(actor, open_marker, ended_on)
        assert codes(error) == expected
    with pytest.raises(ValidationError) as error:
        actions.end_target_group_marker(actor, earlier, date(2026, 4, 1))
    assert codes(error) == {"__all__": ["ended"]}

    rows = TargetGroupMarker.objects.order_by("pk").values_list("group__code", "from_on", "ended_on")
    assert list(rows) == [("homeless", date(2026, 6, 1), None), ("young_under_25", date(2025, 1, 1), date(2026, 3, 31))]
    # A new period after the earlier one ended is accepted.
    assert actions.add_target_group_marker(actor, citizen, young, date(2026, 4, 1)).is_open


def test_only_staff_who_see_the_citizen_mark_them(world):
    citizen = new_citizen(world)
    marker = actions.add_target_group_marker(world.actor(world.visitator), citizen, group("homeless"), date(2026, 1, 1))
    for outsider in (world.other_behandler, world.analytiker, world.administrator):
        with pytest.raises(NotVisible):
            actions.add_target_group_marker(world.actor(outsider), citizen, group("young_under_25"), date(2026, 1, 1))
        with pytest.raises(NotVisible):
            actions.end_target_group_marker(world.actor(outsider), marker, date(2026, 2, 1))
    assert TargetGroupMarker.objects.get().ended_on is None


# --- The citizen page -----------------------------------------------------------------------------


def test_the_citizen_page_shows_records_and_ends_target_groups(world):
    citizen = new_citizen(world, CPR_1)
    client = client_for(world.behandler)
    page_url = reverse("citizen_detail", args=[citizen.pk])
    page = client.get(page_url).content.decode()
    assert danish("Target groups") in page and danish("Record a target group") in page
    assert "Hjemløse" in page  # the list of groups to choose from

    add_url = reverse("target_group_add", args=[citizen.pk])
    future = (today() + timedelta(days=3)).isoformat()
    refused = client.post(add_url, {"group": group("homeless").pk, "from_on": future})
    page = refused.content.decode()
    assert refused.status_code == 200 and danish("The date cannot be in the future.") in page
    # The input is kept: the chosen group and the date typed.
    assert f'<option value="{group("homeless").pk}" selected>' in page and f'value="{future}"' in page
    assert not TargetGroupMarker.objects.exists()

    response = client.post(add_url, {"group": group("homeless").pk, "from_on": "2026-10-01"})
    assert response.status_code == 302 and response["Location"] == page_url + "#target-groups"
    marker = TargetGroupMarker.objects.get()
    page = client.get(page_url).content.decode()
    assert "01.10.2026" in page and "Behandler Test, Rusmiddelcentret Faxe" in page

    end_url = reverse("target_group_end", args=[marker.pk])
    refused = client.post(end_url, {"ended_on": "2026-09-30"})
    page = refused.content.decode()
    assert danish("A marker cannot end before it starts.") in page and 'value="2026-09-30"' in page
    assert client.post(end_url, {"ended_on": "2026-11-15"}).status_code == 302
    marker.refresh_from_db()
    assert marker.ended_on == date(2026, 11, 15)
    assert "15.11.2026" in client.get(page_url).content.decode()


def test_the_citizen_page_reads_the_markers_in_its_one_logged_view_in_fixed_queries(world):
    citizen = new_citizen(world)
    actor = world.actor(world.behandler)
    client = client_for(world.behandler)
    url = reverse("citizen_detail", args=[citizen.pk])
    actions.add_target_group_marker(actor, citizen, group("homeless"), date(2026, 1, 1))
    with CaptureQueriesContext(connection) as one_marker:
        client.get(url)
    for code in ("dual_diagnosis", "young_under_25"):
        actions.add_target_group_marker(world.actor(world.leder), citizen, group(code), date(2026, 1, 1))
    before = AccessLogEntry.objects.filter(citizen=citizen).count()
    with CaptureQueriesContext(connection) as three_markers:
        page = client.get(url).content.decode()
    assert len(three_markers) == len(one_marker)
    assert page.index("Dobbeltdiagnose") < page.index("Unge under 25") < page.index("Hjemløse")  # the list's order
    assert AccessLogEntry.objects.filter(citizen=citizen).count() == before + 1


def test_another_municipality_gets_404_and_changes_nothing(world):
    citizen = new_citizen(world)
    marker = actions.add_target_group_marker(world.actor(world.behandler), citizen, group("homeless"), date(2026, 1, 1))
    other = client_for(world.other_behandler)
    add = other.post(reverse("target_group_add", args=[citizen.pk]), {"group": group("ethnic_minority").pk})
    end = other.post(reverse("target_group_end", args=[marker.pk]), {"ended_on": "2026-02-01"})
    assert (add.status_code, end.status_code) == (404, 404)
    assert list(TargetGroupMarker.objects.values_list("group__code", "ended_on")) == [("homeless", None)]
    assert client_for(world.analytiker).post(reverse("target_group_add", args=[citizen.pk])).status_code == 403


# --- API ------------------------------------------------------------------------------------------


def test_the_api_lists_groups_and_records_and_ends_markers(world):
    citizen = new_citizen(world)
    TargetGroup.objects.filter(code="greenlandic").update(active=False)
    token = api(world.behandler)
    groups = token.get("/api/v1/target-groups").json()
    assert [g["code"] for g in groups][:2] == ["greenlandic", "ethnic_minority"] and len(groups) == 7
    assert groups[0]["active"] is False and groups[0]["name"] == "Grønlandske borgere og familier"

    url = f"/api/v1/citizens/{citizen.pk}/target-group-markers"
    created = token.post(url, {"group": "young_under_25", "from_on": "2026-02-01"}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert (body["group"], body["group_name"], body["from_on"], body["ended_on"], body["unit_id"]) == (
        "young_under_25",
        "Unge under 25",
        "2026-02-01",
        None,
        world.faxe.pk,
    )
    for payload, field in (
        ({"group": "young_under_25", "from_on": "2026-03-01"}, "group"),  # already open
        ({"group": "greenlandic", "from_on": "2026-03-01"}, "group"),  # out of use
        ({"group": "no_such_group", "from_on": "2026-03-01"}, "group"),
        ({"group": "homeless", "from_on": "2027-01-01"}, "from_on"),
    ):
        refused = token.post(url, payload, content_type="application/json")
        assert (refused.status_code, refused.json()["detail"][0]["field"]) == (422, field), payload

    end_url = f"/api/v1/target-group-markers/{body['id']}/end"
    too_early = token.post(end_url, {"ended_on": "2026-01-31"}, content_type="application/json")
    assert (too_early.status_code, too_early.json()["detail"][0]["field"]) == (422, "ended_on")
    ended = token.post(end_url, {"ended_on": "2026-06-30"}, content_type="application/json")
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-06-30"
    twice = token.post(end_url, {"ended_on": "2026-07-01"}, content_type="application/json")
    assert (twice.status_code, twice.json()["detail"][0]["field"]) == (422, None)
    assert [(m["group"], m["ended_on"]) for m in token.get(url).json()] == [("young_under_25", "2026-06-30")]
    assert AccessLogEntry.objects.filter(citizen=citizen, use=Use.VIEW, via="api").exists()

    other = api(world.other_behandler)
    assert other.get(url).status_code == 404
    assert other.post(end_url, {"ended_on": "2026-07-01"}, content_type="application/json").status_code == 404


# --- The administration ---------------------------------------------------------------------------


def test_an_administrator_keeps_the_list_through_the_actions(world):
    admin = client_for(world.administrator)
    form = {"code": "veterans", "name": "Veteraner", "active": "on", "order": "80"}
    assert admin.post("/admin/citizens/targetgroup/add/", form).status_code == 302
    veterans = group("veterans")
    assert [h.history_user for h in veterans.history.all()] == [world.administrator]

    change_url = f"/admin/citizens/targetgroup/{veterans.pk}/change/"
    renamed = {"code": "changed", "name": "Veteraner og pårørende", "order": "80"}  # active unticked
    assert admin.post(change_url, renamed).status_code == 302
    veterans.refresh_from_db()
    assert (veterans.code, veterans.name, veterans.active) == ("veterans", "Veteraner og pårørende", False)

    # A group in use cannot be deleted; taking it out of use is what the administrator does.
    homeless = group("homeless")
    actions.add_target_group_marker(world.actor(world.behandler), new_citizen(world), homeless, date(2026, 1, 1))
    assert admin.get(f"/admin/citizens/targetgroup/{homeless.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/citizens/targetgroup/{veterans.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not TargetGroup.objects.filter(code="veterans").exists()

    assert actions.delete_target_group(world.actor(world.administrator), homeless) is False
    homeless.refresh_from_db()
    assert homeless.active is False and homeless.markers.count() == 1
    for case_worker in (world.leder, world.behandler):
        with pytest.raises(PermissionDenied):
            actions.save_target_group(world.actor(case_worker), TargetGroup(code="x", name="X"))
        assert client_for(case_worker).get("/admin/citizens/targetgroup/").status_code == 302
    with pytest.raises(ValidationError) as error:
        actions.save_target_group(world.actor(world.administrator), TargetGroup(pk=homeless.pk, code="hjemloese"))
    assert codes(error) == {"code": ["fixed"]}
