"""What every view shares: the open portfolio, the undo history and the alliance in focus."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from alliance_desk.store import portfolio
from alliance_desk.store.database import Store
from alliance_desk.store.errors import ConflictError, StoreError


class StoreCommand(QUndoCommand):
    """An undoable edit that writes through the store.

    Subclasses implement `apply()` and `revert()`. If the very first `apply()` fails (disk full,
    file read-only), the command marks itself obsolete so Qt drops it instead of recording an
    edit that never happened, and the failure is reported to the user.
    """

    # Re-read the views when the first save is refused as a conflict: right for edits made
    # on what a list shows (a tick, a drag), wrong for forms, which keep what was typed.
    refresh_on_conflict = False

    def __init__(self, desk: Desk, text: str) -> None:
        super().__init__(text)
        self.desk = desk
        self.failed = False
        self.conflict = False  # the first save was refused: changed elsewhere meanwhile

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        try:
            self.apply()
        except StoreError as error:
            self.failed = True
            self.conflict = isinstance(error, ConflictError)
            self.setObsolete(True)
            self.desk.report_error(str(error))
            if self.conflict and self.refresh_on_conflict:
                self.desk.data_changed.emit()
            return
        self.desk.data_changed.emit()

    def undo(self) -> None:
        try:
            self.revert()
        except StoreError as error:
            self.desk.report_error(str(error))
            return
        self.desk.data_changed.emit()


class Desk(QObject):
    """Shared state of one window. Views listen to its signals and re-read from the store."""

    data_changed = Signal()
    store_changed = Signal()
    alliance_changed = Signal(object)  # an alliance id, or None for the whole portfolio
    error = Signal(str)
    status = Signal(str)

    def __init__(self, store: Store | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.alliance_id: int | None = None

    def set_store(self, store: Store | None) -> None:
        """Switch to another portfolio; the undo history belongs to the old one and is cleared."""
        if self.store is not None:
            self.store.close()
        self.store = store
        self.undo_stack.clear()
        self.alliance_id = None
        self.store_changed.emit()
        self.data_changed.emit()

    def select_alliance(self, alliance_id: int | None) -> None:
        if alliance_id != self.alliance_id:
            self.alliance_id = alliance_id
            self.alliance_changed.emit(alliance_id)

    def run(self, command: StoreCommand) -> bool:
        """Apply an edit and record it for undo. Returns False when it could not be saved."""
        self.undo_stack.push(command)
        return not command.failed

    def run_dialog(self, dialog, command_for: Callable[[], StoreCommand | None]):
        """Show `dialog` until what it holds is saved or the user cancels.

        `command_for` turns the accepted dialog into the edit (None: nothing to save). When the
        save fails (disk full, file read-only) the user reads why, and the same dialog opens
        again with everything they typed still in it. Returns the command that was saved.
        An edit refused because a teammate changed the record meanwhile, and shown as they left
        it, does not reopen: what was asked may no longer apply.
        """
        while dialog.exec():
            command = command_for()
            if command is None:
                return None
            if self.run(command):
                return command
            if command.conflict and command.refresh_on_conflict:
                return None
        return None

    def alliance_name(self, fallback: str = "all alliances") -> str:
        """The name of the alliance in focus, or `fallback` when none is chosen."""
        if self.store is None or self.alliance_id is None:
            return fallback
        try:
            return portfolio.get_alliance(self.store, self.alliance_id).name
        except StoreError:
            return fallback

    def report_error(self, message: str) -> None:
        self.error.emit(message)


class VersionedEditCommand(StoreCommand):
    """An edit of one record that never overwrites a newer one saved elsewhere.

    The first save lands only on the version the user started editing (the store raises
    ConflictError otherwise). Undo and redo land only if the record still holds this step's
    own result, so one's own history undoes freely but a teammate's later change is never
    overwritten. Subclasses say how to read the record and how to save a draft.
    """

    def __init__(self, desk: Desk, text: str, name: str, before, after, version) -> None:
        super().__init__(desk, text)
        self.name, self.before, self.after = name, before, after
        self.started_from = version  # used by the first save only

    def current(self):
        """The record as stored now (with `.draft` and `.version`), or None if it is gone."""
        raise NotImplementedError

    def save(self, draft, expected_version) -> None:
        raise NotImplementedError

    def _version_holding(self, expected_draft):
        try:
            record = self.current()
        except StoreError:
            record = None
        if record is None:
            raise StoreError(f"“{self.name}” no longer exists.")
        draft = record.draft() if callable(record.draft) else record.draft
        if draft != expected_draft:
            raise ConflictError(
                f"“{self.name}” was changed elsewhere since this edit, so it was not undone or "
                "redone: that would overwrite the newer change. Refresh (F5) to see it."
            )
        return record.version

    def apply(self) -> None:
        expected, self.started_from = self.started_from, None
        if expected is None:  # a redo
            expected = self._version_holding(self.before)
        self.save(self.after, expected)

    def revert(self) -> None:
        self.save(self.before, self._version_holding(self.after))


class Held(NamedTuple):
    """A value as stored now, and the version of the record that holds it."""

    draft: object
    version: object


class ValueEditCommand(VersionedEditCommand):
    """A versioned edit of one value of a record (a meeting's agenda, an item's status),
    given as how to read it — `read()` returns (value, version) — and how to write it —
    `write(value, expected_version)`; `write` is called with `before` itself to undo."""

    def __init__(
        self, desk: Desk, text: str, name: str, before, after, version, read, write, *, form=False
    ):
        super().__init__(desk, text, name, before, after, version)
        self._read, self._write = read, write
        # A value typed into a form stays there when refused; a tick or a list edit is
        # refused by showing what the teammate saved.
        self.refresh_on_conflict = not form

    def current(self) -> Held:
        return Held(*self._read())

    def save(self, draft, expected_version) -> None:
        self._write(draft, expected_version)


class CallCommand(StoreCommand):
    """An undoable edit given as two calls: one to do it, one to take it back."""

    def __init__(self, desk: Desk, text: str, do, undo) -> None:
        super().__init__(desk, text)
        self._do, self._undo = do, undo

    def apply(self) -> None:
        self._do()

    def revert(self) -> None:
        self._undo()


class _Freshness(QObject):
    """Reloads a view when the data changes while it is on screen; otherwise marks it stale
    and reloads it when it is next shown."""

    def __init__(self, widget: QWidget, reload) -> None:
        super().__init__(widget)
        self.widget, self.reload, self.stale = widget, reload, True
        widget.installEventFilter(self)

    def changed(self, *_args) -> None:
        if self.widget.isVisible():
            self.stale = False
            self.reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.reload()
        return False


def follow(desk: Desk, widget: QWidget, reload, *, alliance: bool = True) -> None:
    """Keep a section current without paying for hidden ones: at heavy scale reloading every
    section after each saved field would take seconds."""
    freshness = _Freshness(widget, reload)
    desk.data_changed.connect(freshness.changed)
    desk.store_changed.connect(freshness.changed)
    if alliance:
        desk.alliance_changed.connect(freshness.changed)
