# SPDX-License-Identifier: AGPL-3.0-or-later
"""GET /log-reviews and PUT /log-reviews/{id}: the leader's monthly review of a sample of the
unit's access log, as on the log-review pages."""

import pytest
from django.utils import timezone

from forlob.audit.models import AccessLogEntry, LogReview, LogReviewItem
from forlob.common.dates import today
from forlob.oversight import actions
from tests.api.clients import api_client, send
from tests.conftest import logged_at, new_citizen


@pytest.fixture
def review(world, settings):  # type: ignore[no-untyped-def]
    """Faxe's review of last month, with its sample drawn."""
    settings.FORLOB_LOG_REVIEW_SAMPLE = 2
    new_citizen(world)
    month = actions.previous_month(today())
    logged_at(timezone.make_aware(timezone.datetime(month.year, month.month, 10)), AccessLogEntry.objects.all())
    return actions.log_review(world.faxe, month)


def _verdicts(review, **overrides):  # type: ignore[no-untyped-def]
    items = review.items.order_by("pk")
    return {"verdicts": [{"item_id": i.pk, "verdict": "confirmed", "note": ""} | overrides for i in items]}


def test_it_requires_a_token(world, review):
    assert api_client(None).get("/api/v1/log-reviews").status_code == 401


def test_it_refuses_a_read_only_token(world, review):
    client = api_client(world.leder, read_only=True)
    assert send(client, "PUT", f"/api/v1/log-reviews/{review.pk}", _verdicts(review)).status_code == 403
    review.refresh_from_db()
    assert review.completed_at is None


def test_it_lists_the_sample_and_records_the_verdicts(world, review):
    listed = api_client(world.leder).get("/api/v1/log-reviews").json()
    assert [r["id"] for r in listed] == [review.pk]
    assert len(listed[0]["items"]) == review.items.count() > 0 and listed[0]["items"][0]["verdict"] == ""

    unexplained = send(
        api_client(world.leder), "PUT", f"/api/v1/log-reviews/{review.pk}", _verdicts(review, verdict="flagged")
    )
    assert unexplained.status_code == 422
    assert unexplained.json()["detail"][0]["field"].startswith("note_")

    body = _verdicts(review, verdict="flagged", note="Ingen sag i enheden")
    response = send(api_client(world.leder), "PUT", f"/api/v1/log-reviews/{review.pk}", body)
    assert response.status_code == 200, response.content
    review.refresh_from_db()
    assert (review.completed_by, review.completed_at is not None) == (world.leder, True)
    assert set(LogReviewItem.objects.values_list("note", flat=True)) == {"Ingen sag i enheden"}


def test_it_refuses_a_clinician(world, review):
    assert api_client(world.behandler).get("/api/v1/log-reviews").status_code == 403
    response = send(api_client(world.behandler), "PUT", f"/api/v1/log-reviews/{review.pk}", _verdicts(review))
    assert response.status_code == 403


def test_it_refuses_another_municipality(world, review):
    other = actions.log_review(world.aalborg, review.month)
    assert send(api_client(world.leder), "PUT", f"/api/v1/log-reviews/{other.pk}", {"verdicts": []}).status_code == 404
    assert not LogReview.objects.filter(completed_at__isnull=False).exists()
