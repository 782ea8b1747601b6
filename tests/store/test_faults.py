"""No crash makes a portfolio unreachable: SIGKILL before every statement of every upgrade
(from each older revision to head), of creating a portfolio, of restoring a backup, of
copying to a new file and of importing people; then a full disk and a read-only file at each
step. Each time the file opens at a known revision with all its rows, or is refused with a
backup offered that does. The counts these tests print are the ones in README "Your data".
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from alliance_desk.core.bundle import migrations_path
from alliance_desk.core.people_csv import parse_people_csv
from alliance_desk.store import backup, people_import, portfolio, stakeholders
from alliance_desk.store.database import open_store
from alliance_desk.store.errors import DiskFullError, ReadOnlyError, StoreError
from alliance_desk.store.integrity import healthy, inspect_file, read_only
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import _scripts, upgrade
from alliance_desk.store.schema import HEAD_REVISION, KNOWN_REVISIONS
from alliance_desk.store.transfer import copy_to, record_counts
from tests.helpers import draft
from tests.store.faults import (
    StatementHook,
    Tally,
    crash_states,
    disk_full_now,
    in_child,
    reachable,
    read_only_now,
    reset,
    statement_count,
    statement_points,
    sweep,
)

ROWS_AT_0001 = (
    "INSERT INTO alliances (id, name, partner, alliance_type, phase, criticality, complexity, "
    "north_star, strategic_value, financial_value, internal_only, created_at, updated_at) "
    "VALUES (7, 'Καλή Συνεργασία', 'Borealis', 'licensing', 'execution', 4, 4, 'First', 4, "
    "12.5, 0, '2024-01-02 10:00:00', '2024-01-02 10:00:00'), (8, '=HYPERLINK(\"x\")', 'Ω', "
    "'licensing', 'execution', 2, 2, '', 2, 0, 1, '2024-01-02 10:00:00', '2024-01-02 10:00:00')",
    "INSERT INTO people (id, name, side, title, organisation, function, email, phone, "
    "internal_only, created_at, updated_at) VALUES (3, 'Ирина', 'partner', '', '', '', '', '', "
    "0, '2024-01-02 10:00:00', '2024-01-02 10:00:00')",
    "INSERT INTO stakeholders (alliance_id, person_id, role) VALUES (7, 3, 'JSC')",
)


def rows(path: Path) -> tuple:
    """The records the tests plant, as read back from any revision's tables."""
    connection = read_only(path)
    try:
        return tuple(
            tuple(connection.execute(query).fetchall())
            for query in (
                "SELECT id, name, partner FROM alliances ORDER BY id",
                "SELECT id, name, side FROM people ORDER BY id",
                "SELECT alliance_id, person_id, role FROM stakeholders",
            )
        )
    finally:
        connection.close()


@pytest.fixture(autouse=True)
def copied_templates() -> None:
    """Here every portfolio is created and upgraded by the real migrations, never copied from
    the session's template (tests/conftest.py): their statements are what gets killed."""


@pytest.fixture(scope="module")
def old_revisions(tmp_path_factory) -> dict[str, Path]:
    """A portfolio holding the planted rows at every revision but the newest."""
    list(_scripts(str(migrations_path())).walk_revisions())  # read once, before any fork
    folder = tmp_path_factory.mktemp("templates")
    work = folder / "work.sqlite3"
    work.touch(mode=0o600)
    found = {}
    for index, revision in enumerate(KNOWN_REVISIONS[:-1]):
        upgrade(resolve(work), revision)
        if index == 0:
            with sqlite3.connect(work) as connection:
                for statement in ROWS_AT_0001:
                    connection.execute(statement)
            connection.close()
        found[revision] = folder / f"{revision}.sqlite3"
        shutil.copyfile(work, found[revision])
    # Warm every cache the children share (compiled SQL, reflection) by one full upgrade.
    warm = folder / "warm.sqlite3"
    shutil.copyfile(found[KNOWN_REVISIONS[0]], warm)
    open_store(warm, start_backup=False).close()
    return found


