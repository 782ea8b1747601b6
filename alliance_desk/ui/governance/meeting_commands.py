"""The undoable edits of meeting mode: how someone attended, and an action reviewed from an
earlier meeting — each one store operation, undone by the one that puts back what it was."""

from __future__ import annotations

from alliance_desk.core.governance import ActionItem, ActionStatus
from alliance_desk.core.minutes import Attendance, Attendee
from alliance_desk.store import minutes
from alliance_desk.ui.desk import Desk, StoreCommand
from alliance_desk.ui.i18n import translate


class AttendanceCommand(StoreCommand):
    def __init__(
        self, desk: Desk, meeting_id: int, person: Attendee, attendance: Attendance, delegate: str
    ) -> None:
        super().__init__(
            desk,
            translate("commands", "Mark {name}: {attendance}").format(
                name=person.name, attendance=attendance.label.lower()
            ),
        )
        self.meeting_id, self.person_id = meeting_id, person.person_id
        self.before = (person.attendance, person.delegate)
        self.after = (attendance, delegate)

    def apply(self) -> None:
        minutes.set_attendance(self.store, self.meeting_id, self.person_id, *self.after)

    def revert(self) -> None:
        minutes.set_attendance(self.store, self.meeting_id, self.person_id, *self.before)


class ReviewActionCommand(StoreCommand):
    """An action of an earlier meeting closed or reopened in this one."""

    def __init__(self, desk: Desk, meeting_id: int, action: ActionItem) -> None:
        self.before = action.status
        self.after = ActionStatus.OPEN if action.status is ActionStatus.DONE else ActionStatus.DONE
        super().__init__(
            desk,
            (
                translate("commands", "Mark “{title}” done")
                if self.after is ActionStatus.DONE
                else translate("commands", "Mark “{title}” open")
            ).format(title=action.title),
        )
        self.meeting_id, self.action_id = meeting_id, action.id

    def apply(self) -> None:
        minutes.review_action(self.store, self.meeting_id, self.action_id, self.after)

    def revert(self) -> None:
        minutes.review_action(self.store, self.meeting_id, self.action_id, self.before)
