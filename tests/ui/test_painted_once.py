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
