"""Enter on a list's row moves the keyboard into the form beside it.

Enter did nothing in a register or the portfolio: only the Alt+letter of each field reached
the form (a screenshot review). Now Enter (or a double click) puts the keyboard in the first
field of the record's form; Tab goes on from there and Shift+Tab comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

TAB = Qt.FocusPolicy.TabFocus


def enter_moves_into(table: QAbstractItemView, fields: Callable[[], Iterable[QWidget]]) -> None:
    """Enter (Qt's "activated") on a row of `table` focuses the first of `fields()` on screen
    that takes the keyboard (none while no record is shown)."""

    def into(_index) -> None:
        for field in fields():
            if field.isVisible() and field.isEnabled() and field.focusPolicy() & TAB:
                field.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    table.activated.connect(into)
