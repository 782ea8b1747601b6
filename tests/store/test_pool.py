"""The team store keeps its connections: one operation after another reuses the same one with
no ping in between, and a connection the server dropped while idle is replaced unseen."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from alliance_desk.store import pool, portfolio
from alliance_desk.store.errors import StoreError
from tests.helpers import draft


def _server_only(store) -> None:
    if store.path is not None:
        pytest.skip("the file has no connection pool to speak of")


def _backends(store) -> list[int]:
    """The server process behind each operation's connection."""
    seen: list[int] = []
    event.listen(
        store.engine, "checkout", lambda dbapi, _record, _proxy: seen.append(dbapi.info.backend_pid)
    )
    return seen


def test_operations_reuse_one_connection_without_pinging_it(store) -> None:
    """Five operations in a row: one server connection, and nothing sent but their queries."""
    _server_only(store)
    backends = _backends(store)
    sent: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    for _ in range(5):
        portfolio.list_alliances(store)
    assert len(backends) == 5 and len(set(backends)) == 1
    assert len(sent) == 5  # a ping would go straight to the driver: see the next test


def _end_connections(store) -> None:
    """End every server connection of the store's database, as a server restart does."""
    url = make_url(store.location.url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        ended = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": url.database},
        ).scalar()
    admin.dispose()
    assert ended >= 1


def test_a_connection_dropped_while_idle_is_replaced_before_it_is_used(store, monkeypatch) -> None:
    """The server ends the pooled connection (a restart, a firewall's timeout); once it has
    been idle, the next operation gets a fresh connection and succeeds."""
    _server_only(store)
    backends = _backends(store)
    portfolio.list_alliances(store)
    _end_connections(store)
    monkeypatch.setattr(pool, "IDLE_SECONDS", 0.0)
    assert portfolio.list_alliances(store) == []
    assert len(backends) == 2 and backends[0] != backends[1]


def test_without_the_idle_ping_a_dropped_connection_fails_once(store) -> None:
    """The control: a connection dropped and taken again at once is not pinged, so that one
    operation fails in a sentence; the pool has replaced it for the next."""
    _server_only(store)
    portfolio.list_alliances(store)
    _end_connections(store)
    with pytest.raises(StoreError):
        portfolio.list_alliances(store)
    assert portfolio.list_alliances(store) == []


def _prepared(store, words: str) -> list[int]:
    """How many times each statement prepared on the store's connection whose text holds
    `words` has run (its custom and generic plans)."""
    with store.engine.connect() as connection:
        return [
            custom + generic
            for custom, generic in connection.exec_driver_sql(
                "SELECT custom_plans, generic_plans FROM pg_prepared_statements "
                "WHERE statement LIKE %(words)s",
                {"words": f"%{words}%"},
            )
        ]


def test_a_list_read_again_runs_one_statement_prepared_on_the_server(store, monkeypatch) -> None:
    """Read a second time, a list's statement is prepared on the connection, and a read ends
    without making the connection forget it (psycopg forgets them all at a ROLLBACK): four
    reads, three runs of one prepared statement, so the server can settle on its plan instead
    of planning each showing afresh — also after a pause long enough for the connection to be
    pinged before it is used. A write in between still writes."""
    _server_only(store)
    made = portfolio.create_alliance(store, draft(name="Before"))
    for _ in range(2):
        portfolio.list_alliances(store)
    monkeypatch.setattr(pool, "IDLE_SECONDS", 0.0)  # every use now comes after a "pause"
    portfolio.list_alliances(store)
    monkeypatch.setattr(pool, "IDLE_SECONDS", 30.0)
    portfolio.update_alliance(store, made.id, replace(made.draft(), name="After"))
    assert [a.name for a in portfolio.list_alliances(store)] == ["After"]
    assert _prepared(store, "ORDER BY lower(alliances.name)") == [3]


def test_a_read_writes_nothing_even_when_asked_to(store) -> None:
    """A read's transaction is read-only on the server: a write in it is refused in a
    sentence, and nothing of it is kept although the read ends with COMMIT."""
    _server_only(store)
    portfolio.create_alliance(store, draft(name="Kept"))
    with pytest.raises(StoreError), store.read() as session:
        session.execute(text("UPDATE alliances SET name = 'Changed'"))
    assert [a.name for a in portfolio.list_alliances(store)] == ["Kept"]
