"""Today's counts are kept until a table they read changes (store/change_counts.py, migration
0037). Whoever writes — the app, SQL typed by hand, a teammate, a trigger of another table —
moves the counter of what was written, so Today read with its counts kept is always Today
read afresh; and a member can neither forge nor turn back a counter."""

from __future__ import annotations

import importlib
import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Table, text
from sqlalchemy.sql.visitors import iterate

from alliance_desk.store import (
    alliance_counts,
    batch,
    change_counts,
    escalations,
    today,
    today_rank,
    top_kept,
)
from alliance_desk.store.database import open_store
from alliance_desk.store.today_counts import counts_query, stale_reviews_query
from alliance_desk.store.today_rank import KINDS, Plan
from tests.store.test_team_access import Refused, setup  # noqa: F401  (the team store)
from tests.store.test_today_ranking import DAY, NOW, generated  # noqa: F401  (the fixture)

MIGRATION = importlib.import_module("migrations.versions.0037_change_counts")
PRIVATE_DAYS = importlib.import_module("migrations.versions.0041_team_private_contacts")


def _afresh(store):
    """Today with nothing kept: every count read again, every statement built anew."""
    change_counts.forget()
    alliance_counts.forget()
    top_kept.forget()
    batch._PREPARED.clear()
    today_rank._BUILT.clear()
    return _shown(today.load_today(store, now=NOW, limit=None))


def _shown(found) -> tuple:
    return found.total, found.cards, found.tasks, found.snoozed


def _tables(statement) -> set[str]:
    return {element.name for element in iterate(statement) if isinstance(element, Table)}


def _plan(store) -> Plan:
    from alliance_desk.store import policy, portfolio

    alliances = portfolio.list_alliances(store)
    return Plan(DAY, policy.load_policy(store), alliances, DAY + timedelta(days=14),
                postgres=store.path is None)  # fmt: skip


def test_every_table_a_count_reads_is_counted(store) -> None:
    """Each part's statement names only tables its entry in NEEDS lists, and the migration
    counts the writes of every one of them."""
    plan = _plan(store)
    statements = {kind: counts_query(plan, (kind,)).statement for kind in KINDS}
    statements["stale"] = stale_reviews_query(plan).statement
    assert set(statements) == set(change_counts.NEEDS)
    for part, statement in statements.items():
        named = _tables(statement)
        assert named, part
        assert named <= set(change_counts.NEEDS[part]), (part, named)
    counted = {*MIGRATION.WATCHED, *MIGRATION.TEAM_ONLY, *PRIVATE_DAYS.WATCHED}
    assert {t for tables in change_counts.NEEDS.values() for t in tables} <= counted


def test_the_people_counts_read_only_counted_tables() -> None:
    from alliance_desk.store.people import people_counts_query

    assert _tables(people_counts_query()) <= set(change_counts.PEOPLE)
    assert set(change_counts.PEOPLE) <= {*MIGRATION.WATCHED, *MIGRATION.TEAM_ONLY}


def test_the_portfolio_counts_its_people_again_only_when_people_change(store, monkeypatch) -> None:
    """The count of people on each alliance is kept across an alliance's edit and read
    again after a place on an alliance is added by hand: always what counting afresh gives."""
    from alliance_desk.core.people import validate_person
    from alliance_desk.core.stakeholders import validate_stakeholder
    from alliance_desk.store import people, portfolio, stakeholders
    from tests.helpers import draft

    made = portfolio.create_alliance(store, draft(name="Counted"))
    ana = validate_person({"name": "Ana Lima", "side": "partner"})
    stakeholders.add_new_person(store, made.id, ana, validate_stakeholder({}))
    other = portfolio.create_alliance(store, draft(name="Other"))
    counted: list[int] = []
    real = people._counted
    monkeypatch.setattr(people, "_counted", lambda s: counted.append(1) or real(s))
    assert people.people_counts(store) == {made.id: (0, 1)}
    portfolio.update_alliance(store, made.id, replace(made.draft(), partner="Renamed"))
    assert people.people_counts(store) == {made.id: (0, 1)}
    assert counted == [1]  # kept across the alliance's edit
    person = stakeholders.list_stakeholders(store, made.id)[0].person.id
    from alliance_desk.store.models import StakeholderRow

    copied = [
        c.name for c in StakeholderRow.__table__.columns if c.name not in ("id", "alliance_id")
    ]
    names = ", ".join(copied)
    _by_hand(store, f"INSERT INTO stakeholders (alliance_id, {names}) SELECT {other.id}, {names} "
             f"FROM stakeholders WHERE person_id = {person}")  # fmt: skip
    assert people.people_counts(store) == {made.id: (0, 1), other.id: (0, 1)} == real(store)
    assert counted == [1, 1]