def _opens_with(path: Path, expected) -> None:
    store = open_store(path, start_backup=False)
    try:
        assert {a.id for a in portfolio.list_alliances(store)} == {r[0] for r in expected[0]}
    finally:
        store.close()


# SIGKILLed at every statement: from the oldest revision (every statement of every migration)
# and from the newest but one (the upgrade most users meet). Each kill reruns the upgrade up to
# its statement, so this grows with the square of the migrations: from two more revisions in
# the middle it had grown to 21 minutes of the suite. Those middle starts are still crashed at
# every statement by the next test (the files as a crash would leave them, copied).
KILLED_FROM = (KNOWN_REVISIONS[0], KNOWN_REVISIONS[-2])
MIDDLE = ("0011_alliance_version", "0016_day_indexes")


@pytest.mark.slow
def test_killed_at_every_statement_of_an_upgrade_the_portfolio_still_opens(
    old_revisions, folder: Path
) -> None:
    """The upgrade to head (its backup first) from the oldest revision and from the newest but
    one is SIGKILLed before each SQLite statement in turn: the file always opens, at its old
    revision or at head, with every planted row — never half-way. Every 8th file is also
    opened for real (which upgrades it)."""
    expected = rows(old_revisions[KNOWN_REVISIONS[0]])
    tally, checked = Tally(), [0]
    path = folder / "portfolio.sqlite3"
    for revision in KILLED_FROM:

        def check(revision=revision) -> None:
            verdict = reachable(path, rows, {expected}, tally)
            assert verdict == "ok", (revision, tally.kills, verdict)
            checked[0] += 1
            if checked[0] % 8 == 0:
                _opens_with(path, expected)

        tally.kills += sweep(
            lambda revision=revision: reset(folder, "portfolio.sqlite3", old_revisions[revision]),
            lambda: open_store(path, start_backup=False).close(),
            check,
        )
        assert inspect_file(path) == HEAD_REVISION  # the run that was not killed finished
    print(f"\nupgrades: {tally.kills} SIGKILLs from {len(KILLED_FROM)} revisions, 0 unreachable")
    assert tally.unreachable == 0 and tally.kills > 400


@pytest.mark.slow
def test_a_crash_at_any_statement_of_any_upgrade_leaves_a_file_that_opens(
    old_revisions, folder: Path
) -> None:
    """From older revisions to head, the state a crash would leave before each SQLite
    statement of the upgrade (files copied at that instant) opens at a known revision with
    every planted row; every 8th is opened for real. The upgrade from the oldest revision
    runs every statement of every migration; a few later starts add the other data states
    (starting from each of the 23 grew this test quadratically with every migration)."""
    expected = rows(old_revisions[KNOWN_REVISIONS[0]])
    tally, states = Tally(), 0

    def check(copy: Path) -> None:
        crashed = copy / "portfolio.sqlite3"
        verdict = reachable(crashed, rows, {expected}, tally)
        assert verdict == "ok", verdict
        if (tally.kills + states) % 8 == 0:  # in a child: an upgrade is running here
            killed, outcome = in_child(lambda: _opens_with(crashed, expected))
            assert not killed and outcome == "done", outcome
        tally.kills += 1

    starts = (KNOWN_REVISIONS[0], *MIDDLE, KNOWN_REVISIONS[-2])
    for template in (old_revisions[revision] for revision in starts):
        path = reset(folder, "portfolio.sqlite3", template)
        seen, failures = crash_states(
            folder, lambda path=path: open_store(path, start_backup=False).close(), check
        )
        assert failures == [] and inspect_file(path) == HEAD_REVISION
        states += seen
    print(f"\nupgrades: {states} crash states from {len(starts)} revisions, 0 unreachable")
    assert states == tally.kills > 1500 and tally.unreachable == 0


