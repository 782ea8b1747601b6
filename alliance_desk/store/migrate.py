"""Alembic, run from code: the app upgrades its own file at start, no command line needed.

On SQLite the whole upgrade is one transaction under our own BEGIN (Python's sqlite3 would
otherwise commit every CREATE, ALTER and DROP on its own, and a crash half-way would leave a
file whose tables match no revision). Before the COMMIT the file must pass `quick_check` and
its tables must match the fingerprint of the revision it now records; otherwise everything is
rolled back and the file stays as it was.
"""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from alliance_desk.core.bundle import migrations_path
from alliance_desk.store import cipher
from alliance_desk.store.errors import StoreError, sqlite_failure
from alliance_desk.store.integrity import fingerprint
from alliance_desk.store.location import Location
from alliance_desk.store.schema import FINGERPRINTS

Index = tuple[str, str, list[str]]  # a migration's index: name, table, columns


def earlier_revision(file_name: str) -> ModuleType:
    """An earlier revision's module, to reuse what it made (a revision's module name starts
    with a digit, so it is loaded from its file): `earlier_revision("0030_member_search.py")`."""
    path = Path(migrations_path()) / "versions" / file_name
    spec = importlib.util.spec_from_file_location(f"alliance_desk_revision_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_indexes(indexes: tuple[Index, ...]) -> None:
    """Create a migration's indexes (its `upgrade`), in the upgrade's transaction."""
    from alembic import op

    for name, table, columns in indexes:
        op.create_index(name, table, columns)


def drop_indexes(indexes: tuple[Index, ...]) -> None:
    """Drop a migration's indexes (its `downgrade`)."""
    from alembic import op

    for name, table, _columns in indexes:
        op.drop_index(name, table_name=table)


@contextmanager
def row_security_set_aside(connection: Connection, tables: Sequence[str]) -> Iterator[None]:
    """On the team store, row security set aside on those of `tables` that FORCE it, for what
    the block runs as their owner (filling a kept table from every member's rows): the ALTER
    locks each table until the transaction ends, so nobody reads or writes in between."""
    query = text("SELECT relforcerowsecurity FROM pg_class WHERE relname = :table")
    forced = [name for name in tables if connection.execute(query, {"table": name}).scalar()]
    for name in forced:
        connection.exec_driver_sql(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY")
    yield
    for name in forced:
        connection.exec_driver_sql(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")


def create_kept_triggers(keys: Sequence[tuple[str, str, str]], emptied: tuple[str, str]) -> None:
    """A team store's triggers keeping a table: (name, event, condition or '') for each row
    trigger, whose function is `ad_<name>()`; (name, table) of the statement trigger its
    function `ad_<name>()` empties it with at a TRUNCATE of that table. Their functions made
    before."""
    from alembic import op

    for name, fired, when in keys:
        condition = f" WHEN ({when})" if when else ""
        op.execute(
            f"CREATE TRIGGER {name} {fired} FOR EACH ROW{condition} EXECUTE FUNCTION ad_{name}()"
        )
    name, table = emptied
    op.execute(
        f"CREATE TRIGGER {name} AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION ad_{name}()"
    )


def only_in_a_trigger(table: str) -> str:
    """plpgsql refusing a call made outside a trigger: a function writing a table only the
    database keeps (members may call it, but only their writes' triggers do)."""
    return (
        "IF pg_trigger_depth() < 1 THEN RAISE insufficient_privilege "
        f"USING MESSAGE = '{table} is kept by the database'; END IF;"
    )


def trigger_function(name: str, declared: str, body: str) -> str:
    """The team store's trigger function `ad_<name>()`: `declared` its variables (plpgsql
    declarations), `body` what it does for the row; it returns NULL (an AFTER trigger)."""
    return f"""
    CREATE FUNCTION ad_{name}() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, public AS $$
    DECLARE
        {declared}
    BEGIN
        {body}
        RETURN NULL;
    END
    $$
    """


def drop_kept_triggers(keys: Sequence[tuple[str, str]], emptied: tuple[str, str]) -> None:
    """Undo `create_kept_triggers` and drop the triggers' functions (a migration's
    `downgrade`): (name, event ending in "ON <table>") of each row trigger, (name, table)."""
    from alembic import op

    name, table = emptied
    op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS ad_{name}()")
    for name, fired in keys:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {fired.split(' ON ')[1]}")
        op.execute(f"DROP FUNCTION IF EXISTS ad_{name}()")


def person_alliance_key() -> list[Any]:
    """A kept table's key columns for each person on each alliance, going with either."""
    import sqlalchemy as sa

    return [
        sa.Column(
            f"{kind}_id", sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete="CASCADE"),
            primary_key=True,
        )
        for kind, table in (("person", "people"), ("alliance", "alliances"))
    ]  # fmt: skip


CHANGE_EVENTS = ("insert", "update", "delete")


def count_changes(tables: tuple[str, ...]) -> None:
    """Have the database count the writes of `tables` in `change_counts` (migration 0037's
    table, and on PostgreSQL its function `ad_count_change`): on SQLite a counter row each
    and a trigger for each kind of write, moving it once a row; on PostgreSQL a trigger
    moving the writer's own counter once a writing transaction."""
    from alembic import op

    if op.get_bind().dialect.name == "postgresql":
        for table in tables:
            op.execute(
                f"CREATE TRIGGER change_count AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION ad_count_change()"
            )
        return
    values = ", ".join(f"('{table}', '', 0)" for table in tables)
    op.execute(f"INSERT INTO change_counts (name, member, n) VALUES {values}")
    for table in tables:
        for write in CHANGE_EVENTS:
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS change_count_{table}_{write} AFTER "
                f"{write.upper()} ON {table} BEGIN UPDATE change_counts SET n = n + 1 "
                f"WHERE name = '{table}' AND member = ''; END"
            )


def stop_counting_changes(tables: tuple[str, ...]) -> None:
    """Undo `count_changes` (a migration's `downgrade`)."""
    from alembic import op

    if op.get_bind().dialect.name == "postgresql":
        for table in tables:
            op.execute(f"DROP TRIGGER IF EXISTS change_count ON {table}")
        return  # its counters stay: only the database's triggers may change them
    for table in tables:
        for write in CHANGE_EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS change_count_{table}_{write}")
    names = ", ".join(f"'{table}'" for table in tables)
    op.execute(f"DELETE FROM change_counts WHERE name IN ({names})")


# Each alliance's writes of a table, counted as `<table>@<alliance id>` (migration 0040): the
# file's triggers, by the rows whose alliances a write counts.
_ALLIANCE_EVENTS = (("insert", ("NEW",)), ("delete", ("OLD",)), ("update", ("OLD", "NEW")))


def count_alliance_changes(table: str) -> None:
    """Have the database count each alliance's writes of `table` (a table with an
    `alliance_id`) beside the table's own count: on SQLite a trigger for each kind of write;
    on PostgreSQL a row trigger and a TRUNCATE trigger calling 0040's
    `ad_count_alliance_change()` (`<table>@*` for a TRUNCATE, which names no alliance)."""
    from alembic import op

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE TRIGGER change_count_alliance AFTER INSERT OR UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION ad_count_alliance_change();
            CREATE TRIGGER change_count_alliance_emptied AFTER TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION ad_count_alliance_change();
            """
        )
        return
    for write, rows in _ALLIANCE_EVENTS:
        body = " ".join(
            f"INSERT INTO change_counts (name, member, n) VALUES ('{table}@' || {row}.alliance_id, "
            "'', 1) ON CONFLICT (name, member) DO UPDATE SET n = n + 1;"
            for row in rows
        )
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS change_count_{table}_alliance_{write} AFTER "
            f"{write.upper()} ON {table} BEGIN {body} END"
        )


def stop_counting_alliance_changes(table: str) -> None:
    """Undo `count_alliance_changes` (a migration's `downgrade`)."""
    from alembic import op

    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS change_count_alliance ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS change_count_alliance_emptied ON {table}")
        return  # the counters stay: only the database's triggers may change them
    for write, _rows in _ALLIANCE_EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS change_count_{table}_alliance_{write}")
    op.execute(f"DELETE FROM change_counts WHERE name LIKE '{table}@%'")


def alembic_config(location: Location) -> Config:
    """A `Config` built in code with an absolute script location (works inside a bundle too)."""
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.set_main_option("sqlalchemy.url", location.url.replace("%", "%%"))
    return config


@cache
def _scripts(folder: str) -> ScriptDirectory:
    """The migration scripts, read once per process."""
    config = Config()
    config.set_main_option("script_location", folder)
    return ScriptDirectory.from_config(config)


def transactional_engine(location: Location) -> Engine:
    """An SQLite engine whose transactions include DDL: pysqlite's own transaction handling is
    switched off and we emit BEGIN IMMEDIATE ourselves (SQLAlchemy's documented recipe).
    Foreign keys stay off, as batch operations copy tables."""
    engine = create_engine(location.url, **cipher.engine_options(location.path))

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA busy_timeout=5000")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def verify_schema(connection: Connection, path: Path | None = None) -> None:
    """Inside the upgrade's transaction: the file reads cleanly and its tables are exactly
    those of the revision it records. Raises `StoreError` (and so rolls back) if not."""
    raw = connection.connection.driver_connection
    assert raw is not None
    revision = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    check = raw.execute("PRAGMA quick_check").fetchone()[0]
    expected = FINGERPRINTS.get(revision)
    if check != "ok" or (expected is not None and fingerprint(raw) != expected):
        raise StoreError(
            f"Upgrading {path or 'the portfolio'} to schema {revision} did not give the "
            "expected tables, so the upgrade was undone and the file left as it was."
        )


def upgrade(location: Location, revision: str = "head") -> None:
    """Upgrade to `revision` in one transaction: all of it, or (on any failure, a crash
    included) none of it. Failures come out as `StoreError` saying what happened."""
    if location.path is None:
        _upgrade_server(location, revision)
        return
    engine = transactional_engine(location)
    try:
        with engine.begin() as connection:
            _run(location, connection, revision)
            verify_schema(connection, location.path)
    except DBAPIError as error:
        if isinstance(error.orig, cipher.ERRORS):
            raise sqlite_failure(
                error.orig, "the file was not upgraded and is as it was", location.path
            ) from None
        raise
    finally:
        engine.dispose()


# Held (for the transaction) by whoever upgrades a team store: two apps opening an older
# store at once upgrade it one after the other, and the second finds nothing left to do.
UPGRADE_LOCK = 0x41_6C_44_65  # "AlDe"


def _upgrade_server(location: Location, revision: str) -> None:
    """PostgreSQL's DDL is transactional already: one transaction for the whole upgrade, under
    an advisory lock, run as the role owning the schema when we may act as it (`team init`)."""
    engine = create_engine(location.url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
            owner = schema_owner(connection)
            if owner is not None:
                connection.execute(text(f'SET LOCAL ROLE "{owner}"'))
            _run(location, connection, revision)
    finally:
        engine.dispose()


def schema_owner(connection: Connection) -> str | None:
    """The role to run migrations as: the owner of the schema, when it is a role other than
    ours that we are a member of (after `team init`); None to run as we are."""
    return connection.execute(
        text(
            "SELECT r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner "
            "WHERE n.nspname = 'public' AND r.rolname <> current_user "
            "AND r.rolname <> 'pg_database_owner' AND NOT r.rolcanlogin "
            "AND pg_has_role(current_user, r.oid, 'MEMBER')"
        )
    ).scalar()


def _run(location: Location, connection: Connection, revision: str) -> None:
    config = alembic_config(location)
    config.attributes["connection"] = connection
    scripts = _scripts(str(migrations_path()))

    def steps(current, _context):  # what `alembic.command.upgrade` does, with cached scripts
        return scripts._upgrade_revs(revision, current)

    with EnvironmentContext(
        config, scripts, fn=steps, destination_rev=revision, starting_rev=None, tag=None
    ):
        scripts.run_env()


def fingerprints_by_revision() -> dict[str, str]:
    """Each revision's schema fingerprint, found by upgrading a scratch file one step at a
    time (a test compares these with `schema.FINGERPRINTS`)."""
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scratch.sqlite3"
        location = Location(f"sqlite:///{path}", path)
        for script in reversed(list(_scripts(str(migrations_path())).walk_revisions())):
            engine = transactional_engine(location)
            with engine.begin() as connection:
                _run(location, connection, script.revision)
                raw = connection.connection.driver_connection
                assert raw is not None
                found[script.revision] = fingerprint(raw)
            engine.dispose()
    return found
