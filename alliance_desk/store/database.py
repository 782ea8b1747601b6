"""Opening the portfolio safely, and the short sessions every store function runs in.

Opening follows DESIGN.md §4: a file that is not ours, is damaged, was left half-way by an
interrupted upgrade, or comes from a newer version is refused with a sentence for the user and
is never written to (a backup that opens is offered instead); a new portfolio is built beside
its name and renamed into place once complete; before a schema upgrade the file is backed up,
and the upgrade is one transaction; every connection runs with WAL and foreign keys on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from alliance_desk.core.changes import Changes
from alliance_desk.store import backup, cipher, new_files
from alliance_desk.store.changes import Recorder, watch
from alliance_desk.store.engine import make_engine
from alliance_desk.store.errors import (
    ConflictError,
    NewerDatabaseError,
    PasswordRequired,
    StoreError,
    server_failure,
    sqlite_failure,
)
from alliance_desk.store.integrity import CheckAside, check_file, inspect_file, taken_ahead
from alliance_desk.store.location import Location, resolve
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
        self.created = False  # a new portfolio was made on opening (the user is told)
        self.warnings: list[str] = []  # what went wrong without stopping the store opening
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
            except StoreError as problem:
                self.close()
                raise backup.offer_for(problem, self.path) from None

    @property
    def path(self) -> Path | None:
        return self.location.path

    @property
    def reads_authenticated(self) -> bool:
        """True for an encrypted file: SQLCipher checks each page's authentication code as it
        reads it, so damaged bytes fail to read rather than show as something else."""
        return self.path is not None and cipher.keyed(self.path)

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
        """A session for queries; nothing it does is committed. On the team store a server's
        refusal (busy, connection lost, permission) comes out as a `StoreError` sentence.

        On the team store the transaction is READ ONLY (the server refuses any write in it),
        so it can end with COMMIT: psycopg forgets a connection's prepared statements at every
        ROLLBACK, and the screens' statements are kept prepared (`engine.py`)."""
        if self.path is not None:
            with self._sessions() as session:
                yield session
            return
        try:
            with self._sessions() as session:
                session.connection(execution_options={"postgresql_readonly": True})
                yield session
                session.commit()
        except DBAPIError as error:
            raise database_failure(error, "nothing could be read") from error

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back entirely if it fails.

        Failures to write (disk full, read-only file, another program holding a lock) come out
        as `SaveError` with a sentence the window can show as it is. On the team store a
        failure that left nothing written and may go away if tried again (a serialization
        failure, a deadlock, a connection lost before COMMIT) is a `RetryableError`; every
        write operation tries once more (`store/retry.py`).
        """
        if self._pending_check is not None:
            self.verify()  # nothing is written to a file whose check has not passed
        recorder = Recorder()
        committing = False
        try:
            with self._sessions() as session, session.begin():
                session.info["changes"] = recorder
                yield session
                session.flush()
                committing = True  # from here a lost connection leaves the outcome unknown
        except StaleDataError as error:
            raise ConflictError(
                "Someone else saved this record at the same moment, so your change was not "
                "saved. What you typed is still in the form: save again to replace theirs."
            ) from error
        except (OperationalError, InternalError) as error:
            # OperationalError: SQLite's full disk, read-only file or lock, PostgreSQL's full
            # disk or lost connection; InternalError: PostgreSQL's read-only transaction.
            raise database_failure(
                error, "this change was not saved", self.path, committing=committing
            ) from error
        except DBAPIError as error:  # the team store's refusals: permission, its own rules
            if self.path is not None:
                raise
            raise database_failure(error, "this change was not saved") from error
        changes = recorder.changes()
        if changes:
            for listener in list(self._listeners):
                listener(changes)

    def close(self) -> None:
        self.engine.dispose()

    def lock(self) -> None:
        """Close every connection to the file and forget its passphrase: until `unlock`,
        nothing is read or written, and the process holds no handle on the file."""
        self.engine.dispose()
        if self.path is not None:
            cipher.forget(self.path)

    def unlock(self, secret: str) -> None:
        """Reopen a locked encrypted file with `secret` (`WrongPassphrase` leaves it locked)."""
        path = self.path
        assert path is not None, "only a portfolio file is locked"
        if not cipher.looks_encrypted(path):  # removed or replaced while locked
            raise StoreError(f"{path} is no longer the encrypted portfolio that was open.")
        cipher.unlock(path, secret)
        try:
            with self.engine.connect() as connection:  # opened now, not at the next click
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except DBAPIError as error:
            cipher.forget(path)
            raise database_failure(error, "it stays locked", path) from None


def database_failure(
    error: DBAPIError, outcome: str, path: Path | None = None, *, committing: bool = False
) -> StoreError:
    """A driver's failure in the user's words, told apart by SQLite's result code or
    PostgreSQL's SQLSTATE (never by the message text). A connection the driver found dead
    often carries no SQLSTATE: it counts as one lost (08006)."""
    if isinstance(error.orig, cipher.ERRORS):
        return sqlite_failure(error.orig, outcome, path)
    state = getattr(error.orig, "sqlstate", None)
    if state is None and error.connection_invalidated:
        state = "08006"
    return server_failure(state, str(error.orig), outcome, committing=committing)


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


def _server_revision(engine: Engine) -> tuple[str | None, bool]:
    """The team store's schema revision (None when it has none yet) and whether this role may
    upgrade it (owns the tables, or may act as their owner)."""
    with engine.connect() as connection:
        may = connection.execute(
            text(
                "SELECT pg_has_role(current_user, c.relowner, 'MEMBER') FROM pg_class c "
                "WHERE c.oid = to_regclass('public.alembic_version')"
            )
        ).scalar()
        if may is None:
            return None, True
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar(), may
        except DBAPIError:
            return None, may


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

    A missing or empty (0-byte) file becomes a new portfolio (`Store.created` says so); a
    missing folder is created only for the default data folder, elsewhere it is refused.
    `start_backup=False` lets the window take the routine start-up backup after it has shown
    itself; the backup before a schema upgrade is always taken here, first.
    `check_aside=True` reads every page on another thread (`Store.verify` waits for the
    verdict) when the file needs no upgrade; a file about to be upgraded is checked first.
    `started_check`: that check, already started on this file by the entry point (for an
    encrypted file, `integrity.check_ahead` began it as its key was derived).
    """
    location = target if isinstance(target, Location) else resolve(target)
    if location.path is None:
        return _open_server(location)
    path = location.path
    started_check = started_check or taken_ahead(path, cipher.passphrase_for(path))
    backup.remove_leftovers_of(path)
    try:
        revision = inspect_file(path, quick_check=False)
    except StoreError as problem:
        raise backup.offer_for(problem, path) from None
    pending, warnings, created = None, [], False
    if revision is None:
        created = new_files.create_portfolio(location)
        if not created:  # another process made it meanwhile: open theirs, as found
            return open_store(location, keep_backups=keep_backups, start_backup=start_backup)
    else:
        if started_check is not None and started_check.path.resolve() != path.resolve():
            started_check = None  # a check of some other file says nothing about this one
        if revision != HEAD_REVISION or not check_aside:
            try:
                if started_check is not None:
                    started_check.wait()
                else:
                    check_file(path)
            except StoreError as problem:
                raise backup.offer_for(problem, path) from None
        else:
            pending = started_check or CheckAside(path)
        if revision != HEAD_REVISION:
            if not backup.is_current(path):  # a failed upgrade retried takes no second copy
                backup.take_backup(path, reason="before-upgrade", keep=keep_backups)
            new_files.upgrade_to_head(location)
        elif start_backup:
            try:
                backup.backup_if_changed(path, keep=keep_backups)
            except StoreError as problem:  # the portfolio is sound; say so, and carry on
                warnings.append(f"The start-up backup was not taken: {problem}")
    engine = make_engine(location, durable=durable)
    try:
        _ensure_wal(engine, path, before_writing=pending.wait if pending else None)
    except StoreError:
        engine.dispose()
        if pending is not None:
            pending.wait()  # a damaged file explains itself better than a failed pragma
        raise
    store = Store(location, engine, pending)
    store.created, store.warnings = created, warnings
    return store


