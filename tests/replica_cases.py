# SPDX-License-Identifier: AGPL-3.0-or-later
"""The statistics read on the replica with two real database aliases: run by
tests/test_replica.py in a pytest of its own with DATABASE_REPLICA_URL set (this file is no
test_ file, so the suite's own run, with one alias, does not collect it)."""

from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forlob.audit.models import AccessLogEntry
from forlob.common.dates import today
from forlob.common.replica import REPLICA
from forlob.treatment.models import Request
from tests.conftest import CPR_2, new_citizen, new_course, new_request, password_login

TREATMENT_REQUEST = Request._meta.db_table
ACCESS_LOG = AccessLogEntry._meta.db_table


def _queries(alias: str, ctx: CaptureQueriesContext, table: str, verb: str = "SELECT") -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if table in q["sql"] and q["sql"].lstrip().startswith(verb)]


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_a_statistics_page_counts_on_the_replica_and_logs_on_default(world):
    # A request waiting past its deadline: the leader's guarantee page lists it, and logs that.
    new_request(world, new_citizen(world), received_on=today() - timedelta(days=30))
    new_course(world, new_citizen(world, cpr=CPR_2))
    client = Client()
    assert password_login(client, world.leder.username)
    year = today().year
    url = reverse("stats_guarantee") + f"?scope=unit:{world.faxe.pk}&first_year={year - 1}&last_year={year}"
    before = AccessLogEntry.objects.count()
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    # The counts and the list of breaches were read on the replica, none of them on default.
    assert len(_queries(REPLICA, on_replica, TREATMENT_REQUEST)) >= 2
    assert _queries("default", on_default, TREATMENT_REQUEST) == []
    # The access log row of the listed citizen was written on default, nothing on the replica.
    assert len(_queries("default", on_default, ACCESS_LOG, "INSERT")) == 1
    assert AccessLogEntry.objects.count() == before + 1
    assert not [q for q in on_replica.captured_queries if not q["sql"].lstrip().startswith("SELECT")]
    # Who is signed in and what they may see was read on default.
    assert _queries("default", on_default, "django_session")
    assert _queries("default", on_default, "organisations_membership")
    assert not _queries(REPLICA, on_replica, "django_session")
    assert not _queries(REPLICA, on_replica, "organisations_membership")

    # Any other page, and a POST under /statistik/, reads on default.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(reverse("course_list")).status_code == 200
        assert client.post(reverse("stats_extract"), {}).status_code == 200  # the form, with its errors
    assert on_replica.captured_queries == []
