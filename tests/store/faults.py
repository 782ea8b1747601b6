"""Fault injection for the store: kill a forked child at its n-th SQL statement (or after a
delay), fill the disk, or make the file read-only part way through an operation.

A kill is counted at the level of SQLite itself: every connection the child opens (the app's
through SQLAlchemy, and the raw sqlite3 ones of checks and backups) reports each statement it
starts — BEGIN, every CREATE/ALTER/INSERT, PRAGMAs, COMMIT — and the child SIGKILLs itself
just before statement n runs. The parent then looks at what is left on disk.
"""

from __future__ import annotations

import gc
import itertools
import os
import resource
import shutil
import signal
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

from alliance_desk.store import backup
from alliance_desk.store.errors import StoreError
from alliance_desk.store.integrity import inspect_file


def fast_folder(tmp_path: Path) -> Path:
    """A folder in memory when the system has one (/dev/shm): thousands of fsyncs then cost
    nothing. The guarantees under test do not depend on the disk."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = shm / f"alliance-desk-faults-{os.getpid()}-{tmp_path.name}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(mode=0o700)
        return folder
    return tmp_path


def _trace_statements(kill_at: int, log: list[str] | None) -> None:
    """In the child: SIGKILL this process just before its `kill_at`-th SQLite statement, or
    record every statement's text in `log`."""
    count = [0]
    real = sqlite3.connect

    def tick(statement: str) -> None:
        count[0] += 1
        if log is not None:
            log.append(" ".join(statement.split())[:80])
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def connect(*args, **kwargs):
        connection = real(*args, **kwargs)
        connection.set_trace_callback(tick)
        return connection

    sqlite3.connect = connect
    sqlite3.dbapi2.connect = connect  # the module SQLAlchemy's pysqlite dialect calls
    import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-untyped]

    real_keyed = sqlcipher.connect

    def connect_keyed(*args, **kwargs):  # an encrypted portfolio's connections (store.cipher)
        connection = real_keyed(*args, **kwargs)
        connection.set_trace_callback(tick)
        return connection

    sqlcipher.connect = connect_keyed


def in_child(
    action: Callable[[], object],
    *,
    kill_at: int = 0,
    after: float = 0.0,
    limit: int | None = None,
    log: bool = False,
):
    """Run `action` in a forked child, killed before statement `kill_at` or `after` seconds
    (SIGALRM's default action: the kernel ends the process wherever it is, even inside
    SQLite), or with file sizes capped at `limit` bytes. Returns (killed, outcome): outcome
    is "done" or the one-line message of the StoreError/OSError the action raised; with
    `log`, the text of every statement the action ran instead, one per line."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read)
            gc.disable()
            statements: list[str] | None = [] if log else None
            if kill_at or log:
                _trace_statements(kill_at, statements)
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
            if after:
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                signal.setitimer(signal.ITIMER_REAL, after)
            try:
                action()
                outcome = "\n".join(statements) if log else "done"
            except (StoreError, OSError) as problem:
                outcome = f"{type(problem).__name__}: {problem}"
            data = outcome.encode()
            while data:
                data = data[os.write(write, data) :]
        except BaseException as error:  # a bug: tell the parent, which fails the test
            os.write(write, f"BUG {type(error).__name__}: {error}".encode())
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status)
    outcome = b"".join(chunks).decode()
    assert not outcome.startswith("BUG"), outcome
    return killed, outcome


def sweep(
    prepare: Callable[[], None],
    action: Callable[[], object],
    check: Callable[[], None],
    points: list[int] | None = None,
) -> int:
    """Kill `action` before each of its statements in turn (1, 2, … until it completes), or
    before each of `points`, preparing the files afresh each time and checking what is left.
    Returns the number of kills."""
    kills = 0
    for kill_at in points if points is not None else itertools.count(1):
        prepare()
        killed, outcome = in_child(action, kill_at=kill_at)
        check()
        if not killed:
            assert points is None, f"statement {kill_at} was never reached"
            assert outcome == "done", outcome
            return kills
        kills += 1
    prepare()  # every chosen point was killed; unkilled, the action completes
    _killed, outcome = in_child(action)
    assert outcome == "done", outcome
    check()
    return kills


def statement_points(
    prepare: Callable[[], None],
    action: Callable[[], object],
    every: int,
    covered: int = 0,
    covered_every: int = 10,
) -> list[int]:
    """Where to kill an action that runs a bulk INSERT row by row: before the first statement
    of each text (every step of its logic, and every kind of statement SQLite runs inside
    one: a trigger's, the text index's), and before every `every`-th statement (the rows of
    a bulk insert, whose statements interleave with those the text index runs for each row:
    a kill before each statement whose text differed from the one before was a kill before
    nearly every one, 5,400 for a 500-person import). The first `covered` statements (a step
    another test kills at every statement) only every `covered_every`-th."""
    prepare()
    _killed, outcome = in_child(action, log=True)
    texts = outcome.split("\n")
    points = []
    seen: set[str] = set()
    for number, text in enumerate(texts, start=1):
        new_step = text not in seen
        seen.add(text)
        if number <= covered:
            chosen = number % covered_every == 0
        else:
            chosen = new_step or number % every == 0
        if chosen:
            points.append(number)
    return points


def statement_count(prepare: Callable[[], None], action: Callable[[], object]) -> int:
    """How many SQLite statements `action` runs (in a child, so nothing here changes)."""
    prepare()
    _killed, outcome = in_child(action, log=True)
    return len(outcome.split("\n"))


def crash_states(folder: Path, action: Callable[[], object], check: Callable[[Path], None]):
    """Run `action` once, here; just before each SQLite statement it starts, copy `folder` as
    a crash at that instant would leave it (every write so far is in the files: SQLite
    writes whole pages with write(2), and nothing is in flight between statements) and
    `check` the copy. The same states SIGKILL leaves, without re-running the prefix each
    time. Returns (statements, failures)."""
    scratch = folder.with_name(folder.name + "-crash")
    busy, seen, failures = [False], [0], []
    real = sqlite3.connect

    def tick(_statement: str) -> None:
        if busy[0]:
            return  # the check's own statements
        busy[0] = True
        try:
            seen[0] += 1
            shutil.rmtree(scratch, ignore_errors=True)
            shutil.copytree(folder, scratch)
            check(scratch)
        except BaseException as error:  # SQLite would swallow it: keep it for the test
            failures.append(f"statement {seen[0]}: {type(error).__name__}: {error}")
        finally:
            busy[0] = False

    def connect(*args, **kwargs):
        connection = real(*args, **kwargs)
        connection.set_trace_callback(tick)
        return connection

    sqlite3.connect = sqlite3.dbapi2.connect = connect
    try:
        action()
    finally:
        sqlite3.connect = sqlite3.dbapi2.connect = real
        shutil.rmtree(scratch, ignore_errors=True)
    return seen[0], failures


@dataclass
class Tally:
    """What a fault suite did, for the README's counts."""

    kills: int = 0
    unreachable: int = 0
    refused_with_backup: int = 0
    notes: list[str] = field(default_factory=list)


