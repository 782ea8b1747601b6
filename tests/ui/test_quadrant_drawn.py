"""The quadrant keeps its last drawing while it shows the same (returning to Value does not
draw 600 dots again), and never shows a stale one: a moved dot, another focus, size or palette
draws it afresh, the same picture a new chart draws."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from alliance_desk.ui.value.quadrant import QuadrantMap
from tests.ui.test_quadrant_fits import crowded

W = TypeVar("W", bound=QWidget)


def shown(widget: QWidget) -> QImage:
    widget.repaint()
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def drawn_like(widget: W, fill: Callable[[W], None]) -> QImage:
    """What a new widget of the same kind, size and font shows once `fill` gave it the same
    content."""
    new = type(widget)()
    new.resize(widget.size())
    new.setFont(widget.font())
    fill(new)
    new.show()
    try:
        return shown(new)
    finally:
        new.close()
        new.deleteLater()


@contextmanager
def another_palette(**roles: str) -> Iterator[None]:
    """The application's palette with `roles` (QPalette.ColorRole names) in other colours,
    for the block; widgets are told of it, as between two inputs."""
    app = QApplication.instance()
    previous = app.palette()
    changed = QPalette(previous)
    for role, colour in roles.items():
        changed.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    app.setPalette(changed)
    QApplication.processEvents()
    try:
        yield
    finally:
        app.setPalette(previous)


def drawn_afresh(chart: QuadrantMap) -> QImage:
    """What a chart made now, with the same content, size and font, shows."""
    return drawn_like(chart, lambda new: new.set_placements(chart.placements, chart.focused))


def alike(one: QImage, other: QImage) -> bool:
    """The same picture, but for rounding in the odd blended pixel (drawing into a picture
    first rounds an edge pixel's colour by at most one step here and there)."""
    if one.size() != other.size():
        return False
    differ = 0
    for y in range(0, one.height()):
        for x in range(0, one.width()):
            a, b = QColor(one.pixel(x, y)), QColor(other.pixel(x, y))
            if a != b:
                if (
                    max(
                        abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())
                    )
                    > 2
                ):
                    return False
                differ += 1
    return differ < 20


@pytest.fixture
def chart(qtbot):
    chart = QuadrantMap()
    qtbot.addWidget(chart)
    chart.resize(520, 420)
    chart.set_placements(crowded(60), None)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def test_showing_the_same_chart_again_does_not_draw_it_again(chart) -> None:
    first = shown(chart)
    drawn = chart.drawings
    chart.hide()
    chart.show()
    again = shown(chart)
    chart.set_placements(list(chart.placements), None)  # read again, nothing moved
    assert shown(chart) == again == first
    assert chart.drawings == drawn


def test_a_moved_dot_is_drawn_at_its_new_place(chart) -> None:
    before, drawn = shown(chart), chart.drawings
    moved = list(chart.placements)
    moved[3] = replace(moved[3], value=4.8, risk=1.2)  # to the "protect" corner
    chart.set_placements(moved, None)
    after = shown(chart)
    assert chart.drawings == drawn + 1
    assert after != before
    assert alike(after, drawn_afresh(chart))


def test_focus_size_and_palette_each_draw_it_afresh(chart) -> None:
    looks = [shown(chart)]
    chart.set_placements(chart.placements, chart.placements[0].alliance_id)
    looks.append(shown(chart))
    assert alike(looks[-1], drawn_afresh(chart))
    chart.resize(600, 460)
    looks.append(shown(chart))
    assert alike(looks[-1], drawn_afresh(chart))
    with another_palette(Base="#171a1d", Text="#e3e7ea"):
        looks.append(shown(chart))
        assert alike(looks[-1], drawn_afresh(chart))
    assert looks[0] != looks[1]  # the focused alliance has a ring and a bold name
    assert looks[1].size() != looks[2].size()
    assert looks[2] != looks[3]
    assert chart.drawings >= 4
