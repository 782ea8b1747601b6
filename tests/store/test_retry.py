"""Every write operation survives one refusal of the team store that left nothing written — a
serialization failure, a deadlock, a connection lost before COMMIT — by running once more, and
its effect then happens exactly once; refused twice, the user gets one sentence and nothing is
half-written. A connection lost in answer to COMMIT is not retried (it may have been saved).

On PostgreSQL the refusals are real: triggers installed on every table raise a serialization
failure at COMMIT (after all the operation's writes), or end the session itself with
`pg_terminate_backend` at its first write or at COMMIT, on as many attempts as the test arms
(a sequence counts them: it is not rolled back). Each operation of `test_operations.RECIPES`
that writes is run so, and what it changed compared with what the same call changes,
undisturbed, in the demo file (test_operations holds every operation that commits to carry
`retried`, so none escapes this list)."""

from __future__ import annotations

import importlib
import uuid
from collections import Counter

import pytest
from sqlalchemy import DateTime, literal, select, text
from sqlalchemy.engine import make_url

from alliance_desk.store.database import Store, open_store
from alliance_desk.store.errors import RetryableError, SaveError, server_failure
from alliance_desk.store.models import Base
from alliance_desk.store.retry import retried
from tests.conftest import SERVER
from tests.store.test_operations import OPERATIONS, RECIPES, _world


def _function(name: str):
    module, function = name.split(".")
    return getattr(importlib.import_module(f"alliance_desk.store.{module}"), function)


# Every operation that commits: test_operations holds each of them to carry `retried`.
WRITES = [name for name in OPERATIONS if getattr(_function(name), "retried", False)]


def state(store: Store) -> dict[str, list[str]]:
    """Every row of every table, without what an attempt that was rolled back may still have
    moved: ids (a sequence is not rolled back), references to them, and clock times; and who
    recorded them ('' in a file, the role on the team store)."""
    with store.read() as session:
        found = {}
        for table in Base.metadata.sorted_tables:
            if table.name == "change_counts":  # counts writes: per row in a file, per statement
                continue  # on the team store (migration 0037)
            kept = [
                c
                for c in table.columns
                if not (c.primary_key and c.name == "id")
                and not c.foreign_keys
                and not c.info.get("who")  # '' in a file, the role on the team store
                and not isinstance(c.type, DateTime)
            ]
            query = select(*kept) if kept else select(literal(1)).select_from(table)
            found[table.name] = sorted(repr(tuple(row)) for row in session.execute(query).all())
        return found


def _one_sentence(problem: Exception) -> str:
    message = str(problem)
    assert message and "\n" not in message and "Traceback" not in message
    return message


def test_an_operation_inside_another_is_retried_by_the_outer_one_only() -> None:
    """Nothing is attempted more than twice, however operations call each other."""
    attempts = []

    @retried
    def inner() -> None:
        attempts.append("inner")
        raise server_failure("40P01", "deadlock detected", "it was not saved")

    @retried
    def outer() -> None:
        attempts.append("outer")
        inner()

    with pytest.raises(RetryableError, match="Someone else was changing the same records"):
        outer()
    assert attempts == ["outer", "inner", "outer", "inner"]


# -- PostgreSQL: real refusals from the server ------------------------------------------------

FAULTS = """
CREATE SEQUENCE fault_serialize MINVALUE -100 START 1;
CREATE SEQUENCE fault_drop MINVALUE -100 START 1;
CREATE SEQUENCE fault_drop_at_commit MINVALUE -100 START 1;
CREATE FUNCTION fault() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF nextval(TG_ARGV[0]) <= 0 THEN
    IF TG_ARGV[0] = 'fault_serialize' THEN
      RAISE EXCEPTION 'could not serialize access (a test)' USING ERRCODE = '40001';
    END IF;
    PERFORM pg_terminate_backend(pg_backend_pid());
    PERFORM pg_sleep(30);
  END IF;
  RETURN NULL;
END $$;
"""

PER_TABLE = """
CREATE CONSTRAINT TRIGGER zz_fault_serialize AFTER INSERT OR UPDATE OR DELETE ON {t}
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fault('fault_serialize');
CREATE CONSTRAINT TRIGGER zz_fault_drop_at_commit AFTER INSERT OR UPDATE OR DELETE ON {t}
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fault('fault_drop_at_commit');
CREATE TRIGGER zz_fault_drop AFTER INSERT OR UPDATE OR DELETE ON {t}
  FOR EACH STATEMENT EXECUTE FUNCTION fault('fault_drop');
"""


