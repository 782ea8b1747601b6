"""The mouse wheel never changes a value the user is not editing.

Qt lets a combo, spin or date box take a wheel event whenever the pointer is over it, so
scrolling a long form changes — and, since every edit is saved at once, saves — whatever field
passes under the pointer. One application-wide filter fixes it for every such widget: without
keyboard focus the wheel scrolls the form around it instead; with focus it works as usual.
The filter is `app_events`' (one for the app's rules).
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


def handle(watched: QObject, event: QEvent, kind: QEvent.Type) -> bool:
    """The rule for one Polish or Wheel event (`app_events` hands them over): True when the
    event is taken."""
    if not isinstance(watched, GUARDED):
        return False
    if kind == QEvent.Type.Polish:
        # A click or Tab still gives focus; the wheel alone no longer does.
        watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False
    if watched.hasFocus() or _inside_focused(watched):
        return False
    area = _scroll_area_around(watched)
    if area is not None:
        QCoreApplication.sendEvent(area.viewport(), event)  # scrolls the form instead
    return True


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def _inside_focused(widget: QWidget) -> bool:
    """A combo's line edit or popup may hold the focus for it."""
    focused = QApplication.focusWidget()
    return focused is not None and widget.isAncestorOf(focused)
