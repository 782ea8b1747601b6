"""Only the list the keyboard is in shows its selection in the accent: another list's
selected row is a pale tint of it, with the text's own colour.

Today's to-do list and its coming meetings both showed their selected row in the same teal,
as did the habits and that week's check-ins, so which one Enter, Space or L would act on was
a guess. A list that takes no focus of its own (a search's results, driven from the line
above them) keeps the accent: what it shows is what Enter picks. The sidebar's own sheet
draws its selection, whatever this sets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication

from alliance_desk.ui.theme import is_dark, mixed

_ROLES = (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText)
_LEFT = QEvent.Type.FocusOut


def follow(watched: QObject, kind: QEvent.Type) -> None:
    """On a list's polish, focus in or out, or a new theme: its selection's colours."""
    if not isinstance(watched, QAbstractItemView):
        return
    # One that takes no focus (its policy set after a first polish, too) keeps the accent.
    taken = watched.hasFocus() and kind != _LEFT
    focused = taken or watched.focusPolicy() == Qt.FocusPolicy.NoFocus
    palette = QPalette(watched.palette())
    app = QApplication.palette()
    if focused:
        for role in _ROLES:
            palette.setColor(role, app.color(role))
    else:
        base = app.color(QPalette.ColorRole.Base)
        share = 0.32 if is_dark(app) else 0.22  # a tint that still shows on a dark base
        palette.setColor(_ROLES[0], mixed(app.color(_ROLES[0]), base, share))
        palette.setColor(_ROLES[1], app.color(QPalette.ColorRole.Text))
    if any(palette.color(role) != watched.palette().color(role) for role in _ROLES):
        watched.setPalette(palette)


def is_active(view: QAbstractItemView) -> bool:
    """The list shows its selection in the accent (tests; a focused list, or one that takes
    no focus)."""
    return view.palette().color(_ROLES[0]) == QApplication.palette().color(_ROLES[0])
