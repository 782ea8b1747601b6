"""The undoable edits of the escalation log: raising, editing, workflow steps and notes — each
one store operation; undo appends to the history, which is never erased."""

from __future__ import annotations

from collections.abc import Callable

from alliance_desk.core.escalations import Escalation, EscalationDraft
from alliance_desk.store import escalation_moves, escalations
from alliance_desk.ui.desk import Desk, Held, StoreCommand, VersionedEditCommand
from alliance_desk.ui.i18n import translate

# -- undoable edits -------------------------------------------------------------------------------


class RaiseCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, draft: EscalationDraft, level: int) -> None:
        super().__init__(desk, translate("commands", "Raise “{title}”").format(title=draft.title))
        self.alliance_id, self.draft, self.level = alliance_id, draft, level
        self.escalation_id: int | None = None

    def apply(self) -> None:
        self.escalation_id = escalations.raise_escalation(
            self.store, self.alliance_id, self.draft, self.level
        )

    def revert(self) -> None:
        assert self.escalation_id is not None  # set by apply(), which ran first
        escalations.delete_escalation(self.store, self.escalation_id)


class WorkflowCommand(VersionedEditCommand):
    """A level change, resolution, closing or reopening: `action(expected_version)` takes the
    step. Undo puts the state back and says so in the history, which is append-only and never
    erased. The step, its undo and its redo are refused when a teammate moved the escalation
    on meanwhile; the log then shows where it is."""

    refresh_on_conflict = True

    def __init__(self, desk: Desk, escalation: Escalation, label: str, action: Callable) -> None:
        # From the version the user saw: if a teammate moved it on since, the step is refused.
        assert desk.store is not None  # edits are made only while a portfolio is open
        before, _version = escalation_moves.state(desk.store, escalation.id)
        super().__init__(desk, label, escalation.title, before, None, escalation.version)
        self.escalation_id, self.label, self.action = escalation.id, label, action

    def current(self) -> Held:
        return Held(*escalation_moves.state(self.store, self.escalation_id))

    def save(self, draft, expected_version) -> None:
        if draft is self.before:
            escalation_moves.undo_to(
                self.store,
                self.escalation_id,
                self.before,
                translate("commands", "Undo: {label}").format(label=self.label),
                expected_version=expected_version,
            )
        else:
            self.before = self.action(expected_version)  # exactly what undo puts back
            self.after, _ = escalation_moves.state(self.store, self.escalation_id)


class NoteCommand(StoreCommand):
    def __init__(self, desk: Desk, escalation: Escalation, text: str) -> None:
        super().__init__(desk, translate("commands", "Add a note"))
        # `note`, not `text`: that would hide QUndoCommand.text(), which redo() calls.
        self.escalation_id, self.note = escalation.id, text
        self.state = None

    def apply(self) -> None:
        escalation_moves.add_note(self.store, self.escalation_id, self.note)

    def revert(self) -> None:
        state, _version = escalation_moves.state(self.store, self.escalation_id)
        escalation_moves.undo_to(
            self.store,
            self.escalation_id,
            state,
            translate("commands", "Withdrew the note “{note}”").format(note=self.note),
        )


class EditCommand(VersionedEditCommand):
    def __init__(self, desk: Desk, escalation: Escalation, after: EscalationDraft) -> None:
        super().__init__(
            desk,
            translate("commands", "Edit “{title}”").format(title=after.title),
            escalation.title,
            escalation.draft,
            after,
            escalation.version,
        )
        self.escalation_id = escalation.id

    def current(self) -> Escalation:
        return escalations.get_escalation(self.store, self.escalation_id)

    def save(self, draft: EscalationDraft, expected_version: int) -> None:
        escalations.update_escalation(
            self.store, self.escalation_id, draft, expected_version=expected_version
        )
