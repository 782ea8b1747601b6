"""The 52 weeks of each habit: a week without a check-in is drawn, not left as the window's
own colour, so the grid and the key's "None" can be seen on either palette."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QImage

from alliance_desk.ui.habits.heatmap import HeatMap
from tests.ui.test_quadrant_drawn import another_palette
from tests.ui.test_theme import contrast


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_an_empty_week_stands_out_from_the_window(qtbot, dark) -> None:
    roles = {"Window": "#1f2226", "Base": "#171a1d", "Text": "#e3e7ea"} if dark else {}
    with another_palette(**roles):
        grid = HeatMap()
        qtbot.addWidget(grid)
        weeks = [date(2025, 12, 8) + timedelta(weeks=i) for i in range(52)]
        grid.set_rows(weeks, [("Bridge differences", [0.0] * 51 + [1.0])])
        grid.resize(900, 120)
        grid.show()
        qtbot.waitExposed(grid)
        image = grid.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        window = grid.palette().window().color()
        middle_week = image.pixelColor(image.width() * 2 // 3, 4 + grid.cell_height() // 2)
        assert contrast(middle_week, window) >= 1.1


@pytest.mark.parametrize("width", [420, 517, 640])
def test_the_latest_month_s_name_is_drawn_whole(qtbot, width: int) -> None:
    """The month under the latest weeks is drawn inside the map: at 1024×700 the last one
    was cut at the right edge ("De")."""
    heat = HeatMap()
    qtbot.addWidget(heat)
    latest = date(2026, 12, 7)  # the first week of December: its name goes under it
    weeks = [latest - timedelta(weeks=51 - n) for n in range(52)]
    heat.set_rows(weeks, [("Build trust", [0.5] * 52)])
    heat.resize(width, heat.minimumHeight())
    image = heat.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    background = image.pixelColor(image.width() - 1, 0)
    edge = {
        image.pixelColor(image.width() - 1 - x, y).name()
        for x in range(2)
        for y in range(image.height())
    }
    assert edge == {background.name()}, edge
