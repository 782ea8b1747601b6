"""The risk heat map keeps its last drawing while its counts are the same (a Risks showing
after an edit that moved no risk draws nothing again), and never shows a stale one: another
count, size or palette draws it afresh, as a new map would draw it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from alliance_desk.ui.risks.heatmap import HeatMap
from tests.ui.test_quadrant_drawn import another_palette, drawn_like, shown

CELLS = {(5, 5): 106, (4, 2): 91, (1, 1): 84, (3, 3): 7}


def drawn_afresh(heat: HeatMap) -> QImage:
    return drawn_like(heat, lambda new: new.set_cells(dict(heat.cells)))


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
    with another_palette(Window="#202326", WindowText="#e3e7ea"):
        looks.append(shown(heat))
        assert looks[3] == drawn_afresh(heat) and looks[3] != looks[2]
    assert heat.picture.drawings >= 4
