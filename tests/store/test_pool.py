"""The team store keeps its connections: one operation after another reuses the same one with
no ping in between, and a connection the server dropped while idle is replaced unseen."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from alliance_desk.store import pool, portfolio
from alliance_desk.store.errors import StoreError


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
