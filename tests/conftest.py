"""Shared fixtures: every test gets its own data folder, settings and portfolio file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import uuid
from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """GUI tests are marked automatically, so `-m "not gui"` runs the pure-logic suite alone."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data folder per test, so nothing touches the user's real portfolio."""
    home = tmp_path / "home"
    monkeypatch.setenv("ALLIANCE_DESK_HOME", str(home))
    return home


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
TEMPLATE = "alliance_desk_template"


def _admin():
    from sqlalchemy import create_engine

    return create_engine(SERVER, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template():
    if not SERVER:
        pytest.skip("no PostgreSQL server (bash .ci/test starts one)")
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from alliance_desk.store.database import open_store

    admin = _admin()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE}"))
        connection.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    url = make_url(SERVER).set(database=TEMPLATE)
    open_store(url.render_as_string(hide_password=False)).close()  # migrations, once
    yield admin
    admin.dispose()


@pytest.fixture
def team_database(postgres_template):
    """An empty, migrated PostgreSQL database: the team store."""
    from sqlalchemy.engine import make_url

    name = f"alliance_desk_team_{uuid.uuid4().hex[:10]}"
    from sqlalchemy import text

    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    with postgres_template.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


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
