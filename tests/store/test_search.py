"""Search finds every text a user writes, on the file and on the team store, and nothing that
is gone: a marker written into each searched field by plain SQL (as another tool would) is
found as its record, and leaves the results the moment the record is deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from alliance_desk.core.search import SEARCHED, parse
from alliance_desk.store.database import Store, open_store
from alliance_desk.store.demo import populate_demo
from alliance_desk.store.search import search

# (table, column, the kind a hit is, how to find the record it opens from the row's id)
FIELDS = [
    ("alliances", "name", "alliance", "SELECT id FROM alliances WHERE id = :id"),
    ("alliances", "partner", "alliance", "SELECT id FROM alliances WHERE id = :id"),
    ("alliances", "north_star", "alliance", "SELECT id FROM alliances WHERE id = :id"),
    ("stakeholders", "notes", "person", "SELECT id FROM stakeholders WHERE id = :id"),
    ("stakeholders", "role", "person", "SELECT id FROM stakeholders WHERE id = :id"),
    ("interactions", "note", "interaction", "SELECT id FROM interactions WHERE id = :id"),
    ("escalations", "title", "escalation", "SELECT id FROM escalations WHERE id = :id"),
    ("escalations", "description", "escalation", "SELECT id FROM escalations WHERE id = :id"),
    ("escalations", "resolution", "escalation", "SELECT id FROM escalations WHERE id = :id"),
    (
        "escalation_events",
        "text",
        "escalation",
        "SELECT escalation_id FROM escalation_events WHERE id = :id",
    ),
    ("risks", "title", "risks", "SELECT id FROM risks WHERE id = :id"),
    ("risks", "mitigation", "risks", "SELECT id FROM risks WHERE id = :id"),
    ("decisions", "title", "decisions", "SELECT id FROM decisions WHERE id = :id"),
    ("decisions", "rationale", "decisions", "SELECT id FROM decisions WHERE id = :id"),
    ("decisions", "alternatives", "decisions", "SELECT id FROM decisions WHERE id = :id"),
    ("obligations", "title", "obligations", "SELECT id FROM obligations WHERE id = :id"),
    ("meetings", "note", "meeting", "SELECT id FROM meetings WHERE id = :id"),
    ("agenda_items", "title", "meeting", "SELECT meeting_id FROM agenda_items WHERE id = :id"),
    ("agenda_items", "notes", "meeting", "SELECT meeting_id FROM agenda_items WHERE id = :id"),
    ("agenda_items", "record", "meeting", "SELECT meeting_id FROM agenda_items WHERE id = :id"),
    ("milestones", "title", "milestones", "SELECT id FROM milestones WHERE id = :id"),
    ("kpis", "name", "kpis", "SELECT id FROM kpis WHERE id = :id"),
    ("kpis", "unit", "kpis", "SELECT id FROM kpis WHERE id = :id"),
    ("action_items", "title", "meeting", "SELECT meeting_id FROM action_items WHERE id = :id"),
    ("insights", "title", "insights", "SELECT id FROM insights WHERE id = :id"),
    ("insights", "detail", "insights", "SELECT id FROM insights WHERE id = :id"),
    (
        "minutes_amendments",
        "text",
        "meeting",
        "SELECT meeting_id FROM minutes_amendments WHERE id = :id",
    ),
    ("onboarding_plans", "note", "plan", "SELECT id FROM onboarding_plans WHERE id = :id"),
    ("onboarding_items", "title", "plan", "SELECT plan_id FROM onboarding_items WHERE id = :id"),
    (
        "onboarding_items",
        "detail",
        "plan",
        "SELECT plan_id FROM onboarding_items WHERE id = :id",
    ),
]


@pytest.fixture(params=["sqlite", "postgres"])
def portfolio(request, tmp_path: Path):
    """The demo portfolio on a file, and on a team store."""
    if request.param == "sqlite":
        opened = open_store(tmp_path / "p.sqlite3")
    else:
        opened = open_store(request.getfixturevalue("team_database"))
    populate_demo(opened)
    yield opened
    opened.close()


def run(store: Store, sql: str, **params) -> list[tuple]:
    with store.write() as session:
        result = session.execute(text(sql), params)
        return [tuple(row) for row in result] if result.returns_rows else []


def first_row(store: Store, table: str) -> int:
    return run(store, f"SELECT min(id) FROM {table}")[0][0]


def write_marker(store: Store, table: str, column: str, marker: str) -> int:
    """`marker` into `column` of the first row of `table` (a new history event: history is
    append-only); the row's id."""
    if table == "minutes_amendments":
        meeting = first_row(store, "meetings")
        run(store, "INSERT INTO minutes_amendments (meeting_id, made_at, item_title, text) "
            "VALUES (:m, CURRENT_TIMESTAMP, '', :v)", m=meeting, v=marker)  # fmt: skip
        return run(store, "SELECT max(id) FROM minutes_amendments")[0][0]
    if table == "escalation_events":
        run(store, "INSERT INTO escalation_events (escalation_id, occurred_at, kind, text) "
            "VALUES (1, CURRENT_TIMESTAMP, 'note', :v)", v=marker)  # fmt: skip
        return run(store, "SELECT max(id) FROM escalation_events")[0][0]
    row = first_row(store, table)
    run(store, f"UPDATE {table} SET {column} = :v WHERE id = :id", v=marker, id=row)
    return row