def test_killed_while_creating_a_portfolio_leaves_none_or_a_whole_one(folder: Path) -> None:
    """A new portfolio is built aside: SIGKILLed before any statement of its first and last
    steps and every 7th of the migrations between, there is either no portfolio yet or a
    complete one, and the next start removes the leftover partial file. The same for an empty
    (0-byte) file being replaced, at every crash state."""
    path = folder / "portfolio.sqlite3"
    made = [0]

    def check(crashed: Path = path, killed: bool = True) -> None:
        revision = inspect_file(crashed)  # raises if half-made
        assert revision in (None, HEAD_REVISION)
        made[0] += 1
        if made[0] % 8 == 0:  # in a child: this may run inside the creation being checked

            def start_again() -> None:
                open_store(crashed, start_backup=False).close()
                # (a copied crash state names this live process: its partial file stays)
                assert not killed or not [
                    p for p in crashed.parent.iterdir() if "partial" in p.name
                ]

            killed, outcome = in_child(start_again)
            assert not killed and outcome == "done", outcome

    prepare = lambda: reset(folder, "portfolio.sqlite3", None)  # noqa: E731
    create = lambda: open_store(path, start_backup=False).close()  # noqa: E731
    total = statement_count(prepare, create)
    # Every statement of its first and last steps (the partial file made, the migrations
    # begun; their end, the checks, the rename), every 7th in between: those are the
    # migrations' own statements, which the upgrade from the oldest revision is killed at
    # one by one (this test killed at all of them took 7 minutes of the suite).
    ends = {*range(1, 41), *range(total - 39, total + 1)}
    points = sorted({*ends, *range(41, total - 39, 7)})
    kills = sweep(prepare, create, check, points)
    reset(folder, "portfolio.sqlite3", None)
    path.touch(mode=0o600)
    states, failures = crash_states(
        folder,
        lambda: open_store(path, start_backup=False).close(),
        lambda copy: check(copy / "portfolio.sqlite3", killed=False),
    )
    assert failures == []
    print(f"\ncreation: {kills} SIGKILLs and {states} crash states, 0 unreachable")
    assert kills == len(points) > 150 and states > 200


def _portfolio_with(path: Path, names: list[str]) -> None:
    store = open_store(path, start_backup=False)
    try:
        for name in names:
            portfolio.create_alliance(store, draft(name=name))
    finally:
        store.close()


def _alliance_names(path: Path) -> set[str]:
    store = open_store(path, start_backup=False)
    try:
        return {a.name for a in portfolio.list_alliances(store)}
    finally:
        store.close()


def test_killed_while_restoring_the_portfolio_is_the_old_one_or_the_backup(folder) -> None:
    """Restore is killed before each statement and at 40 moments spread over its run (inside
    the page copy too): the portfolio opens holding either what it held or the backup."""
    before, after = {"Current one", "Current two"}, {"From the backup"}
    template, source = folder / "template.sqlite3", folder / "backup-source.sqlite3"
    _portfolio_with(template, sorted(before))
    _portfolio_with(source, sorted(after))
    path = folder / "portfolio.sqlite3"
    kills = 0

    def prepare() -> None:
        reset(folder, "portfolio.sqlite3", template)

    def check() -> None:
        assert healthy(path) == HEAD_REVISION
        assert _alliance_names(path) in (before, after)
        for info in backup.list_backups(path):
            assert healthy(info.path), info  # only whole backups are ever listed

    def restore() -> None:
        backup.restore_backup(path, source)

    kills += sweep(prepare, restore, check)
    at_statements = kills
    prepare()
    started = time.perf_counter()
    restore()
    took = time.perf_counter() - started
    for step in range(40):
        prepare()
        killed, _outcome = in_child(restore, after=max(1e-4, took * 1.2 * step / 40))
        kills += killed
        check()
    print(f"\nrestore: {at_statements} + {kills - at_statements} timed SIGKILLs, 0 unreachable")
    assert kills > 20


