# SPDX-License-Identifier: AGPL-3.0-or-later
"""The pre-aggregated first start of a request (``Request.first_started_on``): after any sequence
of writes it equals the live earliest start of the request's courses, and the guarantee report
counted from it equals the report counted live from the courses (the anti-join it replaced)."""

import importlib
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, Value, When
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forlob.common.dates import DaysBetween, Year, today
from forlob.common.paging import WebPage
from forlob.stats.reports.guarantee import guarantee_breaches, guarantee_report, guarantee_rows, treatment_guarantee
from forlob.stats.scopes import Filters, scope_for
from forlob.stats.suppression import INTERNAL
from forlob.treatment import actions
from forlob.treatment.actions.first_start import refresh_first_start
from forlob.treatment.models import Course, OfferType, Request, RequestStatus
from tests.conftest import new_citizen, new_request

FILL = importlib.import_module("forlob.treatment.migrations.0008_request_first_started_on").FILL

CPRS = ["0101801234", "1505920001", "0203851111", "1709702222"]
OFFERS = [OfferType.AMBULANT, OfferType.DAY, OfferType.YOUTH]


def reference_rows(filters: Filters) -> list[tuple[int, str, int | None, int]]:
    """The report's rows as counted before the pre-aggregation, live from the courses: each
    request's first course (the earliest start, the lowest id among equals) by one anti-join, and
    the requests without a course. Test-only: the reference the stored column is proven against."""
    day = today()
    requests = filters.requests()
    courses = Course.objects.filter(offer_type=filters.offer_type) if filters.offer_type else Course.objects.all()
    earlier = courses.filter(request=OuterRef("request")).filter(
        Q(started_on__lt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
    )
    started = (
        courses.filter(filters.received("request__"))
        .exclude(Exists(earlier))
        .annotate(
            year=Year("request__received_on"),
            state=Case(When(started_on__lte=F("request__deadline"), then=Value("in_time")), default=Value("late")),
            wait=DaysBetween("started_on", "request__received_on"),
        )
        .order_by()
        .values_list("year", "state", "wait")
        .annotate(n=Count("pk"))
    )
    waiting = (
        requests.exclude(Exists(courses.filter(request=OuterRef("pk"))))
        .annotate(
            year=Year("received_on"),
            state=Case(
                When(~Q(status=RequestStatus.OPEN), then=Value("not_started")),
                When(deadline__lt=day, then=Value("waiting_late")),
                default=Value("waiting"),
            ),
            wait=Value(None, output_field=IntegerField()),
        )
        .order_by()
        .values_list("year", "state", "wait")
        .annotate(n=Count("pk", distinct=True))
    )
    return [*started, *waiting]


def counted(rows) -> Counter:  # type: ignore[no-untyped-def]
    return Counter({(year, state, wait): n for year, state, wait, n in rows})


def stored_equals_live() -> None:
    live = dict(Request.objects.annotate(live=Min("courses__started_on")).values_list("pk", "live"))
    stored = dict(Request.objects.values_list("pk", "first_started_on"))
    assert stored == live


def report_equals_live(world, day: date) -> None:  # type: ignore[no-untyped-def]
    for view in ("published", INTERNAL):
        for offer in ("", OfferType.AMBULANT):  # the stored column; the anti-join kept for an offer
            filters = Filters(
                scope_for(world.actor(world.leder), f"unit:{world.faxe.pk}"), 2025, day.year, offer, view=view
            )
            assert counted(guarantee_rows(filters)) == counted(reference_rows(filters))
            assert treatment_guarantee(filters).lines() == guarantee_report(filters, reference_rows(filters)).lines()
    filters = Filters(scope_for(world.actor(world.leder), f"unit:{world.faxe.pk}"), 2025, day.year)
    found = guarantee_breaches(world.actor(world.leder), filters, WebPage(None, 10_000))
    assert found is not None
    breaches = found.rows
    live = dict(Request.objects.annotate(live=Min("courses__started_on")).values_list("pk", "live"))
    assert all(b.started_on == live[b.pk] for b in breaches)
    late = {
        r.pk
        for r in filters.requests()
        if (live[r.pk] is not None and live[r.pk] > r.deadline)
        or (live[r.pk] is None and r.status == RequestStatus.OPEN and r.deadline < day)
    }
    assert {b.pk for b in breaches} == late


# A random history. Each request (received up to 600 days ago) gets the visitation's decision
# (start a course after 0-40 days, close, refer, or still open) and up to two more courses written
# as a bulk load writes them; besides, courses are discharged, moved, removed (a bulk writer's
# correction) and started on their own. All of it in a random order, the refresh after each bulk
# write as the loader must do it.
DECISION = st.one_of(
    st.tuples(st.just("start"), st.integers(0, 40), st.sampled_from(OFFERS)),
    st.tuples(st.just("close"), st.booleans()),
    st.tuples(st.just("open")),
)
REQUESTS = st.lists(
    st.tuples(
        st.integers(0, len(CPRS) - 1),
        st.integers(0, 600),
        DECISION,
        st.lists(st.tuples(st.integers(-5, 40), st.sampled_from(OFFERS)), max_size=2),
    ),
    min_size=1,
    max_size=6,
)
OTHER_STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("discharge"), st.integers(0, 20), st.integers(0, 60)),
        st.tuples(st.just("on_its_own"), st.integers(0, len(CPRS) - 1), st.integers(0, 300), st.sampled_from(OFFERS)),
        st.tuples(st.just("move"), st.integers(0, 20), st.integers(-5, 40)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
    ),
    max_size=8,
)


