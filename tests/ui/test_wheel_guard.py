"""The mouse wheel changes a combo, spin or date box only when the user is editing it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from alliance_desk.store import escalations, portfolio
from alliance_desk.ui.theme import apply_theme

HALO = "HALO-7 oncology co-development"


def wheel(widget: QWidget, notches: int = -1) -> None:
    """One turn of the wheel with the pointer over the middle of `widget` (down by default)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.fixture
def long_form(qtbot, qapp):
    """A form taller than its scroll area, with one of each guarded widget in the middle."""
    apply_theme(qapp)
    area = QScrollArea()
    page = QWidget()
    layout = QFormLayout(page)
    for index in range(30):
        layout.addRow(f"Filler {index}", QSpinBox())
    combo = QComboBox()
    combo.addItems(["Marco Bellini", "Rebecca Holm", "Laura Nieminen"])
    spin = QSpinBox()
    spin.setValue(5)
    day = QDateEdit(QDate(2026, 12, 3))
    for label, widget in (("Counterpart", combo), ("Days", spin), ("Due", day)):
        layout.addRow(label, widget)
    area.setWidget(page)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, combo, spin, day


def test_the_wheel_over_unfocused_fields_scrolls_the_form_and_changes_nothing(long_form):
    area, combo, spin, day = long_form
    area.setFocus()
    for widget in (combo, spin, day):
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus
        before = area.verticalScrollBar().value()
        wheel(widget)
        assert area.verticalScrollBar().value() > before, "the form scrolls instead"
    assert combo.currentText() == "Marco Bellini"
    assert spin.value() == 5
    assert day.date() == QDate(2026, 12, 3)


def test_the_wheel_still_works_on_the_field_being_edited(long_form, qtbot):
    _, combo, spin, _ = long_form
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)
    assert combo.currentText() == "Rebecca Holm"
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, notches=1)
    assert spin.value() == 6


def test_scrolling_the_escalation_detail_never_changes_the_counterpart(demo_window):
    """The measured bug: scrolling over the detail changed and saved "Partner counterpart"."""
    store = demo_window.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("escalations")
    view = demo_window.escalations
    item = view.current
    before = escalations.get_escalation(store, item.id)
    history = len(escalations.history(store, item.id))
    view.panel.form.title.setFocus()
    for combo in (view.panel.form.counterpart, view.panel.form.owner, view.panel.form.severity):
        for notches in (-1, -1, 1, -1):
            wheel(combo, notches)
    after = escalations.get_escalation(store, item.id)
    assert after.draft == before.draft
    assert len(escalations.history(store, item.id)) == history
