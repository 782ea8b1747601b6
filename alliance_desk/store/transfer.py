"""Moving a whole portfolio between stores: a laptop's SQLite file into the team's PostgreSQL
database, or back. Every table is copied row for row with its ids, in foreign-key order, in
one transaction on the target; a target file must be empty, so nothing is ever overwritten.
A new target file is built beside its name and appears only once everything is in it.

Into a team store that already holds records (a teammate's, or the team's), or as a member
who may not set the id sequences, the copy *merges*: every record gets a new id (references
between them follow), the teammates' records are untouched, a per-user record the member
already has there (a habit target, a weekly review) and the team's rules are kept as they
are, and it is still one transaction. Snoozes of Today and dismissed habit credits, which name
their records by id in plain columns, follow their records to the new ids. A person already in
the team store — the same email (case and spaces aside) or, without an email, the same name and
organisation — is not added again: the merged alliances place the one already there, whose
details stay as a teammate recorded them (five managers who all know the partner's CEO give
the team one CEO, on five alliances).

Rows say who recorded them (the columns marked `info={"who": True}`): what the copying user
recorded in the source is theirs in the target. A file's own rows (recorded by '') become the
user's on the team store, and the user's rows on the team store become the file's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as server_insert

from alliance_desk.store.database import Store, open_store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.integrity import is_new
from alliance_desk.store.location import Location, partial_path, remove_leftovers, resolve
from alliance_desk.store.models import Base
from alliance_desk.store.new_files import place_new_file, prepare_folder, remove_with_journals
from alliance_desk.store.retry import retried

BATCH = 2_000


def records() -> list[Table]:
    """The tables holding records, in foreign-key order: not those the database derives from
    them (info "derived": last_contacts), which the target's triggers fill from the rows
    copied there — copied as well, each would be there twice."""
    return [table for table in Base.metadata.sorted_tables if not table.info.get("derived")]


class Copied(dict[str, int]):
    """Rows copied per table; `people_matched`: people of the source found already in the
    team store by a merge, and placed there instead of added."""

    people_matched = 0


def record_counts(store: Store) -> dict[str, int]:
    """How many rows each table of the portfolio holds."""
    with store.read() as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in records()
        }


@retried
def copy_portfolio(source: Store, target: Store) -> Copied:
    """Copy everything in `source` into `target`; returns the rows copied per table.

    A target file must be empty (StoreError, nothing written); a team store that is not
    empty, or that the copying role may not renumber, receives a merge (`merge_portfolio`).
    """
    held = {name: count for name, count in record_counts(target).items() if count}
    if target.path is None and (held or not _may_set_ids(target)):
        return merge_portfolio(source, target)
    if held:
        sample = ", ".join(f"{count} {name}" for name, count in sorted(held.items())[:3])
        raise StoreError(
            f"The target portfolio is not empty ({sample}…). Copy into a new, empty one so "
            "that nothing is merged or overwritten."
        )
    copied = Copied()
    mine = {source.user: target.user}
    with source.read() as reading, target.write() as writing:
        for table in records():
            who = [column.key for column in table.columns if column.info.get("who")]
            rows = [dict(row) for row in reading.execute(select(table)).mappings()]
            for row in rows:
                for key in who:
                    row[key] = mine.get(row[key], row[key])
            for start in range(0, len(rows), BATCH):
                writing.execute(insert(table), rows[start : start + BATCH])
            copied[table.name] = len(rows)
        if writing.get_bind().dialect.name == "postgresql":
            _advance_sequences(writing)
    return copied


def _may_set_ids(target: Store) -> bool:
    with target.read() as session:
        return bool(
            session.execute(
                text(
                    "SELECT has_sequence_privilege(pg_get_serial_sequence('alliances', 'id'), "
                    "'UPDATE')"
                )
            ).scalar()
        )


# What a Today task key names ("call:12": core/tasks.py), and the record behind each kind of
# automatic habit credit (store/habits.py): the tables their ids live in.
TASK_RECORDS = {
    "call": "stakeholders",
    "item": "onboarding_items",
    "escalation": "escalations",
    "risk": "risks",
    "obligation": "obligations",
    "action": "action_items",
    "meeting": "meetings",
    "decision": "decisions",
    "milestone": "milestones",
    "rhythm": "alliances",  # rhythm:{part}:{alliance id}
}
CREDIT_RECORDS = {
    "interaction": "interactions",
    "escalation": "escalations",
    "risk review": "risk_ratings",
    "decision": "decisions",
    "health check": "health_checks",
    "insight": "insights",
    "pack": "pack_exports",
}
BY_ID_IN_PLAIN_COLUMNS = ("habit_dismissed_credits", "today_snoozes")  # merged last


def merge_portfolio(source: Store, target: Store) -> Copied:
    """Add everything in `source` to the team store `target` under new ids, in one
    transaction; returns the rows added per table (see the module's docstring)."""
    copied = Copied()
    new_ids: dict[str, dict[int, int]] = {}
    mine = {source.user: target.user}
    with source.read() as reading, target.write() as writing:
        known = _people_known(writing)
        for table in records():
            if table.name in BY_ID_IN_PLAIN_COLUMNS:
                continue
            rows = [
                _renumbered(dict(row), table, new_ids, mine)
                for row in reading.execute(select(table)).mappings()
            ]
            if table.name == "people":
                rows, new_ids["people"] = _unmatched(rows, known)
                copied.people_matched = len(new_ids["people"])
            key = table.c.get("id")
            if key is not None and key.primary_key and key.autoincrement and rows:
                old = [row.pop("id") for row in rows]
                made = writing.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
                ).scalars()
                new_ids.setdefault(table.name, {}).update(zip(old, made, strict=True))
                copied[table.name] = len(rows)
            else:
                copied[table.name] = _add_missing(writing, table, rows)
        for name, follow in (("today_snoozes", _snoozed), ("habit_dismissed_credits", _dismissed)):
            table = Base.metadata.tables[name]
            followed = (
                follow(_renumbered(dict(row), table, new_ids, mine), new_ids)
                for row in reading.execute(select(table)).mappings()
            )
            copied[name] = _add_missing(writing, table, [row for row in followed if row])
    return copied