def history(data, planned) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The steps of the requests' plans and the other steps, shuffled."""
    steps: list[tuple] = []
    for index, (_citizen, _ago, decision, bulk) in enumerate(planned):
        steps.append((decision[0], index, *decision[1:]))
        steps += [("bulk", index, *course) for course in bulk]
    steps += data.draw(OTHER_STEPS)
    return data.draw(st.permutations(steps))


def _pick(rows: list, index: int):  # type: ignore[no-untyped-def]
    return rows[index % len(rows)] if rows else None


def play(world, received, steps) -> None:  # type: ignore[no-untyped-def]  # one branch a step
    day = today()
    visitator, behandler = world.actor(world.visitator), world.actor(world.behandler)
    citizens = [new_citizen(world, cpr, first_name=f"Borger{n}") for n, cpr in enumerate(CPRS)]
    requests = [new_request(world, citizens[n], day - timedelta(days=ago)) for n, ago, *_plan in received]
    courses: list[Course] = []
    bulk: list[Course] = []
    for step in steps:
        kind = step[0]
        try:
            if kind == "open":
                pass
            elif kind == "start" and (request := _pick(requests, step[1])) is not None:
                started = min(day, request.received_on + timedelta(days=step[2]))
                data = actions.CourseData(offer_type=step[3], started_on=started, responsible=world.behandler)
                courses.append(actions.start_course_from_request(visitator, request, data))
            elif kind == "close" and (request := _pick(requests, step[1])) is not None:
                if step[2]:
                    actions.close_request(visitator, request, "declined")
                else:
                    actions.refer_request(visitator, request, "Egen læge")
            elif kind == "discharge" and (course := _pick(courses, step[1])) is not None:
                ended = min(day, course.started_on + timedelta(days=step[2]))
                actions.discharge_course(behandler, course, ended, "completed")
            elif kind == "on_its_own":
                data = actions.CourseData(
                    offer_type=step[3],
                    started_on=day - timedelta(days=step[2]),
                    responsible=world.behandler,
                    legal_basis="sul_141",
                )
                courses.append(actions.start_course(visitator, citizens[step[1]], world.faxe, data))
            elif kind == "bulk" and (request := _pick(requests, step[1])) is not None:
                # A second course of the same request, written as a bulk load writes it (closed,
                # so the one-open-course rule never stands in the way), then refreshed.
                started = min(day, max(request.received_on, request.received_on + timedelta(days=step[2])))
                course = Course(
                    citizen_id=request.citizen_id,
                    unit_id=request.unit_id,
                    request=request,
                    offer_type=step[3],
                    legal_basis="sul_141",
                    started_on=started,
                    ended_on=day,
                    end_reason="completed",
                    responsible=world.behandler,
                )
                Course.objects.bulk_create([course])
                bulk.append(Course.objects.filter(request=request).order_by("-pk").first())  # type: ignore[arg-type]
                refresh_first_start([request.pk])
            elif kind == "move" and (course := _pick(bulk, step[1])) is not None:
                request = Request.objects.get(pk=course.request_id)
                started = min(day, max(request.received_on, request.received_on + timedelta(days=step[2])))
                Course.objects.filter(pk=course.pk).update(started_on=started)
                refresh_first_start([request.pk])
            elif kind == "delete" and (course := _pick(bulk, step[1])) is not None:
                bulk.remove(course)
                Course.objects.filter(pk=course.pk).delete()
                refresh_first_start([course.request_id])  # type: ignore[list-item]
        except ValidationError:
            pass  # refused by the action (decided already, started in the future, a duplicate …)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(planned=REQUESTS, data=st.data())
