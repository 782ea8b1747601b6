"""Showing a section draws each of its widgets once: a detail form drawn twice at every showing
costed Risks, the escalation log and Portfolio a sixth of their showing time."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class Paints(QObject):
    """Counts paint events per widget while installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self.count: Counter[int] = Counter()
        self.widgets: dict[int, QWidget] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.count[id(watched)] += 1
            self.widgets[id(watched)] = watched
        return False

    def twice(self, within: QWidget) -> list[str]:
        return [
            f"{type(w).__name__} {w.objectName()}".strip()
            for key, w in self.widgets.items()
            if self.count[key] > 1 and within.isAncestorOf(w)
        ]


@pytest.mark.parametrize("section", ["risks", "escalations", "portfolio"])
def test_a_detail_form_is_drawn_once_each_time_its_section_is_shown(
    demo_window, qtbot, section: str
) -> None:
    window = demo_window
    window.resize(1440, 900)
    window.show_section(section)
    qtbot.waitExposed(window)
    QApplication.processEvents()
    window.show_section("today")
    QApplication.processEvents()
    paints = Paints()
    QApplication.instance().installEventFilter(paints)
    try:
        window.show_section(section)
        QApplication.processEvents()
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(paints)
    view = window.view(section)
    fields = [w for w in paints.widgets.values() if view.isAncestorOf(w)]
    assert len(fields) > 20  # the section was drawn: its table, form and buttons
    assert paints.twice(view) == []


# (Stakeholders' tab pages are lists from edge to edge: no background of their own shows.)
SECTIONS_WITH_TABS = ["escalations", "risks", "habits", "value"]


@pytest.mark.parametrize("section", SECTIONS_WITH_TABS)
def test_a_section_s_tab_pages_sit_on_the_window_s_colour(demo_window, section: str) -> None:
    """Tabs in document mode: no framed pane of a lighter shade around each page (Fusion
    filled one with a gradient at every showing, and the detail panels beside the lists
    showed a third shade). The corner of every page is the window's own colour."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QTabWidget

    window = demo_window
    window.resize(1440, 900)
    window.show_section(section)
    QApplication.processEvents()
    tabs = window.view(section).findChild(QTabWidget)
    assert tabs is not None
    colour, seen = window.palette().color(QPalette.ColorRole.Window).rgb(), 0
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        QApplication.processEvents()
        page = tabs.currentWidget()
        if type(page).__module__.startswith("alliance_desk") and "paintEvent" in vars(type(page)):
            continue  # a drawing (the 52 weeks' heat map) is its own background
        picture = window.grab().toImage()
        bare = [  # points of the page no widget on it covers: its own background
            QPoint(x, y)
            for x in range(1, page.width(), 24)
            for y in range(1, page.height(), 24)
            if page.childAt(x, y) is None
        ]
        shades = {picture.pixel(page.mapTo(window, point)) for point in bare}
        assert shades <= {colour}, f"{section}: tab {tabs.tabText(index)!r}"
        seen += len(bare)
    assert seen  # some page shows its background somewhere
