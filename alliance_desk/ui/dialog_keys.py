"""Every dialog saves with Ctrl+Enter and cancels with Esc, from any field — a multi-line note
included, where Enter alone adds a line — and opens as tall as its fields need at its width.
One application-wide filter does it for every dialog the app opens, so a new dialog cannot
forget (Esc is Qt's own: QDialog rejects on it). The filter is `app_events`' (one for the
app's rules)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
NOT_OURS = (QMessageBox, QFileDialog, QProgressDialog)  # Qt's own: their buttons decide


def submits(event: QEvent) -> bool:
    return (
        isinstance(event, QKeyEvent)
        and event.key() in ENTER
        and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    )


def handle(watched: QObject, event: QEvent, kind: QEvent.Type) -> bool:
    """The rule for one ShortcutOverride or KeyPress event (`app_events` hands them over):
    Ctrl+Enter in a dialog accepts it (its accept() checks what was typed first)."""
    if not isinstance(watched, QWidget) or not submits(event):
        return False
    dialog = watched.window()
    if not isinstance(dialog, QDialog) or isinstance(dialog, NOT_OURS):
        return False
    if kind == QEvent.Type.ShortcutOverride:
        event.accept()  # the key comes to us as a key press, not as some shortcut
        return True
    dialog.accept()
    return True


def fit(watched: QObject) -> None:
    """A dialog of ours, shown for the first time, as tall as its contents at its width.

    Its height was worked out at its narrowest, where every form puts its labels above the
    fields; shown wider, the labels sit beside them and the spare height (≈ 120 px in Log an
    interaction) went to whatever could grow — a box floating away from its label, a band
    of nothing around the "For <alliance>" line."""
    if not isinstance(watched, QDialog) or isinstance(watched, NOT_OURS):
        return
    if not watched.isWindow() or watched.property("fitted"):
        return
    watched.setProperty("fitted", True)
    layout = watched.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    layout.activate()
    height = layout.totalHeightForWidth(watched.width())
    if 0 < height < watched.height():
        watched.resize(watched.width(), height)