def _first(connection, table: str) -> tuple[str, object]:
    column = connection.execute(f"PRAGMA table_info({table})").fetchone()[1]
    return column, connection.execute(f"SELECT min({column}) FROM {table}").fetchone()[0]


def test_a_write_by_hand_to_any_counted_table_moves_its_counter(demo_store) -> None:
    """With the sqlite3 shell: an update and a delete of one row of each table move its
    counter inside the transaction; rolled back, the counter goes back with the rows."""
    path = demo_store.path
    connection = sqlite3.connect(path, isolation_level=None)
    try:

        def counter(table: str) -> int:
            query = "SELECT n FROM change_counts WHERE name = ?"
            return connection.execute(query, (table,)).fetchone()[0]

        for table in MIGRATION.WATCHED:
            column, value = _first(connection, table)
            assert value is not None, f"the demo has no {table}"
            before = counter(table)
            connection.execute("BEGIN")
            connection.execute(
                f"UPDATE {table} SET {column} = {column} WHERE {column} = ?", (value,)
            )
            updated = counter(table)
            assert updated > before, table  # one a row: a few rows may share the value
            connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (value,))
            assert counter(table) > updated, table
            connection.execute("ROLLBACK")
            assert counter(table) == before, table
    finally:
        connection.close()


def _by_hand(store, statement: str, **values) -> None:
    """One statement typed by hand: sqlite3 on the file, a connection of its own on the
    team store (as the superuser the tests run as)."""
    if store.path is not None:
        with sqlite3.connect(store.path) as connection:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute(statement, values)
        connection.close()
        return
    with store.engine.connect() as connection:
        connection.execute(text(statement), values)
        connection.commit()


def _ids(store, statement: str) -> str:
    with store.read() as session:
        return ", ".join(str(i) for i in session.execute(text(statement)).scalars())


# Each a write by hand that changes what one part of Today's counts reads.
CHANGES = {
    "escalations near their level go late": (
        "UPDATE escalations SET level_since = :long_ago WHERE id IN ({ids})",
        "SELECT id FROM escalations WHERE status IN ('open', 'escalated') ORDER BY id LIMIT 40",
    ),
    "every risk review is put off (their alliances' stale reviews show)": (
        "UPDATE risks SET next_review = :later WHERE id IN ({ids})",
        "SELECT id FROM risks",
    ),
    "every risk is rated today (its last rating day kept by a trigger)": (
        "UPDATE risk_ratings SET rated_on = :today WHERE risk_id IN ({ids})",
        "SELECT id FROM risks WHERE status != 'closed'",
    ),
    "risks fall due for review": (
        "UPDATE risks SET next_review = :yesterday WHERE id IN ({ids})",
        "SELECT id FROM risks WHERE status != 'closed' ORDER BY id LIMIT 40",
    ),
    "decisions are implemented": (
        "UPDATE decisions SET status = 'implemented' WHERE id IN ({ids})",
        "SELECT id FROM decisions WHERE status != 'implemented' ORDER BY id LIMIT 40",
    ),
    "people are planned weekly": (
        "UPDATE stakeholders SET cadence = 'weekly' WHERE id IN ({ids})",
        "SELECT id FROM stakeholders WHERE cadence = 'none' ORDER BY id LIMIT 60",
    ),
    "contacts are removed (their kept days with them)": (
        "DELETE FROM interactions WHERE id IN ({ids})",
        "SELECT interaction_id FROM interaction_people JOIN stakeholders s USING (person_id) "
        "WHERE s.cadence != 'none' ORDER BY interaction_id DESC LIMIT 300",
    ),
    "people leave the portfolio": (
        "DELETE FROM people WHERE id IN ({ids})",
        "SELECT person_id FROM stakeholders WHERE cadence != 'none' ORDER BY id LIMIT 40",
    ),
    "an alliance is deleted": (
        "UPDATE alliances SET deleted_at = :now WHERE id IN ({ids})",
        "SELECT alliance_id FROM escalations GROUP BY alliance_id ORDER BY count(*) DESC LIMIT 1",
    ),
}


