"""Every dialog saves with Ctrl+Enter and cancels with Esc, from any field — a multi-line note
included, where Enter alone adds a line. One application-wide filter does it for every dialog
the app opens, so a new dialog cannot forget (Esc is Qt's own: QDialog rejects on it). The
filter is `app_events`' (one for the app's rules)."""

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
