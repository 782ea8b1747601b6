"""What every view shares: the open portfolio, the undo history and the alliance in focus."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.policy import Policy
from alliance_desk.store.errors import ConflictError, StoreError
from alliance_desk.ui.i18n import translate

if TYPE_CHECKING:
    from alliance_desk.store.database import Store

log = logging.getLogger(__name__)


def _policy_of(store: Store) -> Policy:
    """The portfolio's policy. The store's modules are imported where they are first used:
    the window's own code loads without SQLAlchemy (tests/test_layers.py)."""
    from alliance_desk.store.policy import load_policy

    return load_policy(store)


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

    @property
    def store(self) -> Store:
        """The open portfolio: an edit is only made while one is open."""
        return self.desk.require_store()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        try:
            with self.desk.operation(self.text()):
                self.apply()
        except StoreError as error:
            # The class of the refusal only: its message may name a person or a record.
            log.warning("%s not saved: %s", type(self).__name__, type(error).__name__)
            self.failed = True
            self.conflict = isinstance(error, ConflictError)
            self.setObsolete(True)
            self.desk.report_error(str(error))
            if self.conflict and self.refresh_on_conflict:
                self.desk.refresh_all()

    def undo(self) -> None:
        try:
            with self.desk.operation(
                translate("StoreCommand", "Undo {text}").format(text=self.text())
            ):
                self.revert()
        except StoreError as error:
            log.warning("%s not undone: %s", type(self).__name__, type(error).__name__)
            self.desk.report_error(str(error))