def test_today_with_its_counts_kept_is_today_read_afresh_whoever_writes(store, generated) -> None:  # noqa: F811
    """Today read twice (its counts kept), then after each write typed by hand: each time
    what it shows changed, and is exactly what it shows with nothing kept."""
    values = {
        "long_ago": DAY - timedelta(days=90),
        "yesterday": DAY - timedelta(days=1),
        "today": DAY,
        "later": DAY + timedelta(days=300),
        "now": NOW,
    }
    shown = _afresh(generated)
    assert _shown(today.load_today(generated, now=NOW, limit=None)) == shown
    each_write_shows_as_afresh(
        generated,
        CHANGES,
        values,
        shown,
        lambda: _shown(today.load_today(generated, now=NOW, limit=None)),
        lambda: _afresh(generated),
    )


def each_write_shows_as_afresh(store, changes, values, shown, read, afresh) -> None:
    """Each write typed by hand (`changes`: what -> (statement with {ids}, the SELECT of the
    ids), with `values` for its parameters): what `read()` then shows changed from what it
    showed, and is what `afresh()` (nothing kept) shows."""
    for change, (statement, chosen) in changes.items():
        ids = _ids_with(store, chosen, values)
        assert ids, change
        asked = {k: v for k, v in values.items() if f":{k}" in statement}
        _by_hand(store, statement.format(ids=ids), **asked)
        kept = read()
        assert kept != shown, f"nothing to see after: {change}"
        assert kept == afresh(), change
        shown = kept


def alliances_counted(monkeypatch) -> list[list[int] | None]:
    """The alliances whose rows `alliance_counts.by_alliance` reads at each reading (None:
    every one), from now on."""
    counted: list[list[int] | None] = []
    real = alliance_counts.by_alliance

    def by_alliance(store, key, counters, table, read):
        def spied(ids):
            counted.append(None if ids is None else list(ids))
            return read(ids)

        return real(store, key, counters, table, spied)

    monkeypatch.setattr(alliance_counts, "by_alliance", by_alliance)
    return counted


def _ids_with(store, statement: str, values: dict) -> str:
    with store.read() as session:
        asked = {k: v for k, v in values.items() if f":{k}" in statement}
        return ", ".join(str(i) for i in session.execute(text(statement), asked).scalars())


