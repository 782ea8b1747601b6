"""Revision 0046 rewrites how the team store's search function picks each source's newest
matches (no numbering of every match). It must find what 0030's function found, in the same
order, with the same scores: the same searches on the same rows give the same records before
and after, both ways, on a team store holding the demo portfolio and hundreds of newer
matches (enough to make a source give more than it ranks at once, and the function look
further). Where 0030 left a tie to chance (which of a record's rows scoring alike stands for
it; the order of records of two kinds scoring alike), 0046 breaks it the same way every time:
records are compared in order by id and score, and as a set with their kinds."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from alliance_desk.core.search import SEARCHED
from alliance_desk.store.database import Store, open_store
from alliance_desk.store.demo import populate_demo
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import alembic_config
from tests.store.test_search import first_row, run
from tests.store.test_search_ranking import MANY, newer_notes, old_interaction

BEFORE = "0045_risk_score_order"
# (query as to_tsquery text, unspaced LIKE patterns, kinds, alliance (1: the second), wanted)
SEARCHES = (
    ("'zqcommon':*", [], SEARCHED, None, 5),
    ("'zqcommon':*", [], SEARCHED, None, 50),
    ("'zqcommon' & 'zqescrow':*", [], SEARCHED, None, 5),
    ("'zqcommon':* & !'again'", [], SEARCHED, None, 5),
    ("'zqshared':*", [], SEARCHED, 1, 5),
    ("'zqshared':*", [], ("interaction",), None, 7),
    ("'zqbacklog':*", [], SEARCHED, None, 5),  # one record's many rows: looks further
    ("'zqbacklog':*", [], SEARCHED, None, 1000),
    ("", ["%zqcomm%"], SEARCHED, None, 20),  # unspaced words only
    ("'a':*", [], SEARCHED, None, 50),  # the demo's own words
    ("'nothing_here_zq'", [], SEARCHED, None, 5),
)


def _rows(store: Store) -> None:
    old_interaction(store, "zqcommon terms, and the zqescrow clause")
    newer_notes(store, "zqcommon terms again")
    other = run(store, "SELECT max(id) FROM alliances")[0][0]
    newer_notes(store, "zqshared words", 9, alliance=other)
    newer_notes(store, "zqshared words elsewhere")
    escalation = first_row(store, "escalations")
    older = run(store, "SELECT max(id) FROM escalations")[0][0]
    noted = "INSERT INTO escalation_events (escalation_id, occurred_at, kind, text) "
    run(store, noted + "VALUES (:e, CURRENT_TIMESTAMP, 'note', 'zqbacklog seen before')", e=older)
    run(store, "UPDATE interactions SET note = 'zqbacklog grows' WHERE id = "
               "(SELECT max(id) FROM interactions WHERE note NOT LIKE 'zq%')")  # fmt: skip
    run(store, "INSERT INTO escalation_events (escalation_id, occurred_at, kind, text) "
               "SELECT :e, CURRENT_TIMESTAMP, 'note', 'zqbacklog note ' || n "
               "FROM generate_series(1, :m) AS n", e=escalation, m=MANY)  # fmt: skip


def _found(url: str) -> list[list[tuple]]:
    """Each search's (source, row id, score) as the owner's function gives them."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            alliances = connection.execute(
                text("SELECT id FROM alliances ORDER BY id DESC LIMIT 1")
            ).scalars()
            (other,) = alliances
            found = []
            for query, likes, kinds, alliance, wanted in SEARCHES:
                rows = connection.execute(
                    text(
                        "SELECT source, row_id, score FROM search_records(:q, "
                        "CAST(:likes AS text[]), CAST(:none AS text[]), "
                        "CAST(:kinds AS text[]), CAST(:alliance AS integer), :wanted)"
                    ),
                    {
                        "q": query,
                        "likes": likes,
                        "none": [],
                        "kinds": list(kinds),
                        "alliance": other if alliance else None,
                        "wanted": wanted,
                    },
                )
                found.append([(*_record(connection, s, r), k) for s, r, k in rows])
            return found
    finally:
        engine.dispose()


def _record(connection, source: int, row_id: int) -> tuple[str, int]:
    """The record a row of the words stands for: (what, record id)."""
    statement = "SELECT what, record_id FROM search_words WHERE source = :s AND row_id = :r"
    return tuple(connection.execute(text(statement), {"s": source, "r": row_id}).one())


def _alike(found: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """`found` up to the ties 0030 left to chance: the (record id, score) of each hit in
    order, and the records found with their scores. (Of a record's rows scoring alike, either
    could stand for it; records of two kinds with the same id and score on the same day could
    come in either order.)"""
    return [(record_id, score) for _, record_id, score in found], sorted(found)


def _same(one: list[list[tuple]], other: list[list[tuple]]) -> bool:
    return [_alike(found) for found in one] == [_alike(found) for found in other]


def _function_settings(url: str) -> list[str]:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            statement = "SELECT proconfig FROM pg_proc WHERE proname = 'search_records'"
            return list(connection.execute(text(statement)).scalar_one())
    finally:
        engine.dispose()


def test_the_new_function_finds_what_the_old_one_found_in_the_same_order(team_database) -> None:
    store = open_store(team_database)
    try:
        populate_demo(store)
        _rows(store)
        first_escalation = first_row(store, "escalations")
        last_escalation = run(store, "SELECT max(id) FROM escalations")[0][0]
        backlog = "SELECT id FROM interactions WHERE note = 'zqbacklog grows'"
        ((backlog_interaction,),) = run(store, backlog)
    finally:
        store.close()
    now = _found(team_database)
    assert "jit=off" in _function_settings(team_database)
    config = alembic_config(resolve(team_database))
    command.downgrade(config, BEFORE)
    assert "jit=off" not in _function_settings(team_database)  # 0030's function again
    assert _same(_found(team_database), now)
    command.upgrade(config, "head")
    assert _found(team_database) == now  # and ties broken as before the way down
    # Not a comparison of empty lists: the searches found what the rows hold.
    by_search = dict(zip((f"{s[0]}{s[1]}{s[3]}{s[4]}" for s in SEARCHES), now, strict=True))
    assert len(by_search["'zqcommon':*[]None50"]) == 50
    # Five wanted: the escalation's many notes are one record, and the function looked past
    # them to another escalation's older note.
    assert {(what, record) for what, record, _ in by_search["'zqbacklog':*[]None5"]} == {
        ("escalation", first_escalation),
        ("escalation", last_escalation),
        ("interaction", backlog_interaction),
    }
    assert len(by_search["'zqshared':*[]15"]) == 5
    assert len(by_search["['%zqcomm%']None20"]) == 20
    assert by_search["'nothing_here_zq'[]None5"] == []
