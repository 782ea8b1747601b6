"""The undoable edits of governance: committees, meetings (times, agenda, attendees), the
decisions and actions taken in them, and health checks — each one store operation, whose
undo is the store operation that puts back what it returned or what the command kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from alliance_desk.core.dates import shown
from alliance_desk.core.governance import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Body,
    BodyKind,
    Meeting,
)
from alliance_desk.core.risks import DecisionDraft
from alliance_desk.store import committees, governance, health_checks, risks
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, Held, StoreCommand, VersionedEditCommand
from alliance_desk.ui.i18n import translate

# How each part of a meeting is written: its draft (times and place), agenda, attendees.
MEETING_WRITERS: dict[str, Callable[..., object]] = {
    "draft": governance.update_meeting,
    "agenda": governance.set_agenda,
    "attendee_ids": governance.set_attendees,
}


class MeetingPartCommand(VersionedEditCommand):
    """A versioned edit of one part of a meeting (`draft`, `agenda` or `attendee_ids`),
    refused when the meeting changed elsewhere since it was shown. `form`: the value was typed
    into a form, which keeps it when refused; otherwise the list shows the teammate's."""

    def __init__(
        self, desk: Desk, text: str, meeting: Meeting, part: str, after: Any, *, form: bool = False
    ) -> None:
        name = translate("commands", "The {body} meeting of {day}").format(
            body=meeting.body_name, day=shown(meeting.draft.starts_at)
        )
        super().__init__(desk, text, name, getattr(meeting, part), after, meeting.version)
        self.meeting_id, self.part = meeting.id, part
        self.refresh_on_conflict = not form

    def current(self) -> Held:
        now = governance.get_meeting(self.store, self.meeting_id)
        return Held(getattr(now, self.part), now.version)

    def save(self, draft: Any, expected_version: int) -> None:
        MEETING_WRITERS[self.part](
            self.store, self.meeting_id, draft, expected_version=expected_version
        )


class ActionStatusCommand(VersionedEditCommand):
    """An action item done or reopened, never over a teammate's newer change to it."""

    refresh_on_conflict = True

    def __init__(self, desk: Desk, meeting_id: int, action: ActionItem) -> None:
        after = ActionStatus.OPEN if action.status is ActionStatus.DONE else ActionStatus.DONE
        text = (
            translate("commands", "Mark “{title}” done")
            if after is ActionStatus.DONE
            else translate("commands", "Mark “{title}” open")
        ).format(title=action.title)
        super().__init__(desk, text, action.title, action.status, after, action.version)
        self.meeting_id, self.action_id = meeting_id, action.id

    def current(self) -> Held:
        now = governance.get_meeting(self.store, self.meeting_id).actions
        found = next((a for a in now if a.id == self.action_id), None)
        if found is None:
            raise StoreError(translate("commands", "That action no longer exists."))
        return Held(found.status, found.version)

    def save(self, draft: ActionStatus, expected_version: int) -> None:
        governance.set_action_status(
            self.store, self.action_id, draft, expected_version=expected_version
        )


class MembersCommand(VersionedEditCommand):
    """Who sits on a committee, never over a teammate's newer change of it."""

    refresh_on_conflict = True

    def __init__(self, desk: Desk, body: Body, members: Sequence[int]) -> None:
        after = tuple(sorted(members))
        text = translate("commands", "Change the members of {body}").format(body=body.name)
        super().__init__(desk, text, body.name, body.member_ids, after, body.version)
        self.body_id = body.id

    def current(self) -> Held:
        now = next((b for b in committees.list_bodies(self.store) if b.id == self.body_id), None)
        if now is None:
            raise StoreError(translate("commands", "That committee no longer exists."))
        return Held(now.member_ids, now.version)

    def save(self, draft: tuple[int, ...], expected_version: int) -> None:
        committees.set_members(self.store, self.body_id, draft, expected_version=expected_version)


class CreateBodyCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, name: str, kind: BodyKind) -> None:
        super().__init__(desk, translate("commands", "Create {name}").format(name=name))
        self.alliance_id, self.name, self.kind = alliance_id, name, kind
        self.body_id: int | None = None

    def apply(self) -> None:
        self.body_id = committees.create_body(self.store, self.alliance_id, self.name, self.kind)

    def revert(self) -> None:
        assert self.body_id is not None  # set by apply(), which ran first
        committees.delete_body(self.store, self.body_id)


class CreateMeetingCommand(StoreCommand):
    def __init__(
        self, desk: Desk, draft, agenda: Sequence[AgendaItem], attendee_ids: Sequence[int]
    ) -> None:
        super().__init__(desk, translate("commands", "Create a meeting"))
        self.draft, self.agenda, self.attendee_ids = draft, list(agenda), list(attendee_ids)
        self.meeting_id: int | None = None

    def apply(self) -> None:
        self.meeting_id = governance.create_meeting(
            self.store, self.draft, self.agenda, self.attendee_ids
        )

    def revert(self) -> None:
        assert self.meeting_id is not None  # set by apply(), which ran first
        governance.delete_meeting(self.store, self.meeting_id)


class DeleteMeetingCommand(StoreCommand):
    """Deletes a meeting; undo creates it again with its agenda, attendees and actions."""

    def __init__(self, desk: Desk, meeting: Meeting) -> None:
        super().__init__(desk, translate("commands", "Delete the meeting"))
        self.meeting, self.meeting_id = meeting, meeting.id

    def apply(self) -> None:
        governance.delete_meeting(self.store, self.meeting_id)

    def revert(self) -> None:
        m = self.meeting
        self.meeting_id = governance.create_meeting(
            self.store, m.draft, m.agenda, m.attendee_ids, m.actions
        )


class RecordDecisionCommand(StoreCommand):
    def __init__(self, desk: Desk, meeting_id: int, decision: DecisionDraft) -> None:
        super().__init__(
            desk, translate("commands", "Record “{title}”").format(title=decision.title)
        )
        self.meeting_id, self.decision = meeting_id, decision
        self.decision_id: int | None = None

    def apply(self) -> None:
        self.decision_id = governance.record_decision(self.store, self.meeting_id, self.decision)

    def revert(self) -> None:
        assert self.decision_id is not None  # set by apply(), which ran first
        risks.remove_decision(self.store, self.decision_id)


class AddActionCommand(StoreCommand):
    def __init__(self, desk: Desk, meeting_id: int, action: ActionItem) -> None:
        super().__init__(
            desk, translate("commands", "Add action “{title}”").format(title=action.title)
        )
        self.meeting_id, self.action = meeting_id, action
        self.action_id: int | None = None

    def apply(self) -> None:
        self.action_id = governance.add_action(self.store, self.meeting_id, self.action)

    def revert(self) -> None:
        assert self.action_id is not None  # set by apply(), which ran first
        governance.delete_action(self.store, self.action_id)


class AddCheckCommand(StoreCommand):
    def __init__(
        self, desk: Desk, alliance_id: int, checked_on: date, scores: dict, note: str
    ) -> None:
        super().__init__(desk, translate("commands", "Record a health check"))
        self.values = (alliance_id, checked_on, scores, note)
        self.check_id: int | None = None

    def apply(self) -> None:
        self.check_id = health_checks.add_check(self.store, *self.values)

    def revert(self) -> None:
        assert self.check_id is not None  # set by apply(), which ran first
        health_checks.delete_check(self.store, self.check_id)


class DeleteCheckCommand(StoreCommand):
    """Deletes a health check; undo records it again as it was."""

    def __init__(self, desk: Desk, check) -> None:
        super().__init__(desk, translate("commands", "Delete the health check"))
        self.check, self.check_id = check, check.id

    def apply(self) -> None:
        health_checks.delete_check(self.store, self.check_id)

    def revert(self) -> None:
        c = self.check
        self.check_id = health_checks.add_check(
            self.store, c.alliance_id, c.checked_on, c.scores, c.note
        )
