"""Today: the landing view — what needs attention across the portfolio this week, every line
opening the record behind it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

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

from alliance_desk.core.escalations import SlaPolicy
from alliance_desk.core.portfolio import Phase
from alliance_desk.core.risks import coming_due, past_review
from alliance_desk.store import (
    escalations,
    governance,
    onboarding,
    portfolio,
    risks,
    stakeholders,
)
from alliance_desk.store import habits as store_habits
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.theme import OVERDUE, TIER_COLOURS
from alliance_desk.ui.widgets import EmptyState, body_text, heading


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    target: Any  # what activating the line opens
    late: bool = False
    tooltip: str = ""


def _when(due: date, today: date) -> str:
    late = (today - due).days
    if late > 0:
        return f"overdue {late} d"
    return "today" if late == 0 else due.strftime("%a %d %b")


class AttentionList(QWidget):
    """A titled list of things to act on; late ones in the overdue colour."""

    activated = Signal(object)

    def __init__(self, title: str, nothing: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.nothing = title, nothing
        self.heading = heading(title, level=2)
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

    LIMIT = 50  # a list longer than this is a register, not a to-do list: see its section

    def set_items(self, items: Sequence[Any], line_for: Callable[[Any], Line]) -> None:
        """Show the first LIMIT of `items` (already in order) and count them all: at heavy
        scale there are thousands, and only the lines on screen are worth formatting."""
        self.set_lines([line_for(item) for item in items[: self.LIMIT]], len(items))

    def set_lines(self, lines: list[Line], total: int | None = None) -> None:
        total = len(lines) if total is None else total
        self.list.clear()
        for line in lines[: self.LIMIT]:
            item = QListWidgetItem(line.text)
            item.setData(Qt.ItemDataRole.UserRole, line.target)
            item.setToolTip(line.tooltip)
            if line.late:
                item.setForeground(QColor(OVERDUE))
            self.list.addItem(item)
        self.heading.setText(f"{self.title} ({total})" if total else self.title)
        if total > self.LIMIT:
            self.list.addItem(f"… and {total - self.LIMIT} more: see the section itself.")
        if not total:
            self.list.addItem(self.nothing)

    def count(self) -> int:
        return sum(
            1
            for row in range(self.list.count())
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) is not None
        )

    def _activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target is not None:
            self.activated.emit(target)


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


def _habit_line(store, today: date) -> str:
    """This week's check-ins against each habit's target, in one line."""
    start = today - timedelta(days=today.weekday())
    counts: dict[str, int] = {}
    for checkin in store_habits.checkins(store, start, start + timedelta(days=6)):
        counts[checkin.habit] = counts.get(checkin.habit, 0) + 1
    parts = [
        f"{habit.name.split(' and ')[0]} {counts.get(habit.key, 0)}/{habit.target}"
        for habit in store_habits.habits(store)
        if habit.target
    ]
    return "  ·  ".join(parts)


class TodayView(QWidget):
    open_alliance = Signal(int)
    open_person = Signal(int, int)  # alliance id, stakeholder id
    open_plan = Signal(int)
    open_escalation = Signal(int)
    open_register = Signal(object)  # (tab name, alliance id, record id)
    open_meeting = Signal(object)  # (alliance id, meeting id)

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
        self.calls = AttentionList("Calls due this week", "Nobody is due a call this week.")
        self.calls.activated.connect(lambda target: self.open_person.emit(*target))
        self.onboarding = AttentionList(
            "Onboarding due this week", "No onboarding items are due this week."
        )
        self.onboarding.activated.connect(self.open_plan.emit)
        self.escalations = AttentionList(
            "Escalations past or near their SLA", "No escalation is past or near its SLA."
        )
        self.escalations.activated.connect(self.open_escalation.emit)
        self.sla_policy = SlaPolicy  # replaced by the main window with the user's preferences
        self.habit_progress = _habit_line  # the main window passes the week-start preference
        self.registers = AttentionList(
            "Risks, decisions and obligations to look at",
            "No risk review, decision review or obligation is due.",
        )
        self.registers.activated.connect(self.open_register.emit)
        self.meetings = AttentionList(
            "Next meetings and overdue actions", "No meeting planned and no action overdue."
        )
        self.meetings.activated.connect(self.open_meeting.emit)
        self.alliances = AttentionList("Your alliances", "No alliances yet.")
        self.alliances.activated.connect(self.open_alliance.emit)

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
        follow(desk, self, self.reload, alliance=False)

    def reload(self) -> None:
        today = date.today()
        self.date_label.setText(today.strftime("%A %d %B %Y"))
        store = self.desk.store
        alliances = portfolio.list_alliances(store) if store else []
        self.pages.setCurrentIndex(0 if alliances else 1)
        if not alliances:
            return
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
        names = {a.id: a.name for a in alliances}
        self.calls.set_items(
            stakeholders.calls_due(store, today, 7),
            lambda call: Line(
                f"{call.name}  ·  {names.get(call.alliance_id, '')}  ·  {_when(call.due, today)}",
                (call.alliance_id, call.stakeholder_id),
                call.due < today,
                f"{call.title}\nLast contact: "
                f"{call.last_contact.isoformat() if call.last_contact else 'none logged'}",
            ),
        )
        self.onboarding.set_lines(
            [
                Line(
                    f"{due.person_name}  ·  {_when(due.item.due, today)}  ·  {due.item.title}",
                    due.plan_id,
                    due.item.due < today,
                    f"{due.person_name} on {due.alliance_name}\n{due.item.title}"
                    + (f"\n{due.item.detail}" if due.item.detail else ""),
                )
                for due in onboarding.items_due(store, today, 7)
            ]
        )
        policy = self.sla_policy()
        soon = today + timedelta(days=3)
        clocks = ((e.trigger_date(policy), e) for e in escalations.sla_clocks(store))
        urgent = sorted((pair for pair in clocks if pair[0] <= soon), key=lambda pair: pair[0])
        self.escalations.set_items(
            urgent,
            lambda pair: Line(
                f"{pair[1].title}  ·  {pair[1].alliance_name}  ·  level {pair[1].level}  ·  "
                f"{pair[1].sla_text(today, policy)}",
                pair[1].id,
                pair[0] < today,
                f"Open {pair[1].days_open(today)} days; trigger {pair[0].isoformat()}",
            ),
        )

        def risk_line(r) -> Line:
            return Line(
                f"Review risk · {r.title}  ·  {names.get(r.alliance_id, '')}  ·  "
                f"{_when(r.next_review, today)}",
                ("risks", r.alliance_id, r.id),
                r.next_review < today,
                f"Score {r.score} ({r.band})",
            )

        def obligation_line(o) -> Line:
            return Line(
                f"Obligation · {o.draft.title}  ·  {names.get(o.alliance_id, '')}  ·  "
                f"due {_when(o.draft.due_date, today)}",
                ("obligations", o.alliance_id, o.id),
                o.draft.due_date < today,
                f"{o.draft.party.label}; notice from {o.draft.notice_from.isoformat()}",
            )

        def decision_line(d) -> Line:
            return Line(
                f"Decision review · {d.draft.title}  ·  {names.get(d.alliance_id, '')}  ·  "
                f"{d.draft.status.label.lower()}",
                ("decisions", d.alliance_id, d.id),
                True,
                f"Review was due {d.draft.review_date.isoformat()}",
            )

        registers = [(risk_line, r) for r in risks.reviews_due(store, today + timedelta(days=7))]
        registers += [
            (obligation_line, o)
            for o in coming_due(risks.list_obligations(store, open_only=True), today)
        ]
        registers += [
            (decision_line, d)
            for d in past_review(risks.list_decisions(store, review_before=today), today)
        ]
        self.registers.set_items(registers, lambda pair: pair[0](pair[1]))
        meeting_lines = [
            Line(
                f"{m.body_name}  ·  {m.starts_at:%a %d %b %H:%M}  ·  "
                f"{names.get(m.alliance_id, '')}",
                (m.alliance_id, m.meeting_id),
                tooltip=f"{m.agenda_items} agenda items; {m.location}",
            )
            for m in governance.coming_meetings(store, datetime.now(), 5)
        ]
        meeting_lines += [
            Line(
                f"Action · {a.title}  ·  {a.body_name}  ·  {_when(a.due, today)}",
                (a.alliance_id, a.meeting_id),
                True,
            )
            for a in governance.late_actions(store, today)
        ]
        self.meetings.set_lines(meeting_lines)
        self.habit_summary.setText(self.habit_progress(store, today))
        self.alliances.set_lines(
            [
                Line(
                    f"Tier {a.tier}  ·  {a.name}  —  {a.partner}  ·  {a.phase.label}",
                    a.id,
                    tooltip=a.north_star or "No North Star recorded yet",
                )
                for a in sorted(alliances, key=lambda a: (a.tier, a.name.casefold()))
            ]
        )