def found(store: Store, query: str, **options) -> set[tuple[str, int]]:
    return {(hit.what, hit.record_id) for hit in search(store, query, **options)}


def test_a_marker_in_every_searched_field_finds_its_record(portfolio: Store) -> None:
    for number, (table, column, kind, opens) in enumerate(FIELDS):
        marker = f"zq{number}marker"
        row = write_marker(portfolio, table, column, marker)
        record = run(portfolio, opens, id=row)[0][0]
        hits = search(portfolio, marker)
        assert [(h.what, h.record_id) for h in hits] == [(kind, record)], (table, column)
        assert "\x02" in hits[0].snippet or hits[0].title == marker, (table, column)
        assert hits[0].alliance, (table, column)
        assert search(portfolio, marker[:-3]), "a word is found as it is typed"


def test_a_deleted_record_leaves_the_results_at_once(portfolio: Store) -> None:
    for table, column, *_ in FIELDS:
        write_marker(portfolio, table, column, "zqgone")
    assert search(portfolio, "zqgone")
    run(portfolio, "DELETE FROM escalations")
    assert not any(hit.what == "escalation" for hit in search(portfolio, "zqgone"))
    alliance = first_row(portfolio, "alliances")
    run(portfolio, "UPDATE alliances SET deleted_at = CURRENT_TIMESTAMP WHERE id = :a", a=alliance)
    assert not [hit for hit in search(portfolio, "zqgone") if hit.opens.alliance_id == alliance]


