"""The mouse wheel never changes a value the user is not editing.

Qt lets a combo, spin or date box take a wheel event whenever the pointer is over it, so
scrolling a long form changes — and, since every edit is saved at once, saves — whatever field
passes under the pointer. One application-wide filter fixes it for every such widget: without
keyboard focus the wheel scrolls the form around it instead; with focus it works as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)  # QDateEdit, QTimeEdit and QDateTimeEdit are spin boxes


class WheelGuard(QObject):
    """Hands wheel events over unfocused value widgets to their parents."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            # A click or Tab still gives focus; the wheel alone no longer does.
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif (
            kind == QEvent.Type.Wheel
            and isinstance(watched, GUARDED)
            and not watched.hasFocus()
            and not _inside_focused(watched)
        ):
            area = _scroll_area_around(watched)
            if area is not None:
                QCoreApplication.sendEvent(area.viewport(), event)  # scrolls the form instead
            return True
        return False


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def _inside_focused(widget: QWidget) -> bool:
    """A combo's line edit or popup may hold the focus for it."""
    focused = QApplication.focusWidget()
    return focused is not None and widget.isAncestorOf(focused)


_guard: WheelGuard | None = None


def install(app: QApplication) -> None:
    """Install the guard once for the whole application."""
    global _guard
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
