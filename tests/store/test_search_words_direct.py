"""Revision 0047: the team store's words index keeps no pending list. With one, PostgreSQL
merged new words into the index key after key (autovacuum's autoanalyze does it, whenever it
reaches a database), and a search running meanwhile could meet a row under one of its words
and not yet under a later one: an excluded word did not exclude (test_search.py's
`budget -reforecast` found "Budget reforecast" in about one CI run of four). Now a search sees
all of a committed row's words or none, merging or not."""

from __future__ import annotations

import threading

from alembic import command
from sqlalchemy import create_engine, text

from alliance_desk.store.database import open_store
from alliance_desk.store.demo import populate_demo
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import alembic_config
from alliance_desk.store.search import search
from tests.store.test_search import first_row, run

INDEX = "ix_search_words_words"
BEFORE = "0046_search_newest_first"
ROUNDS = 5
NOTES = 300  # a round's notes, twelve words each: thousands of words between the marker's two


def _notes(store, escalation: int, round_: int) -> None:
    """The marker `zqbudget zqreforecast`, then notes whose words all come between its two."""
    words = (
        "(SELECT string_agg('zq' || chr(99 + (n * 7 + k) % 14) || md5(n || ':' || k || :r), "
        "' ') FROM generate_series(1, 12) AS k)"
    )
    run(store, "INSERT INTO escalation_events (escalation_id, occurred_at, kind, text) "
        f"SELECT :e, CURRENT_TIMESTAMP, 'note', CASE WHEN n = 0 THEN 'zqbudget zqreforecast' "
        f"ELSE {words} END FROM generate_series(0, :m) AS n",
        e=escalation, m=NOTES, r=str(round_))  # fmt: skip


MERGE = f"SELECT gin_clean_pending_list('{INDEX}'::regclass)"  # the pages it merged


def _value(url: str, statement: str):
    """`statement`'s one value, on a connection of its own (as autovacuum's is)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            return connection.execute(text(statement)).scalar_one()
    finally:
        engine.dispose()


def _merge(url: str, done: threading.Event) -> None:
    """What autoanalyze does to a GIN index: its pending list moved into its tree."""
    try:
        _value(url, MERGE)
    finally:
        done.set()


def _pending_pages_merged(url: str) -> int:
    return _value(url, MERGE)


def _options(url: str) -> list[str]:
    return list(_value(url, f"SELECT reloptions FROM pg_class WHERE relname = '{INDEX}'") or [])


def test_an_excluded_word_excludes_while_new_words_are_merged(team_database) -> None:
    store = open_store(team_database)
    try:
        populate_demo(store)
        escalation = first_row(store, "escalations")
        wrong, searches = [], 0
        for round_ in range(ROUNDS):
            _notes(store, escalation, round_)
            done = threading.Event()
            merging = threading.Thread(target=_merge, args=(team_database, done))
            merging.start()
            while True:
                wrong += search(store, "zqbudget -zqreforecast")
                searches += 1
                if done.is_set():
                    break
            merging.join()
        assert [hit.plain_snippet for hit in wrong] == [], f"{len(wrong)} of {searches} searches"
        assert [(h.what, h.record_id) for h in search(store, "zqbudget")] == [
            ("escalation", escalation)
        ]
    finally:
        store.close()


def test_the_upgrade_merges_the_pending_words_and_keeps_none(team_database) -> None:
    store = open_store(team_database)
    try:
        config = alembic_config(resolve(team_database))
        assert "fastupdate=off" in _options(team_database)
        command.downgrade(config, BEFORE)
        assert _options(team_database) == []
        populate_demo(store)  # its words wait in the pending list, as 0046 left them
        command.upgrade(config, "head")
        assert "fastupdate=off" in _options(team_database)
        assert _pending_pages_merged(team_database) == 0  # none left by the upgrade
        run(store, "UPDATE meetings SET note = 'zqnoted' WHERE id = :m",
            m=first_row(store, "meetings"))  # fmt: skip
        assert _pending_pages_merged(team_database) == 0  # nor by a write since
        assert [h.what for h in search(store, "zqnoted")] == ["meeting"]
    finally:
        store.close()