def test_the_stored_first_start_and_the_report_equal_the_live_computation(world, planned, data):
    """Property: after any sequence of requests, starts, decisions, discharges, courses on their
    own and bulk-written, moved or removed courses, every request's first start equals the live
    earliest start of its courses, and the guarantee report (both views, with and without an
    offer) and the leader's breaches equal those counted live from the courses."""
    with transaction.atomic():
        play(world, planned, history(data, planned))
        stored_equals_live()
        report_equals_live(world, today())
        transaction.set_rollback(True)


def test_a_started_course_sets_its_requests_first_start_and_the_report_counts_it_from_the_requests(world):
    day = today()
    request = new_request(world, new_citizen(world), day - timedelta(days=20))
    waiting = new_request(world, new_citizen(world, CPRS[1]), day - timedelta(days=3))
    data = actions.CourseData(
        offer_type=OfferType.AMBULANT, started_on=day - timedelta(days=4), responsible=world.behandler
    )
    actions.start_course_from_request(world.actor(world.visitator), request, data)
    request.refresh_from_db()
    waiting.refresh_from_db()
    assert (request.first_started_on, waiting.first_started_on) == (day - timedelta(days=4), None)
    # A stale copy of the request, saved again, does not undo it.
    stale = Request.objects.get(pk=request.pk)
    stale.first_started_on = None
    stale.note = "Ringet op"
    stale.save()
    request.refresh_from_db()
    assert (request.first_started_on, request.note) == (day - timedelta(days=4), "Ringet op")
    filters = Filters(scope_for(world.actor(world.leder), f"unit:{world.faxe.pk}"), day.year, day.year)
    with CaptureQueriesContext(connection) as queries:
        rows = guarantee_rows(filters)
    assert len(queries) == 2  # started, not started: over the requests, no course read
    assert all("treatment_course" not in q["sql"] for q in queries.captured_queries)
    # 16 days from request to start, 2 past the deadline; the other waits within its deadline.
    assert counted(rows) == Counter({(day.year, "late", 16): 1, (day.year, "waiting", None): 1})


def test_the_migrations_update_and_the_refresh_fill_every_request_from_its_courses(world):
    """The migration's one set-based UPDATE gives what the refresh gives, on the backend in use:
    for every request, or for those a subquery names."""
    day = today()
    first = new_request(world, new_citizen(world), day - timedelta(days=30))
    new_request(world, new_citizen(world, CPRS[1]), day - timedelta(days=3))
    data = actions.CourseData(
        offer_type=OfferType.AMBULANT, started_on=day - timedelta(days=9), responsible=world.behandler
    )
    actions.start_course_from_request(world.actor(world.visitator), first, data)
    Course.objects.bulk_create(
        [
            Course(
                citizen_id=first.citizen_id,
                unit_id=first.unit_id,
                request=first,
                offer_type=OfferType.DAY,
                legal_basis="sul_141",
                started_on=day - timedelta(days=12),
                ended_on=day - timedelta(days=10),
                end_reason="completed",
                responsible=world.behandler,
            )
        ]
    )
    Request.objects.update(first_started_on=None)
    with connection.cursor() as cursor:
        cursor.execute(FILL)
    assert sorted(Request.objects.values_list("received_on", "first_started_on")) == [
        (day - timedelta(days=30), day - timedelta(days=12)),
        (day - timedelta(days=3), None),
    ]
    stored_equals_live()
    Request.objects.update(first_started_on=None)
    assert refresh_first_start() == 2  # every request, as after a bulk load
    stored_equals_live()
    Request.objects.update(first_started_on=None)
    assert refresh_first_start(Request.objects.filter(pk=first.pk).values("pk")) == 1  # a subquery
    assert sorted(Request.objects.values_list("first_started_on", flat=True), key=str) == [
        day - timedelta(days=12),
        None,
    ]
