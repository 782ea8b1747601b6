"""Moving a portfolio between a local file and the team's PostgreSQL store, and back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from alliance_desk.cli import main
from alliance_desk.store import portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import Base
from alliance_desk.store.transfer import copy_portfolio, record_counts
from tests.helpers import draft


def contents(store) -> dict[str, list[tuple]]:
    """Every row of every table, in id order: what "without loss" is checked against (not
    how many writes each table has seen: migration 0037's counters)."""
    with store.read() as session:
        return {
            table.name: sorted(
                (tuple(str(value) for value in row) for row in session.execute(select(table))),
            )
            for table in Base.metadata.sorted_tables
            if table.name != "change_counts"
        }


def test_copy_between_files_keeps_every_record(demo_store, tmp_path: Path) -> None:
    target = open_store(tmp_path / "copy.sqlite3", start_backup=False)
    try:
        copied = copy_portfolio(demo_store, target)
        assert copied == record_counts(demo_store) == record_counts(target)
        assert copied["alliances"] and copied["escalation_events"] and copied["interactions"]
        assert contents(target) == contents(demo_store)
        from alliance_desk.store import risks

        assert [d.draft.title for d in risks.list_decisions(target) if d.draft.open]  # as asked
    finally:
        target.close()


def test_copy_refuses_a_target_that_holds_records(demo_store, tmp_path: Path) -> None:
    target = open_store(tmp_path / "busy.sqlite3", start_backup=False)
    try:
        portfolio.create_alliance(target, draft(name="Already here"))
        with pytest.raises(StoreError, match="not empty"):
            copy_portfolio(demo_store, target)
        assert [a.name for a in portfolio.list_alliances(target)] == ["Already here"]
    finally:
        target.close()


def test_demo_to_the_team_store_and_back_loses_nothing(
    demo_store, team_database: str, tmp_path: Path, capsys
) -> None:
    """File → PostgreSQL → file with the command line; every record of every kind arrives,
    and the team store goes on numbering new records after the copied ones."""
    source = demo_store.path
    demo_store.close()
    assert main(["--db", str(source), "copy-to", team_database]) == 0
    assert "copied" in capsys.readouterr().out
    back = tmp_path / "back.sqlite3"
    assert main(["--db", team_database, "copy-to", str(back)]) == 0

    original, team, returned = (
        open_store(source, start_backup=False),
        open_store(team_database),
        open_store(back, start_backup=False),
    )
    try:
        assert record_counts(original) == record_counts(team) == record_counts(returned)
        assert contents(returned) == contents(original)
        newest = max(a.id for a in portfolio.list_alliances(team))
        assert portfolio.create_alliance(team, draft(name="Made in the team")).id > newest
    finally:
        for store in (original, team, returned):
            store.close()


def test_a_merge_knows_the_record_behind_every_snooze_and_every_credit() -> None:
    """Snoozes and dismissed credits name records in plain columns; a kind the merge cannot
    follow to its new id would be dropped, so every kind Today and the habits make is known."""
    import re

    from alliance_desk.core import task_kinds, tasks
    from alliance_desk.store.habits import CREDIT_SOURCES
    from alliance_desk.store.transfer import CREDIT_RECORDS, TASK_RECORDS

    made = {
        kind
        for module in (tasks, task_kinds)  # the list's entries, each kind's own tasks
        for kind in re.findall(r'f"(\w+):\{', Path(module.__file__).read_text(encoding="utf-8"))
    }
    assert made and made == set(TASK_RECORDS)
    assert set(CREDIT_RECORDS) == set(CREDIT_SOURCES)
    assert set(TASK_RECORDS.values()) | set(CREDIT_RECORDS.values()) <= set(Base.metadata.tables)


def test_a_snoozed_rhythm_task_follows_its_alliance_to_the_new_id() -> None:
    """Rhythm tasks are keyed rhythm:{part}:{alliance id}: the id last, the part kept."""
    from alliance_desk.store.transfer import _snoozed

    new_ids = {"alliances": {7: 41}, "risks": {3: 12}}
    moved = _snoozed({"task": "rhythm:risks:7", "until": "2026-12-10"}, new_ids)
    assert moved == {"task": "rhythm:risks:41", "until": "2026-12-10"}
    assert _snoozed({"task": "risk:3"}, new_ids) == {"task": "risk:12"}
    assert _snoozed({"task": "rhythm:risks:8"}, new_ids) is None  # its alliance not copied
