"""Connections to the team store, kept and reused: every statement there is a round trip, so
a connection is not checked with a ping of its own each time it is taken from the pool (as
SQLAlchemy's `pool_pre_ping` would, doubling the round trips of a short operation) — only
when it has lain idle long enough for the server or a firewall to have dropped it. A dropped
one is replaced before the operation runs, so the user never sees it."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

IDLE_SECONDS = 30.0  # a connection idle this long is pinged before it is used again


def reuse_connections(engine: Engine) -> None:
    """Ping a pooled connection on checkout only after it has been idle `IDLE_SECONDS`."""
    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", _checked_out)


def _checked_in(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    since = record.info.get("idle_since")
    if since is None or time.monotonic() - since < IDLE_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        # COMMIT, as a read ends (`Store.read`): a ROLLBACK makes psycopg forget the
        # connection's prepared statements, after every pause of the user's.
        dbapi_connection.commit()
    except Exception as error:  # any failure: the pool opens a fresh connection instead
        raise DisconnectionError(str(error)) from error
