# SPDX-License-Identifier: AGPL-3.0-or-later
"""The request's pre-aggregated first start, refreshed in the transaction of the action that
writes a course (and by a bulk load after it)."""

from collections.abc import Iterable

from django.db import models
from django.db.models import OuterRef, Subquery

from forlob.treatment.models import Course, Request


def refresh_first_start(request_ids: Iterable[int] | None = None) -> int:
    """Set ``Request.first_started_on`` from the courses, in one set-based UPDATE with a
    subquery: for the requests given, or for every request (``None``, after a bulk load). Every
    action that creates a course with a request, changes a course's start or request, or deletes a
    course calls it in its transaction, with the requests concerned (the old and the new); a bulk
    load passes a queryset of its requests' ids (``values("pk")``), which stays a subquery. Returns
    the number of requests updated."""
    first = Subquery(
        Course.objects.filter(request=OuterRef("pk")).order_by("started_on").values("started_on")[:1],
        output_field=models.DateField(),
    )
    if request_ids is None:
        requests = Request.objects.all()
    elif isinstance(request_ids, models.QuerySet):  # a subquery: no list of ids in the statement
        requests = Request.objects.filter(pk__in=request_ids)
    else:
        requests = Request.objects.filter(pk__in=list(request_ids))
    return requests.update(first_started_on=first)
