"""Shared fixtures: every test gets its own data folder, settings and portfolio file."""

from __future__ import annotations

import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One day for the whole run, in this process, its xdist workers and the app processes tests
# start: a run that crosses midnight would otherwise build the demo on one day and count its
# "days open" on the next (alliance_desk.core.wall).
os.environ.setdefault("ALLIANCE_DESK_TODAY", date.today().isoformat())

import gc
import sys
import uuid
from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """GUI tests are marked automatically, so `-m "not gui"` runs the pure-logic suite alone."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


_THRESHOLDS = gc.get_threshold()


@pytest.fixture(autouse=True)
def cycles_collected_on_the_test_thread():
    """Cycles are collected on the test's own thread, as the app collects them on its
    window's (alliance_desk/ui/collector.py): automatic collection is off while a test runs,
    and when it ends its own cycles are collected (the youngest generation, and the older
    ones whose counts have passed Python's thresholds). Left automatic, the collector ran in
    whichever thread crossed a threshold — a key derived, a page check, a backup on another
    core — and could free there a Qt object an earlier test left in a cycle, which Qt does
    not survive: the likely cause of the one segfault CI met, inside a passphrase dialog's
    event loop while keys were derived aside. (Code under test that turns collection back on,
    as `app.start` does, keeps it on until the test ends; tests of that code turn it on
    first.)"""
    gc.disable()
    yield
    gc.disable()  # turned on again by the code under test, perhaps
    counts, due = gc.get_count(), 0  # the youngest always: this test's own cycles
    for generation in range(1, 3):
        if counts[generation] <= _THRESHOLDS[generation]:
            break
        due = generation  # collecting a generation collects the younger ones too
    gc.collect(due)


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data folder per test, so nothing touches the user's real portfolio."""
    home = tmp_path / "home"
    monkeypatch.setenv("ALLIANCE_DESK_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_passphrases_left():
    """Passphrases of encrypted portfolios live in the process: no test sees another's."""
    yield
    cipher = sys.modules.get("alliance_desk.store.cipher")
    if cipher is not None:
        cipher._passphrases.clear()
        cipher._derived.clear()
        cipher._deriving.clear()


class Templates:
    """Files built once per test session and copied into each test that needs one: a new
    portfolio migrated to the current schema, and the demo portfolio (each costs a few tenths
    of a second to build, hundreds of times over). Built by the app's own code, on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[str, bytes] = {}

    def content(self, name: str, build) -> bytes:
        if name not in self.built:
            path = self.folder / f"{name}.sqlite3"
            build(path)
            self.built[name] = path.read_bytes()
        return self.built[name]


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"))


def _fill(path: Path, content: bytes) -> None:
    """Write `content` into `path`, created private if it is not there (as the app would)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(content)


@pytest.fixture(autouse=True)
def copied_templates(templates: Templates, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new, empty portfolio file gets the migrated template instead of running every
    migration again, and the demo is copied instead of rebuilt. Migrations themselves are
    tested from old revisions (tests/store/test_migrations.py), which still run them."""
    from alliance_desk.store import demo, new_files
    from alliance_desk.store.location import make_private_dir, resolve

    migrate, build_demo = new_files.upgrade_to_head, demo.build_demo_file

    def upgrade(location) -> None:
        path = location.path
        if path is None or path.stat().st_size:
            migrate(location)
            return

        def build(where: Path) -> None:
            where.touch(mode=0o600)
            migrate(resolve(where))

        _fill(path, templates.content("migrated", build))

    def demo_file(path: Path) -> None:
        make_private_dir(path.parent)  # as opening the store would
        _fill(path, templates.content("demo", build_demo))

    monkeypatch.setattr(new_files, "upgrade_to_head", upgrade)
    monkeypatch.setattr(demo, "build_demo_file", demo_file)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "portfolio.sqlite3"


@pytest.fixture
def store(db_path: Path):
    from alliance_desk.store.database import open_store

    opened = open_store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(tmp_path: Path):
    from alliance_desk.store.database import open_store
    from alliance_desk.store.demo import create_demo

    opened = open_store(create_demo(tmp_path / "demo.sqlite3"))
    yield opened
    opened.close()


# -- the team store: a PostgreSQL server started by .ci/test (tests skip without one) --

SERVER = os.environ.get("ALLIANCE_DESK_TEST_POSTGRES")
# .ci/test runs the suite in parallel processes (pytest-xdist) against one server: each
# process migrates its own template database.
TEMPLATE = f"alliance_desk_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _admin():
    from sqlalchemy import create_engine

    return create_engine(SERVER, isolation_level="AUTOCOMMIT")


def _server_roles(connection) -> None:
    """The roles `team init` makes (and the memberships it grants among them), made here once
    for the server so that tests in parallel processes never race to create them."""
    from sqlalchemy import text

    from alliance_desk.store.access import ADMIN, OWNER, ROLES, TEAM

    for role in ROLES:
        if not connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).scalar():
            connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    for member, role in ((ADMIN, TEAM), (ADMIN, OWNER)):
        if not connection.execute(
            text(f"SELECT pg_has_role('{member}', '{role}', 'MEMBER')")
        ).scalar():
            connection.execute(text(f"GRANT {role} TO {member}"))


@pytest.fixture(scope="session")
def postgres_template():
    if not SERVER:
        pytest.skip("no PostgreSQL server (bash .ci/test starts one)")
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from alliance_desk.store.database import open_store

    admin = _admin()
    with admin.connect() as connection:
        # Roles belong to the whole server: the first migration (or `team init`) to find one
        # missing creates it, and two processes doing so at once would collide. The first
        # process to get here makes them all while the others wait.
        connection.execute(text("SELECT pg_advisory_lock(7702)"))
        try:
            connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE}"))
            connection.execute(text(f"CREATE DATABASE {TEMPLATE}"))
            url = make_url(SERVER).set(database=TEMPLATE)
            open_store(url.render_as_string(hide_password=False)).close()  # migrations, once
            _server_roles(connection)
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(7702)"))
    yield admin
    admin.dispose()


def _empty_team_store(admin):
    """An empty, migrated PostgreSQL database's URL, dropped after the test."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"alliance_desk_team_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def team_database(postgres_template):
    """An empty, migrated PostgreSQL database: the team store."""
    yield from _empty_team_store(postgres_template)


@pytest.fixture
def second_team_database(postgres_template):
    """Another, beside `team_database` (two stores filled two ways, compared)."""
    yield from _empty_team_store(postgres_template)


@pytest.fixture
def carol(team_database, postgres_template):
    """A login role with a password, and the team store's URL for her without it."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from alliance_desk.store.location import without_password

    role = f"carol_{uuid.uuid4().hex[:8]}"
    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'carols-secret'"))
        connection.execute(text(f"GRANT alliance_desk_team TO {role}"))
    yield without_password(
        make_url(team_database).set(username=role).render_as_string(hide_password=False)
    )
    with postgres_template.connect() as connection:
        connection.execute(
            text(f"DROP DATABASE IF EXISTS {make_url(team_database).database} WITH (FORCE)")
        )
        connection.execute(text(f"DROP ROLE {role}"))
