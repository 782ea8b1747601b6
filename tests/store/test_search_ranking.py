"""Ranking a bounded set of candidates (the newest matches, plus older records named as typed)
never loses what a user would look for: an old record with a rare word, a rare phrase, an old
record whose name is exactly what was typed — however many newer records match more loosely.
Each test writes more newer matches than a search of 5 hits ranks at once."""

from __future__ import annotations

from datetime import date

from alliance_desk.core import wall
from alliance_desk.store import search_postgres, search_sqlite
from alliance_desk.store.database import Store
from alliance_desk.store.search import search
from tests.store.test_search import first_row, found, portfolio, run  # noqa: F401 (fixture)

HITS = 5
MANY = max(search_sqlite.POOL, search_postgres.POOL) * HITS + 60


def newer_notes(
    store: Store, note: str, count: int = MANY, alliance: int | None = None
) -> list[int]:
    """`count` new interactions of today (on the first alliance), each with `note` and its
    number: their ids, the newest first."""
    alliance = alliance or first_row(store, "alliances")
    rows = [{"a": alliance, "d": wall.today(), "n": f"{note} {number}"} for number in range(count)]
    with store.write() as session:
        from sqlalchemy import text

        session.execute(
            text(
                "INSERT INTO interactions (alliance_id, occurred_on, kind, sentiment, note, "
                "internal_only, created_at, owner, private) "
                "VALUES (:a, :d, 'call', 0, :n, false, CURRENT_TIMESTAMP, '', false)"
            ),
            rows,
        )
    return [
        i for (i,) in run(store, "SELECT id FROM interactions ORDER BY id DESC LIMIT :c", c=count)
    ]


def old_interaction(store: Store, note: str) -> int:
    interaction = first_row(store, "interactions")
    run(store, "UPDATE interactions SET note = :n, occurred_on = :d WHERE id = :i",
        n=note, d=date(2020, 1, 6), i=interaction)  # fmt: skip
    return interaction


def keys(store: Store, query: str) -> list[tuple[str, int]]:
    return [(hit.what, hit.record_id) for hit in search(store, query, limit=HITS)]


def test_an_old_record_with_a_rare_word_is_found_among_many_newer_matches(
    portfolio: Store,  # noqa: F811
) -> None:
    old = old_interaction(portfolio, "zqcommon terms, and the zqescrow clause")
    newest = newer_notes(portfolio, "zqcommon terms again")
    assert keys(portfolio, "zqcommon zqescrow") == [("interaction", old)]
    assert keys(portfolio, "zqcomm zqesc") == [("interaction", old)]  # as typed
    assert keys(portfolio, "zqescrow") == [("interaction", old)]
    # The common word alone fills the results: equally good matches, the newest first.
    common = keys(portfolio, "zqcommon")
    assert common == [("interaction", i) for i in newest[:HITS]]


def test_a_rare_phrase_is_not_lost_among_newer_records_with_its_words(
    portfolio: Store,  # noqa: F811
) -> None:
    old = old_interaction(portfolio, "the zqfill zqfinish slot moved")
    newer_notes(portfolio, "zqfinish first, then zqfill")
    assert keys(portfolio, '"zqfill zqfinish"') == [("interaction", old)]
    assert keys(portfolio, "zqfill-zqfinish") == [("interaction", old)]
    assert keys(portfolio, '"zqfill zqfinish" -zqmissing') == [("interaction", old)]
    assert ("interaction", old) not in keys(portfolio, "zqfill -zqslot -slot")


def test_an_old_record_named_as_typed_comes_first_among_newer_mentions(
    portfolio: Store,  # noqa: F811
) -> None:
    risk = first_row(portfolio, "risks")
    run(portfolio, "UPDATE risks SET title = 'Zqquarry supply' WHERE id = :r", r=risk)
    newer_notes(portfolio, "we talked about zqquarry supply")
    assert keys(portfolio, "zqquarry supply")[0] == ("risks", risk)
    assert keys(portfolio, "zqquarry")[0] == ("risks", risk)
    assert keys(portfolio, "zqqua")[0] == ("risks", risk)


def test_a_filtered_search_looks_past_the_newest_matches_of_other_alliances(
    portfolio: Store,  # noqa: F811
) -> None:
    """The newest matches all belong to one alliance: a search of another still fills up."""
    other = run(portfolio, "SELECT max(id) FROM alliances")[0][0]
    assert other != first_row(portfolio, "alliances")
    theirs = newer_notes(portfolio, "zqshared words", HITS + 2, alliance=other)
    newer_notes(portfolio, "zqshared words elsewhere")
    hits = search(portfolio, "zqshared", alliance_id=other, limit=HITS)
    assert [hit.record_id for hit in hits] == theirs[:HITS]


def test_many_history_notes_of_one_escalation_do_not_crowd_out_other_records(
    portfolio: Store,  # noqa: F811
) -> None:
    """Ranked candidates are rows; results are records: an escalation whose history holds
    hundreds of matching notes counts once, and older records still fill the list."""
    escalation = first_row(portfolio, "escalations")
    old = [old_interaction(portfolio, "zqbacklog grows")]
    rows = [{"e": escalation, "t": f"zqbacklog note {n}"} for n in range(MANY)]
    with portfolio.write() as session:
        from sqlalchemy import text

        session.execute(
            text("INSERT INTO escalation_events (escalation_id, occurred_at, kind, text) "
                 "VALUES (:e, CURRENT_TIMESTAMP, 'note', :t)"), rows)  # fmt: skip
    assert set(keys(portfolio, "zqbacklog")) == {
        ("escalation", escalation),
        ("interaction", old[0]),
    }


def test_the_kinds_of_the_index_rows_are_numbered_as_migration_0024_numbers_them() -> None:
    """A search of some kinds keeps index rows by the number in their rowid alone."""
    from bench.migration_scripts import search_migration

    numbered = {number: what for number, _table, what, *_ in search_migration().SOURCES}
    assert numbered == search_sqlite.SOURCE_KINDS