def _url(database: str) -> str:
    return make_url(SERVER).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def demo_server(postgres_template, tmp_path_factory):
    """A team store holding the demo portfolio and the fault triggers (disarmed): a template."""
    from alliance_desk.store.demo import create_demo
    from alliance_desk.store.transfer import copy_portfolio
    from tests.conftest import TEMPLATE

    name = f"alliance_desk_faults_{uuid.uuid4().hex[:8]}"
    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    demo = open_store(create_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3"))
    target = open_store(_url(name))
    try:
        copy_portfolio(demo, target)
        with target.engine.begin() as connection:
            connection.exec_driver_sql(FAULTS)
            for table in Base.metadata.sorted_tables:
                connection.exec_driver_sql(PER_TABLE.format(t=table.name))
    finally:
        demo.close()
        target.close()
    yield name
    with postgres_template.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def server_copies(demo_server, postgres_template):
    """Opens a fresh copy of the demo team store on each call."""
    made: list[tuple[str, Store]] = []
    with postgres_template.connect() as connection:
        version = connection.execute(text("SHOW server_version_num")).scalar()
    # Copying the files is faster than through the WAL (15's default) for a small database.
    strategy = " STRATEGY FILE_COPY" if int(version) >= 150000 else ""

    def copy() -> Store:
        name = f"alliance_desk_{uuid.uuid4().hex[:12]}"
        with postgres_template.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {demo_server}{strategy}"))
        made.append((name, open_store(_url(name))))
        return made[-1][1]

    yield copy
    for name, store in made:
        store.close()
        with postgres_template.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def _arm(store: Store, fault: str, attempts: int) -> None:
    """The next `attempts` attempts that write meet `fault` (a sequence: never rolled back)."""
    with store.engine.connect() as connection:
        connection.execute(text(f"SELECT setval('{fault}', {1 - attempts}, false)"))
        connection.commit()


def _met(store: Store, fault: str) -> bool:
    """Whether every armed attempt met the fault (the sequence has reached zero)."""
    with store.engine.connect() as connection:
        return connection.execute(
            text(f"SELECT is_called AND last_value >= 0 FROM {fault}")
        ).scalar()


needs_server = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server (bash .ci/test)")


def _change(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict:
    """Per table, the rows that appeared and the rows that went."""
    return {
        name: (
            sorted((Counter(after[name]) - Counter(rows)).elements()),
            sorted((Counter(rows) - Counter(after[name])).elements()),
        )
        for name, rows in before.items()
        if after[name] != rows
    }


@needs_server
@pytest.mark.parametrize("name", WRITES)
def test_on_the_team_store_every_write_is_retried_once(
    demo_store, server_copies, name: str
) -> None:
    # What the operation changes, undisturbed (on the same demo, as a file).
    undisturbed = RECIPES[name](demo_store, _world(demo_store))
    first = state(demo_store)
    undisturbed()
    expected = _change(first, state(demo_store))
    assert expected, f"{name} changed nothing"

    store = server_copies()
    call = RECIPES[name](store, _world(store))
    before = state(store)

    for fault, words in (("fault_serialize", "same records"), ("fault_drop", "was lost")):
        _arm(store, fault, 2)  # refused twice: one sentence, nothing written
        with pytest.raises(RetryableError) as refused:
            call()
        assert words in _one_sentence(refused.value) and _met(store, fault), fault
        assert state(store) == before, f"{name} half-wrote when refused twice ({fault})"

    _arm(store, "fault_drop_at_commit", 1)  # lost at COMMIT: not known, so not retried
    with pytest.raises(SaveError) as unknown:
        call()
    assert not isinstance(unknown.value, RetryableError)
    assert "whether it was saved is not known" in _one_sentence(unknown.value)
    assert state(store) == before  # (this time the server had not committed it)

    _arm(store, "fault_serialize", 1)  # refused at COMMIT, after all its writes: done again
    told = []
    store.on_change(told.append)
    call()
    assert _met(store, "fault_serialize")
    assert _change(before, state(store)) == expected, f"{name} did not happen exactly once"
    assert len(told) == 1


@needs_server
def test_a_lost_connection_told_at_the_command_line_is_one_line(server_copies, capsys) -> None:
    from alliance_desk.cli import main

    store = server_copies()
    url = store.location.url
    _arm(store, "fault_drop", 2)
    assert main(["--db", url, "settings", "week-start", "3"]) == 2
    err = capsys.readouterr().err
    assert "connection to the team store was lost" in err and len(err.strip().splitlines()) == 1
    assert main(["--db", url, "settings", "week-start"]) == 0
    assert "3" not in capsys.readouterr().out.split("week-start", 1)[-1].split("\n", 1)[0]