def test_an_edit_counts_again_only_what_it_touched(store, generated, monkeypatch) -> None:  # noqa: F811
    """Escalations edited through the app, one after another: Today's next readings count
    no other kind again — the calls, risk reviews, decisions and stale reviews are kept —
    and tally the escalations alliance by alliance (every alliance once), then only the
    edited issue's alliance. Each time Today is Today read afresh."""
    from alliance_desk.store import today as today_module

    asked: list[tuple[str, ...]] = []
    tallied: list[list[int] | None] = []  # the alliances whose escalations were tallied
    real, real_by_alliance = today_module.counts_query, alliance_counts.by_alliance

    watching = [True]  # not while the other store reads

    def spy(plan, kinds=KINDS):
        if watching[0]:
            asked.append(tuple(kinds))
        return real(plan, kinds)

    def by_alliance(store, key, counters, table, read):
        def spied(ids):
            if watching[0]:
                tallied.append(None if ids is None else list(ids))
            return read(ids)

        return real_by_alliance(store, key, counters, table, spied)

    monkeypatch.setattr(today_module, "counts_query", spy)
    monkeypatch.setattr(alliance_counts, "by_alliance", by_alliance)
    _afresh(generated)
    today.load_today(generated, now=NOW, limit=None)
    assert asked == [KINDS] and tallied == []  # nothing changed: nothing counted again
    target = generated.path or generated.location.url
    elsewhere = open_store(target, start_backup=False)  # nothing kept for it
    try:
        for n in range(3):
            issue = escalations.list_escalations(generated)[n]
            renamed = replace(issue.draft, title=f"{issue.draft.title} (renamed)")
            escalations.update_escalation(generated, issue.id, renamed)
            again = _shown(today.load_today(generated, now=NOW, limit=None))
            assert asked == [KINDS]  # no kind counted again as a whole
            assert tallied[-1] == (None if n == 0 else [issue.alliance_id])
            watching[0] = False
            assert again == _shown(today.load_today(elsewhere, now=NOW, limit=None))
            watching[0] = True
    finally:
        elsewhere.close()
    assert len(tallied) == 3


def test_the_tally_split_ahead_leaves_the_first_edit_its_own_alliance(
    store,
    generated,  # noqa: F811
    monkeypatch,
) -> None:
    """`today_tally.tally_ahead` (the window's idle moment) splits Today's escalation tally
    by alliance under the counters Today was read with: the first issue edited afterwards is
    tallied for its own alliance alone, and Today is Today read afresh. A write landing
    between the reading and the split (by hand, here) is read again, never missed."""
    from alliance_desk.store import today_tally

    _afresh(generated)
    tallied = alliances_counted(monkeypatch)
    assert today_tally.pending(generated)
    _by_hand(
        generated, "UPDATE escalations SET level = 2 WHERE id = (SELECT min(id) FROM escalations)"
    )
    today_tally.tally_ahead(generated)
    assert tallied == [None] and not today_tally.pending(generated)
    today_tally.tally_ahead(generated)  # done: nothing read again
    assert tallied == [None]
    target = generated.path or generated.location.url
    elsewhere = open_store(target, start_backup=False)  # nothing kept for it
    try:
        changed = escalations.list_escalations(generated)
        hand = min(i.id for i in changed)
        by_hand_alliance = next(i.alliance_id for i in changed if i.id == hand)
        issue = changed[5]
        renamed = replace(issue.draft, title=f"{issue.draft.title} (renamed)")
        escalations.update_escalation(generated, issue.id, renamed)
        again = _shown(today.load_today(generated, now=NOW, limit=None))
        assert sorted(tallied[-1] or []) == sorted({issue.alliance_id, by_hand_alliance})
        assert again == _shown(today.load_today(elsewhere, now=NOW, limit=None))
    finally:
        elsewhere.close()


@pytest.mark.usefixtures("setup")
def test_a_member_can_neither_forge_nor_turn_back_a_counter(setup) -> None:  # noqa: F811
    """Bob, with psql, reads each table's total but not who wrote how often, cannot write
    the counters, empty them or call the function the triggers count through; his own write
    moves one, and Alice's Today, its counts kept, then shows what he changed."""
    for statement in (
        "SELECT * FROM change_counts",
        "UPDATE change_counts SET n = 0",
        "DELETE FROM change_counts",
        "INSERT INTO change_counts (name, member, n) VALUES ('escalations', 'x', 99)",
        "TRUNCATE change_counts",
        "SELECT ad_count_change()",
    ):
        with pytest.raises((*Refused, Exception)):
            setup.sql("bob", statement)
    alice = setup.stores["alice"]
    total = dict(setup.sql("bob", "SELECT name, n FROM ad_change_counts()"))
    seen = today.load_today(alice, limit=None)
    today.load_today(alice, limit=None)  # kept
    issue = setup.ids["escalation"]
    late = f"UPDATE escalations SET level_since = current_date - 60 WHERE id = {issue}"
    assert setup.sql("bob", late) == 1  # now past its service level: Today's business
    moved = dict(setup.sql("bob", "SELECT name, n FROM ad_change_counts()"))
    assert moved["escalations"] > total["escalations"]
    after = today.load_today(alice, limit=None)
    assert after.total == seen.total + 1
    change_counts.forget()
    assert _shown(today.load_today(alice, limit=None)) == _shown(after)