def reachable(path: Path, rows: Callable[[Path], object], expected: set, tally: Tally) -> str:
    """The file at `path` opens at a known revision with one of the `expected` row sets, or
    is refused with a backup offered that does. Anything else counts as unreachable."""
    try:
        revision = inspect_file(path)
    except StoreError:
        offered = backup.newest_healthy(path)
        if offered is not None and rows(offered.path) in expected:
            tally.refused_with_backup += 1
            return "refused, backup offered"
        tally.unreachable += 1
        return "unreachable"
    if revision is None and path.exists() and path.stat().st_size:
        tally.unreachable += 1
        return "unreachable"
    if revision is not None and rows(path) not in expected:
        tally.unreachable += 1
        return "rows lost"
    return "ok"


def reset(folder: Path, name: str, template: Path | None) -> Path:
    """`folder/name` as a fresh copy of `template` (or absent), with no journal, backup or
    leftover beside it."""
    for entry in folder.iterdir():
        if entry.name.startswith(name) or entry.name == "backups":
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    path = folder / name
    if template is not None:
        shutil.copyfile(template, path)
        os.chmod(path, 0o600)
    return path


class StatementHook:
    """In-process: just before the n-th statement the app runs through SQLAlchemy, `act` on
    that connection (make it read-only, or cap its size as a full disk would)."""

    def __init__(self, n: int, act: Callable[[sqlite3.Connection], None]) -> None:
        self.n, self.act, self.seen = n, act, 0

    def __enter__(self) -> StatementHook:
        event.listen(Engine, "before_cursor_execute", self._before)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(Engine, "before_cursor_execute", self._before)

    def _before(self, connection, _cursor, _statement, _parameters, _context, _many) -> None:
        self.seen += 1
        if self.seen == self.n and connection.dialect.name == "sqlite":
            self.act(connection.connection.driver_connection)


def read_only_now(raw: sqlite3.Connection) -> None:
    raw.execute("PRAGMA query_only=ON")


def disk_full_now(raw: sqlite3.Connection) -> None:
    pages = raw.execute("PRAGMA page_count").fetchone()[0]
    raw.execute(f"PRAGMA max_page_count={pages}")
