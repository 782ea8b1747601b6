"""Opening the portfolio safely, and the short sessions every store function runs in.

Opening follows DESIGN.md §4: a file that is not ours, is damaged, or comes from a newer version
is refused with a sentence for the user and is never written to; before a schema upgrade the
file is backed up; every connection runs with WAL and foreign keys on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from alliance_desk.core.changes import Changes
from alliance_desk.store import backup
from alliance_desk.store.changes import Recorder, watch
from alliance_desk.store.errors import (
    ConflictError,
    NewerDatabaseError,
    PasswordRequired,
    SaveError,
    StoreError,
)
from alliance_desk.store.integrity import CheckAside, check_file, inspect_file
from alliance_desk.store.location import Location, make_private_dir, resolve
from alliance_desk.store.membership import guard
from alliance_desk.store.schema import HEAD_REVISION, KNOWN_REVISIONS


class Store:
    """An open portfolio. Store functions take it first and open one short session per call."""

    def __init__(self, location: Location, engine: Engine, pending_check=None) -> None:
        self.location = location
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        watch(self._sessions)
        guard(self._sessions)
        self._pending_check = pending_check
        self._listeners: list[Callable[[Changes], None]] = []

    def on_change(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """Call `listener` with what each write changed, once it is committed; returns a
        function that stops it (the window's Desk listens, and refreshes what changed)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def verify(self) -> None:
        """Wait for an integrity check started aside by `open_store`; raise its
        `CorruptDatabaseError` (after closing the store) if the file is damaged."""
        pending, self._pending_check = self._pending_check, None
        if pending is not None:
            try:
                pending.wait()
            except StoreError:
                self.close()
                raise

    @property
    def path(self) -> Path | None:
        return self.location.path

    @cached_property
    def user(self) -> str:
        """The database role this store acts as on the team store; '' on a local file, which
        has one user. Rows that say who recorded them hold this (the server fills it in)."""
        if self.path is not None:
            return ""
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT current_user")).scalar_one()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back entirely if it fails.

        Failures to write (disk full, read-only file, another program holding a lock) come out
        as `SaveError` with a sentence the window can show as it is.
        """
        recorder = Recorder()
        try:
            with self._sessions.begin() as session:
                session.info["changes"] = recorder
                yield session
        except StaleDataError as error:
            raise ConflictError(
                "Someone else saved this record at the same moment, so your change was not "
                "saved. What you typed is still in the form: save again to replace theirs."
            ) from error
        except (OperationalError, InternalError) as error:
            # OperationalError: SQLite's full disk, read-only file or lock, PostgreSQL's full
            # disk; InternalError: PostgreSQL's read-only transaction.
            raise SaveError(_describe_write_failure(error)) from error
        changes = recorder.changes()
        if changes:
            for listener in list(self._listeners):
                listener(changes)

    def close(self) -> None:
        self.engine.dispose()


def _describe_write_failure(error: DBAPIError) -> str:
    detail = str(error.orig).lower()
    if "full" in detail:
        return "The disk is full, so this change was not saved. Free some space and try again."
    if "readonly" in detail or "read-only" in detail:
        return "The portfolio file is read-only, so this change was not saved."
    if "locked" in detail or "busy" in detail:
        return "Another program is using the portfolio file; this change was not saved. Try again."
    return f"This change could not be saved: {error.orig}"


def _pragmas(durable: bool):
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # FULL keeps a committed edit through a power cut, at a cost of milliseconds per save.
        cursor.execute(f"PRAGMA synchronous={'FULL' if durable else 'OFF'}")
        cursor.close()

    return on_connect


def make_engine(location: Location, *, foreign_keys: bool = True, durable: bool = True) -> Engine:
    """An engine for `location`; for SQLite, WAL mode and (unless told not to) foreign keys on.

    `durable=False` skips syncing to disk: only for files built aside and moved into place.
    """
    if location.path is None:
        return create_engine(location.url, pool_pre_ping=True)
    engine = create_engine(location.url)
    if foreign_keys:
        event.listen(engine, "connect", _pragmas(durable))
    return engine


def _create_private_file(path: Path) -> None:
    make_private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _connect_failure(location: Location, error: OperationalError) -> StoreError:
    detail = str(error.orig).strip()
    if "password" in detail.lower():
        return PasswordRequired(
            f"The team store at {location.display} did not accept the password"
            if location.has_password
            else f"The team store at {location.display} needs your password"
        )
    return StoreError(
        f"The team store at {location.display} cannot be reached: {detail.splitlines()[0]}"
    )


def _server_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


def upgrade_to_head(location: Location) -> None:
    """Run Alembic's `upgrade head`. Imported lazily: Alembic costs ≈ 270 ms to import."""
    from alliance_desk.store.migrate import upgrade

    upgrade(location)


def open_store(
    target: str | os.PathLike[str] | Location | None = None,
    *,
    keep_backups: int = backup.DEFAULT_KEEP,
    start_backup: bool = True,
    durable: bool = True,
    check_aside: bool = False,
    started_check: CheckAside | None = None,
) -> Store:
    """Open (creating if need be) the portfolio at `target` and bring its schema up to date.

    `start_backup=False` lets the window take the routine start-up backup after it has shown
    itself; the backup before a schema upgrade is always taken here, first.
    `check_aside=True` reads every page on another thread (`Store.verify` waits for the
    verdict) when the file needs no upgrade; a file about to be upgraded is checked first.
    `started_check`: that check, already started on this file by the entry point.
    """
    location = target if isinstance(target, Location) else resolve(target)
    path = location.path
    pending = None
    if path is not None:
        revision = inspect_file(path, quick_check=False)
        if started_check is not None and started_check.path.resolve() != path.resolve():
            started_check = None  # a check of some other file says nothing about this one
        if revision is not None and (revision != HEAD_REVISION or not check_aside):
            if started_check is not None:
                started_check.wait()
            else:
                check_file(path)
        elif revision is not None:
            pending = started_check or CheckAside(path)
        if not path.exists():
            _create_private_file(path)
        if revision is not None and revision != HEAD_REVISION:
            backup.take_backup(path, reason="before-upgrade", keep=keep_backups)
        elif start_backup:
            backup.backup_if_changed(path, keep=keep_backups)
        if revision != HEAD_REVISION:
            upgrade_to_head(location)
        engine = make_engine(location, durable=durable)
        try:
            _ensure_wal(engine)
        except StoreError:
            if pending is not None:
                pending.wait()  # a damaged file explains itself better than a failed pragma
            raise
    else:
        engine = make_engine(location)
        try:
            revision = _server_revision(engine)
        except OperationalError as error:
            engine.dispose()
            raise _connect_failure(location, error) from None
        if revision is not None and revision not in KNOWN_REVISIONS:
            engine.dispose()
            raise NewerDatabaseError(
                f"The database at {location.display} was saved by a newer version of "
                f"Alliance Desk (schema {revision}). Update the app to open it."
            )
        if revision != HEAD_REVISION:
            upgrade_to_head(location)
    return Store(location, engine, pending)


def _ensure_wal(engine: Engine) -> None:
    try:
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            if mode != "wal":
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    except OperationalError as error:
        raise StoreError(f"The portfolio file cannot be opened: {error.orig}") from error
