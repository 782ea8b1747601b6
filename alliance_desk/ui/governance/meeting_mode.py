"""Meeting mode: run a meeting from the keyboard, item by item.

Ctrl+PgDown / Ctrl+PgUp move through the agenda; the minutes of the item are saved as they are
typed (a moment after typing stops, when moving on and when the window closes — a failed save
keeps the text and says why); Ctrl+D records a decision into the decision log, Ctrl+Shift+A an
action (owner, due date, side); Ctrl+T starts or pauses the item's timer against its planned
minutes; in the attendance list P/R/A/D/I mark each person. On "Actions from the previous
meeting", Space closes or reopens the selected action itself.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import shown, shown_moment
from alliance_desk.core.governance import AgendaItem
from alliance_desk.core.minutes import Attendance, MeetingRecord
from alliance_desk.core.packs import Audience
from alliance_desk.store import minutes, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.governance import minutes_actions as record_actions
from alliance_desk.ui.governance.attendance import AttendanceList
from alliance_desk.ui.governance.carry_over import CarryOverPanel, buddy
from alliance_desk.ui.governance.commands import AddActionCommand, RecordDecisionCommand
from alliance_desk.ui.governance.dialogs import action_dialog, decision_dialog
from alliance_desk.ui.governance.item_timer import ItemTimer
from alliance_desk.ui.governance.meeting_commands import AttendanceCommand, ReviewActionCommand
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP
from alliance_desk.ui.theme import OVERDUE
from alliance_desk.ui.widgets import heading, unbroken_zone

SAVE_AFTER_MS = 600  # typing pauses this long: the minutes are saved


# Meeting mode's own keys: (keys, its method, what it does — Help › Keyboard shortcuts lists it)
MEETING_KEYS = (
    ("Ctrl+PgDown", "next_item", QT_TRANSLATE_NOOP("MeetingMode", "Next agenda item")),
    ("Ctrl+PgUp", "previous_item", QT_TRANSLATE_NOOP("MeetingMode", "Previous agenda item")),
    ("Ctrl+D", "record_decision", QT_TRANSLATE_NOOP("MeetingMode", "Record a decision")),
    ("Ctrl+Shift+A", "add_action", QT_TRANSLATE_NOOP("MeetingMode", "Add an action")),
    ("Ctrl+T", "toggle_timer", QT_TRANSLATE_NOOP("MeetingMode", "Start or pause the timer")),
)


class MeetingMode(QWidget):
    """One meeting, run from the keyboard; everything is saved as it is done."""

    def __init__(self, desk: Desk, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)  # a window of its own, not modal
        self.desk, self.meeting_id = desk, meeting_id
        self.index = 0
        self.dirty = False
        self.shown_item: int | None = None  # id of the item whose minutes the editor holds
        self.setWindowTitle(self.tr("Meeting mode"))

        self.title = heading("")
        self.title.setWordWrap(True)
        self.quorum = QLabel()
        self.quorum.setWordWrap(True)
        self.quorum.setAccessibleName(self.tr("Quorum"))
        self.state = QLabel()
        self.state.setAccessibleName(self.tr("Minutes state"))
        self.approve_button = QPushButton(self.tr("A&pprove minutes…"))
        self.approve_button.clicked.connect(lambda: record_actions.approve(self))
        self.amend_button = QPushButton(self.tr("Ame&nd…"))
        self.amend_button.clicked.connect(lambda: record_actions.amend(self))
        self.export_button = QPushButton(self.tr("E&xport minutes"))
        menu = QMenu(self.export_button)
        menu.addAction(
            self.tr("For our side (PDF)…"),
            lambda: record_actions.export_minutes(self, Audience.INTERNAL),
        )
        self.partner_export = menu.addAction(
            self.tr("For the partner, once approved (PDF)…"),
            lambda: record_actions.export_minutes(self, Audience.PARTNER),
        )
        self.export_button.setMenu(menu)
        self.rules_button = QPushButton(self.tr("Committee &rules…"))
        self.rules_button.setToolTip(
            self.tr("Quorum per side and the committee's series of meetings")
        )
        self.rules_button.clicked.connect(lambda: record_actions.committee_rules(self))

        self.attendance = AttendanceList()
        self.attendance.marked.connect(self.mark)
        self.agenda = QListWidget()
        self.agenda.setAccessibleName(self.tr("Agenda"))
        self.agenda.setWordWrap(True)
        self.agenda.currentRowChanged.connect(self._agenda_row)

        self.item_title = heading("", level=2)
        self.item_title.setWordWrap(True)
        self.timer_label = ItemTimer(self)
        self.carry_box = CarryOverPanel()
        self.carried = self.carry_box.carried
        self.carried.toggled.connect(self.toggle_carried)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("Minutes of this item"))
        self.editor.setPlaceholderText(self.tr("What was said, agreed and noted on this item…"))
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._typed)
        self.save_note = QLabel()
        self.amendments = QLabel()
        self.amendments.setWordWrap(True)
        self.decisions = QListWidget()
        self.decisions.setAccessibleName(self.tr("Decisions taken in this meeting"))
        self.action_list = QListWidget()
        self.action_list.setAccessibleName(self.tr("Actions agreed in this meeting"))

        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_AFTER_MS)
        self.save_timer.timeout.connect(self.flush)

        self._lay_out()
        self.keys = {
            QKeySequence(keys): getattr(self, method)
            for keys, method, _does in (
                *MEETING_KEYS,
                ("Esc", "close", ""),  # once the minutes are saved (closeEvent)
                ("Ctrl+Z", "undo", ""),
                ("Ctrl+Shift+Z", "redo", ""),
            )
        }
        for sequence, slot in self.keys.items():
            QShortcut(sequence, self, slot)
        self.editor.installEventFilter(self)  # the editor would take Ctrl+PgDown for itself
        desk.changed.connect(self._changed)
        desk.locking.connect(self.flush)  # the minutes typed so far are saved before a lock
        self.record: MeetingRecord | None = None
        self.refresh()
        self.show_item(0)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.state)
        for button in (
            self.rules_button,
            self.export_button,
            self.amend_button,
            self.approve_button,
        ):
            top.addWidget(button)
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.quorum)
        side.addWidget(buddy(self.tr("A&ttendance (P R A D I)"), self.attendance))
        side.addWidget(self.attendance, 1)
        side.addWidget(buddy(self.tr("A&genda (Ctrl+PgDown: next item)"), self.agenda))
        side.addWidget(self.agenda, 1)
        right = QWidget()
        main = QVBoxLayout(right)
        main.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.item_title, 1)
        head.addWidget(self.timer_label)
        main.addLayout(head)
        main.addWidget(self.carry_box, 2)
        main.addWidget(buddy(self.tr("&Minutes (saved as you type)"), self.editor))
        main.addWidget(self.editor, 3)
        main.addWidget(self.save_note)
        main.addWidget(self.amendments)
        lists = QHBoxLayout()
        for caption, widget, keys in (
            ("&Decisions", self.decisions, "Ctrl+D"),
            ("A&ctions", self.action_list, "Ctrl+Shift+A"),
        ):
            column = QVBoxLayout()
            column.addWidget(
                buddy(
                    self.tr("{caption} ({keys} to add)").format(caption=caption, keys=keys), widget
                )
            )
            column.addWidget(widget)
            lists.addLayout(column)
        main.addLayout(lists, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([380, 900])
        split.setChildrenCollapsible(False)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(split, 1)

    # -- showing ----------------------------------------------------------------------------------

    @property
    def item(self) -> AgendaItem | None:
        agenda = self.record.meeting.agenda if self.record else ()
        return agenda[self.index] if 0 <= self.index < len(agenda) else None

    def _changed(self, changes) -> None:
        if changes.touches(
            {Kind.MEETING, Kind.DECISION, Kind.COMMITTEE, Kind.PERSON, Kind.STAKEHOLDER}
        ):
            self.refresh()

    def refresh(self) -> None:
        """Read the meeting again; the minutes being typed are left as they are."""
        try:
            record = minutes.meeting_record(self.desk.require_store(), self.meeting_id)
        except StoreError as error:
            self.save_note.setText(str(error))
            return
        self.record = record
        meeting = record.meeting
        if self.shown_item not in {i.id for i in meeting.agenda} and self.item is not None:
            self.shown_item = self.item.id  # the agenda was rewritten: same place, new id
        names = record.names() | {
            pid: name
            for pid, name, _ in stakeholders.people_choices(
                self.desk.require_store(), meeting.alliance_id
            )
        }
        form = f" · {meeting.draft.format.capitalize()}" if meeting.draft.format else ""
        self.title.setText(
            f"{meeting.body_name} — {shown_moment(meeting.draft.starts_at, weekday=True)} "
            f"({unbroken_zone(meeting.draft.zone.key)}){form}"
        )
        self.setWindowTitle(
            self.tr("Meeting mode — {body_name} — {alliance_name}").format(
                body_name=meeting.body_name, alliance_name=record.alliance_name
            )
        )
        quorum = record.quorum
        self.quorum.setText(quorum.describe())
        self.quorum.setStyleSheet("" if quorum.met else f"color: {OVERDUE}")
        # The draft's number climbs with every save (each mark, each burst of typing): the
        # exported minutes carry it, the meeting's own screen says only that it is a draft.
        self.state.setText(record.state if record.locked else self.tr("Draft — saved as you type"))
        self.state.setToolTip(
            ""
            if record.locked
            else self.tr("Exported now, these minutes say “{state}”.").format(state=record.state)
        )
        self.approve_button.setEnabled(not record.locked)
        self.amend_button.setEnabled(record.locked)
        self.partner_export.setEnabled(record.locked)
        self.editor.setReadOnly(record.locked)
        self.attendance.show_attendees(record.attendees)
        row = self.index
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for number, item in enumerate(meeting.agenda, start=1):
            taken = " ✓" if item.record.strip() else ""
            self.agenda.addItem(
                self.tr("{number}. {title} ({minutes} min){taken}").format(
                    number=number, title=item.title, minutes=item.minutes, taken=taken
                )
            )
        self.agenda.setCurrentRow(min(row, len(meeting.agenda) - 1))
        self.agenda.blockSignals(False)
        self.carry_box.show_record(record, names)
        self.decisions.clear()
        for decision in record.decisions:
            makers = f" — {decision.draft.makers}" if decision.draft.makers else ""
            self.decisions.addItem(f"{decision.draft.title}{makers}")
        self.action_list.clear()
        for action in meeting.actions:
            due = self.tr(", due {day}").format(day=shown(action.due)) if action.due else ""
            side = f" [{action.side}]" if action.side else ""
            self.action_list.addItem(
                f"{action.title} — {names.get(action.owner_id, '?')}{due}{side}"
            )
        self._show_item_parts()

    def show_item(self, index: int) -> None:
        """Open agenda item `index`: its minutes go into the editor (those typed so far on the
        item left are saved first)."""
        if not self.flush():
            return
        agenda = self.record.meeting.agenda if self.record else ()
        self.index = max(0, min(index, len(agenda) - 1))
        item = self.item
        self.shown_item = item.id if item else None
        self.editor.blockSignals(True)
        self.editor.setPlainText(item.record if item else "")
        self.editor.blockSignals(False)
        self.agenda.blockSignals(True)
        self.agenda.setCurrentRow(self.index)
        self.agenda.blockSignals(False)
        self._show_item_parts()
        self.editor.setFocus()

    def _show_item_parts(self) -> None:
        item = self.item
        count = len(self.record.meeting.agenda) if self.record else 0
        if item is None:
            self.item_title.setText(self.tr("No agenda yet: add items in the meeting's panel."))
            self.carry_box.setVisible(False)
            self.timer_label.show_item(None)
            return
        who = ""
        if item.presenter_id and self.record:
            who = f" · {self.record.names().get(item.presenter_id, '')}"
        self.item_title.setText(
            self.tr("Item {number} of {count}: {title} · {purpose}{who}").format(
                number=self.index + 1,
                count=count,
                title=item.title,
                purpose=item.purpose.label,
                who=who,
            )
        )
        self.carry_box.setVisible(item.carry_over)
        self.timer_label.show_item(self.index, item.minutes)
        mine = [
            a for a in (self.record.amendments if self.record else ()) if a.item_title == item.title
        ]
        self.amendments.setText(
            "\n".join(f"Amendment of {shown_moment(a.made_at)} UTC: {a.text}" for a in mine)
        )

    # -- moving and timing ------------------------------------------------------------------------

    def _agenda_row(self, row: int) -> None:
        if row >= 0 and row != self.index:
            self.show_item(row)

    def next_item(self) -> None:
        self.show_item(self.index + 1)

    def previous_item(self) -> None:
        self.show_item(self.index - 1)

    def toggle_timer(self) -> None:
        self.timer_label.toggle()

    # -- saving -----------------------------------------------------------------------------------

    def _typed(self) -> None:
        self.dirty = True
        self.save_note.setText(self.tr("Saving…"))
        self.save_timer.start()

    def flush(self) -> bool:
        """Save the minutes typed so far; False (and the text kept) when they cannot be."""
        self.save_timer.stop()
        if not self.dirty or self.shown_item is None:
            return True
        try:
            minutes.set_item_minutes(
                self.desk.require_store(),
                self.meeting_id,
                self.shown_item,
                self.editor.toPlainText(),
            )
        except StoreError as error:
            self.save_note.setText(
                self.tr("Not saved: {error} What you typed is kept here.").format(error=error)
            )
            return False
        self.dirty = False
        self.save_note.setText(self.tr("Saved."))
        return True

    def save(self, action, *args, **options) -> bool:
        """Run one store operation; a refusal is reported and shown here."""
        try:
            action(self.desk.require_store(), *args, **options)
        except StoreError as error:
            self.desk.report_error(str(error))
            self.save_note.setText(str(error))
            return False
        return True

    def mark(self, person_id: int, attendance: Attendance, delegate: str) -> None:
        assert self.record is not None  # marks come from the list the record filled
        person = next(a for a in self.record.attendees if a.person_id == person_id)
        self.desk.run(AttendanceCommand(self.desk, self.meeting_id, person, attendance, delegate))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.editor and event.type() in (
            event.Type.ShortcutOverride,
            event.Type.KeyPress,
        ):
            pressed = QKeySequence(event.keyCombination())
            slot = self.keys.get(pressed)
            if slot is not None:
                event.accept()
                if event.type() == event.Type.KeyPress:
                    slot()
                return True
        return super().eventFilter(watched, event)

    def undo(self) -> None:
        """Ctrl+Z: in the minutes, the typing; elsewhere, the last saved change."""
        if self.editor.hasFocus() and self.editor.document().isUndoAvailable():
            self.editor.undo()
        else:
            self.desk.undo_stack.undo()

    def redo(self) -> None:
        if self.editor.hasFocus() and self.editor.document().isRedoAvailable():
            self.editor.redo()
        else:
            self.desk.undo_stack.redo()

    def toggle_carried(self, row: int) -> None:
        if self.record is None or not 0 <= row < len(self.record.carried):
            return
        action = self.record.carried[row].action
        self.desk.run(ReviewActionCommand(self.desk, self.meeting_id, action))
        self.carried.setCurrentRow(row)

    def record_decision(self) -> None:
        if self.record is None or not self.flush():
            return
        dialog = decision_dialog(self.record.meeting, self.desk.policy, self)
        if self.item is not None and not self.item.carry_over:
            cast(QLineEdit, dialog.form.fields["title"]).setText(self.item.title)
        attending = [a.name for a in self.record.attendees if a.member and a.attendance.attends]
        cast(QLineEdit, dialog.form.fields["makers"]).setText(
            ", ".join(attending) or self.record.meeting.body_name
        )
        self.desk.run_dialog(
            dialog,
            lambda: (
                RecordDecisionCommand(self.desk, self.meeting_id, dialog.result_value)
                if dialog.result_value is not None
                else None
            ),
        )
        self.editor.setFocus()

    def add_action(self) -> None:
        if self.record is None or not self.flush():
            return
        people = stakeholders.people_choices(
            self.desk.require_store(), self.record.meeting.alliance_id
        )
        dialog = action_dialog(people, self)
        self.desk.run_dialog(
            dialog,
            lambda: (
                AddActionCommand(self.desk, self.meeting_id, dialog.result_value)
                if dialog.result_value is not None
                else None
            ),
        )
        self.editor.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.flush():  # the window stays open with the text until it is saved
            event.ignore()
            return
        self._finish()
        super().closeEvent(event)

    def _finish(self) -> None:
        self.timer_label.stop()
        if self.record is not None:
            self.desk.changed.disconnect(self._changed)
            self.record = None
