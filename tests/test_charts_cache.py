# SPDX-License-Identifier: AGPL-3.0-or-later
"""The statistics charts are drawn once and shared through Django's cache by every worker."""

import pytest
from django.core.cache import cache
from django.utils import translation

from forlob.stats import charts
from forlob.stats.report import Report
from forlob.stats.suppression import suppress_table
from tests.conftest import password_login


@pytest.fixture
def figures(settings, monkeypatch) -> list[object]:
    """A cache of its own, empty, and every matplotlib Figure the charts make."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "charts"}}
    cache.clear()
    made: list[object] = []

    def figure(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(args)
        return real(*args, **kwargs)

    real = charts.Figure
    monkeypatch.setattr(charts, "Figure", figure)
    return made


def report(count: int, row: str = "2026") -> Report:
    table = suppress_table([[count, 7]], row_totals=False, column_totals=False)
    return Report("Afsluttede forløb", "", "År", [row], ["Planlagt", "Udeblevet"], table)


def test_a_chart_is_drawn_once_and_then_read_from_the_shared_cache(figures):
    first = charts.chart_svg(report(12))
    assert len(figures) == 1 and "<svg" in first
    assert len(cache._cache) == 1  # type: ignore[attr-defined]  # one chart kept, under a digest
    (key,) = (k for k in cache._cache)  # type: ignore[attr-defined]
    assert "stats-chart:" in key and "Afsluttede" not in key and "Planlagt" not in key
    # Another request, or another worker reading the same cache: no drawing.
    assert charts.chart_svg(report(12)) == first
    assert len(figures) == 1


def test_other_counts_labels_or_language_draw_a_chart_of_their_own(figures):
    charts.chart_svg(report(12))
    charts.chart_svg(report(13))  # another count
    charts.chart_svg(report(12, row="2025"))  # another label
    assert len(figures) == 3
    with translation.override("en"):
        charts.chart_svg(report(12))  # the texts in the chart are another language's
    assert len(figures) == 4
    charts.chart_svg(report(13))
    assert len(figures) == 4


def test_a_chart_with_nothing_to_draw_is_neither_drawn_nor_kept(figures):
    empty = Report("Tom", "", "År", ["2026"], ["Antal"], suppress_table([[0]], row_totals=False, column_totals=False))
    assert charts.chart_svg(empty) == ""
    assert figures == [] and len(cache._cache) == 0  # type: ignore[attr-defined]


def test_a_cache_that_does_not_answer_costs_a_drawing_not_the_page(settings, client, world):
    """Redis down (nothing listens on the port): the chart is drawn, the statistics page answers."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    assert "<svg" in charts.chart_svg(report(12))
    assert password_login(client, world.leder.username)
    page = client.get(f"/statistik/afslutningsaarsager/?scope=unit:{world.faxe.pk}")
    assert page.status_code == 200 and "<svg" in page.content.decode()
