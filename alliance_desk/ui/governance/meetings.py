"""Committees and their meetings, in the Risks & decisions section: the list of meetings
with what a user does to a meeting as a whole (create, delete, invite, its committee), and
the selected one beside it (meeting_panel.py)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import shown_moment, stamp
from alliance_desk.core.files import describe_os_error, write_private
from alliance_desk.core.governance import ActionStatus, Meeting, copy_agenda, zone_letters
from alliance_desk.core.minutes import opening_agenda
from alliance_desk.core.recurrence import in_words
from alliance_desk.store import committees, governance, minutes, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.store.register_head import register_head
from alliance_desk.ui.alliance_picker import name_the_alliance, pick_alliance
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.files import documents_path, file_name
from alliance_desk.ui.governance.commands import (
    CreateBodyCommand,
    CreateMeetingCommand,
    DeleteMeetingCommand,
    MembersCommand,
)
from alliance_desk.ui.governance.dialogs import MembersDialog, body_dialog, meeting_dialog
from alliance_desk.ui.governance.meeting_mode import MeetingMode
from alliance_desk.ui.governance.meeting_panel import MeetingPanel
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.table_model import Column, RowTableModel, alliance_column
from alliance_desk.ui.table_view import Selection, make_table
from alliance_desk.ui.theme import OVERDUE
from alliance_desk.ui.widgets import splitter

FAR_FUTURE = datetime(9999, 1, 1)  # "before" this: a committee's latest meeting, planned or held
MEETINGS_SHOW = frozenset(
    {Kind.MEETING, Kind.COMMITTEE, Kind.DECISION, Kind.PERSON, Kind.STAKEHOLDER, Kind.ALLIANCE}
)


def zone_abbreviation(meeting: Meeting) -> str:
    """The meeting's time zone as its clocks show it that day (`core.governance.zone_letters`)."""
    return zone_letters(meeting.draft.starts_at, meeting.draft.zone)


def when(meeting: Meeting) -> str:
    """The start in the meeting's own zone, which the time is in (as the heading says), with
    its weekday, as Today and the Packs preview show a meeting."""
    return f"{shown_moment(meeting.draft.starts_at, weekday=True)} {zone_abbreviation(meeting)}"


def meeting_columns(names: dict[int, str]) -> tuple[Column[Meeting], ...]:
    """The list's columns, with the alliance of each meeting (its name from `names`, filled
    as the list is read) on "All alliances", as every other register has it: a committee's
    name does not always say whose it is ("Platform Operating Committee")."""
    alliance: Column[Meeting] = alliance_column(lambda m: names.get(m.alliance_id, ""))
    return (*MEETING_COLUMNS[:2], alliance, *MEETING_COLUMNS[2:])


MEETING_COLUMNS: tuple[Column[Meeting], ...] = (
    Column(
        QT_TRANSLATE_NOOP("Column", "When"),
        when,
        key=lambda m: m.draft.starts_at.replace(tzinfo=m.draft.zone),
        tooltip=lambda m: f"{shown_moment(m.draft.starts_at, weekday=True)} ({m.draft.zone.key})",
        priority=0,  # as wide as its time: the committee takes the room left
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Committee"),
        lambda m: m.body_name,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Where"),
        lambda m: m.draft.location,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Agenda"),
        lambda m: translate("Column", "{items} items, {minutes} min").format(
            items=len(m.agenda), minutes=m.minutes_planned
        ),
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Open actions"),
        lambda m: str(sum(1 for a in m.actions if a.status is ActionStatus.OPEN) or ""),
        colour=lambda m: OVERDUE if any(a.overdue(wall.today()) for a in m.actions) else None,
        priority=2,  # the committee shows first: its meetings' open actions are in the panel
    ),
)