def test_killed_while_copying_to_a_new_file_leaves_no_file_or_a_whole_copy(folder) -> None:
    """copy-to a new file, killed before each distinct statement (and every 25th row of its
    bulk inserts; while the new file is being created, which the creation test covers, every
    10th): the target is absent or whole at head holding every record, and the source is
    untouched (read each time; both also opened by the app every 8th time)."""
    source = folder / "source.sqlite3"
    _portfolio_with(source, ["Alpha", "Beta", "Gamma"])
    target = folder / "copy.sqlite3"
    names = {"Alpha", "Beta", "Gamma"}
    checked = [0]

    def action() -> None:
        store = open_store(source, start_backup=False)
        try:
            copy_to(store, target)
        finally:
            store.close()

    def read_names(path: Path) -> set[str]:
        connection = read_only(path)
        try:
            return {name for (name,) in connection.execute("SELECT name FROM alliances")}
        finally:
            connection.close()

    def check() -> None:
        checked[0] += 1
        assert read_names(source) == names
        if target.exists():
            assert inspect_file(target) == HEAD_REVISION  # raises if half-made
            assert read_names(target) == names
        if checked[0] % 8 == 0:  # each open costs a few tenths of a second: every 8th
            assert _alliance_names(source) == names
            if target.exists():
                assert _alliance_names(target) == names
        backup.remove_leftovers_of(target)  # as the next start (or copy) does
        assert not list(folder.glob("copy.sqlite3.*"))

    prepare = lambda: reset(folder, "copy.sqlite3", None)  # noqa: E731
    creating = statement_count(prepare, lambda: open_store(target, start_backup=False).close())
    points = statement_points(prepare, action, every=25, covered=creating)
    kills = sweep(prepare, action, check, points)
    store = open_store(target, start_backup=False)  # the copy that was not killed
    whole = record_counts(store)
    store.close()
    assert whole["alliances"] == 3 and _alliance_names(target) == names
    print(f"\ncopy-to: {kills} kills, 0 unreachable")


def _people_file(count: int, bad_last: bool = False) -> bytes:
    lines = ["name,side,notes"] + [f"Person {i},partner,=cmd|' /C calc'!A0" for i in range(count)]
    if bad_last:
        lines.append("Broken,nowhere,")
    return ("\n".join(lines) + "\n").encode()


def importing_people(path: Path, count: int):
    """(action, check): importing `count` people into alliance 1 of `path`, and checking
    that none or all of them are there."""
    parsed = parse_people_csv(_people_file(count))

    def action() -> None:
        store = open_store(path, start_backup=False)
        try:
            people_import.import_people(store, 1, parsed)
        finally:
            store.close()

    def check() -> None:
        store = open_store(path, start_backup=False)
        try:
            assert len(stakeholders.list_stakeholders(store, 1)) in (0, count)
        finally:
            store.close()

    return action, check


def test_killed_while_importing_people_imports_all_or_none(folder) -> None:
    """A 500-person import killed before each distinct statement, every 100th row of its
    bulk inserts and at 20 moments spread over its run, leaves none or all of them."""
    template = folder / "template.sqlite3"
    _portfolio_with(template, ["Importing"])
    path = folder / "portfolio.sqlite3"
    action, check = importing_people(path, 500)

    prepare = lambda: reset(folder, "portfolio.sqlite3", template)  # noqa: E731
    kills = sweep(prepare, action, check, statement_points(prepare, action, every=25))
    at_statements = kills
    prepare()
    started = time.perf_counter()
    action()
    took = time.perf_counter() - started
    for step in range(20):
        prepare()
        killed, _outcome = in_child(action, after=max(1e-4, took * step / 20))
        kills += killed
        check()
    print(f"\nimport: {at_statements} + {kills - at_statements} timed SIGKILLs, 0 unreachable")
    assert kills > 10


# -- a full disk and a read-only file at each step ------------------------------------------


def _statements(action) -> int:
    with StatementHook(0, lambda _raw: None) as hook:
        action()
    return hook.seen


FAILURES = {
    "full disk": (disk_full_now, DiskFullError, "disk is full"),
    "read-only": (read_only_now, ReadOnlyError, "read-only"),
}