def test_a_teammates_transaction_moves_their_counter_once_and_a_rollback_not_at_all(setup) -> None:  # noqa: F811
    """Bob's 300 statements in one transaction move his escalations counter once (each
    statement moving the one row again made a bulk write slower with every row); rolled
    back, they move it not at all; Alice's own counter is hers."""
    issue = setup.ids["escalation"]

    def counter(who: str) -> int:
        role = setup.roles[who]
        query = "SELECT n FROM change_counts WHERE name = 'escalations' AND member = %s"
        found = setup.sql("root", query, (role,))  # the owner: members may not
        return found[0][0] if found else 0

    before, hers = counter("bob"), counter("alice")
    with setup.connect("bob") as connection:
        with connection.transaction():
            for n in range(300):
                connection.execute(f"UPDATE escalations SET title = 'Slot {n}' WHERE id = {issue}")
        assert counter("bob") == before + 1
        with pytest.raises(RuntimeError), connection.transaction():
            connection.execute(f"UPDATE escalations SET title = 'Slot' WHERE id = {issue}")
            raise RuntimeError("rolled back")
    assert counter("bob") == before + 1
    assert counter("alice") == hers


def test_the_ranking_reads_only_counted_tables(store) -> None:
    """The statement picking Today's first tasks names only tables whose writes move a
    counter it is kept under (change_counts.RANKED)."""
    from alliance_desk.store.today_pages import StoreRanking

    ranking = StoreRanking(store, _plan(store), counts={}, asleep=False)
    named = _tables(ranking._picked(50))
    assert {"escalations", "risks", "decisions", "stakeholders"} <= named
    assert named <= set(change_counts.RANKED), named


def test_an_edit_no_ranked_table_holds_keeps_the_ranking(store, generated, monkeypatch) -> None:  # noqa: F811
    """A habit checked in (a table the ranking does not read): Today's next reading keeps the
    tasks it had picked, and still equals Today read afresh; an escalation edited by hand
    then ranks them again."""
    from alliance_desk.core.habits import CheckIn
    from alliance_desk.store import habits
    from alliance_desk.store.today_pages import StoreRanking

    ranked: list[int] = []
    real, moved = StoreRanking._ranked, StoreRanking._moved

    def spy(self, count):
        ranked.append(count)
        return real(self, count)

    def moved_spy(self, alliances, least):  # ranked again alliance by alliance (top_kept)
        ranked.append(len(alliances))
        return moved(self, alliances, least)

    monkeypatch.setattr(StoreRanking, "_ranked", spy)
    monkeypatch.setattr(StoreRanking, "_moved", moved_spy)
    shown = _afresh(generated)
    assert len(ranked) == 1
    habits.add_checkin(generated, CheckIn("bridge", DAY, "a call", 20))
    assert _shown(today.load_today(generated, now=NOW, limit=None)) == shown
    assert len(ranked) == 1  # kept
    _by_hand(
        generated,
        "UPDATE escalations SET level_since = :long_ago WHERE status IN ('open', 'escalated')",
        long_ago=DAY - timedelta(days=90),
    )
    again = _shown(today.load_today(generated, now=NOW, limit=None))
    assert len(ranked) == 2  # ranked again
    assert again != shown
    assert again == _afresh(generated)


HABITS_MIGRATION = importlib.import_module("migrations.versions.0038_habit_change_counts")


