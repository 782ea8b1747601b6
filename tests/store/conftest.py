"""Store tests run twice: on an SQLite file and on a real PostgreSQL server.

`.ci/test` starts a throwaway server on loopback and sets ALLIANCE_DESK_TEST_POSTGRES to its
URL; without it the PostgreSQL runs are skipped. Each test gets a fresh database copied from
a template migrated once per session. Tests about files (backups, damage, permissions, the
demo file) ask for `db_path` or `demo_store` and run on SQLite only.
"""

from __future__ import annotations

import inspect
import shutil
import uuid
from pathlib import Path

import pytest

from tests.conftest import SERVER, TEMPLATE

FILE_ONLY = {"db_path", "demo_store", "tmp_path"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    asked = set(inspect.signature(metafunc.function).parameters)
    if "store" in asked and not asked & FILE_ONLY:
        metafunc.parametrize("store", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def store(request, db_path):
    from alliance_desk.store.database import open_store

    if getattr(request, "param", "sqlite") == "sqlite":
        opened = open_store(db_path)
        yield opened
        opened.close()
        return
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    admin = request.getfixturevalue("postgres_template")
    name = f"alliance_desk_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    opened = open_store(make_url(SERVER).set(database=name).render_as_string(hide_password=False))
    yield opened
    opened.close()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))


@pytest.fixture
def folder(tmp_path: Path):
    """A folder for the fault suites' files, in memory where the system has one."""
    from tests.store.faults import fast_folder

    made = fast_folder(tmp_path)
    yield made
    if made != tmp_path:
        shutil.rmtree(made, ignore_errors=True)
