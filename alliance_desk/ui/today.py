"""Today: the landing view. For now it shows the portfolio at a glance; each register adds its
own lines (overdue contacts, escalations past SLA, …) as it is built."""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
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
from alliance_desk.core.stakeholders import due_within
from alliance_desk.store import portfolio, stakeholders
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.theme import OVERDUE, TIER_COLOURS
from alliance_desk.ui.widgets import EmptyState, body_text, heading

COMING = (
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
    open_person = Signal(int, int)  # alliance id, stakeholder id

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
        self.alliances.setMinimumHeight(160)
        self.calls = QListWidget()
        self.calls.itemActivated.connect(self._call_activated)
        self.calls.itemClicked.connect(self._call_activated)
        self.calls_heading = heading("Calls due this week", level=2)

        content = QWidget()
        layout = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(heading("Today"), 0)
        top.addSpacing(12)
        top.addWidget(self.date_label, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addLayout(self.tiles)
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.calls_heading)
        left.addWidget(self.calls, 1)
        right.addWidget(heading("Your alliances", level=2))
        right.addWidget(self.alliances, 1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)
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
        if alliances:
            self._fill_calls(alliances, today)
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

    def _fill_calls(self, alliances, today: date) -> None:
        self.calls.clear()
        names = {a.id: a.name for a in alliances}
        everyone = stakeholders.list_stakeholders(self.desk.store, None, today)
        due = due_within(everyone, today, 7)
        for person in due:
            when = person.next_due(today)
            late = (today - when).days
            status = (
                f"overdue {late} d"
                if late > 0
                else ("today" if late == 0 else when.strftime("%a %d %b"))
            )
            item = QListWidgetItem(
                f"{person.name}  ·  {names.get(person.alliance_id, '')}  ·  {status}"
            )
            item.setData(Qt.ItemDataRole.UserRole, (person.alliance_id, person.id))
            if late > 0:
                item.setForeground(QColor(OVERDUE))
            item.setToolTip(
                f"{person.person.title}\nLast contact: "
                f"{person.last_contact.isoformat() if person.last_contact else 'none logged'}"
            )
            self.calls.addItem(item)
        self.calls_heading.setText(f"Calls due this week ({len(due)})")
        if not due:
            self.calls.addItem("Nobody is due a call this week.")

    def _call_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target:
            self.open_person.emit(*target)
