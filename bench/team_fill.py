"""Filling an empty team store: each table's rows by COPY, its per-row bookkeeping once.

On the team store every row written fires triggers written in PL/pgSQL: its stamps (who wrote
it), an audit record, its search words. For the app's writes, a row or a few at a time, that
is the point; for the benchmark's ten times the heavy portfolio it was nearly all of the
generation's minutes (at half the heavy portfolio, of 18.7 s: search words 8.1 s, audit
5.5 s, stamps 3.7 s). So while one table's rows go in, those three are set aside *on that
table only* and their work done once for all its rows:

- stamps: the columns `ad_stamp`'s arguments name are given, in the rows themselves, the
  values its INSERT branch gives (the writing role; a resolution's author only where there is
  a resolution; a version as given; `recorded_at` left to its default, the statement's time);
- audit: one INSERT record a row, keyed by `ad_audit`'s own arguments, in the rows' order;
- search words: migration 0030's own statements, those that filled the table at its upgrade.

Everything else fires as for the app's writes (grants, a rating keeping its risk's day,
contact days, change counts), and what those cascade into another table meets that table's
triggers back in place. `tests/test_bench.py` generates a small portfolio both ways — this and
every trigger firing row by row (`per_row`) — and compares every table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from alliance_desk.store.migrate import row_security_set_aside
from alliance_desk.store.models import Base
from bench.rows import PRIVATE_EVERY

SORT_MEMORY = "512MB"
Writer = Callable[[Connection, str, list[dict[str, Any]]], None]

# The per-row triggers whose work is done a table at a time (by name, as access.py and
# migration 0030 make them on every table they keep).
STAMP, AUDIT, SEARCH = "ad_stamp", "ad_audit", "search_words"
# A link's copy of its interaction's alliance and day (migration 0029): the generator's links
# carry them already.
CONTACT_DAY = "ad_contact_day"
# A rating keeping its risk's day of the latest rating (migration 0032).
RATED = "ad_risk_rated"
# The risks' own row triggers, which a rating's update of its risk's day fires.
RISK_ROW_TRIGGERS = (STAMP, AUDIT, SEARCH, "ad_guard", "ad_risk_kept", "change_count_alliance")

# The triggers the bulk links fire: each would recompute its key.
LINKED = (
    "ALTER TABLE interaction_people {state} TRIGGER last_contact_linked",
    "ALTER TABLE interaction_people {state} TRIGGER private_contact_linked",
)
# Filled with row security set aside on these (those it binds): the kept days and the contacts.
KEPT = ("last_contacts", "private_last_contacts", "interactions", "interaction_people")


def trigger_arguments(connection: Connection, table: str) -> dict[str, list[str]]:
    """Each of `table`'s own triggers by name, with the arguments it is called with."""
    found = connection.execute(
        text(
            "SELECT tgname, tgargs FROM pg_trigger "
            "WHERE tgrelid = CAST(:table AS regclass) AND NOT tgisinternal"
        ),
        {"table": table},
    )
    return {name: bytes(args).decode().split("\x00")[:-1] for name, args in found}


def stamp(rows: list[dict[str, Any]], columns: list[str], writer: str) -> None:
    """`ad_stamp`'s INSERT branch, given to the rows: `columns` are its arguments."""
    for column in columns:
        if column == "version":  # an insert keeps the version it is given
            continue
        if column == "recorded_at":  # the column's default is the statement's time, as its
            for row in rows:  # stamp
                row.pop(column, None)
        elif column == "resolved_by":
            for row in rows:
                row[column] = writer if row.get(column) else ""
        else:  # authorship: updated_by, created_by and the owners it names
            for row in rows:
                row[column] = writer


def audit_sql(table: str, keys: list[str]) -> str:
    """`ad_audit`'s INSERT record for every row of `table`, keyed by `keys`, in the order the
    rows went in (a table just filled is read in that order: no sort of 600k links)."""
    record = ", ".join(f"'{key}', r.{key}" for key in keys)
    return (
        "INSERT INTO team_audit (table_name, action, record, columns) "
        f"SELECT '{table}', 'INSERT', jsonb_build_object({record}), NULL FROM {table} r"
    )


def search_sql(table: str) -> list[str]:
    """Migration 0030's statements filling `table`'s search words from its rows."""
    from bench.migration_scripts import member_search_migration

    search = member_search_migration()
    numbers = [n for n, source in search.SOURCES.items() if source[0] == table]
    return [search.row_sql(n, "r", f"public.{table} r") for n in numbers]


def rated_in_bulk(connection: Connection) -> None:
    """`ad_risk_rated` for every rating just written, as their COPY fires it at its end:
    each risk takes the day of its latest rating. Of the risks' own row triggers only the
    audit has work in that update — `ad_stamp` passes over a change of that day alone (0032),
    no searched column moves, a risk's counter moves once a transaction and its insert moved
    it, `ad_risk_kept` reads the same day, the owner may touch any row — so they are set aside
    and the audit's UPDATE record written for each risk updated."""
    keys = trigger_arguments(connection, "risks")[AUDIT]
    record = ", ".join(f"'{key}', moved.{key}" for key in keys)
    with set_aside(connection, "risks", list(RISK_ROW_TRIGGERS)):
        connection.exec_driver_sql(
            "WITH moved AS ("
            " UPDATE risks k SET last_rated_on = m.last FROM ("
            "  SELECT risk_id, max(rated_on) AS last FROM risk_ratings GROUP BY risk_id"
            " ) m WHERE k.id = m.risk_id AND k.last_rated_on IS DISTINCT FROM m.last"
            f" RETURNING {', '.join(f'k.{key}' for key in keys)}"
            ") INSERT INTO team_audit (table_name, action, record, columns) "
            f"SELECT 'risks', 'UPDATE', jsonb_build_object({record}), ARRAY['last_rated_on'] "
            f"FROM moved ORDER BY {', '.join(f'moved.{key}' for key in keys)}"
        )


