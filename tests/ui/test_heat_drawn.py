"""The risk heat map keeps its last drawing while its counts are the same (a Risks showing
after an edit that moved no risk draws nothing again), and never shows a stale one: another
count, size or palette draws it afresh, as a new map would draw it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from alliance_desk.ui.risks.heatmap import HeatMap

CELLS = {(5, 5): 106, (4, 2): 91, (1, 1): 84, (3, 3): 7}


def shown(heat: HeatMap) -> QImage:
    heat.repaint()
    return heat.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def drawn_afresh(heat: HeatMap) -> QImage:
    new = HeatMap()
    new.resize(heat.size())
    new.set_cells(dict(heat.cells))
    new.show()
    try:
        return shown(new)
    finally:
        new.close()
        new.deleteLater()


@pytest.fixture
def heat(qtbot):
    heat = HeatMap()
    qtbot.addWidget(heat)
    heat.resize(300, 200)
    heat.set_cells(dict(CELLS))
    heat.show()
    qtbot.waitExposed(heat)
    return heat


def test_the_same_counts_are_not_drawn_again(heat) -> None:
    first, drawn = shown(heat), heat.picture.drawings
    heat.set_cells(dict(CELLS))  # counted again after an edit: nothing moved
    heat.hide()
    heat.show()
    assert shown(heat) == first
    assert heat.picture.drawings == drawn


def test_a_new_count_a_size_or_a_palette_draws_it_afresh(heat) -> None:
    looks = [shown(heat)]
    heat.set_cells({**CELLS, (2, 4): 3})
    looks.append(shown(heat))
    assert looks[1] == drawn_afresh(heat) and looks[1] != looks[0]
    heat.resize(360, 240)
    looks.append(shown(heat))
    assert looks[2] == drawn_afresh(heat)
    app = QApplication.instance()
    previous = app.palette()
    dark = QPalette(previous)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202326"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e3e7ea"))
    app.setPalette(dark)
    QApplication.processEvents()  # the map is told of its new palette, as between two inputs
    try:
        looks.append(shown(heat))
        assert looks[3] == drawn_afresh(heat) and looks[3] != looks[2]
    finally:
        app.setPalette(previous)
    assert heat.picture.drawings >= 4