@pytest.mark.slow
@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("operation", ["upgrade", "creation", "import", "copy-to"])
def test_a_full_disk_or_read_only_file_at_each_step_says_so_and_loses_nothing(
    old_revisions, folder: Path, operation: str, failure: str
) -> None:
    """Before each statement in turn the file stops taking writes: the operation fails with
    that reason (never "damaged"), nothing half-done stays, and the file opens as before."""
    act, kind, words = FAILURES[failure]
    path, target = folder / "portfolio.sqlite3", folder / "copy.sqlite3"
    template = old_revisions[KNOWN_REVISIONS[0]] if operation == "upgrade" else None
    parsed = parse_people_csv(_people_file(1500))
    if operation in ("import", "copy-to"):
        template = folder / "template.sqlite3"
        _portfolio_with(template, ["Steady"])
    if operation == "copy-to":  # enough rows that copying them needs new pages
        store = open_store(template, start_backup=False)
        people_import.import_people(store, 1, parsed)
        store.close()

    def run() -> None:
        if operation in ("upgrade", "creation"):
            open_store(path, start_backup=False).close()
            return
        store = open_store(path, start_backup=False)
        try:
            if operation == "import":
                people_import.import_people(store, 1, parsed)
            else:
                copy_to(store, target)
        finally:
            store.close()

    def prepare() -> None:
        reset(folder, "portfolio.sqlite3", template)
        reset(folder, "copy.sqlite3", None)

    prepare()
    total = _statements(run)
    first = 1
    if operation == "copy-to":  # creating the new file is the "creation" case's steps
        prepare()
        first = _statements(lambda: open_store(path, start_backup=False).close())
        first += _statements(lambda: open_store(target, start_backup=False).close())
        prepare()
    failed = 0
    for n in range(first, total + 1):
        prepare()
        with StatementHook(n, act):
            try:
                run()
            except StoreError as problem:
                assert isinstance(problem, kind), problem
                assert words in str(problem) and "damaged" not in str(problem)
                failed += 1
        assert not [p for p in folder.iterdir() if "partial" in p.name]
        if operation == "upgrade":
            assert reachable(path, rows, {rows(template)}, Tally()) == "ok"
        elif operation == "creation":
            assert inspect_file(path) in (None, HEAD_REVISION)
        else:
            assert _alliance_names(path) == {"Steady"}
            assert not target.exists() or _alliance_names(target) == {"Steady"}
    print(f"\n{operation}, {failure}: steps {first}–{total}, {failed} refused with the reason")
    assert failed > 0


def _no_room(outcome: str) -> bool:
    """A failure that says there is no room (SQLITE_FULL, or the I/O error a file-size limit
    gives), never that anything is damaged."""
    said = outcome.startswith(("DiskFullError", "DiskError"))
    return (
        said
        and ("disk is full" in outcome or "no room left" in outcome)
        and ("damaged" not in outcome)
    )


def test_a_file_size_limit_during_backup_and_restore_is_reported_as_no_room(folder) -> None:
    """With room for the portfolio but not for another copy (files capped in size), backing
    up and restoring say there is no room, leave no partial file behind and change nothing."""
    path = folder / "portfolio.sqlite3"
    _portfolio_with(path, ["Kept"])
    made = backup.take_backup(path)
    other = folder / "other.sqlite3"
    _portfolio_with(other, ["From elsewhere"] * 40)
    before = path.read_bytes()
    for limit in (0, 4096, path.stat().st_size // 2):
        for action in (
            lambda: backup.take_backup(path),
            lambda: backup.restore_backup(path, other),
        ):
            killed, outcome = in_child(action, limit=limit)
            assert not killed and _no_room(outcome), outcome
            assert [info.path for info in backup.list_backups(path)] == [made]
            assert not [p for p in folder.rglob("*partial*")]
            assert path.read_bytes() == before
            assert _alliance_names(path) == {"Kept"}