def _add_missing(session, table: Table, rows: list[dict]) -> int:
    """Insert rows keyed by their content (a per-user record), keeping any already there."""
    if not rows:
        return 0
    added = session.execute(server_insert(table).on_conflict_do_nothing(), rows)
    return max(getattr(added, "rowcount", len(rows)), 0)


def _people_known(session) -> dict[tuple, int]:
    """The team store's people by what identifies them across files: ("email", address) for
    those with an email, ("name", name, organisation) for everyone; the oldest wins a tie."""
    people = Base.metadata.tables["people"]
    known: dict[tuple, int] = {}
    found = session.execute(
        select(people.c.id, people.c.email, people.c.name, people.c.organisation).order_by(
            people.c.id.desc()
        )
    )
    for person, email, name, organisation in found:
        known[("name", name, organisation)] = person
        if email.strip():
            known[("email", email.strip().lower())] = person
    return known


def _unmatched(rows: list[dict], known: dict[tuple, int]) -> tuple[list[dict], dict[int, int]]:
    """The source's people not in the team store yet, and the ids of those that are."""
    matched, new = {}, []
    for row in rows:
        email = (row.get("email") or "").strip().lower()
        key = ("email", email) if email else ("name", row["name"], row["organisation"])
        if key in known:
            matched[row["id"]] = known[key]
        else:
            new.append(row)
    return new, matched


def _snoozed(row: dict, new_ids: dict) -> dict | None:
    """A snooze of Today naming its task's record by the new id (None: record not copied)."""
    head, _, old = row["task"].rpartition(":")  # the record's id comes last
    table = TASK_RECORDS.get(head.partition(":")[0])
    if table is None or not old.isdigit() or int(old) not in new_ids.get(table, {}):
        return None
    return {**row, "task": f"{head}:{new_ids[table][int(old)]}"}


def _dismissed(row: dict, new_ids: dict) -> dict | None:
    """A dismissed habit credit naming its record by the new id (None: record not copied)."""
    table = CREDIT_RECORDS.get(row["kind"])
    if table is None or row["record_id"] not in new_ids.get(table, {}):
        return None
    return {**row, "record_id": new_ids[table][row["record_id"]]}


def _renumbered(row: dict, table: Table, new_ids: dict, mine: dict) -> dict:
    for column in table.columns:
        if column.info.get("who"):
            row[column.key] = mine.get(row[column.key], row[column.key])
        for key in column.foreign_keys:
            if row[column.key] is not None:
                row[column.key] = new_ids[key.column.table.name][row[column.key]]
    return row


def _advance_sequences(session) -> None:
    """Rows came with their ids; move each id sequence past them so new rows do not collide."""
    for table in Base.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not column.primary_key or not column.autoincrement:
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def copy_to(
    source: Store, target: str | Location, opener: Callable[..., Store] = open_store
) -> tuple[Location, Copied]:
    """Copy `source` into `target` (a file path or a server URL); `opener` opens an existing
    target (the command line's asks for a password). Returns where it went and the counts."""
    location = target if isinstance(target, Location) else resolve(target)
    path = location.path
    if path is not None and source.path is not None and path == source.path.resolve():
        raise StoreError(f"{path} is the portfolio being copied; choose another target.")
    if path is not None and is_new(path):
        return location, copy_into_new_file(source, path)
    destination = opener(location, start_backup=False)
    try:
        return location, copy_portfolio(source, destination)
    finally:
        destination.close()


def copy_into_new_file(source: Store, path: Path) -> Copied:
    """Copy `source` into a new portfolio file at `path`, built aside and renamed into place
    only when every row is in it: a crash part way leaves no file at `path` at all."""
    prepare_folder(path)
    remove_leftovers(path.parent, path.name + ".")  # of an earlier copy that was killed
    aside = partial_path(path)
    remove_with_journals(aside)
    try:
        target = open_store(Location(f"sqlite:///{aside}", aside), start_backup=False)
        try:
            copied = copy_portfolio(source, target)
        finally:
            target.close()
        if not place_new_file(aside, path):
            raise StoreError(f"Another program created {path} meanwhile; nothing was copied.")
    finally:
        remove_with_journals(aside)
    return copied
