"""The escalations' age chart reads on either palette and uses its page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from alliance_desk.ui.escalations.chart import BUCKET_COLOURS, AgeChart, ink_on
from tests.ui.test_fits import SIZES, settle
from tests.ui.test_theme import contrast


def test_the_counts_on_every_bar_read_at_4_5_to_1() -> None:
    """White on the light blue of a young escalation was 1.9:1."""
    for fill in BUCKET_COLOURS:
        assert contrast(ink_on(QColor(fill)), QColor(fill)) >= 4.5, fill


def _age_chart(window):
    """The escalations' age chart, on screen."""
    window.show()
    window.show_section("escalations")
    view = window.view("escalations")
    view.tabs.setCurrentIndex(1)
    settle()
    return view.chart


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_bars_grow_into_the_page(demo_window, size) -> None:
    """A few alliances get tall bars, not a strip at the top of an empty page."""
    demo_window.resize(*size)
    chart = _age_chart(demo_window)
    assert isinstance(chart, AgeChart) and 1 <= len(chart.counts) <= 6
    page = chart.parentWidget()
    assert chart.height() >= 0.8 * page.height()
    image = chart.grab().toImage()
    young = QColor(BUCKET_COLOURS[1])  # every demo alliance has an 8–30-day escalation
    column = next(
        x
        for x in range(image.width())
        if any(image.pixelColor(x, y) == young for y in range(image.height()))
    )
    top = next(y for y in range(image.height()) if image.pixelColor(column, y) == young)
    bottom = next(y for y in range(top, image.height()) if image.pixelColor(column, y) != young)
    assert bottom - top >= 28, "the first bar is taller than a text line"


def test_on_a_wide_screen_every_alliance_is_named_whole(demo_window) -> None:
    """ "Asia licensing of Halcyon immunology …" was cut with room to spare at 1440×900."""
    demo_window.resize(1440, 881)
    chart = _age_chart(demo_window)
    metrics = chart.fontMetrics()
    assert all(metrics.horizontalAdvance(name) <= chart.label_width() - 10 for name in chart.counts)
