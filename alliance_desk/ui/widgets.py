"""Small widgets the views share: headings, empty states, field errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.portfolio import Alliance


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading" if level == 1 else "subheading")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def body_text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("body")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class EmptyState(QWidget):
    """A calm, centred message that says what belongs here and offers the next step."""

    def __init__(
        self,
        title: str,
        text: str,
        actions: Sequence[tuple[str, Callable[[], None]]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.title_label = title_label = heading(title)
        title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(title_label)
        self.text_label = text_label = body_text(text)
        text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text_label.setMinimumWidth(440)
        text_label.setMaximumWidth(560)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text_label)
        row.addStretch(1)
        outer.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.buttons: list[QPushButton] = []
        for index, (label, slot) in enumerate(actions):
            button = QPushButton(label)
            button.setObjectName("primary" if index == 0 else "secondary")
            button.setMinimumHeight(34)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons.append(button)
        buttons.addStretch(1)
        outer.addSpacing(12)
        outer.addLayout(buttons)
        outer.addStretch(2)

    def set_text(self, title: str, text: str) -> None:
        self.title_label.setText(title)
        self.text_label.setText(text)


class FieldError(QLabel):
    """The message under a form field; hidden while the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def vertical_scroll(inner: QWidget) -> QScrollArea:
    """`inner` in a frameless area that scrolls up and down and always fits the width."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


class AllianceChooser(QWidget):
    """The page of a section that works on one alliance, while none is chosen: what the
    section is for and the alliances to pick from (click or Enter), or how to make one."""

    chosen = Signal(int)  # an alliance id

    def __init__(self, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.text = EmptyState("", "")
        self.list = QListWidget()
        self.list.setAccessibleName("Alliances")
        self.list.setMaximumWidth(560)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.list, 2)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addLayout(centred, 2)

    def fill(self, alliances: Iterable[Alliance]) -> None:
        self.list.clear()
        for alliance in alliances:
            item = QListWidgetItem(f"{alliance.name} — {alliance.partner}")
            item.setData(Qt.ItemDataRole.UserRole, alliance.id)
            self.list.addItem(item)
        if self.list.count():
            self.text.set_text(
                "Choose an alliance",
                f"{self.purpose} Pick one below, or in the Alliance selector above (Ctrl+L).",
            )
            self.list.setCurrentRow(0)
        else:
            self.text.set_text(
                "No alliances yet",
                f"{self.purpose} Create your first alliance (Ctrl+N), or open the demo "
                "portfolio from the File menu.",
            )
        self.list.setVisible(self.list.count() > 0)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))


def splitter(name: str, *widgets: QWidget, vertical: bool = False) -> QSplitter:
    """A splitter the window remembers by `name` (where the user left it, per section), whose
    panes never collapse to nothing."""
    made = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
    made.setObjectName(name)
    made.setChildrenCollapsible(False)
    for widget in widgets:
        made.addWidget(widget)
    return made