def test_a_deleted_alliance_takes_its_text_out_of_the_index(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.sqlite3")
    try:
        populate_demo(store)
        run(store, "DELETE FROM alliances")
        assert run(store, "SELECT count(*) FROM search_index") == [(0,)]
    finally:
        store.close()


def test_words_phrases_exclusions_and_filters(portfolio: Store) -> None:
    assert ("escalation", 1) in found(portfolio, "fill-finish slot")
    assert found(portfolio, "kest") == found(portfolio, "Kestrel")  # a prefix, any case
    assert found(portfolio, '"second fill-finish slot"') <= found(portfolio, "fill slot")
    assert found(portfolio, '"slot second fill-finish"') == set()  # a phrase keeps its order
    budget = found(portfolio, "budget")
    assert budget and found(portfolio, "budget -budget") == set()
    without = found(portfolio, "budget -reforecast")
    assert without and without < budget
    only_risks = search(portfolio, "kestrel", kinds=["risks"])
    assert only_risks and {hit.what for hit in only_risks} == {"risks"}
    alliance = search(portfolio, "kestrel")[0].opens.alliance_id
    assert {h.opens.alliance_id for h in search(portfolio, "the", alliance_id=alliance)} == {
        alliance
    }
    assert search(portfolio, "-kestrel") == []
    assert len(search(portfolio, "the", limit=5)) == 5
    with pytest.raises(ValueError, match="No such kind"):
        search(portfolio, "x", kinds=["passwords"])


def test_results_are_ranked_and_each_record_comes_once(portfolio: Store) -> None:
    hits = search(portfolio, "kestrel", limit=200)
    keys = [(hit.what, hit.record_id) for hit in hits]
    assert len(keys) == len(set(keys))
    assert [hit.score for hit in hits] == sorted(hit.score for hit in hits)
    assert {hit.what for hit in hits} <= set(SEARCHED)


def test_names_in_any_script_and_without_accents(portfolio: Store) -> None:
    person = run(portfolio, "SELECT min(person_id) FROM stakeholders")[0][0]
    run(portfolio, "UPDATE people SET name = 'Jürgen Müller' WHERE id = :p", p=person)
    place = run(portfolio, "SELECT min(id) FROM stakeholders WHERE person_id = :p", p=person)
    assert ("person", place[0][0]) in found(portfolio, "muller")
    assert ("person", place[0][0]) in found(portfolio, "JÜRG")
    run(portfolio, "UPDATE people SET name = '大鳥 健二' WHERE id = :p", p=person)
    assert found(portfolio, "muller") == set()  # a rename re-indexes at once
    assert ("person", place[0][0]) in found(portfolio, "健二")
    interaction = first_row(portfolio, "interactions")
    run(portfolio, "UPDATE interactions SET note = '大鳥製薬との電話会議' WHERE id = :i",
        i=interaction)  # fmt: skip
    hits = search(portfolio, "製薬")  # inside a word: found as a substring
    assert [(h.what, h.record_id) for h in hits] == [("interaction", interaction)]
    assert "\x02製薬\x03" in hits[0].snippet
    assert search(portfolio, "製薬 -電話") == []


def _later_indexes() -> list[str]:
    """The indexes the revisions after 0024 add (their INDEXES tables): made again by the
    upgrade, so a file set back to 0023 must not hold them."""
    import importlib.util

    from alliance_desk.core.bundle import migrations_path

    names = []
    for script in sorted((migrations_path() / "versions").glob("00*.py")):
        if script.name[:4] <= "0024":
            continue
        spec = importlib.util.spec_from_file_location(script.stem, script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        names += [entry[0] for entry in getattr(module, "INDEXES", ())]
    return names


def test_the_index_is_built_for_a_portfolio_that_already_holds_records(tmp_path: Path) -> None:
    from alliance_desk.store.location import resolve
    from alliance_desk.store.migrate import upgrade

    path = tmp_path / "old.sqlite3"
    store = open_store(path)
    populate_demo(store)
    store.close()
    import sqlite3

    with sqlite3.connect(path) as connection:  # back to before search existed
        connection.execute("DROP TABLE search_index")
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'"
        ).fetchall():
            connection.execute(f"DROP TRIGGER {name}")
        later = _later_indexes()
        assert "ix_risks_score" in later and "ix_escalations_clock" in later  # 0025's, 0028's
        for index in later:  # (0044 replaced 0033's ix_risks_cells)
            connection.execute(f"DROP INDEX IF EXISTS {index}")
        for (name,) in connection.execute(  # 0035's kept last contacts
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'last_contact%'"
        ).fetchall():
            connection.execute(f"DROP TRIGGER {name}")
        connection.execute("DROP TABLE last_contacts")
        connection.execute("DROP TABLE private_last_contacts")  # 0041's (empty on the file)
        for (name,) in connection.execute(  # 0037's change counters
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'change_count%'"
        ).fetchall():
            connection.execute(f"DROP TRIGGER {name}")
        connection.execute("DROP TABLE change_counts")
        connection.execute("DROP INDEX ix_interactions_private")
        connection.execute("DROP INDEX ix_stakeholders_custom")  # 0042's
        connection.execute("UPDATE alembic_version SET version_num = '0023_meetings'")
    connection.close()
    upgrade(resolve(path))
    store = open_store(path)
    try:
        assert ("escalation", 1) in found(store, "fill-finish")
    finally:
        store.close()


def test_a_query_with_nothing_to_look_for_finds_nothing(portfolio: Store) -> None:
    for query in ["", "   ", "-x", '""', "-", "!!", '"', "*", ")"]:
        assert search(portfolio, query) == [], query
    # The engines' own syntax is taken as words, never as an operator or an error.
    assert search(portfolio, "NEAR(kestrel") == search(portfolio, "near kestrel")
    assert search(portfolio, "kestrel OR") == search(portfolio, "kestrel or")
    assert search(portfolio, "kestrel:* AND") == search(portfolio, "kestrel and")
    assert not parse("-only -minus")


def test_check_finds_a_search_index_out_of_step_and_long_queries_are_harmless(
    tmp_path: Path, capsys
) -> None:
    import sqlite3

    from alliance_desk.cli import main

    path = tmp_path / "p.sqlite3"
    store = open_store(path)
    populate_demo(store)
    assert len(search(store, "kestrel " * 2000)) > 0  # 16 KB typed: cut to the first words
    assert search(store, '"(' * 5000) == []
    store.close()
    assert main(["--db", str(path), "check"]) == 0
    with sqlite3.connect(path) as connection:  # text gone behind the index's back
        connection.execute(
            "DELETE FROM search_index_content "
            "WHERE id IN (SELECT min(id) FROM search_index_content)"
        )
    connection.close()
    capsys.readouterr()
    assert main(["--db", str(path), "check"]) == 2
    assert "search index" in capsys.readouterr().err
