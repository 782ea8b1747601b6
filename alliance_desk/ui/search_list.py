"""A line to type in above a table of what it finds — the command palette and the alliance
chooser. Up, Down, Page Up and Page Down move in the table while the cursor stays in the line;
Enter (or a double click) chooses the selected row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from alliance_desk.ui.table_model import Column, RowTableModel
from alliance_desk.ui.table_view import make_table, select_row
from alliance_desk.ui.widgets import muted_note

MOVES = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class SearchList(QWidget):
    """`find(text)` gives the rows for what is typed (called on every keystroke)."""

    chosen = Signal(object)  # the row

    def __init__(
        self,
        columns: Sequence[Column],
        find: Callable[[str], Sequence[Any]],
        placeholder: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.search = find  # not `find`: that would hide QWidget.find()
        self.line = QLineEdit()
        self.line.setPlaceholderText(placeholder)
        self.line.setAccessibleName(placeholder)
        self.line.setClearButtonEnabled(True)
        self.line.textChanged.connect(self.refresh)
        self.line.installEventFilter(self)
        self.model: RowTableModel[Any] = RowTableModel(columns, self)
        self.table = make_table(self.model, None, stretch=1)  # in the order found: best first
        self.table.setAccessibleName(self.tr("Found"))
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the line
        self.table.setShowGrid(False)
        self.table.doubleClicked.connect(lambda _index: self.choose())
        self.nothing = muted_note("")  # what was typed found nothing: said, not an empty box
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.nothing.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.nothing, 1)
        self.refresh()

    def refresh(self) -> None:
        typed = self.line.text()
        self.model.set_rows(list(self.search(typed)))
        found = self.model.rowCount() > 0
        select_row(self.table, 0 if found else -1)
        if not found and typed.strip():
            self.nothing.setText(
                self.tr("Nothing matches “{typed}”. Try fewer letters or another word.").format(
                    typed=typed.strip()
                )
            )
        self.nothing.setVisible(not found and bool(typed.strip()))
        self.table.setVisible(not self.nothing.isVisibleTo(self))

    def current(self) -> Any:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def choose(self) -> None:
        row = self.current()
        if row is not None:
            self.chosen.emit(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in MOVES:
                QApplication.sendEvent(self.table, QKeyEvent(event))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self.choose()
                return True
        return False
