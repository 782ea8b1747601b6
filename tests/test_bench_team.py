"""The benchmark's team store filled in bulk (bench.team_fill) holds exactly what its triggers
give when each fires for each row, as for the app's own writes."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import create_engine, text

from bench.generate import generate

SCALE = 0.05  # 3 alliances, 1,500 contacts, 300 escalations with their events, 100 risks


def _frozen(value: Any) -> Any:
    """A JSON value (the audit's record) or an array (its columns), comparable and hashable."""
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def contents(url: str) -> dict[str, Counter[tuple[tuple[str, Any], ...]]]:
    """Every table's rows, as a multiset, without what a clock or a sequence decides: the
    times columns take (the statement's, the rows' defaults) and the audit's numbering (its
    records of one table come together in bulk, interleaved with others' row by row)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
            ).scalars()
            found = {}
            for table in tables:
                columns = [
                    name
                    for name, kind in connection.execute(
                        text(
                            "SELECT column_name, data_type FROM information_schema.columns "
                            "WHERE table_schema = 'public' AND table_name = :table"
                        ),
                        {"table": table},
                    )
                    if not kind.startswith("timestamp") and (table, name) != ("team_audit", "id")
                ]
                listed = ", ".join(f'"{name}"' for name in sorted(columns))
                rows = connection.exec_driver_sql(f"SELECT {listed} FROM {table}")
                found[table] = Counter(
                    tuple((name, _frozen(value)) for name, value in row._mapping.items())
                    for row in rows
                )
            return found
    finally:
        engine.dispose()


def test_the_bulk_fill_gives_the_team_store_its_triggers_would_row_by_row(
    team_database: str, second_team_database: str
) -> None:
    generate(team_database, SCALE)
    generate(second_team_database, SCALE, per_row=True)
    bulk, per_row = contents(team_database), contents(second_team_database)
    assert bulk.keys() == per_row.keys()
    for table in sorted(per_row):
        assert bulk[table] == per_row[table], table
    # What the set-aside triggers keep is there: every interaction's words and audit record,
    # every escalation stamped with its writer; and a rating's update of its risk, audited
    # as the cascade of the triggers left in place.
    audit = Counter(
        (dict(row)["table_name"], dict(row)["action"]) for row in bulk["team_audit"].elements()
    )
    interactions = bulk["interactions"].total()
    assert audit[("interactions", "INSERT")] == interactions > 1000
    assert audit[("risks", "UPDATE")] > 0
    searched = Counter(dict(row)["source"] for row in bulk["search_words"].elements())
    assert searched[4] == interactions  # 4: an interaction's words
    assert {dict(row)["created_by"] for row in bulk["escalations"]} == {
        create_engine(team_database).url.username
    }
