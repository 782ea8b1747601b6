"""A deterministic heavy-user portfolio (DESIGN.md §5), written in bulk.

    python -m bench.generate OUT.sqlite3 [--scale 1.0]
    python -m bench.generate --url postgresql+psycopg://… [--scale 10]   (an empty team store)

At scale 1: 60 alliances, 3,000 people, 30,000 interactions, 6,000 escalations with ~30,000
history events, 2,000 risks, 3,000 decisions, 400 meetings and 10,000 habit check-ins; scale 10
is the team store's ten times that. The schema is made by the app's own upgrade; the rows go in
in one transaction, through the driver (SQLite's executemany, PostgreSQL's COPY). On the file
the search index's and the last contacts' triggers are set aside meanwhile (each would fire
per row) and put back, and both filled once, with the very statements of migrations 0024 and
0035, and the indexes are made again once the rows are in, so the file is what a normal
upgrade and use would give. On the team store each table's stamps, audit and search words
are done once for all its rows (bench.team_fill), the same as its triggers give row by row
(compared by a test); the rest of its triggers fire as for the app's own writes.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from alliance_desk.store.database import open_store
from alliance_desk.store.models import Base
from bench import team_fill
from bench.migration_scripts import file_contacts_migration, search_migration
from bench.rows import Portfolio

CACHE_KIB = 512 * 1024  # SQLite's page cache while the file is filled: it all fits at ten times
BATCH = 20_000  # rows per executemany: bounded memory in the driver, few round trips


def search_triggers() -> list[str]:
    """CREATE TRIGGER statements keeping the file's search index in step (migration 0024)."""
    migration = search_migration()
    statements = [s for source in migration.SOURCES for s in migration.triggers(source)]
    return [*statements, migration.PERSON_CHANGED]


def kept_triggers() -> list[str]:
    """The file's triggers keeping each person's last contact (migrations 0035 and 0039)."""
    return file_contacts_migration().every_contact_triggers()


def _trigger_name(statement: str) -> str:
    return statement.split()[5] if " IF NOT EXISTS " in statement else statement.split()[2]


def set_triggers_aside(connection: Connection) -> None:
    """The search index's and the last contacts' triggers dropped (each would fire per row)."""
    for statement in (*search_triggers(), *kept_triggers()):
        connection.exec_driver_sql(f"DROP TRIGGER {_trigger_name(statement)}")
    connection.exec_driver_sql("DELETE FROM search_index")
    connection.exec_driver_sql("DELETE FROM last_contacts")


LOOKUP = re.compile(
    r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(?!WHERE\b|ON\b)\w+)?"
    r"(?:\s+(?:WHERE|ON)\s+(?:\w+\.)?(\w+)\s*=)?",
    re.IGNORECASE,
)


def set_indexes_aside(connection: Connection) -> list[str]:
    """The file's own indexes dropped while the rows go in: each insert would place its keys
    in every index of its table in no order of theirs, where an index built afterwards sorts
    them once (the contact links, the contacts and the escalations: 20 s of the 60 at ten
    times). Not those of a table that a trigger still in place looks up by anything but its
    id (a risk's new rating looks up its risk's others: without their index each insert
    would read them all). Returns the statements that make them again, as the migrations
    wrote them."""
    triggers = " ".join(
        sql for (sql,) in connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
        )
    )  # fmt: skip
    looked_up = {
        table.lower() for table, column in LOOKUP.findall(triggers) if column.lower() != "id"
    }
    made = [
        (name, sql)
        for name, table, sql in connection.exec_driver_sql(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
        if table.lower() not in looked_up
    ]
    for name, _sql in made:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in made]


def put_triggers_back(connection: Connection) -> None:
    """The triggers as the migrations make them, the search index and the last contacts
    filled from the records by the migrations' own statements."""
    migration = search_migration()
    for statement in (*search_triggers(), *kept_triggers()):
        connection.exec_driver_sql(statement)
    for source in migration.SOURCES:
        connection.exec_driver_sql(migration.index_rows(source, "r", f"FROM {source[1]} r"))
    connection.exec_driver_sql(file_contacts_migration().every_contact_fill())