class MeetingsTab(QWidget):
    prepare_pack = Signal(object)  # (alliance id, meeting id): its governance pack

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.meetings: list[Meeting] = []
        self.names: dict[int, str] = {}  # each alliance's name, for its column
        self.model: RowTableModel[Meeting] = RowTableModel(meeting_columns(self.names), self)
        self.table = make_table(self.model, 0, descending=True, stretch=1, name=self.tr("Meetings"))
        self.panel = MeetingPanel(self)
        self.selection = Selection(self.table, self.panel.show_meeting, lambda m: m.id)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, slot, primary in (
            (self.tr("New committee…"), self.new_body, False),
            (self.tr("Members…"), self.edit_members, False),
            (self.tr("Export .ics…"), self.export_ics, False),
            (self.tr("Delete meeting"), self.delete_meeting, False),
            (self.tr("New meeting…"), self.new_meeting, True),
        ):
            button = QPushButton(text)
            button.setObjectName("primary" if primary else "secondary")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        split = splitter("meetingsSplitter", self.table, self.panel)
        split.setSizes([600, 520])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addLayout(buttons)
        outer.addWidget(split, 1)
        run = QShortcut(QKeySequence("Ctrl+Shift+R"), self, self.run_meeting)
        run.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.meeting_mode: MeetingMode | None = None

    @property
    def current(self) -> Meeting | None:
        return self.panel.meeting

    def _shown(self) -> int | None:
        """The alliance of the meeting selected: the one a new meeting most likely is for."""
        return self.current.alliance_id if self.current is not None else None

    def reload(self) -> None:
        store, alliance_id = self.desk.store, self.desk.alliance_id
        self.meetings = governance.list_meetings(store, alliance_id) if store else []
        self.names.clear()
        if store is not None and alliance_id is None:
            self.names.update(register_head(store, names=True).names)  # kept till changed
        keep = self.current.id if self.current else None
        self.model.set_across(alliance_id is None)
        self.model.set_rows(self.meetings)
        self.select(keep)

    def select(self, meeting_id: int | None) -> None:
        self.selection.select(meeting_id)

    # -- a meeting as a whole, and its committee -------------------------------------------------

    def new_body(self) -> None:
        alliance_id = pick_alliance(
            self.desk, self, self.tr("A committee belongs to one alliance."), self._shown()
        )
        if alliance_id is None:
            return
        dialog = body_dialog(self)
        name_the_alliance(dialog, self.desk, alliance_id)
        command = self.desk.run_dialog(
            dialog,
            lambda: (
                CreateBodyCommand(self.desk, alliance_id, *dialog.result_value)
                if dialog.result_value is not None
                else None
            ),
        )
        if command is None:
            return
        bodies = committees.list_bodies(self.desk.require_store(), alliance_id)
        body = next(b for b in bodies if b.id == command.body_id)
        created = self.tr("Created {name} with {count} members from their roles.").format(
            name=body.name, count=len(body.member_ids)
        )
        # A committee is listed by its meetings: one with none yet appeared nowhere. Its
        # first meeting is planned at once (or the user reads where it will show).
        planned = self._plan_meeting(alliance_id, body.id) is not None
        self.desk.status.emit(
            created
            + " "
            + (
                self.tr("Its first meeting is planned and chosen.")
                if planned
                else self.tr("It is listed here with its first meeting (New meeting…).")
            )
        )

    def edit_members(self) -> None:
        """Choose who sits on the current meeting's committee, from both sides."""
        meeting = self.current
        if meeting is None:
            self.desk.report_error(self.tr("Choose a meeting of the committee first."))
            return
        store = self.desk.require_store()
        bodies = committees.list_bodies(store, meeting.alliance_id)
        body = next(b for b in bodies if b.id == meeting.draft.body_id)
        people = stakeholders.list_stakeholders(store, meeting.alliance_id)
        dialog = MembersDialog(body, people, self)
        if dialog.exec():
            keep = meeting.id
            self.desk.run(MembersCommand(self.desk, body, dialog.chosen()))
            self.select(keep)

    def new_meeting(self) -> None:
        alliance_id = pick_alliance(
            self.desk, self, self.tr("A meeting belongs to one alliance."), self._shown()
        )
        if alliance_id is not None:
            self._plan_meeting(alliance_id)

    def _plan_meeting(self, alliance_id: int, body_id: int | None = None):
        """Ask for a new meeting of `alliance_id`'s committee `body_id` (or the first);
        the command that made it, or None."""
        store = self.desk.store
        if store is None:
            return None
        bodies = committees.list_bodies(store, alliance_id)
        if not bodies:
            self.desk.report_error(
                self.tr(
                    "This alliance has no committee yet: create it first (New committee…), then "
                    "its meetings."
                )
            )
            return None
        latest = {b.id: governance.previous_meeting(store, b.id, FAR_FUTURE) for b in bodies}
        dialog = meeting_dialog(bodies, self, latest)
        if body_id is not None:
            committee = cast(QComboBox, dialog.form.fields["body_id"])
            committee.setCurrentIndex(max(committee.findData(body_id), 0))
        name_the_alliance(dialog, self.desk, alliance_id)

        def command() -> CreateMeetingCommand | None:
            draft = dialog.result_value
            if draft is None:
                return None
            previous = governance.previous_meeting(store, draft.body_id, draft.starts_at)
            copy = cast(QCheckBox, dialog.form.fields["copy"]).isChecked()
            agenda = copy_agenda(previous) if copy else []
            if previous is not None:  # the review of open actions comes first
                agenda = opening_agenda(agenda)
            members = next(b for b in bodies if b.id == draft.body_id).member_ids
            by_stakeholder = {
                s.id: s.person.id for s in stakeholders.list_stakeholders(store, alliance_id)
            }
            attendees = [by_stakeholder[m] for m in members if m in by_stakeholder]
            return CreateMeetingCommand(self.desk, draft, agenda, attendees)

        made = self.desk.run_dialog(dialog, command)
        if made is not None:
            self.select(made.meeting_id)
        return made

    def run_meeting(self) -> None:
        """Open the selected meeting in meeting mode, in its own window."""
        meeting = self.current
        if meeting is None or self.desk.store is None:
            self.desk.report_error(self.tr("Choose the meeting to run first."))
            return
        if self.meeting_mode is not None and self.meeting_mode.isVisible():
            self.meeting_mode.close()
        self.meeting_mode = MeetingMode(self.desk, meeting.id, self.window())
        screen = self.screen().availableGeometry()
        self.meeting_mode.resize(min(1280, screen.width() - 40), min(820, screen.height() - 60))
        self.meeting_mode.show()

    def delete_meeting(self) -> None:
        meeting = self.current
        if meeting is None:
            return
        self.panel.meeting = None
        self.desk.run(DeleteMeetingCommand(self.desk, meeting))
        self.desk.status.emit(self.tr("Deleted the meeting. Undo with Ctrl+Z."))

    def export_ics(self, path: str | None = None) -> None:
        meeting = self.current
        if meeting is None:
            return
        if not path:
            name = file_name(meeting.body_name, stamp(meeting.draft.starts_at), suffix=".ics")
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the meeting"),
                documents_path(name),
                self.tr("Calendar (*.ics)"),
            )
        if not path:
            return
        store = self.desk.require_store()
        bodies = committees.list_bodies(store, meeting.alliance_id)
        body = next((b for b in bodies if b.id == meeting.draft.body_id), None)
        series = None
        if body is not None and body.recurrence:
            answer = QMessageBox.question(
                self,
                self.tr("Export the meeting"),
                self.tr(
                    "{name} meets {recurrence}. Export the whole series from this meeting? "
                    "(No: this meeting alone)"
                ).format(name=body.name, recurrence=in_words(body.recurrence)),
            )
            series = "" if answer == QMessageBox.StandardButton.Yes else None
        try:
            write_private(path, minutes.invitation(store, meeting.id, series=series))
        except OSError as error:
            self.desk.report_error(
                self.tr("{path} cannot be written: {reason}.").format(
                    path=path, reason=describe_os_error(error)
                )
            )
            return
        except StoreError as error:
            self.desk.report_error(str(error))
            return
        self.desk.status.emit(self.tr("Saved the invitation to {path}.").format(path=path))
