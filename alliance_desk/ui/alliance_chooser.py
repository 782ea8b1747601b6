"""The page of a section that works on one alliance, while none is chosen."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.portfolio import Alliance
from alliance_desk.ui.widgets import EmptyState

ROWS = 12  # the list is as tall as this many rows at most, and scrolls past them
FILTERED_PAST = ROWS  # more alliances than fit: a line to type part of a name in


def _centred(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget, 3)
    row.addStretch(1)
    return row


class AllianceChooser(QWidget):
    """What the section is for and the alliances to pick from (click or Enter), or how to make
    one. With more than fit in the list, a line above it narrows them to what is typed (the
    arrow keys and Enter work from the line)."""

    chosen = Signal(int)  # an alliance id

    def __init__(self, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.message = EmptyState("", "")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Type part of its name or partner"))
        self.filter.setAccessibleName(self.tr("Find an alliance"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMaximumWidth(680)
        self.filter.textChanged.connect(self._narrow)
        self.filter.installEventFilter(self)
        self.list = QListWidget()
        self.list.setObjectName("chooser")  # roomier rows (theme)
        self.list.setWordWrap(True)  # a long name wraps rather than scrolling sideways
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName(self.tr("Alliances"))
        self.list.setMaximumWidth(680)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setObjectName("primary")
        self.open_button.setToolTip(self.tr("Open the alliance selected above (Enter)"))
        self.open_button.clicked.connect(self._open_current)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.open_button)
        button_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(_centred(self.filter))
        layout.addLayout(_centred(self.list))
        layout.addLayout(button_row)
        layout.addStretch(2)

    def fill(self, alliances: Iterable[Alliance]) -> None:
        self.list.clear()
        for alliance in alliances:
            item = QListWidgetItem(f"{alliance.name} — {alliance.partner}")
            item.setData(Qt.ItemDataRole.UserRole, alliance.id)
            self.list.addItem(item)
        count = self.list.count()
        if count:
            self.message.set_text(
                self.tr("Choose an alliance"),
                self.tr(
                    "{purpose} Pick one below, or in the Alliance selector above (Ctrl+L)."
                ).format(purpose=self.purpose),
            )
            self.list.setCurrentRow(0)
        else:
            self.message.set_text(
                self.tr("No alliances yet"),
                self.tr(
                    "{purpose} Create your first alliance (Ctrl+N), or open the demo "
                    "portfolio from the File menu."
                ).format(purpose=self.purpose),
            )
        self.list.setVisible(count > 0)
        self.open_button.setVisible(count > 0)
        self.filter.setVisible(count > FILTERED_PAST)
        self.filter.clear()
        # As tall as its rows, up to ROWS of them (no empty box under a short list, and no
        # eight rows in a box above an empty page for sixty alliances); it scrolls past them.
        rows = min(count, ROWS)
        height = sum(self.list.sizeHintForRow(row) for row in range(rows))
        self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 2)

    def take_focus(self) -> None:
        """The keyboard in the line to type in, or, with no line, in the list."""
        (self.filter if self.filter.isVisibleTo(self) else self.list).setFocus()

    def _narrow(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = not all(word in item.text().casefold() for word in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)
        else:
            self.list.setCurrentRow(-1)
        self.open_button.setEnabled(first is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
                Qt.Key.Key_PageUp,
                Qt.Key.Key_PageDown,
            ):
                QApplication.sendEvent(self.list, QKeyEvent(event))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_current()
                return True
        return False

    def _chosen(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def _open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self._chosen(item)