def _write(connection: Connection, name: str, rows: list[dict[str, Any]]) -> None:
    """The rows through the driver itself: SQLite's executemany, PostgreSQL's COPY (each
    row's triggers fire alike), without SQLAlchemy's work per row (a third of the time at
    ten times on the file)."""
    if not rows:
        return
    table = Base.metadata.tables[name]
    driver = connection.connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        for names, batch in _batches(connection, table, rows):
            if connection.dialect.name == "sqlite":
                marks = ", ".join("?" for _ in names)
                statement = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})"
                cursor.executemany(statement, batch)
            else:
                with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                    for values in batch:
                        copy.write_row(values)
    finally:
        cursor.close()


def _batches(
    connection: Connection, table: Any, rows: list[dict[str, Any]]
) -> Iterator[tuple[list[str], list[list[Any]]]]:
    """(column names, rows of values) a batch at a time, each value converted by its column
    type's own bind processor, so dates and flags are stored exactly as SQLAlchemy stores
    them."""
    given = list(rows[0])
    # Columns the rows leave out take their Python default, as SQLAlchemy's insert gives them
    # (a callable one, a time, once a batch).
    defaults = [c for c in table.c if c.name not in given and c.default is not None]
    names = [*given, *(c.name for c in defaults)]
    # Only the columns whose type converts (dates, times, flags) are touched value by value.
    convert = [
        (index, to)
        for index, name in enumerate(given)
        if name in table.c  # the team store's own stamps are text, unknown to the models
        and (to := table.c[name].type._cached_bind_processor(connection.dialect)) is not None
    ]
    pick = itemgetter(*given) if len(given) > 1 else lambda row: (row[given[0]],)
    for start in range(0, len(rows), BATCH):
        filled = [
            _bound(c, connection, c.default.arg(None) if c.default.is_callable else c.default.arg)
            for c in defaults
        ]
        batch = []
        for row in rows[start : start + BATCH]:
            values = list(pick(row))
            for index, to in convert:
                values[index] = to(values[index])
            values += filled
            batch.append(values)
        yield names, batch


def _bound(column: Any, connection: Connection, value: Any) -> Any:
    """`value` as the column's type stores it."""
    to = column.type._cached_bind_processor(connection.dialect)
    return value if to is None else to(value)


def _fill_file(connection: Connection, portfolio: Portfolio) -> None:
    # Links, check-ins and events go into indexes in no order of theirs: with SQLite's
    # default 2 MB of cache each insert read its index pages back from the OS again (60 s at
    # ten times, a third of it the contact links).
    connection.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
    set_triggers_aside(connection)
    indexes = set_indexes_aside(connection)
    for name, rows in portfolio.tables():
        _write(connection, name, rows)
    for statement in indexes:
        connection.exec_driver_sql(statement)
    put_triggers_back(connection)


def generate(
    target: Path | str, scale: float = 1.0, seed: int = 7, *, per_row: bool = False
) -> dict[str, int]:
    """Write the portfolio to a new file at `target` (replacing one there), or to the empty
    team store whose URL `target` is. Returns how many of each record it holds. `per_row`:
    on the team store, every trigger fires for each row as for the app's own writes (the
    reference the bulk fill is compared to; several times slower)."""
    on_file = not str(target).startswith("postgresql")
    if on_file:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        store = open_store(Path(target), start_backup=False, durable=False)
    else:
        store = open_store(str(target))
    portfolio = Portfolio(scale, seed)
    try:
        with store.engine.begin() as connection:
            if connection.execute(text("SELECT count(*) FROM alliances")).scalar():
                raise SystemExit(f"{target} already holds a portfolio: give an empty one.")
            if on_file:
                _fill_file(connection, portfolio)
            else:
                team_fill.fill(connection, portfolio.tables(), _write, per_row=per_row)
        with store.engine.connect() as connection:
            if on_file:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            else:  # planner statistics, as autovacuum would gather them soon after a load
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "ANALYZE"
                )
    finally:
        store.close()
    return portfolio.n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, nargs="?", help="the portfolio file to write")
    parser.add_argument("--url", help="an empty team store (postgresql+psycopg://…) instead")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if (args.output is None) == (args.url is None):
        parser.error("give either a file or --url")
    target = args.url or args.output
    started = time.perf_counter()
    counts = generate(target, args.scale)
    shown = target if args.url is None else "the team store"
    print(f"generated {counts} in {time.perf_counter() - started:.1f} s -> {shown}")


if __name__ == "__main__":
    main()
