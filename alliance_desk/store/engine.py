"""The engine for a portfolio file or a team store, and what every connection is set up with."""

from __future__ import annotations

import math

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from alliance_desk.store import cipher
from alliance_desk.store.location import Location
from alliance_desk.store.pool import reuse_connections

# The team store never hangs the app: a lock held by a teammate (even a `LOCK TABLE` typed by
# hand) is waited for at most LOCK_TIMEOUT, any statement runs at most STATEMENT_TIMEOUT, and
# then the user is told the team store is busy (`errors.BusyError`).
LOCK_TIMEOUT = "5s"
STATEMENT_TIMEOUT = "30s"
# No just-in-time compilation (`jit=off`): a screen's statement is large (row security adds a
# condition to every table read) and costed high, so a server with JIT on (PostgreSQL's
# default) compiled a member's Today statements for 10 s at ten times the heavy portfolio, to
# run them in half of one. Every statement the app sends is short; JIT pays off only on long
# analytics.
# A statement run a second time on a connection is prepared there (psycopg's default waits for
# a sixth): a screen shown again runs the same statement, and after five plans the server
# keeps a generic one if it costs no more. A member's Today, whose first statement takes
# ≈ 13 ms to plan under row security, then reads in ≈ 35 ms instead of ≈ 55 (10 × heavy).
# Reads end with COMMIT, not ROLLBACK, so the connection keeps them (`Store.read`).


def _pragmas(durable: bool):
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # FULL keeps a committed edit through a power cut, at a cost of milliseconds per save.
        cursor.execute(f"PRAGMA synchronous={'FULL' if durable else 'OFF'}")
        cursor.close()

    return on_connect


def make_engine(location: Location, *, foreign_keys: bool = True, durable: bool = True) -> Engine:
    """An engine for `location`; for SQLite, WAL mode and (unless told not to) foreign keys on.

    `durable=False` skips syncing to disk: only for files built aside and moved into place.
    """
    if location.path is None:
        limits = f"-c lock_timeout={LOCK_TIMEOUT} -c statement_timeout={STATEMENT_TIMEOUT}"
        server = create_engine(
            location.url, connect_args={"options": f"{limits} -c jit=off", "prepare_threshold": 1}
        )
        reuse_connections(server)
        return server
    engine = create_engine(location.url, **cipher.engine_options(location.path))
    if foreign_keys:
        event.listen(engine, "connect", _pragmas(durable))
    event.listen(engine, "connect", _functions)
    return engine


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _functions(dbapi_connection, _record) -> None:
    """`casefold(text)` in SQL, as Python folds it: the lists filter and sort in SQL the way
    they did in memory (SQLite's own lower() folds ASCII letters only)."""
    dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)
    # Today weighs alliances with log10 in SQL (store/today_rank.py); SQLCipher's SQLite is
    # built without the math functions, so Python's stands in where the builtin is missing.
    # Python's own C function, called as it is: a Python wrapper cost an encrypted Today
    # ≈ 2 µs on each of its ≈ 2,600 rows. Today only ever asks for log10(1 + a value ≥ 0).
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SELECT log10(1.0)")
    except Exception:  # sqlite3's or sqlcipher3's OperationalError: no such function
        dbapi_connection.create_function("log10", 1, math.log10, deterministic=True)
    finally:
        cursor.close()
