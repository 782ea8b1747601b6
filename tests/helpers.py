"""Small helpers shared by tests."""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from pathlib import Path

from alliance_desk.core.portfolio import AllianceDraft, validate_alliance


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def teammate(store):
    """A second app process on the same portfolio: the same file, or the same database."""
    from alliance_desk.store.database import open_store

    other = open_store(store.location.url if store.path is None else store.path, start_backup=False)
    try:
        yield other
    finally:
        other.close()


@contextmanager
def empty_database(postgres_template):
    """The URL of a new, empty PostgreSQL database on the test server, dropped afterwards."""
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from tests.conftest import SERVER

    name = f"alliance_desk_up_{uuid.uuid4().hex[:10]}"
    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with postgres_template.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def draft(**values) -> AllianceDraft:
    base = {"name": "Aurora co-development", "partner": "Borealis Bio"}
    base.update(values)
    return validate_alliance(base)


def answer_dialog(qtbot, fill, *then) -> list:
    """Run `fill(dialog)` on the next modal dialog once it opens, then each of `then` on the
    dialogs that follow (a dialog reopened after a failed save), and never leave one open (a
    failed step inside would otherwise block the suite). Returns the dialogs seen."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen = []
    steps = [fill, *then]
    # `run` reaches itself through `me`, emptied after the last step: no reference cycle is
    # left to keep the dialogs alive until the cycle collector deletes them at some moment of
    # a later test (a Python-owned dialog destroyed inside another test's event loop).
    me: list = []

    def run(waited: int = 0) -> None:
        again = me[0]
        dialog = QApplication.activeModalWidget()
        if dialog is None and waited < 50 and len(seen) > 0:
            QTimer.singleShot(10, lambda: again(waited + 1))  # the next one is not open yet
            return
        step = steps.pop(0)
        try:
            seen.append(dialog)
            if dialog is not None:
                step(dialog)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()
            if steps:
                QTimer.singleShot(0, again)
            else:
                me.clear()

    me.append(run)
    QTimer.singleShot(0, run)
    return seen


def write_side_by_side(first, second, count: int) -> list[Exception]:
    """Two stores on one file each create `count` alliances ("one-N", "two-N") at the same
    time, on two threads; what either raised."""
    import threading

    from alliance_desk.store import portfolio

    errors: list[Exception] = []

    def write(store, prefix: str) -> None:
        try:
            for number in range(count):
                portfolio.create_alliance(store, draft(name=f"{prefix}{number}"))
        except Exception as error:  # pragma: no cover - reported by the caller
            errors.append(error)

    threads = [
        threading.Thread(target=write, args=(s, p)) for s, p in ((first, "one-"), (second, "two-"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def open_handles(path) -> list[str]:
    """The files this process holds open on `path` or beside it (its WAL, shared memory)."""
    import os

    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)):
            found.append(target)
    return found


def kill_writers(script: str, path, times: int, seed: int, **popen) -> set[int]:
    """Start `script` (a writer printing "ready", then each id it saved, after its commit)
    `times` times on `path` and SIGKILL it at a random moment; the ids it reported saved.
    Every other writer is killed only after its first save, so however loaded the machine
    is, something was reported saved (the rest may die before saving anything)."""
    import random
    import signal
    import subprocess
    import sys
    import time

    rng = random.Random(seed)
    saved: set[int] = set()
    for number in range(times):
        child = subprocess.Popen(
            [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True, **popen
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        if number % 2:
            first = child.stdout.readline().strip()
            saved.update([int(first)] if first.isdigit() else [])
        time.sleep(rng.uniform(0.0, 0.08))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        saved.update(int(line) for line in out.split() if line.isdigit())
    return saved


class Statements:
    """The SQL statements a store runs while the block runs (`seen`), counted at its engine:
    on the team store each is a round trip."""

    def __init__(self, store) -> None:
        self.store, self.seen = store, []
        self.parameters: list[object] = []  # each statement's, in the same order

    def _count(self, _conn, _cursor, statement, parameters, *_args) -> None:
        self.seen.append(statement)
        self.parameters.append(parameters)

    def __enter__(self):
        from sqlalchemy import event

        event.listen(self.store.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc) -> None:
        from sqlalchemy import event

        event.remove(self.store.engine, "before_cursor_execute", self._count)


def statements(store, work) -> list[str]:
    """The statements `work()` runs on `store`."""
    with Statements(store) as counted:
        work()
    return counted.seen


def statements_run(store, work) -> list[tuple[str, object]]:
    """The statements `work()` runs on `store`, each with its parameters (to ask the
    database's planner about them as they ran)."""
    with Statements(store) as counted:
        work()
    return list(zip(counted.seen, counted.parameters, strict=True))


def resolved_escalation(store, alliance_id: int, title: str) -> int:
    """An escalation raised on the alliance and resolved at once: its id."""
    from alliance_desk.core.escalations import validate_escalation, validate_resolution
    from alliance_desk.store import escalation_moves, escalations

    issue = escalations.raise_escalation(
        store, alliance_id, validate_escalation({"title": title, "category": "conflict"})
    )
    escalation_moves.resolve(
        store, issue, validate_resolution({"root_cause": "r", "resolution": "s", "kind": "other"})
    )
    return issue


def start_demo_in_fresh_process(script: str, config: Path, data_home: Path, *args: str, **env):
    """Run `script` (which calls alliance_desk.app.start(sys.argv[1])) in a new Python on a
    fresh demo portfolio, off screen, with its own settings; what it printed, once it passed."""
    from alliance_desk.store.demo import create_demo

    demo = create_demo()  # written here: writing it is ORM work, opening it must not be
    return start_in_fresh_process(script, demo, config, data_home, *args, **env)


def start_in_fresh_process(
    script: str, portfolio: Path, config: Path, data_home: Path, *args: str, **env
):
    """`script` run in a new Python on `portfolio` (its sys.argv[1]), off screen, with its own
    settings; what it printed, once it passed."""
    import os
    import subprocess
    import sys

    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ALLIANCE_DESK_HOME": str(data_home),
        "XDG_CONFIG_HOME": str(config),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", script, str(portfolio), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def every_page(read) -> list:
    """Every row of a list read a page at a time: `read(cursor)` gives the page from `cursor`
    (None: the start), until no rows are left."""
    rows, cursor = [], None
    while True:
        page = read(cursor)
        rows += page.rows
        cursor = page.cursor
        if not page.more:
            return rows


MONTH = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
DATES_ANOTHER_WAY = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"  # "2026-12-03"
    rf"|(?<![\d:])0\d (?:{MONTH})"  # "03 Dec", "03 December"
    r"|(?<!day )\b\d{1,2} (?:January|February|March|April|June|July|August|September"
    r"|October|November|December)\b"  # "25 October 2026" ("1 May 2026" is the short form)
)


def dates_another_way(text: str) -> list[str]:
    """The dates in `text` not written as the window writes them ("3 Dec 2026"): an ISO day,
    a zero-padded day, a month spelled out after its day other than in a heading's long form
    ("Thursday 3 December 2026")."""
    return [match.group() for match in DATES_ANOTHER_WAY.finditer(text)]


@contextmanager
def set_back(store, revision: str):
    """Close `store`, set its portfolio back to the schema `revision` and yield a connection to
    it as it then is; opening it again afterwards (`open_store`) upgrades it."""
    from alembic import command

    from alliance_desk.store.engine import make_engine
    from alliance_desk.store.migrate import alembic_config

    location = store.location
    store.close()
    command.downgrade(alembic_config(location), revision)
    engine = make_engine(location)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def table_columns(connection, table: str) -> set[str]:
    """The names of `table`'s columns, on either engine."""
    from sqlalchemy import text

    query = (
        "SELECT column_name FROM information_schema.columns WHERE table_name = :table"
        if connection.dialect.name == "postgresql"
        else "SELECT name FROM pragma_table_info(:table)"
    )
    return set(connection.execute(text(query), {"table": table}).scalars())
