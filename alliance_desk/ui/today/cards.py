"""The cards at the top of Today: what needs action, counted. A card is a toggle button: on,
the to-do list shows only what it counts; the keyboard reaches it like any button."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from alliance_desk.core.today import Card


class CardButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setCheckable(True)
        self.key = ""
        self.number = QLabel()
        self.number.setObjectName("cardNumber")
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_card(self, card: Card) -> None:
        self.key = card.key
        self.number.setText(str(card.value))
        self.number.setProperty("alert", card.value > 0 and card.key != "meetings")
        self.number.style().unpolish(self.number)
        self.number.style().polish(self.number)
        self.caption.setText(card.caption)
        self.setToolTip(
            self.tr("{hint}. Click to list only these; again to list everything.").format(
                hint=card.hint
            )
        )
        self.setAccessibleName(f"{card.value} {card.caption}")
        self.setAccessibleDescription(card.hint)

    def sizeHint(self) -> QSize:
        layout = self.layout()
        assert layout is not None  # set in __init__
        return layout.sizeHint()

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        assert layout is not None  # set in __init__
        return layout.minimumSize()


class CardRow(QWidget):
    """Four cards; at most one on. `changed` when the user turns one on or off."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[CardButton] = []
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 4, 0, 4)

    def set_cards(self, cards: Sequence[Card]) -> None:
        while len(self.buttons) < len(cards):
            button = CardButton()
            button.toggled.connect(lambda on, b=button: self._toggled(b, on))
            self.layout_.addWidget(button, 1)
            self.buttons.append(button)
        for button, card in zip(self.buttons, cards, strict=False):
            button.set_card(card)

    def active(self) -> str | None:
        return next((b.key for b in self.buttons if b.isChecked()), None)

    def _toggled(self, button: CardButton, on: bool) -> None:
        if on:  # one at a time
            for other in self.buttons:
                if other is not button and other.isChecked():
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self.changed.emit()