def _open_server(location: Location) -> Store:
    engine = make_engine(location)
    try:
        revision, may_upgrade = _server_revision(engine)
    except OperationalError as error:
        engine.dispose()
        raise _connect_failure(location, error) from None
    if revision is not None and revision not in KNOWN_REVISIONS:
        engine.dispose()
        raise NewerDatabaseError(
            f"The database at {location.display} was saved by a newer version of "
            f"Alliance Desk (schema {revision}). Update the app to open it."
        )
    if revision != HEAD_REVISION and not may_upgrade:
        engine.dispose()
        raise StoreError(
            f"The team store at {location.display} has an older schema ({revision}) than this "
            "version of Alliance Desk, and only an administrator may upgrade it: ask one to "
            f"run `alliance-desk --db URL team upgrade`."
        )
    if revision != HEAD_REVISION:
        try:
            new_files.upgrade_to_head(location)
        except DBAPIError as error:
            engine.dispose()
            raise database_failure(error, "the team store was not upgraded") from None
    return Store(location, engine)


def _ensure_wal(engine: Engine, path: Path | None = None, before_writing=None) -> None:
    """Put the file in WAL mode if it is not already (a restored backup is not). Switching
    writes to the file, so a check still running aside (`before_writing`) must pass first."""
    try:
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            if mode != "wal":
                if before_writing is not None:
                    before_writing()
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    except DBAPIError as error:
        raise database_failure(error, "it was not opened", path) from None
