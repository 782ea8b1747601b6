"""One meeting, beside the list of meetings: its times and place (saved as each field is
left), attendees, agenda, the decisions taken in it and its action items."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.dates import entered_moment, shown, shown_moment
from alliance_desk.core.governance import Meeting, copy_agenda, validate_meeting
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import governance, risks, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import StoreCommand
from alliance_desk.ui.dialogs import FormDialog
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.governance.commands import (
    ActionStatusCommand,
    AddActionCommand,
    MeetingPartCommand,
    RecordDecisionCommand,
)
from alliance_desk.ui.governance.dialogs import (
    action_dialog,
    agenda_item_dialog,
    decision_dialog,
    format_field,
    zone_field,
)
from alliance_desk.ui.theme import OVERDUE
from alliance_desk.ui.whole_list import WholeList
from alliance_desk.ui.widgets import heading, unbroken_zone, vertical_scroll

if TYPE_CHECKING:
    from alliance_desk.ui.governance.meetings import MeetingsTab


class MeetingPanel(QWidget):
    """The meeting selected in the Committees & meetings tab."""

    def __init__(self, tab: MeetingsTab) -> None:
        super().__init__()
        self.tab, self.desk = tab, tab.desk
        self.meeting: Meeting | None = None
        self.names: dict[int, str] = {}
        self.title = heading("", level=2)
        self.title.setWordWrap(True)
        self.form = FieldForm()
        self.form.add_line("starts_at", self.tr("&Starts"), self.tr("YYYY-MM-DD HH:MM"))
        self.form.add_line("ends_at", self.tr("&Ends"), self.tr("YYYY-MM-DD HH:MM"))
        self.form.add_line("location", self.tr("&Where"), self.tr("Room, city or video link"))
        zone_field(self.form)
        format_field(self.form)
        self.form.edited.connect(self._save_times)
        # Each list as tall as its rows, so none is cut (the first attendee was, the agenda
        # stopped mid-line at 1024×700): the panel scrolls instead.
        self.attendees = WholeList()
        self.attendees.setWordWrap(True)
        self.attendees.setAccessibleName(self.tr("Attendees"))
        self.attendees.itemChanged.connect(self._attendees_changed)
        self.agenda = WholeList(empty=self.tr("No item yet: add one, or copy the last agenda"))
        self.agenda.setWordWrap(True)
        self.agenda.setAccessibleName(self.tr("Agenda"))
        self.decisions = WholeList(empty=self.tr("None recorded at this meeting yet"))
        self.decisions.setWordWrap(True)
        self.decisions.setAccessibleName(self.tr("Decisions"))
        self.action_items = WholeList(empty=self.tr("None from this meeting yet"))
        self.action_items.setWordWrap(True)
        self.action_items.setAccessibleName(self.tr("Actions"))
        self.pack_button = QPushButton(self.tr("Export its pack…"))
        self.pack_button.setObjectName("primary")
        self.pack_button.setToolTip(self.tr("The governance pack for this meeting, as a PDF"))
        self.pack_button.clicked.connect(self.export_pack)
        self.run_button = QPushButton(self.tr("Run meeting"))
        self.run_button.setToolTip(
            self.tr(
                "Meeting mode (Ctrl+Shift+R): attendance, minutes item by item, decisions, actions"
            )
        )
        self.run_button.clicked.connect(self.tab.run_meeting)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        # The title has the panel's whole width (beside the buttons it wrapped to five lines
        # on a laptop); the meeting's two actions sit under it, alike in size.
        self.run_button.setObjectName("secondary")
        layout.addWidget(self.title)
        actions = QHBoxLayout()
        actions.addWidget(self.run_button)
        actions.addWidget(self.pack_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        layout.addWidget(self.form)
        layout.addWidget(heading(self.tr("Attendees"), level=2))
        layout.addWidget(self.attendees)
        # The agenda's three buttons under its heading, not beside it: beside it they held
        # the panel 399 px wide and the meetings list beside it cut the committee's name.
        layout.addWidget(heading(self.tr("Agenda"), level=2))
        layout.addLayout(
            _row(
                None,
                (self.tr("Add item…"), self.add_agenda_item),
                (self.tr("Remove"), self.remove_agenda_item),
                (self.tr("Copy last agenda"), self.copy_previous),  # short: the list keeps room
            )
        )
        layout.addWidget(self.agenda)
        layout.addLayout(
            _row(
                heading(self.tr("Decisions taken"), level=2),
                (self.tr("Record decision…"), self.record_decision),
            )
        )
        layout.addWidget(self.decisions)
        layout.addLayout(
            _row(
                heading(self.tr("Action items"), level=2),
                (self.tr("Add action…"), self.add_action),
                (self.tr("Done / reopen"), self.toggle_action),
            )
        )
        layout.addWidget(self.action_items)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(vertical_scroll(inner, self.tr("Meeting details")))

    def show_meeting(self, meeting: Meeting | None) -> None:
        self.meeting = meeting
        self.setVisible(meeting is not None)
        if meeting is None:
            return
        store = self.desk.require_store()
        self.title.setText(
            f"{meeting.body_name} — {shown_moment(meeting.draft.starts_at, weekday=True)} "
            f"({unbroken_zone(meeting.draft.zone.key)})"
        )
        self.form.set_values(
            {
                "starts_at": entered_moment(meeting.draft.starts_at),
                "ends_at": entered_moment(meeting.draft.ends_at),
                "location": meeting.draft.location,
                "time_zone": meeting.draft.zone.key,
                "format": meeting.draft.format,
            }
        )
        people = stakeholders.people_choices(store, meeting.alliance_id)
        self.names = {pid: name for pid, name, _ in people}
        self.attendees.blockSignals(True)
        self.attendees.clear()
        for pid, name, side in people:
            item = QListWidgetItem(f"{name} ({side})")
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if pid in meeting.attendee_ids else Qt.CheckState.Unchecked
            )
            self.attendees.addItem(item)
        self.attendees.blockSignals(False)
        self.agenda.clear()
        for number, part in enumerate(meeting.agenda, start=1):
            who = f" — {self.names.get(part.presenter_id, '')}" if part.presenter_id else ""
            self.agenda.addItem(
                self.tr("{number}. {title}  ({lower}, {minutes} min{who})").format(
                    number=number,
                    title=part.title,
                    lower=part.purpose.label.lower(),
                    minutes=part.minutes,
                    who=who,
                )
            )
        if not meeting.agenda:
            self.agenda.addItem(
                self.tr("No agenda yet — add items or copy the previous meeting's.")
            )
        self.decisions.clear()
        for decision in risks.list_decisions(store, meeting.alliance_id):
            if decision.draft.meeting_id == meeting.id:
                self.decisions.addItem(
                    f"{decision.draft.title}  ({decision.draft.implementation.lower()})"
                )
        self.action_items.clear()
        today = wall.today()
        for action in meeting.actions:
            due = self.tr(", due {day}").format(day=shown(action.due)) if action.due else ""
            item = QListWidgetItem(
                f"[{action.status.label}] {action.title} — "
                f"{self.names.get(action.owner_id, '?')}{due}"
            )
            item.setData(Qt.ItemDataRole.UserRole, action)
            if action.overdue(today):
                item.setForeground(QColor(OVERDUE))
            self.action_items.addItem(item)

    def export_pack(self) -> None:
        if self.meeting is not None:
            self.tab.prepare_pack.emit((self.meeting.alliance_id, self.meeting.id))

    # -- edits -------------------------------------------------------------------------------------

    def _run_dialog(self, dialog: FormDialog, command_for: Callable[..., StoreCommand]) -> bool:
        """Save what the dialog holds as `command_for(value)`, reopening the dialog with its
        contents if the save fails; keeps the meeting selected."""
        keep = self.meeting.id if self.meeting else None

        def command() -> StoreCommand | None:
            value = dialog.result_value
            return None if value is None else command_for(value)

        saved = self.desk.run_dialog(dialog, command) is not None
        self.tab.select(keep)
        return saved

    def _run_edit(self, command: StoreCommand) -> None:
        keep = self.meeting.id if self.meeting else None
        self.desk.run(command)
        self.tab.select(keep)

    def _save_times(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        try:
            draft = validate_meeting({**self.form.values(), "body_id": meeting.draft.body_id})
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        if draft == meeting.draft:
            return
        command = MeetingPartCommand(
            self.desk, self.tr("Change the meeting"), meeting, "draft", draft, form=True
        )
        if not self.desk.run(command):  # keep what was typed; the next save replaces theirs
            with contextlib.suppress(StoreError):
                self.meeting = governance.get_meeting(self.desk.require_store(), meeting.id)

    def _attendees_changed(self, _item) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        chosen = [
            self.attendees.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.attendees.count())
            if self.attendees.item(r).checkState() == Qt.CheckState.Checked
        ]
        command = MeetingPartCommand(
            self.desk, self.tr("Change attendees"), meeting, "attendee_ids", tuple(sorted(chosen))
        )
        # The list is rebuilt by the save: let the click finish first.
        QTimer.singleShot(0, lambda: self._run_edit(command))

    def _people(self) -> list[tuple[int, str, str]]:
        assert self.meeting is not None  # asked only while a meeting is shown
        return stakeholders.people_choices(self.desk.require_store(), self.meeting.alliance_id)

    def add_agenda_item(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return

        def command(item) -> StoreCommand:  # added to the agenda as it is now
            now = governance.get_meeting(self.desk.require_store(), meeting.id)
            text = self.tr("Add “{title}” to the agenda").format(title=item.title)
            return MeetingPartCommand(self.desk, text, now, "agenda", (*now.agenda, item))

        self._run_dialog(agenda_item_dialog(self._people(), self), command)

    def remove_agenda_item(self) -> None:
        meeting = self.meeting
        row = self.agenda.currentRow()
        if meeting is None or not 0 <= row < len(meeting.agenda):
            return
        after = meeting.agenda[:row] + meeting.agenda[row + 1 :]
        self._run_edit(
            MeetingPartCommand(
                self.desk, self.tr("Remove an agenda item"), meeting, "agenda", after
            )
        )

    def copy_previous(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        previous = governance.previous_meeting(
            self.desk.require_store(), meeting.draft.body_id, meeting.draft.starts_at
        )
        if previous is None:
            self.desk.report_error(self.tr("This committee has no earlier meeting to copy from."))
            return
        after = (*meeting.agenda, *copy_agenda(previous))
        self._run_edit(
            MeetingPartCommand(
                self.desk, self.tr("Copy the previous agenda"), meeting, "agenda", after
            )
        )

    def record_decision(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        dialog = decision_dialog(meeting, self.desk.policy, self)
        self._run_dialog(dialog, lambda d: RecordDecisionCommand(self.desk, meeting.id, d))

    def add_action(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        dialog = action_dialog(self._people(), self)
        self._run_dialog(dialog, lambda a: AddActionCommand(self.desk, meeting.id, a))

    def toggle_action(self) -> None:
        item = self.action_items.currentItem()
        action = item.data(Qt.ItemDataRole.UserRole) if item else None
        if action is None or self.meeting is None:
            return
        self._run_edit(ActionStatusCommand(self.desk, self.meeting.id, action))


def _row(title: QLabel | None, *buttons: tuple[str, Callable[[], None]]) -> QHBoxLayout:
    """A heading with its buttons at the right, or (no heading) the buttons at the left."""
    row = QHBoxLayout()
    if title is not None:
        row.addWidget(title, 1)
    for text, slot in buttons:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
    if title is None:
        row.addStretch(1)
    return row
