"""Today: the landing view — cards counting what needs action, one ranked to-do list whose
tasks open with Enter and can be acted on in place (log the call, tick the item, prepare the
pack, snooze), the next meetings and this week's habits. What is listed and in which order is
worked out in core (core/today.py, core/tasks.py; `alliance-desk today` prints the same)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import clock, shown_long, shown_short
from alliance_desk.core.i18n import by_count
from alliance_desk.core.ranked import MergedTasks, TaskList
from alliance_desk.core.task import Task
from alliance_desk.core.today import Today
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP
from alliance_desk.ui.parts_label import PartsLabel
from alliance_desk.ui.room import ShownWhenRoom
from alliance_desk.ui.today.actions import TaskActions
from alliance_desk.ui.today.cards import CardRow
from alliance_desk.ui.today.habits import HabitWeek
from alliance_desk.ui.today.tasks import TaskDelegate, TaskModel
from alliance_desk.ui.whole_list import WholeList
from alliance_desk.ui.widgets import EmptyState, heading, splitter, vertical_scroll

# Today shows something of every kind of record.
SHOWS = frozenset(Kind)

NOTHING = {
    None: (
        QT_TRANSLATE_NOOP("TodayView", "Nothing needs you today"),
        QT_TRANSLATE_NOOP(
            "TodayView",
            "Calls appear here when a contact plan falls due (set one on each person in "
            "Stakeholders), onboarding items on their day, escalations near their service level, "
            "risk reviews, obligations in their notice window and decisions to chase.",
        ),
    ),
    "overdue": (
        QT_TRANSLATE_NOOP("TodayView", "Nothing is overdue"),
        QT_TRANSLATE_NOOP("TodayView", "Everything on your list is on time."),
    ),
    "sla": (
        QT_TRANSLATE_NOOP("TodayView", "No escalation is past its service level"),
        QT_TRANSLATE_NOOP("TodayView", "Nothing is waiting too long."),
    ),
    "decisions": (
        QT_TRANSLATE_NOOP("TodayView", "No decision is stalled"),
        QT_TRANSLATE_NOOP("TodayView", "Every decision is implemented or on time."),
    ),
    "milestones": (
        QT_TRANSLATE_NOOP("TodayView", "No milestone has slipped"),
        QT_TRANSLATE_NOOP("TodayView", "Every open milestone is on its planned date."),
    ),
    "meetings": (
        QT_TRANSLATE_NOOP("TodayView", "No committee meets this week"),
        QT_TRANSLATE_NOOP(
            "TodayView", "The next meetings are listed on the right; a new one: Add → Meeting."
        ),
    ),
}


# The one-key commands of Today's list: (key, its TaskActions method, what it does — Help ›
# Keyboard shortcuts lists them)
TASK_KEYS = (
    ("L", "log_call", QT_TRANSLATE_NOOP("TodayView", "Log the call")),
    ("Space", "tick", QT_TRANSLATE_NOOP("TodayView", "Tick the item")),
    ("S", "snooze", QT_TRANSLATE_NOOP("TodayView", "Snooze")),
    ("P", "pack", QT_TRANSLATE_NOOP("TodayView", "Prepare the pack")),
)


class TodayView(QWidget):
    open_record = Signal(object)  # core.records.Opens
    prepare_pack = Signal(object)  # (alliance id, meeting id)
    task_actions: TaskActions  # made after the list, whose signals already reach it

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.create_alliance: Callable[[], None] | None = None  # set by the main window
        self.open_demo: Callable[[], None] | None = None
        self.shown: Today | None = None
        self.welcome = EmptyState(
            self.tr("Welcome to Alliance Desk"),
            self.tr(
                "Your personal system of record for the alliances you manage: who matters on both "
                "sides, what is stuck, what is at risk, and a governance pack in one step. "
                "Everything stays on this computer."
            ),
            [
                (
                    self.tr("Create my first alliance"),
                    lambda: self.create_alliance and self.create_alliance(),
                ),
                (self.tr("Open the demo portfolio"), lambda: self.open_demo and self.open_demo()),
            ],
        )
        self.date_label = QLabel()
        self.date_label.setObjectName("muted")
        self.date_label.setWordWrap(True)  # never at the title's expense on a laptop
        self.cards = CardRow()
        self.cards.changed.connect(self._fill_tasks)

        self.list_title = heading("", level=2)
        self.list_title.setToolTip(
            self.tr(
                "Ranked by how late each item is, how much its kind weighs (an escalation more "
                "the higher its level and severity) and the tier and value of its alliance: a "
                "call three days late on a tier-1 alliance comes before the same call on a "
                "tier-3 one."
            )
        )
        self.show_snoozed = QCheckBox(self.tr("Show &snoozed"))
        self.show_snoozed.toggled.connect(self._fill_tasks)
        self.model = TaskModel(self)
        self.list = QListView()
        self.list.setAccessibleName(self.tr("To do, most pressing first"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(TaskDelegate(self.list))
        # A row is as tall as its wrapped second line needs at the list's width.
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(lambda _index: self.task_actions.open())
        self.nothing = EmptyState("", "")
        self.list_pages = QStackedWidget()
        self.list_pages.addWidget(self.list)
        self.list_pages.addWidget(self.nothing)
        self.task_actions = TaskActions(self)
        self.list.selectionModel().currentChanged.connect(lambda *_: self.task_actions.update())
        for key, method, _does in TASK_KEYS:
            action = QAction(self.list)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(getattr(self.task_actions, method))
            self.list.addAction(action)

        todo = QWidget()
        todo_layout = QVBoxLayout(todo)
        todo_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.list_title, 1)
        title_row.addWidget(self.show_snoozed)
        todo_layout.addLayout(title_row)
        todo_layout.addWidget(self.list_pages, 1)
        todo_layout.addLayout(self.task_actions.buttons)

        # As tall as its few meetings, each whole; the side column scrolls if they need more.
        self.meetings = WholeList()
        self.meetings.setAccessibleName(self.tr("Next meetings"))
        self.meetings.setWordWrap(True)  # wraps in the side column rather than scrolling
        self.meetings.itemActivated.connect(self._open_meeting)
        self.meetings.itemDoubleClicked.connect(self._open_meeting)
        self.pack_button = QPushButton(self.tr("Prepare its &pack…"))
        self.pack_button.setObjectName("secondary")
        self.pack_button.clicked.connect(self._pack_for_meeting)
        self.habit_week = HabitWeek()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        side_layout.addWidget(heading(self.tr("Next meetings"), level=2))
        side_layout.addWidget(self.meetings)
        side_layout.addWidget(self.pack_button, 0, Qt.AlignmentFlag.AlignLeft)
        side_layout.addWidget(heading(self.tr("This week's habits"), level=2))
        side_layout.addWidget(self.habit_week)
        hint = self.tr(
            "Keys in the list: Enter opens the record · L logs the call · Space ticks the "
            "item · P prepares the pack · S snoozes"
        )
        # Lines break between the keys, never inside one ("… P prepares the pack · S" over
        # "snoozes" read as if S had nothing to do) nor leave a "·" at a line's end.
        keys = PartsLabel(hint)
        keys.setObjectName("muted")
        side_layout.addWidget(keys)
        side_layout.addStretch(1)
        side_scroll = vertical_scroll(side, self.tr("Meetings and habits"))
        # Where the column would have to scroll for them, the keys step aside rather than
        # show cut across a line (the buttons under the list name Enter and S).
        self.keys = keys
        ShownWhenRoom(side_scroll, keys)

        self.splitter = splitter("todaySplitter", todo, side_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 320])

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Today")), 0)
        top.addSpacing(12)
        top.addWidget(self.date_label, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addWidget(self.cards)
        layout.addWidget(self.splitter, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.welcome)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.pages)
        follow(desk, self, self.reload, SHOWS, alliance=False)
        desk.alliance_changed.connect(lambda _alliance: self._show_day())

    # -- showing -------------------------------------------------------------------------------

    def reload(self) -> None:
        store = self.desk.store
        if store is None:
            self.pages.setCurrentWidget(self.welcome)
            return
        from alliance_desk.store.today import load_today

        self.show_today(load_today(store, policy=self.desk.policy))

    def show_today(self, today: Today) -> None:
        before, self.shown = self.shown, today
        self._show_day()
        self.pages.setCurrentIndex(0 if today.alliances else 1)
        self.cards.set_cards(today.cards)
        self.show_snoozed.setText(
            self.tr("Show &snoozed ({count})").format(count=len(today.asleep))
        )
        self.show_snoozed.setEnabled(bool(today.asleep) or self.show_snoozed.isChecked())
        if before is None or before.meetings != today.meetings or not self.meetings.count():
            self._fill_meetings(today)
        self.habit_week.set_week(today.week)
        self._fill_tasks()

    def _show_day(self) -> None:
        """The day; and, while one alliance is in focus, that Today still lists every
        alliance's (it listed them all and did not say so)."""
        if self.shown is None:
            return
        day = shown_long(self.shown.day)
        if self.desk.alliance_id is None:
            self.date_label.setText(day)
            return
        self.date_label.setText(
            self.tr("{day} · every alliance's tasks, whichever is chosen above").format(day=day)
        )

    def _fill_meetings(self, today: Today) -> None:
        self.meetings.clear()
        for meeting in today.meetings:
            count = meeting.agenda_items
            agenda = (
                by_count(count, self.tr("{count} agenda item"), self.tr("{count} agenda items"))
                if count
                else self.tr("no agenda")
            ).format(count=count)
            when = f"{shown_short(meeting.starts_at)} {clock(meeting.starts_at)} {meeting.letters}"
            place = meeting.location or self.tr("no place yet")
            # Two short lines in the side column (three meetings fit beside the habits on a
            # laptop); where and the agenda in the tooltip — the line warns of no agenda.
            item = QListWidgetItem(
                f"{meeting.body_name}\n{when}" + ("" if count else f" · {agenda}")
            )
            item.setData(Qt.ItemDataRole.UserRole, (meeting.alliance_id, meeting.meeting_id))
            item.setToolTip(f"{meeting.body_name} — {when} · {place} · {agenda}")
            self.meetings.addItem(item)
        if not today.meetings:
            self.meetings.addItem(self.tr("No meeting planned. Add → Meeting plans one."))
        self.meetings.setCurrentRow(0)
        self.pack_button.setEnabled(bool(today.meetings))

    def visible_tasks(self) -> Sequence[Task]:
        """The tasks the list shows: to do (and snoozed, if asked), only the card's kind —
        ranked, each written out only when the list reaches it."""
        if self.shown is None:
            return TaskList([])
        to_do = self.shown.to_do
        tasks: TaskList | MergedTasks = to_do
        if self.show_snoozed.isChecked():  # each in its place in the ranking
            tasks = to_do.merged(self.shown.asleep)
        day = self.shown.day
        card = self.cards.active()
        if card == "overdue":
            tasks = tasks.only(late=True, today=day)
        elif card == "sla":
            tasks = tasks.only("escalation", late=True, today=day)
        elif card == "decisions":
            tasks = tasks.only("decision", today=day)
        elif card == "milestones":
            tasks = tasks.only("milestone", late=True, today=day)
        elif card == "meetings":
            tasks = tasks.only("meeting", today=day)
        return tasks

    def _fill_tasks(self) -> None:
        keep = self.task_actions.current()
        row = self.list.currentIndex().row()
        tasks = self.visible_tasks()
        self.model.set_tasks(tasks)
        # All of them, unfiltered: as many as Today counted (a Today drawn as kept holds
        # the first page of them only, quick_start.py).
        shown = self.shown.total if self.shown and tasks is self.shown.to_do else len(tasks)
        self.list_title.setText(
            self.tr("To do — most pressing first ({shown})").format(shown=shown)
        )
        if tasks:
            self.list_pages.setCurrentWidget(self.list)
            found = self.model.row_of(keep.key) if keep else -1
            self.select_row(found if found >= 0 else min(max(row, 0), self.model.rowCount() - 1))
        else:
            self.list_pages.setCurrentWidget(self.nothing)
            title, text = NOTHING[self.cards.active()]
            self.nothing.set_text(self.tr(title), self.tr(text))
        self.task_actions.update()

    def select_row(self, row: int) -> None:
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    # -- commands ----------------------------------------------------------------------------------

    def log_interaction(self) -> None:
        """Ctrl+I on Today: the selected call, or a contact on the selected task's alliance."""
        self.task_actions.log_call(any_task=True)

    def _open_meeting(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target is not None:
            from alliance_desk.core.records import Opens

            self.open_record.emit(Opens("meeting", target[0], target[1]))

    def _pack_for_meeting(self) -> None:
        item = self.meetings.currentItem()
        target = item.data(Qt.ItemDataRole.UserRole) if item else None
        if target is not None:
            self.prepare_pack.emit(target)

    def _create_alliance(self) -> None:
        if self.create_alliance is not None:
            self.create_alliance()

    def _open_demo(self) -> None:
        if self.open_demo is not None:
            self.open_demo()

    def day(self) -> date:
        return self.shown.day if self.shown else wall.today()
