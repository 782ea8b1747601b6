"""A member's statements on the team store look the grants up once (migration 0036), and see
exactly the rows they saw when every row asked `ad_granted`.

The store is set up as README says; Alice holds the demo portfolio, Bob is granted half of it
and creates two alliances of his own (one of them is then revoked from him), Ada administers.
Every table under row security is read by each of them with the policies as they are and as
they were before 0036, on the same data."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliance_desk.store import portfolio
from alliance_desk.store import team as administration
from alliance_desk.store.access import TEAM
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import populate_demo
from alliance_desk.store.location import resolve
from bench.migration_scripts import migration
from tests.helpers import draft
from tests.store.test_team_access import Setup, set_up_team, tear_down_team

WHO = ("alice", "bob", "ada")


@pytest.fixture(scope="module")
def team(postgres_template):
    state = set_up_team(postgres_template, WHO)
    state.stores = {who: open_store(state.url_for(who)) for who in WHO}
    populate_demo(state.stores["alice"])
    alliances = [a for (a,) in state.sql("alice", "SELECT id FROM alliances ORDER BY id")]
    root = resolve(state.url_for("root"))
    administration.grant(root, state.roles["bob"], [f"#{a}" for a in alliances[::2]])
    administration.grant(root, state.roles["ada"], [f"#{alliances[1]}"])
    bob = state.stores["bob"]
    state.ids = {
        "own": portfolio.create_alliance(bob, draft(name="Bob's own")).id,
        "revoked": portfolio.create_alliance(bob, draft(name="Bob's, revoked")).id,
    }
    administration.revoke(root, state.roles["bob"], [f"#{state.ids['revoked']}"])
    yield state
    tear_down_team(state, postgres_template)


def _superuser(setup: Setup):
    from tests.conftest import SERVER

    database = make_url(setup.url).database
    return create_engine(make_url(SERVER).set(database=database), isolation_level="AUTOCOMMIT")


def _protected(setup: Setup) -> list[str]:
    with _superuser(setup).connect() as connection:
        return list(
            # Those members may read (change_counts: only its totals, through a function).
            connection.execute(
                text(
                    "SELECT DISTINCT c.relname FROM pg_policy p JOIN pg_class c "
                    "ON c.oid = p.polrelid WHERE has_table_privilege(:team, c.oid, 'SELECT') "
                    "ORDER BY 1"
                ),
                {"team": TEAM},
            )
            .scalars()
            .all()
        )


def _seen(setup: Setup, who: str, tables: list[str]) -> dict[str, tuple[int, str]]:
    """For each table, how many rows `who` reads and a digest of all of them."""
    seen = {}
    for table in tables:
        rows = setup.sql(
            who,
            "SELECT count(*), md5(coalesce(string_agg(md5(t::text), ',' ORDER BY md5(t::text)),"
            f" '')) FROM {table} t",
        )
        seen[table] = rows[0]
    return seen


def _set_policies(setup: Setup, lookups: bool) -> None:
    engine = _superuser(setup)
    with engine.connect() as connection:
        for statement in migration("0036_grant_lookups").statements(lookups):
            connection.execute(text(statement))
    engine.dispose()


def test_each_member_reads_exactly_the_rows_he_read_before(team) -> None:
    tables = _protected(team)
    assert len(tables) >= 30  # every table under row security
    now = {who: _seen(team, who, tables) for who in WHO}
    _set_policies(team, lookups=False)
    try:
        before = {who: _seen(team, who, tables) for who in WHO}
    finally:
        _set_policies(team, lookups=True)
    for who in WHO:
        changed = [t for t in tables if now[who][t] != before[who][t]]
        assert changed == [], (who, changed)
    # And what they read is what they were granted (the comparison is not of nothing).
    names = {n for (n,) in team.sql("bob", "SELECT name FROM alliances")}
    assert "Bob's own" in names and "Bob's, revoked" not in names
    alice, bob = now["alice"], now["bob"]
    for table in ("alliances", "stakeholders", "escalations", "escalation_events", "meetings"):
        assert 0 < bob[table][0] < alice[table][0], table
    assert now["ada"]["team_grants"][0] > bob["team_grants"][0]  # an administrator reads all


def _filters(plan: dict) -> list[str]:
    found = [plan.get("Filter", ""), plan.get("Index Cond", ""), plan.get("Join Filter", "")]
    for child in plan.get("Plans", []):
        found += _filters(child)
    return [f for f in found if f]


def test_no_row_asks_a_function_whether_its_alliance_was_granted(team) -> None:
    """Reading any table, a member's grants are read once a statement (a hashed subplan), and
    whether he is an administrator asked once: no filter calls ad_granted or ad_is_admin."""
    for table in _protected(team):
        plan = team.sql("bob", f"EXPLAIN (FORMAT JSON) SELECT * FROM {table}")[0][0]
        plan = plan if isinstance(plan, list) else json.loads(plan)
        filters = _filters(plan[0]["Plan"])
        per_row = [f for f in filters if "ad_granted(" in f or "ad_is_admin(" in f]
        assert per_row == [], (table, per_row)


def test_the_app_asks_the_server_not_to_compile_its_statements(team) -> None:
    """JIT compiled a member's Today statements for seconds (they are costed high): the app's
    connections turn it off."""
    with team.stores["bob"].engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW jit").scalar() == "off"
