"""Today: the landing view. For now it shows the portfolio at a glance; each register adds its
own lines (overdue contacts, escalations past SLA, …) as it is built."""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.portfolio import Phase
from alliance_desk.store import portfolio
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.theme import TIER_COLOURS
from alliance_desk.ui.widgets import EmptyState, body_text, heading

COMING = (
    "Stakeholders you have not contacted within their planned cadence",
    "Onboarding items due this week",
    "Escalations past their service level, and those about to be",
    "Risks due for review, obligations inside their notice period, decisions not implemented",
    "The next governance meetings",
    "This week's progress on the seven habits",
)


def _tile(value: str, caption: str, colour: str | None = None) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    number = QLabel(value)
    number.setStyleSheet(f"font-size: 26px; font-weight: 600; color: {colour or '#1f2a33'};")
    text = QLabel(caption)
    text.setObjectName("muted")
    layout.addWidget(number)
    layout.addWidget(text)
    return frame


class TodayView(QWidget):
    open_alliance = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.create_alliance = None  # set by the main window
        self.open_demo = None
        self.empty = EmptyState(
            "Welcome to Alliance Desk",
            "Your personal system of record for the alliances you manage: who matters on both "
            "sides, what is stuck, what is at risk, and a governance pack in one step. "
            "Everything stays on this computer.",
            [
                (
                    "Create my first alliance",
                    lambda: self.create_alliance and self.create_alliance(),
                ),
                ("Open the demo portfolio", lambda: self.open_demo and self.open_demo()),
            ],
        )
        self.date_label = QLabel()
        self.date_label.setObjectName("muted")
        self.tiles = QGridLayout()
        self.alliances = QListWidget()
        self.alliances.itemActivated.connect(self._activated)
        self.alliances.itemClicked.connect(self._activated)
        self.alliances.setMinimumHeight(200)

        content = QWidget()
        layout = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(heading("Today"), 0)
        top.addSpacing(12)
        top.addWidget(self.date_label, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addLayout(self.tiles)
        layout.addWidget(heading("Your alliances", level=2))
        layout.addWidget(self.alliances, 1)
        layout.addWidget(heading("Also on this page as the registers fill", level=2))
        layout.addWidget(body_text("\n".join(f"•  {line}" for line in COMING)))

        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.empty)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.pages)
        desk.data_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        today = date.today()
        self.date_label.setText(today.strftime("%A %d %B %Y"))
        alliances = portfolio.list_alliances(self.desk.store) if self.desk.store else []
        self.pages.setCurrentIndex(0 if alliances else 1)
        while self.tiles.count():
            item = self.tiles.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        tiers = Counter(a.tier for a in alliances)
        active = sum(1 for a in alliances if a.phase is not Phase.EXIT)
        self.tiles.addWidget(_tile(str(len(alliances)), "alliances in the portfolio"), 0, 0)
        self.tiles.addWidget(_tile(str(active), "not in exit"), 0, 1)
        for column, tier in enumerate((1, 2, 3), start=2):
            self.tiles.addWidget(
                _tile(str(tiers[tier]), f"tier {tier}", TIER_COLOURS[tier]), 0, column
            )
        self.alliances.clear()
        for alliance in sorted(alliances, key=lambda a: (a.tier, a.name.casefold())):
            item = QListWidgetItem(
                f"Tier {alliance.tier}  ·  {alliance.name}  —  {alliance.partner}"
                f"  ·  {alliance.phase.label}"
            )
            item.setData(Qt.ItemDataRole.UserRole, alliance.id)
            item.setToolTip(alliance.north_star or "No North Star recorded yet")
            self.alliances.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_alliance.emit(item.data(Qt.ItemDataRole.UserRole))
