"""Governance in the Risks & decisions section: committees and their meetings (agenda,
attendees, decisions taken, action items, calendar invitation) and two-sided health checks."""

from __future__ import annotations

import contextlib
import math
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.changes import Kind
from alliance_desk.core.governance import (
    DIMENSIONS,
    ActionStatus,
    BodyKind,
    HealthCheck,
    Meeting,
    Purpose,
    copy_agenda,
    local_zone_name,
    trend,
    validate_action,
    validate_agenda_item,
    validate_health_check,
    validate_meeting,
)
from alliance_desk.core.risks import validate_decision
from alliance_desk.core.validation import FieldCollector, ValidationError, clean_text
from alliance_desk.store import governance, risks, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import CallCommand, Desk, StoreCommand, ValueEditCommand
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.table_model import Column, RowTableModel, Selection, make_table
from alliance_desk.ui.theme import ACCENT, MUTED, OVERDUE, SIDE_COLOURS, TEXT
from alliance_desk.ui.widgets import heading, vertical_scroll

MEETINGS_SHOW = frozenset(
    {Kind.MEETING, Kind.COMMITTEE, Kind.DECISION, Kind.PERSON, Kind.STAKEHOLDER, Kind.ALLIANCE}
)
HEALTH_SHOWS = frozenset({Kind.HEALTH_CHECK, Kind.ALLIANCE})