class Desk(QObject):
    """Shared state of one window: the open portfolio and its policy, the undo history, the
    alliance in focus. Each operation's change set is announced once (`changed`); a view
    reads again only what it shows of it (`follow`)."""

    changed = Signal(object)  # core.changes.Changes
    store_changed = Signal()
    alliance_changed = Signal(object)  # an alliance id, or None for the whole portfolio
    locking = Signal()  # the window locks: save what is being typed, now
    error = Signal(str)
    status = Signal(str)

    def __init__(self, store: Store | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.alliance_id: int | None = None
        self.store: Store | None = None
        self.policy = Policy()
        self._stop_listening: Callable[[], None] | None = None
        self._pending: list[Changes] | None = None  # while an operation runs
        self.split_operations: list[str] = []  # operations that took several transactions
        self._attach(store)

    def _attach(self, store: Store | None) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        self.store = store
        if store is not None:
            log.info("opened a portfolio %s", "file" if store.path else "on a server")
            self._stop_listening = store.on_change(self._stored)
            self.policy = _policy_of(store)  # plain Core: read before the first screen
        else:
            self.policy = Policy()

    def set_store(self, store: Store | None) -> None:
        """Switch to another portfolio; the undo history belongs to the old one and is cleared."""
        if self.store is not None:
            self.store.close()
        self._attach(store)
        self.undo_stack.clear()
        self.alliance_id = None
        self.store_changed.emit()
        self.changed.emit(Changes.everything())

    @contextmanager
    def operation(self, text: str = "") -> Iterator[None]:
        """Run one user operation: what its transaction changed is announced once, after it.
        An operation that took more than one transaction is noted in `split_operations`."""
        if self._pending is not None:  # inside another operation: that one announces
            yield
            return
        self._pending = []
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            if len(pending) > 1:
                self.split_operations.append(text)
                log.warning("an operation took %d transactions", len(pending))
            merged = Changes()
            for changes in pending:
                merged = merged | changes
            if merged:
                self._announce(merged)

    def _stored(self, changes: Changes) -> None:
        if self._pending is not None:
            self._pending.append(changes)
        else:
            self._announce(changes)

    def _announce(self, changes: Changes) -> None:
        log.info("saved: %r", changes)  # kinds and ids of records, never what they hold
        if Kind.POLICY in changes.kinds and self.store is not None:
            self.policy = _policy_of(self.store)
        self.changed.emit(changes)

    def refresh_all(self) -> None:
        """Read everything again: what teammates saved on the team store, the policy too."""
        if self.store is not None:
            self.policy = _policy_of(self.store)
        self.changed.emit(Changes.everything())

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
                # Said in the status bar as snoozing and deleting say it (the caller may say
                # more): a record made in a dialog showed no word that it was saved.
                self.status.emit(
                    translate("Desk", "Done: {what}. Undo with Ctrl+Z.").format(what=command.text())
                )
                return command
            if command.conflict and command.refresh_on_conflict:
                return None
        return None

    def require_store(self) -> Store:
        """The open portfolio, where one must be: a section acts on rows only once it is open."""
        assert self.store is not None, "no portfolio is open"
        return self.store

    def alliance_name(self, fallback: str = "all alliances") -> str:
        """The name of the alliance in focus, or `fallback` when none is chosen."""
        if self.store is None or self.alliance_id is None:
            return fallback
        from alliance_desk.store import portfolio

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
            raise StoreError(
                translate("StoreCommand", "“{name}” no longer exists.").format(name=self.name)
            )
        draft = record.draft() if callable(record.draft) else record.draft
        if draft != expected_draft:
            raise ConflictError(
                translate(
                    "StoreCommand",
                    "“{name}” was changed elsewhere since this edit, so it was not undone or "
                    "redone: that would overwrite the newer change. Refresh (F5) to see it.",
                ).format(name=self.name)
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


class _Freshness(QObject):
    """Reloads a view when what it shows changes while it is on screen; otherwise marks it
    stale and reloads it when it is next shown."""

    def __init__(
        self,
        widget: QWidget,
        reload: Callable[[], None],
        shows: frozenset[Kind],
        refresh_rows: Callable[[Changes], bool] | None,
    ) -> None:
        super().__init__(widget)
        self.widget, self.reload, self.stale = widget, reload, True
        self.shows, self.refresh_rows = shows, refresh_rows
        widget.installEventFilter(self)

    def changed(self, changes: Changes) -> None:
        if not changes.touches(self.shows):
            return
        if not self.widget.isVisible():
            self.stale = True
        elif self.stale or self.refresh_rows is None or not self.refresh_rows(changes):
            self.stale = False
            self.reload()

    def everything(self, *_args: object) -> None:
        self.changed(Changes.everything())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.reload()
        return False


def load_now(widget: QWidget | None) -> None:
    """Read what `widget` shows now rather than when it is first shown (start-up reads an
    encrypted portfolio's first section while its check finishes)."""
    if widget is None:
        return
    for freshness in widget.findChildren(
        _Freshness, options=Qt.FindChildOption.FindDirectChildrenOnly
    ):
        _read(freshness)


def shown_as_read(widget: QWidget) -> None:
    """What `widget` shows is current, though it was not read here (Today drawn as it was
    kept, quick_start.py): it is not read again when it is shown, only when what it shows
    changes — as it does once the portfolio is open."""
    for freshness in widget.findChildren(
        _Freshness, options=Qt.FindChildOption.FindDirectChildrenOnly
    ):
        freshness.stale = False


def stale_parts(view: QWidget) -> list[_Freshness]:
    """The parts of `view` that would be read when it is next shown: those out of date that
    would then be visible (not a tab behind another, which is read when it is chosen)."""
    return [
        freshness
        for freshness in view.findChildren(_Freshness)
        if freshness.stale and (freshness.widget is view or freshness.widget.isVisibleTo(view))
    ]


def read_ahead(view: QWidget) -> None:
    """Read, while `view` is hidden, all it will show when it is next shown."""
    for freshness in stale_parts(view):
        _read(freshness)


def _read(freshness: _Freshness) -> None:
    if freshness.stale:
        freshness.stale = False
        try:
            freshness.reload()
        except BaseException:
            freshness.stale = True  # read again when shown
            raise


def follow(
    desk: Desk,
    widget: QWidget,
    reload: Callable[[], None],
    shows: Iterable[Kind],
    *,
    alliance: bool = True,
    refresh_rows: Callable[[Changes], bool] | None = None,
) -> None:
    """Keep a view current without paying for hidden ones or for what it does not show: at
    heavy scale reloading every section after each saved field would take seconds.

    `shows`: the kinds of record on it; a change to none of them leaves it alone.
    `refresh_rows(changes)`: re-reads only the rows named, returning False when it cannot
    (the view is then reloaded whole). `alliance`: whether it follows the alliance in focus.
    """
    freshness = _Freshness(widget, reload, frozenset(shows), refresh_rows)
    desk.changed.connect(freshness.changed)
    desk.store_changed.connect(freshness.everything)
    if alliance:
        desk.alliance_changed.connect(freshness.everything)
