"""A trend line (a habit's strength, a KPI, the health score) is kept as a picture: shown
again unchanged it is copied, not drawn; new values, a target or a size draw it afresh, and
what it shows is what a new chart with the same values shows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alliance_desk.ui.charts import TrendLine
from tests.ui.test_quadrant_drawn import alike, drawn_like, shown

START = date(2025, 12, 7)


def _weeks(values: list[float]) -> list[tuple[date, float]]:
    return [(START + timedelta(weeks=i), value) for i, value in enumerate(values)]


def _fill_like(chart: TrendLine):
    def fill(new: TrendLine) -> None:
        new.ticks, new.lowest, new.highest = list(chart.ticks), chart.lowest, chart.highest
        new.target, new.target_text = chart.target, chart.target_text
        new.set_points(chart.points)

    return fill


@pytest.fixture
def chart(qtbot) -> TrendLine:
    chart = TrendLine(lowest=0, highest=100)
    qtbot.addWidget(chart)
    chart.resize(480, 260)
    chart.set_scale([20, 64])
    chart.set_points(_weeks([20 + i for i in range(45)]))
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def test_shown_again_unchanged_it_is_not_drawn_again(chart) -> None:
    first, drawn = shown(chart), chart.kept.drawings
    chart.hide()
    chart.show()
    chart.set_points(list(chart.points))  # read again, the same values
    assert shown(chart) == first
    assert chart.kept.drawings == drawn


def test_new_values_a_target_and_a_size_each_draw_it_afresh(chart) -> None:
    before, drawn = shown(chart), chart.kept.drawings
    chart.set_points(_weeks([60 - i for i in range(45)]))
    after = shown(chart)
    assert after != before and chart.kept.drawings == drawn + 1
    assert alike(after, drawn_like(chart, _fill_like(chart)))
    chart.set_scale([16, 60], target=50, target_text="Target 2 a week")
    targeted = shown(chart)
    assert targeted != after
    assert alike(targeted, drawn_like(chart, _fill_like(chart)))
    chart.resize(360, 200)
    assert shown(chart).size() != targeted.size()
    assert chart.kept.drawings == drawn + 3