def test_the_habit_weeks_read_only_counted_tables(store) -> None:
    from alliance_desk.store.habit_weeks import _listed, _weeks

    with store.read() as session:
        named = _tables(_weeks(session, DAY - timedelta(weeks=51), DAY, None))
    assert {"habit_checkins", "interactions", "risk_ratings", "pack_exports"} <= named
    assert named <= set(change_counts.HABIT_WEEKS), named
    listed = _tables(_listed(DAY - timedelta(days=6), DAY, None).rows)  # the week's page
    assert {"habit_checkins", "interactions", "alliances"} <= listed
    assert listed <= set(change_counts.HABIT_WEEKS), listed
    counted = {*MIGRATION.WATCHED, *MIGRATION.TEAM_ONLY, *HABITS_MIGRATION.WATCHED}
    assert set(change_counts.HABIT_WEEKS) <= counted


# Each a write by hand to a table only the Habits weeks count (migration 0038).
HABIT_CHANGES = {
    "a check-in added": (
        "INSERT INTO habit_checkins (habit, day, note, minutes, created_at, recorded_by) "
        "VALUES ('bridge', :today, 'typed by hand', 5, :now, '')",
    ),
    "check-ins removed": ("DELETE FROM habit_checkins",),
    "a credit taken away": (
        "INSERT INTO habit_dismissed_credits (recorded_by, kind, record_id) SELECT '', "
        "'interaction', id FROM interactions WHERE occurred_on <= :today "
        "ORDER BY occurred_on DESC LIMIT 1",
    ),
    "a risk rated": (
        "INSERT INTO risk_ratings (risk_id, rated_on, likelihood, impact, recorded_by) "
        "SELECT id, :today, 3, 3, '' FROM risks ORDER BY id LIMIT 1",
    ),
    "a pack exported": (
        "INSERT INTO pack_exports (kind, audience, exported_on, file_name, recorded_by) "
        "VALUES ('governance', 'internal', :today, 'pack.pdf', '')",
    ),
    "packs forgotten": ("DELETE FROM pack_exports",),
    "an insight noted": (
        "INSERT INTO insights (alliance_id, title, noted_on, source, detail, internal_only, "
        "recorded_by, created_at, updated_at) SELECT id, 'typed by hand', :today, '', '', "
        "false, '', :now, :now FROM alliances WHERE deleted_at IS NULL ORDER BY id LIMIT 1",
    ),
    "insights moved a week back": ("UPDATE insights SET noted_on = :week_ago",),
    "a health check taken": (
        "INSERT INTO health_checks (alliance_id, checked_on, note, recorded_by) SELECT id, "
        ":today, '', '' FROM alliances WHERE deleted_at IS NULL ORDER BY id LIMIT 1",
    ),
    "health checks moved a week back": ("UPDATE health_checks SET checked_on = :week_ago",),
}


def test_the_habit_weeks_kept_are_the_weeks_read_afresh_whoever_writes(
    store,
    generated,  # noqa: F811
    monkeypatch,
) -> None:
    """The year's weeks and the week's first page of check-ins read twice (kept: the page not
    read again after a target is set), then after each write typed by hand to a table only
    they count: each time exactly what is read with nothing kept."""
    from alliance_desk.store import habit_weeks, habits

    first, week = DAY - timedelta(weeks=51), DAY - timedelta(days=DAY.weekday())
    values = {"today": DAY, "week_ago": DAY - timedelta(days=7), "now": NOW}
    pages: list[object] = []
    real = habit_weeks.read_page

    def spy(*args, **kwargs):
        pages.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(habit_weeks, "read_page", spy)

    def year():
        found = habit_weeks.habit_year(generated, first, week)
        listed = habit_weeks.checkins_page(
            generated, week, week + timedelta(days=6), counters=found.counters
        )
        return found.counts, found.minutes, listed.rows

    change_counts.forget()
    shown = year()
    assert shown[2] and len(pages) == 1
    habits.set_target(generated, "bridge", 4)  # a target: nothing the weeks count
    assert year() == shown
    assert len(pages) == 1  # the page kept
    for change, (statement,) in HABIT_CHANGES.items():
        asked = {k: v for k, v in values.items() if f":{k}" in statement}
        _by_hand(generated, statement, **asked)
        kept = year()
        assert kept != shown, f"nothing to see after: {change}"
        change_counts.forget()
        assert kept == year(), change
        shown = kept