@contextmanager
def set_aside(connection: Connection, table: str, names: list[str]) -> Iterator[None]:
    for name in names:
        connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
    yield
    for name in names:
        connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {name}")


@contextmanager
def keys_set_aside(connection: Connection, table: str) -> Iterator[None]:
    """`table`'s foreign keys and its indexes that enforce nothing dropped while its rows go
    in, and made again from their own definitions after: each key is then checked, each
    index built, once for all the rows (a sort and a join) instead of a look-up and an
    insertion in no order of theirs for every row."""
    keys = connection.execute(
        text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = CAST(:table AS regclass) AND contype = 'f'"
        ),
        {"table": table},
    ).all()
    indexes = connection.execute(
        text(
            "SELECT CAST(CAST(indexrelid AS regclass) AS text), pg_get_indexdef(indexrelid) "
            "FROM pg_index WHERE indrelid = CAST(:table AS regclass) AND NOT indisunique"
        ),
        {"table": table},
    ).all()
    for name, _definition in keys:
        connection.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        connection.exec_driver_sql(f"DROP INDEX {name}")
    yield
    for _name, definition in indexes:
        connection.exec_driver_sql(definition)
    for name, definition in keys:
        connection.exec_driver_sql(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def write_table(
    connection: Connection, table: str, rows: list[dict[str, Any]], write: Writer
) -> None:
    """`rows` into the empty `table` by `write`, its stamps, audit and search words done once
    for them all."""
    arguments = trigger_arguments(connection, table)
    aside = [name for name in (STAMP, AUDIT, SEARCH, CONTACT_DAY, RATED) if name in arguments]
    if connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar():
        raise ValueError(f"{table} already holds rows: its audit and words would be doubled")
    writer = connection.execute(text("SELECT CAST(current_user AS text)")).scalar_one()
    if STAMP in arguments:
        stamp(rows, arguments[STAMP], writer)
    with set_aside(connection, table, aside):
        with keys_set_aside(connection, table):
            write(connection, table, rows)
        if AUDIT in arguments:
            connection.exec_driver_sql(audit_sql(table, arguments[AUDIT]))
        if SEARCH in arguments:
            for statement in search_sql(table):
                connection.exec_driver_sql(statement)
        if RATED in arguments:
            rated_in_bulk(connection)


def fill(
    connection: Connection,
    tables: Iterable[tuple[str, list[dict[str, Any]]]],
    write: Writer,
    *,
    per_row: bool = False,
) -> None:
    """The empty team store filled with `tables` (name, rows) by `write`, in one transaction.
    `per_row`: every trigger fires for each row, as for the app's own writes (the reference
    the bulk fill is compared to, several times slower)."""
    # Index builds sort in memory up to this much (the search words' at ten times: 700k rows).
    connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{SORT_MEMORY}'")
    for statement in LINKED:
        connection.exec_driver_sql(statement.format(state="DISABLE"))
    written = []
    with nullcontext() if per_row else keys_set_aside(connection, "search_words"):
        for name, rows in tables:
            if per_row:
                write(connection, name, rows)
            else:
                write_table(connection, name, rows, write)
            written.append(name)
    follow_sequences(connection, written)
    share_out(connection)
    fill_kept_days(connection)


def follow_sequences(connection: Connection, names: list[str]) -> None:
    """Rows went in with their ids, so each id sequence moves past them."""
    for name in names:
        if "id" in Base.metadata.tables[name].c:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                )
            )


def share_out(connection: Connection) -> None:
    """Every other private contact is given to the benchmark's member (bench.member's role),
    the rest stay the generating role's: a team's private contacts belong to several people,
    and a member reads only theirs. The rows' triggers (which stamp the writer as owner) are
    set aside for it; the kept days are filled afterwards."""
    from bench.member import MEMBER

    connection.exec_driver_sql("ALTER TABLE interactions DISABLE TRIGGER USER")
    connection.execute(
        text("UPDATE interactions SET owner = :member WHERE private AND id % :every <> 0"),
        {"member": MEMBER, "every": 2 * PRIVATE_EVERY},
    )
    connection.exec_driver_sql("ALTER TABLE interactions ENABLE TRIGGER USER")


def fill_kept_days(connection: Connection) -> None:
    """The links' triggers back, and the days they keep filled by the migrations' own
    statements: as the role that wrote the contacts (which sees every one of them here),
    outside a trigger only with the tables' row security set aside (as the migrations do)."""
    from bench.migration_scripts import last_contacts_migration, private_contacts_migration

    for statement in LINKED:
        connection.exec_driver_sql(statement.format(state="ENABLE"))
    with row_security_set_aside(connection, KEPT):
        connection.exec_driver_sql(last_contacts_migration().FILL)
        connection.exec_driver_sql(private_contacts_migration().FILL)