class FormDialog(QDialog):
    """A FieldForm in a dialog that stays open until `validate(values)` accepts the values."""

    def __init__(self, title: str, ok: str, validate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = FieldForm()
        self.validate = validate
        self.result_value = None
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.result_value = self.validate(self.form.values())
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        super().accept()


def _zone_field(form: FieldForm) -> QLineEdit:
    """The meeting's time zone, typed with completion from the zones this machine knows."""
    line = form.add_line("time_zone", "Time &zone", "e.g. Europe/Zurich, Asia/Tokyo")
    completer = QCompleter(sorted(available_timezones()), line)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    line.setCompleter(completer)
    line.setToolTip("The zone the meeting's times are in; invitations carry it.")
    return line


def _people_items(people) -> list[tuple[str, int | None]]:
    return [("—", None)] + [(f"{name} ({side})", pid) for pid, name, side in people]


MEETING_COLUMNS = (
    Column(
        "When",
        lambda m: m.draft.starts_at.strftime("%Y-%m-%d %H:%M"),
        key=lambda m: m.draft.starts_at,
    ),
    Column("Committee", lambda m: m.body_name),
    Column("Where", lambda m: m.draft.location),
    Column("Agenda", lambda m: f"{len(m.agenda)} items, {m.minutes_planned} min"),
    Column(
        "Open actions",
        lambda m: str(sum(1 for a in m.actions if a.status is ActionStatus.OPEN) or ""),
        colour=lambda m: OVERDUE if any(a.overdue(date.today()) for a in m.actions) else None,
    ),
)


class MeetingsTab(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.meetings: list[Meeting] = []
        self.current: Meeting | None = None
        self.model: RowTableModel[Meeting] = RowTableModel(MEETING_COLUMNS, self)
        self.table = make_table(self.model, 0, descending=True)
        self.selection = Selection(self.table, self._show, lambda meeting: meeting.id)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, slot, primary in (
            ("New committee…", self.new_body, False),
            ("Members…", self.edit_members, False),
            ("Export .ics…", self.export_ics, False),
            ("Delete meeting", self.delete_meeting, False),
            ("New meeting…", self.new_meeting, True),
        ):
            button = QPushButton(text)
            button.setObjectName("primary" if primary else "secondary")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.title = heading("", level=2)
        self.title.setWordWrap(True)
        self.form = FieldForm()
        self.form.add_line("starts_at", "&Starts", "YYYY-MM-DD HH:MM")
        self.form.add_line("ends_at", "&Ends", "YYYY-MM-DD HH:MM")
        self.form.add_line("location", "&Where", "Room, city or video link")
        _zone_field(self.form)
        self.form.edited.connect(self._save_times)
        self.attendees = QListWidget()
        self.attendees.setMaximumHeight(120)
        self.attendees.itemChanged.connect(self._attendees_changed)
        self.agenda = QListWidget()
        self.agenda.setMaximumHeight(150)
        self.decisions = QListWidget()
        self.decisions.setMaximumHeight(90)
        self.actions = QListWidget()
        self.actions.setMaximumHeight(120)
        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.addWidget(self.title)
        layout.addWidget(self.form)
        layout.addWidget(heading("Attendees", level=2))
        layout.addWidget(self.attendees)
        layout.addLayout(
            self._row(
                heading("Agenda", level=2),
                ("Add item…", self.add_agenda_item),
                ("Remove", self.remove_agenda_item),
                ("Copy previous agenda", self.copy_previous),
            )
        )
        layout.addWidget(self.agenda)
        layout.addLayout(
            self._row(
                heading("Decisions taken", level=2), ("Record decision…", self.record_decision)
            )
        )
        layout.addWidget(self.decisions)
        layout.addLayout(
            self._row(
                heading("Action items", level=2),
                ("Add action…", self.add_action),
                ("Done / reopen", self.toggle_action),
            )
        )
        layout.addWidget(self.actions)
        layout.addStretch(1)
        self.detail = vertical_scroll(detail)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([600, 520])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addLayout(buttons)
        outer.addWidget(splitter, 1)

    def _row(self, title: QLabel, *buttons) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(title, 1)
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        store = self.desk.store
        self.meetings = governance.list_meetings(store, self.desk.alliance_id) if store else []
        keep = self.current.id if self.current else None
        self.model.set_rows(self.meetings)
        self.select(keep)

    def select(self, meeting_id: int | None) -> None:
        self.selection.select(meeting_id)

    def _show(self, meeting: Meeting | None) -> None:
        self.current = meeting
        self.detail.setVisible(meeting is not None)
        if meeting is None:
            return
        store = self.desk.store
        self.title.setText(
            f"{meeting.body_name} — {meeting.draft.starts_at:%A %d %B %Y, %H:%M} "
            f"({meeting.draft.zone.key})"
        )
        self.form.set_values(
            {
                "starts_at": f"{meeting.draft.starts_at:%Y-%m-%d %H:%M}",
                "ends_at": f"{meeting.draft.ends_at:%Y-%m-%d %H:%M}",
                "location": meeting.draft.location,
                "time_zone": meeting.draft.zone.key,
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
        for number, item in enumerate(meeting.agenda, start=1):
            who = f" — {self.names.get(item.presenter_id, '')}" if item.presenter_id else ""
            self.agenda.addItem(
                f"{number}. {item.title}  ({item.purpose.label.lower()}, {item.minutes} min{who})"
            )
        if not meeting.agenda:
            self.agenda.addItem("No agenda yet — add items or copy the previous meeting's.")
        self.decisions.clear()
        for decision in risks.list_decisions(store, meeting.alliance_id):
            if decision.draft.meeting_id == meeting.id:
                self.decisions.addItem(
                    f"{decision.draft.title}  ({decision.draft.status.label.lower()})"
                )
        self.actions.clear()
        today = date.today()
        for action in meeting.actions:
            due = f", due {action.due.isoformat()}" if action.due else ""
            item = QListWidgetItem(
                f"[{action.status.label}] {action.title} — "
                f"{self.names.get(action.owner_id, '?')}{due}"
            )
            item.setData(Qt.ItemDataRole.UserRole, action)
            if action.overdue(today):
                item.setForeground(QColor(OVERDUE))
            self.actions.addItem(item)

    # -- edits -------------------------------------------------------------------------------------

    def _run_dialog(self, dialog: FormDialog, edit) -> bool:
        """Save what the dialog holds as `edit(value)` → a command, or (text, do, undo),
        reopening the dialog with its contents if the save fails; keeps the meeting
        selected."""
        keep = self.current.id if self.current else None

        def command() -> StoreCommand | None:
            value = dialog.result_value
            if value is None:
                return None
            made = edit(value)
            return made if isinstance(made, StoreCommand) else CallCommand(self.desk, *made)

        saved = self.desk.run_dialog(dialog, command) is not None
        self.select(keep)
        return saved

    def _meeting_edit(self, text: str, meeting: Meeting, part: str, after, **kwargs):
        """A versioned edit of one part of a meeting: its `draft` (times and place), `agenda`
        or `attendee_ids`. Refused when the meeting changed elsewhere since it was shown."""
        store = self.desk.store
        write = {
            "draft": governance.update_meeting,
            "agenda": governance.set_agenda,
            "attendee_ids": governance.set_attendees,
        }[part]

        def read():
            now = governance.get_meeting(store, meeting.id)
            return getattr(now, part), now.version

        def save(value, expected_version) -> None:
            write(store, meeting.id, value, expected_version=expected_version)

        name = f"The {meeting.body_name} meeting of {meeting.draft.starts_at:%d %B %Y}"
        before = getattr(meeting, part)
        return ValueEditCommand(
            self.desk, text, name, before, after, meeting.version, read, save, **kwargs
        )

    def _run_edit(self, command: StoreCommand) -> None:
        keep = self.current.id if self.current else None
        self.desk.run(command)
        self.select(keep)

    def _save_times(self) -> None:
        meeting = self.current
        if meeting is None:
            return
        try:
            draft = validate_meeting({**self.form.values(), "body_id": meeting.draft.body_id})
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        if draft == meeting.draft:
            return
        command = self._meeting_edit("Change the meeting", meeting, "draft", draft, form=True)
        if not self.desk.run(command):  # keep what was typed; the next save replaces theirs
            with contextlib.suppress(StoreError):
                self.current = governance.get_meeting(self.desk.store, meeting.id)

    def _attendees_changed(self, _item) -> None:
        meeting = self.current
        if meeting is None:
            return
        chosen = [
            self.attendees.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.attendees.count())
            if self.attendees.item(r).checkState() == Qt.CheckState.Checked
        ]
        command = self._meeting_edit(
            "Change attendees", meeting, "attendee_ids", tuple(sorted(chosen))
        )
        # The list is rebuilt by the save: let the click finish first.
        QTimer.singleShot(0, lambda: self._run_edit(command))

    def _people_of_current(self):
        return stakeholders.people_choices(self.desk.store, self.current.alliance_id)

    def add_agenda_item(self) -> None:
        meeting = self.current
        if meeting is None:
            return
        dialog = FormDialog("Add an agenda item", "Add item", validate_agenda_item, self)
        dialog.form.add_line("title", "&Item")
        dialog.form.add_choice("purpose", "&For", [(p.label, p) for p in Purpose])
        dialog.form.add_number("minutes", "&Minutes", 1, 600).setValue(15)
        dialog.form.add_choice(
            "presenter_id", "&Presenter", _people_items(self._people_of_current())
        )
        dialog.form.add_text("notes", "&Notes")

        def edit(item):  # added to the agenda as it is now, whoever changed it meanwhile
            now = governance.get_meeting(self.desk.store, meeting.id)
            text = f"Add “{item.title}” to the agenda"
            return self._meeting_edit(text, now, "agenda", (*now.agenda, item))

        self._run_dialog(dialog, edit)

    def remove_agenda_item(self) -> None:
        meeting = self.current
        row = self.agenda.currentRow()
        if meeting is None or not 0 <= row < len(meeting.agenda):
            return
        after = meeting.agenda[:row] + meeting.agenda[row + 1 :]
        self._run_edit(self._meeting_edit("Remove an agenda item", meeting, "agenda", after))

    def copy_previous(self) -> None:
        meeting = self.current
        if meeting is None:
            return
        store = self.desk.store
        previous = governance.previous_meeting(
            store, meeting.draft.body_id, meeting.draft.starts_at
        )
        if previous is None:
            self.desk.report_error("This committee has no earlier meeting to copy from.")
            return
        after = (*meeting.agenda, *copy_agenda(previous))
        self._run_edit(self._meeting_edit("Copy the previous agenda", meeting, "agenda", after))

    def record_decision(self) -> None:
        meeting = self.current
        if meeting is None:
            return
        dialog = FormDialog("Record a decision", "Record decision", validate_decision, self)
        dialog.form.add_line("title", "&Decision")
        decided_on = meeting.draft.starts_at.date()
        dialog.form.add_line("decided_on", "Decided &on").setText(decided_on.isoformat())
        review = self.desk.policy.review_date_for(decided_on)
        dialog.form.add_line("review_date", "&Review on", "YYYY-MM-DD").setText(
            review.isoformat() if review else ""
        )
        dialog.form.add_line("makers", "Decision &makers")
        dialog.form.add_text("alternatives", "&Alternatives considered")
        dialog.form.add_text("rationale", "&Rationale")
        store = self.desk.store
        made: list[int] = []
        self._run_dialog(
            dialog,
            lambda decision: (
                f"Record “{decision.title}”",
                lambda: made.append(governance.record_decision(store, meeting.id, decision)),
                lambda: risks.remove_decision(store, made.pop()),
            ),
        )

    def add_action(self) -> None:
        meeting = self.current
        if meeting is None:
            return
        dialog = FormDialog("Add an action item", "Add action", validate_action, self)
        dialog.form.add_line("title", "&Action")
        dialog.form.add_choice("owner_id", "&Owner", _people_items(self._people_of_current()))
        dialog.form.add_line("due", "&Due", "YYYY-MM-DD").setText(
            (date.today() + timedelta(days=14)).isoformat()
        )
        store = self.desk.store
        made: list[int] = []
        self._run_dialog(
            dialog,
            lambda action: (
                f"Add action “{action.title}”",
                lambda: made.append(governance.add_action(store, meeting.id, action)),
                lambda: governance.delete_action(store, made.pop()),
            ),
        )

    def toggle_action(self) -> None:
        item = self.actions.currentItem()
        action = item.data(Qt.ItemDataRole.UserRole) if item else None
        if action is None:
            return
        after = ActionStatus.OPEN if action.status is ActionStatus.DONE else ActionStatus.DONE
        store, meeting_id = self.desk.store, self.current.id

        def read():
            now = governance.get_meeting(store, meeting_id).actions
            found = next((a for a in now if a.id == action.id), None)
            if found is None:
                raise StoreError("That action no longer exists.")
            return found.status, found.version

        def write(status, expected_version) -> None:
            governance.set_action_status(
                store, action.id, status, expected_version=expected_version
            )

        text = f"Mark “{action.title}” {after.value}"
        self._run_edit(
            ValueEditCommand(
                self.desk, text, action.title, action.status, after, action.version, read, write
            )
        )

    def new_body(self) -> None:
        alliance_id = self.desk.alliance_id
        if alliance_id is None:
            self.desk.report_error(
                "Choose the alliance first (Ctrl+L): a committee belongs to one."
            )
            return

        def check(values):
            fields = FieldCollector()
            name = fields.take(
                "name", clean_text, values.get("name"), required=True, max_length=200
            )
            fields.raise_if_any()
            return name, BodyKind(values["kind"])

        dialog = FormDialog("New committee", "Create committee", check, self)
        dialog.form.add_line("name", "&Name", "e.g. HALO-7 Joint Steering Committee")
        dialog.form.add_choice("kind", "&Kind", [(k.label, k) for k in BodyKind])
        store = self.desk.store
        made: list[int] = []

        def edit(value):
            name, kind = value
            return (
                f"Create {name}",
                lambda: made.append(governance.create_body(store, alliance_id, name, kind)),
                lambda: governance.delete_body(store, made.pop()),
            )

        if self._run_dialog(dialog, edit) and made:
            name = dialog.result_value[0]
            body = next(b for b in governance.list_bodies(store, alliance_id) if b.id == made[-1])
            count = len(body.member_ids)
            self.desk.status.emit(f"Created {name} with {count} members from their roles.")

    def edit_members(self) -> None:
        """Choose who sits on the current meeting's committee, from both sides."""
        meeting = self.current
        if meeting is None:
            self.desk.report_error("Choose a meeting of the committee first.")
            return
        store = self.desk.store
        bodies = governance.list_bodies(store, meeting.alliance_id)
        body = next(b for b in bodies if b.id == meeting.draft.body_id)
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Members of {body.name}")
        members = QListWidget()
        for person in stakeholders.list_stakeholders(store, meeting.alliance_id):
            item = QListWidgetItem(f"{person.name} ({person.side.label}) — {person.details.roles}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = person.id in body.member_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            members.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(members)
        layout.addWidget(buttons)
        self.members_list = members
        if not dialog.exec():
            return
        chosen = [
            members.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(members.count())
            if members.item(r).checkState() == Qt.CheckState.Checked
        ]

        def read():
            now = next((b for b in governance.list_bodies(store) if b.id == body.id), None)
            if now is None:
                raise StoreError("That committee no longer exists.")
            return now.member_ids, now.version

        def write(members, expected_version) -> None:
            governance.set_members(store, body.id, members, expected_version=expected_version)

        after = tuple(sorted(chosen))
        text = f"Change the members of {body.name}"
        self._run_edit(
            ValueEditCommand(
                self.desk, text, body.name, body.member_ids, after, body.version, read, write
            )
        )

    def new_meeting(self) -> None:
        alliance_id = self.desk.alliance_id
        store = self.desk.store
        if store is None or alliance_id is None:
            self.desk.report_error("Choose the alliance first (Ctrl+L): a meeting belongs to one.")
            return
        bodies = governance.list_bodies(store, alliance_id)
        if not bodies:
            self.desk.report_error("Create the committee first (New committee…).")
            return
        dialog = FormDialog("New meeting", "Create meeting", validate_meeting, self)
        dialog.form.add_choice("body_id", "&Committee", [(b.name, b.id) for b in bodies])
        start = datetime.combine(date.today() + timedelta(days=14), datetime.min.time()).replace(
            hour=14
        )
        dialog.form.add_line("starts_at", "&Starts").setText(f"{start:%Y-%m-%d %H:%M}")
        dialog.form.add_line("ends_at", "&Ends").setText(
            f"{start + timedelta(hours=2):%Y-%m-%d %H:%M}"
        )
        dialog.form.add_line("location", "&Where")
        _zone_field(dialog.form).setText(local_zone_name())
        copy = dialog.form.add_check("copy", "Start from the previous meeting's agenda")
        copy.setChecked(True)
        made: list[int] = []

        def command() -> CallCommand | None:
            draft = dialog.result_value
            if draft is None:
                return None
            previous = governance.previous_meeting(store, draft.body_id, draft.starts_at)
            agenda = copy_agenda(previous) if copy.isChecked() else []
            members = next(b for b in bodies if b.id == draft.body_id).member_ids
            by_stakeholder = {
                s.id: s.person.id for s in stakeholders.list_stakeholders(store, alliance_id)
            }
            attendees = [by_stakeholder[m] for m in members if m in by_stakeholder]
            return CallCommand(
                self.desk,
                "Create a meeting",
                lambda: made.append(governance.create_meeting(store, draft, agenda, attendees)),
                lambda: governance.delete_meeting(store, made.pop()),
            )

        if self.desk.run_dialog(dialog, command) and made:
            self.select(made[-1])

    def delete_meeting(self) -> None:
        meeting = self.current
        if meeting is None:
            return
        store = self.desk.store
        holder = [meeting.id]

        def restore() -> None:
            holder[0] = governance.create_meeting(
                store, meeting.draft, meeting.agenda, meeting.attendee_ids, meeting.actions
            )

        self.current = None
        self.desk.run(
            CallCommand(
                self.desk,
                "Delete the meeting",
                lambda: governance.delete_meeting(store, holder[0]),
                restore,
            )
        )
        self.desk.status.emit("Deleted the meeting. Undo with Ctrl+Z.")

    def export_ics(self, path: str | None = None) -> None:
        meeting = self.current
        if meeting is None:
            return
        if not path:
            suggested = f"{meeting.body_name} {meeting.draft.starts_at:%Y-%m-%d}.ics"
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the meeting", suggested, "Calendar (*.ics)"
            )
        if not path:
            return
        try:
            Path(path).write_bytes(governance.meeting_to_ics(self.desk.store, meeting))
        except OSError as error:
            self.desk.report_error(f"{path} cannot be written: {error.strerror}")
            return
        self.desk.status.emit(f"Saved the invitation to {path}.")


# -- health checks --------------------------------------------------------------------------------


class SpiderChart(QWidget):
    """The latest check: both sides' scores on each dimension, as two outlines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check: HealthCheck | None = None
        self.setMinimumSize(300, 280)

    def set_check(self, check: HealthCheck | None) -> None:
        self.check = check
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.check is None:
            painter.setPen(QColor(MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No health check yet.")
            return
        centre = QPointF(self.width() / 2, self.height() / 2 + 6)
        radius = min(self.width() / 2 - 80, self.height() / 2 - 46)
        count = len(DIMENSIONS)

        def point(index: int, value: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * index / count
            return centre + QPointF(math.cos(angle), math.sin(angle)) * radius * value / 5

        painter.setPen(QPen(QColor("#dde3e8"), 1))
        for ring in range(1, 6):
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(count)]))
        painter.setPen(QColor(TEXT))
        for index, dimension in enumerate(DIMENSIONS):
            painter.drawLine(centre, point(index, 5))
            label = point(index, 5.9)
            x = min(max(label.x() - 65, 0), self.width() - 130)  # keep labels inside
            painter.drawText(
                QRectF(x, label.y() - 10, 130, 20),
                Qt.AlignmentFlag.AlignCenter,
                dimension.label,
            )
        for side, colour in ((0, SIDE_COLOURS["internal"]), (1, SIDE_COLOURS["partner"])):
            shape = QPolygonF(
                [point(i, self.check.scores[d.key][side]) for i, d in enumerate(DIMENSIONS)]
            )
            fill = QColor(colour)
            fill.setAlpha(50)
            painter.setBrush(fill)
            painter.setPen(QPen(QColor(colour), 2))
            painter.drawPolygon(shape)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor(SIDE_COLOURS["internal"]))
        painter.drawText(QPointF(8, 16), "■ Our company")
        painter.setPen(QColor(SIDE_COLOURS["partner"]))
        painter.drawText(QPointF(8, 34), "■ Partner")
        painter.end()


class TrendLine(QWidget):
    """A score over time (the overall health score, a habit's strength)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        lowest: float = 1,
        highest: float = 5,
        empty: str = "The trend appears after a second check.",
    ) -> None:
        super().__init__(parent)
        self.points: list[tuple[date, float]] = []
        self.lowest, self.highest, self.empty = lowest, highest, empty
        self.setMinimumHeight(140)

    def set_points(self, points) -> None:
        self.points = list(points)
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, right, top, bottom = 30, 12, 10, 24
        width, height = self.width() - left - right, self.height() - top - bottom
        painter.setPen(QColor(MUTED))
        low, high = self.lowest, self.highest

        def y_of(value: float) -> float:
            return top + height * (high - value) / (high - low)

        for value in (low, (low + high) / 2, high):
            y = y_of(value)
            painter.drawText(
                QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, f"{value:g}"
            )
            painter.setPen(QPen(QColor("#e6ebef"), 1))
            painter.drawLine(QPointF(left, y), QPointF(left + width, y))
            painter.setPen(QColor(MUTED))
        if len(self.points) < 2:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty)
            return
        first, last = self.points[0][0], self.points[-1][0]
        span = max((last - first).days, 1)
        line = QPolygonF(
            [
                QPointF(left + width * (day - first).days / span, y_of(score))
                for day, score in self.points
            ]
        )
        painter.setPen(QPen(QColor(ACCENT), 2))
        painter.drawPolyline(line)
        many = len(self.points) > 12
        labelled = {0, len(self.points) // 2, len(self.points) - 1}
        for index, ((day, _score), spot) in enumerate(zip(self.points, line, strict=True)):
            if not many:
                painter.setBrush(QColor(ACCENT))
                painter.drawEllipse(spot, 3.5, 3.5)
            if many and index not in labelled:
                continue
            painter.setPen(QColor(TEXT))
            x = min(max(spot.x() - 40, 0), self.width() - 80)
            painter.drawText(
                QRectF(x, top + height + 4, 80, 16),
                Qt.AlignmentFlag.AlignCenter,
                f"{day:%b %Y}",
            )
            painter.setPen(QPen(QColor(ACCENT), 2))
        painter.end()


class HealthDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New health check")
        self.result_value = None
        self.form = FieldForm()
        self.form.add_line("checked_on", "&Date").setText(date.today().isoformat())
        grid = QGridLayout()
        grid.addWidget(QLabel("Our company"), 0, 1)
        grid.addWidget(QLabel("Partner"), 0, 2)
        self.spins: dict[str, QSpinBox] = {}
        for row, dimension in enumerate(DIMENSIONS, start=1):
            label = QLabel(dimension.label)
            label.setToolTip(dimension.question)
            grid.addWidget(label, row, 0)
            for column, side in ((1, "ours"), (2, "theirs")):
                spin = QSpinBox()
                spin.setRange(1, 5)
                spin.setValue(3)
                grid.addWidget(spin, row, column)
                self.spins[f"{dimension.key}.{side}"] = spin
        self.note = self.form.add_text("note", "&Note", "What stood out; what each side said")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def accept(self) -> None:
        values = {**self.form.values(), **{key: spin.value() for key, spin in self.spins.items()}}
        try:
            self.result_value = validate_health_check(values)
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        super().accept()


class HealthTab(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.checks: list[HealthCheck] = []
        self.spider = SpiderChart()
        self.trend = TrendLine()
        self.gaps = QLabel()
        self.gaps.setTextFormat(Qt.TextFormat.PlainText)
        self.gaps.setWordWrap(True)
        add = QPushButton("New health check…")
        add.setObjectName("primary")
        add.clicked.connect(self.new_check)
        remove = QPushButton("Delete latest check")
        remove.setObjectName("secondary")
        remove.clicked.connect(self.delete_latest)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(remove)
        buttons.addWidget(add)
        right = QVBoxLayout()
        right.addWidget(heading("Perception gap (ours − theirs)", level=2))
        right.addWidget(self.gaps)
        right.addWidget(heading("Overall score over time", level=2))
        right.addWidget(self.trend)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.spider, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(body, 1)

    def reload(self) -> None:
        store, alliance_id = self.desk.store, self.desk.alliance_id
        self.checks = governance.list_checks(store, alliance_id) if store and alliance_id else []
        latest = self.checks[-1] if self.checks else None
        self.spider.set_check(latest)
        self.trend.set_points(trend(self.checks))
        if latest is None:
            self.gaps.setText(
                "Choose an alliance and record a check: each side scores trust, communication, "
                "decision making, value delivery and governance from 1 to 5."
                if alliance_id
                else "Health checks belong to one alliance: choose it above (Ctrl+L)."
            )
            return
        lines = [f"Checked {latest.checked_on.isoformat()} · overall {latest.overall:.1f} / 5"]
        for dimension in DIMENSIONS:
            ours, theirs = latest.scores[dimension.key]
            gap = latest.gap(dimension.key)
            flag = (
                "  ← they see it worse"
                if gap >= 2
                else ("  ← we see it worse" if gap <= -2 else "")
            )
            lines.append(f"{dimension.label}: {ours} vs {theirs}  (gap {gap:+d}){flag}")
        if latest.note:
            lines.append(f"\n{latest.note}")
        self.gaps.setText("\n".join(lines))

    def new_check(self) -> None:
        alliance_id = self.desk.alliance_id
        if self.desk.store is None or alliance_id is None:
            self.desk.report_error(
                "Choose the alliance first (Ctrl+L): a health check belongs to one."
            )
            return
        dialog = HealthDialog(self)
        store = self.desk.store
        made: list[int] = []

        def command() -> CallCommand | None:
            if dialog.result_value is None:
                return None
            checked_on, scores, note = dialog.result_value
            return CallCommand(
                self.desk,
                "Record a health check",
                lambda: made.append(
                    governance.add_check(store, alliance_id, checked_on, scores, note)
                ),
                lambda: governance.delete_check(store, made.pop()),
            )

        self.desk.run_dialog(dialog, command)

    def delete_latest(self) -> None:
        if not self.checks:
            return
        latest = self.checks[-1]
        store = self.desk.store
        holder = [latest.id]

        def restore() -> None:
            holder[0] = governance.add_check(
                store, latest.alliance_id, latest.checked_on, latest.scores, latest.note
            )

        self.desk.run(
            CallCommand(
                self.desk,
                "Delete the health check",
                lambda: governance.delete_check(store, holder[0]),
                restore,
            )
        )
