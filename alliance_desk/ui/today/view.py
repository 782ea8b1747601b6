"""Today: the landing view — what needs attention across the portfolio this week, every line
opening the record behind it. The lists are worked out in core/today.py (the command line's
`today` prints the same); this view only shows them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.changes import Kind
from alliance_desk.core.records import Opens
from alliance_desk.core.today import Section, Today
from alliance_desk.store.today import load_today
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.theme import OVERDUE, TIER_COLOURS
from alliance_desk.ui.widgets import EmptyState, body_text, heading

# Today shows something of every kind of record.
SHOWS = frozenset(Kind)
SECTION_KEYS = ("calls", "onboarding", "escalations", "registers", "meetings", "alliances")


class AttentionList(QWidget):
    """A titled list of things to act on; late ones in the overdue colour."""

    activated = Signal(object)  # the line's `Opens`

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading("", level=2)
        self.list = QListWidget()
        self.list.setMinimumHeight(110)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)

    def set_section(self, section: Section) -> None:
        self.list.clear()
        for line in section.lines:
            item = QListWidgetItem(line.text)
            item.setData(Qt.ItemDataRole.UserRole, line.opens)
            item.setToolTip(line.detail)
            if line.late:
                item.setForeground(QColor(OVERDUE))
            self.list.addItem(item)
        total = section.total
        self.heading.setText(f"{section.title} ({total})" if total else section.title)
        if section.more > 0:
            self.list.addItem(f"… and {section.more} more: see the section itself.")
        if not total:
            self.list.addItem(section.nothing)

    def count(self) -> int:
        return sum(
            1
            for row in range(self.list.count())
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) is not None
        )

    def _activated(self, item: QListWidgetItem) -> None:
        opens = item.data(Qt.ItemDataRole.UserRole)
        if opens is not None:
            self.activated.emit(opens)


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
    open_record = Signal(object)  # core.records.Opens
    prepare_pack = Signal(object)  # (alliance id, meeting id)

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
        self.lists: dict[str, AttentionList] = {}
        for key in SECTION_KEYS:
            self.lists[key] = AttentionList()
            self.lists[key].activated.connect(self._open)
        self.calls, self.onboarding = self.lists["calls"], self.lists["onboarding"]
        self.escalations, self.registers = self.lists["escalations"], self.lists["registers"]
        self.meetings, self.alliances = self.lists["meetings"], self.lists["alliances"]
        self.shown: Today | None = None

        content = QWidget()
        layout = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(heading("Today"), 0)
        top.addSpacing(12)
        top.addWidget(self.date_label, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addLayout(self.tiles)
        grid = QGridLayout()
        grid.addWidget(self.calls, 0, 0)
        grid.addWidget(self.onboarding, 0, 1)
        grid.addWidget(self.escalations, 1, 0)
        grid.addWidget(self.registers, 1, 1)
        grid.addWidget(self.meetings, 2, 0)
        grid.addWidget(self.alliances, 2, 1)
        layout.addLayout(grid, 1)
        self.habit_summary = body_text("")
        layout.addWidget(heading("This week's habits", level=2))
        layout.addWidget(self.habit_summary)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        self.pages = QStackedWidget()
        self.pages.addWidget(scroll)
        self.pages.addWidget(self.empty)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.pages)
        follow(desk, self, self.reload, SHOWS, alliance=False)

    def _open(self, opens: Opens) -> None:
        """Open what a line is about, in its section."""
        self.open_record.emit(opens)

    def reload(self) -> None:
        store = self.desk.store
        if store is None:
            self.pages.setCurrentIndex(1)
            return
        self.show_today(load_today(store, policy=self.desk.policy))

    def show_today(self, today: Today) -> None:
        self.shown = today
        self.date_label.setText(today.day.strftime("%A %d %B %Y"))
        has_alliances = today.tiles[0].value > 0
        self.pages.setCurrentIndex(0 if has_alliances else 1)
        if not has_alliances:
            return
        while self.tiles.count():
            item = self.tiles.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for column, tile in enumerate(today.tiles):
            colour = TIER_COLOURS[tile.tier] if tile.tier else None
            self.tiles.addWidget(_tile(str(tile.value), tile.caption, colour), 0, column)
        for section in today.sections:
            self.lists[section.key].set_section(section)
        self.habit_summary.setText(today.habits)
