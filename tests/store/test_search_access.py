"""A member's search on the team store goes through the owner's words table (migration 0030),
and a teammate with `psql` gets nothing out of it that row security would not give him.

The store is set up as README says (a CREATEROLE login, not a superuser, runs `team init`, so
the table and its functions belong to the owner role and row security binds it). Alice holds
the demo portfolio; one of its alliances is granted to Bob. A marker is written into every
searched field of every record, another only into the alliances Bob was not granted and into
Alice's private note on his alliance; Bob then searches with the app and calls the search
function by hand."""

from __future__ import annotations

import contextlib

import psycopg
import pytest

from alliance_desk.core import wall
from alliance_desk.core.search import SEARCHED
from alliance_desk.core.stakeholders import validate_interaction
from alliance_desk.store import contact_log
from alliance_desk.store import team as administration
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import populate_demo
from alliance_desk.store.location import resolve
from alliance_desk.store.search import search
from alliance_desk.store.search_postgres import SOURCES
from bench.migration_scripts import migration as generated_from
from tests.store.test_search import FIELDS
from tests.store.test_team_access import Refused, Setup, set_up_team, tear_down_team

KINDS = "ARRAY[" + ", ".join(f"'{kind}'" for kind in SEARCHED) + "]"
CALL = f"SELECT source, row_id, score FROM search_records(%s, %s, %s, {KINDS}, %s, 1000)"


def migration():
    return generated_from("0030_member_search")


def _alliance_of(table: str) -> tuple[str, str]:
    """(FROM, alliance expression) of `table`'s rows, as search_postgres reads them back."""
    for _what, tables, _record, alliance, _day, _title, _body in SOURCES:
        if tables.split()[0] == table:
            return tables, alliance
    raise AssertionError(table)


def mark(setup: Setup, word: str, *, not_in: int | None = None) -> None:
    """`word` (and `製薬{word}`, a word found as a substring) into every searched field of
    every record Alice sees — or only of the alliances other than `not_in` — by plain SQL."""
    added = f"' {word} 製薬{word}'"
    for table, column, *_ in FIELDS:
        tables, alliance = _alliance_of(table)
        where = "" if not_in is None else f"WHERE {alliance} <> {not_in}"
        if table == "escalation_events":
            setup.sql("alice", "INSERT INTO escalation_events (escalation_id, occurred_at, kind, "
                      f"text) SELECT id, now(), 'note', {added} FROM escalations "
                      f"{where.replace('e.alliance_id', 'alliance_id')}")  # fmt: skip
        elif table == "minutes_amendments":
            setup.sql("alice", "INSERT INTO minutes_amendments (meeting_id, made_at, item_title, "
                      f"text) SELECT r.id, now(), '', {added} FROM meetings r JOIN "
                      f"governance_bodies b ON b.id = r.body_id {where}")  # fmt: skip
        else:
            rows = f"SELECT r.id FROM {tables} {where}"
            setup.sql("alice", f"UPDATE {table} SET {column} = coalesce({column}, '') || {added} "
                      f"WHERE id IN ({rows})")  # fmt: skip


def readable(setup: Setup, who: str, word: str) -> set[tuple[str, int]]:
    """The records holding `word` that `who` reads with plain SQL (row security applies)."""
    found = set()
    for what, tables, record, alliance, _day, _title, body in SOURCES:
        found |= set(setup.sql(who, f"SELECT '{what}', {record} FROM {tables} WHERE ({body}) "
                     f"ILIKE %s AND {alliance} IN (SELECT id FROM alliances "
                     "WHERE deleted_at IS NULL)", (f"%{word}%",)))  # fmt: skip
    return found


def found(store, query: str, **options) -> set[tuple[str, int]]:
    return {(hit.what, hit.record_id) for hit in search(store, query, limit=1000, **options)}


def called(setup: Setup, who: str, words: str, likes=(), unlikes=(), alliance=None) -> list:
    """search_records called by `who` by hand: [(source, row id, score)]."""
    return setup.sql(who, CALL, (words, list(likes), list(unlikes), alliance))


@pytest.fixture(scope="module")
def team(postgres_template):
    state = set_up_team(postgres_template, ("alice", "bob"))
    state.stores = {who: open_store(state.url_for(who)) for who in ("alice", "bob")}
    populate_demo(state.stores["alice"])
    alliances = [a for (a,) in state.sql("alice", "SELECT id FROM alliances ORDER BY id")]
    state.ids = {"shared": alliances[0], "other": alliances[1]}
    root = resolve(state.url_for("root"))
    administration.grant(root, state.roles["bob"], [f"#{alliances[0]}"])
    person = state.sql("alice", "SELECT min(person_id) FROM stakeholders WHERE alliance_id = %s",
                       (alliances[0],))[0][0]  # fmt: skip
    values = {"occurred_on": wall.today(), "person_ids": [person], "private": True}
    state.ids["private"] = contact_log.log_interaction(
        state.stores["alice"], alliances[0],
        validate_interaction({**values, "note": "zqhid zqall reorganisation"}),
    )  # fmt: skip
    mark(state, "zqall")
    mark(state, "zqhid", not_in=alliances[0])
    yield state
    tear_down_team(state, postgres_template)


def test_a_member_finds_exactly_the_records_he_may_read(team) -> None:
    """Bob's search, by words or by a substring, gives exactly the records holding the marker
    that he can read with plain SQL: his alliance's, without Alice's private note."""
    bob, alice = team.stores["bob"], team.stores["alice"]
    mine = readable(team, "bob", "zqall")
    assert {what for what, _ in mine} == set(SEARCHED)  # every kind, on his alliance
    assert found(bob, "zqall") == mine
    assert found(bob, "製薬zqall") == mine  # matched as a substring
    assert found(bob, "zqal") == mine  # as typed
    everything = found(alice, "zqall")
    assert mine < everything and ("interaction", team.ids["private"]) in everything
    assert ("interaction", team.ids["private"]) not in mine


def test_the_function_itself_names_only_rows_the_member_may_read(team) -> None:
    """The keys the function returns to Bob, before anything is read back: every one is a row
    he can read, and they cover his records and nothing else."""
    tables = {number: source[0] for number, source in migration().SOURCES.items()}
    keys = called(team, "bob", "zqall:*")
    assert keys
    for source, row_id, _score in keys:
        visible = team.sql("bob", f"SELECT count(*) FROM {tables[source]} WHERE id = %s",
                           (row_id,))  # fmt: skip
        assert visible == [(1,)], (tables[source], row_id)
    assert len(keys) == len(readable(team, "bob", "zqall"))
    assert called(team, "bob", "", ["%製薬zqall%"]) != []


def test_words_only_where_the_member_has_no_grant_give_nothing_not_even_a_count(team) -> None:
    """A marker in every field of the alliances not granted to Bob and in Alice's private note
    on his: no key, by any query or filter; and however much of it there is, Bob's results
    for another word (ranks included) do not change."""
    hers = found(team.stores["alice"], "zqhid")
    assert hers == readable(team, "alice", "zqhid")
    assert {what for what, _ in hers} >= set(SEARCHED) - {"insights"}  # the demo's are on one
    bob = team.stores["bob"]
    for query in ["zqhid", "zqhi", "製薬zqhid", '"zqhid 製薬zqhid"']:
        assert search(bob, query) == [], query
    assert called(team, "bob", "zqhid:*") == []
    assert called(team, "bob", "zqhid:*", alliance=team.ids["other"]) == []
    assert called(team, "bob", "", ["%zqhid%"]) == []
    assert called(team, "bob", "zqall:* & zqhid:*") == []
    before = called(team, "bob", "zqall:*")
    other = team.ids["other"]
    team.sql("alice", "INSERT INTO interactions (alliance_id, occurred_on, kind, sentiment, note, "
             "internal_only, created_at, owner, private) SELECT %s, current_date, 'call', 0, "
             "'zqall zqall zqall', false, now(), '', false "
             "FROM generate_series(1, 300)", (other,))  # fmt: skip
    assert called(team, "bob", "zqall:*") == before


def test_a_grant_revoked_takes_effect_at_once(team) -> None:
    """Bob, on a connection kept open, finds the other alliance's words the moment it is
    granted and nothing of them the moment it is revoked."""
    root = resolve(team.url_for("root"))
    bob, other = team.roles["bob"], team.ids["other"]
    with team.connect("bob") as connection:

        def keys() -> list:
            return connection.execute(CALL, ("zqhid:*", [], [], None)).fetchall()

        assert keys() == []
        administration.grant(root, bob, [f"#{other}"])
        assert keys() != []
        administration.revoke(root, bob, [f"#{other}"])
        assert keys() == []


def test_members_can_neither_read_nor_write_the_words_nor_plant_them(team) -> None:
    for statement in (
        "SELECT count(*) FROM search_words",
        "INSERT INTO search_words (source, row_id, what, alliance_id, title, words, body) "
        "VALUES (4, 999999, 'interaction', 1, '', 'zqplanted', 'zqplanted')",
        "UPDATE search_words SET alliance_id = 1",
        "DELETE FROM search_words",
        "TRUNCATE search_words",
        "SELECT search_words_interactions()",
        "SELECT search_words_follow(1::smallint, 1)",
        "CREATE TRIGGER planted AFTER INSERT ON kpis FOR EACH ROW "
        "EXECUTE FUNCTION search_words_interactions()",
        "CREATE FUNCTION public.search_fold(text, text) RETURNS text LANGUAGE sql AS 'SELECT $1'",
        f"SELECT set_config('role', '{team.roles['alice']}', false)",
    ):
        with pytest.raises((*Refused, psycopg.errors.FeatureNotSupported)):
            team.sql("bob", statement)
    assert search(team.stores["bob"], "zqplanted") == []


def test_a_query_shaped_like_sql_is_only_words(team) -> None:
    bob = team.stores["bob"]
    hostile = ["x'); DELETE FROM search_words; --", "zq' OR 1=1 --", "%", "_", "\\", "'':*"]
    for query in hostile:
        search(bob, query)  # never raises
    for query in hostile:  # by hand, as text the app would never send
        with contextlib.suppress(psycopg.errors.SyntaxError, psycopg.errors.DataError):
            called(team, "bob", query, [query], [query])  # or refused as malformed
    assert len(called(team, "bob", "zqall:*")) == len(readable(team, "bob", "zqall"))
    assert found(bob, "zqall") == readable(team, "bob", "zqall")
    assert search(bob, "%") == []


def test_edits_and_deletes_change_what_is_found_at_once(team) -> None:
    """As Alice edits: a renamed risk is found by its new words only, a deleted one not at
    all; a meeting body moved to an alliance not granted takes its meetings' words along; a
    table emptied by an administrator's TRUNCATE and a deleted alliance leave no words."""
    bob, shared = team.stores["bob"], team.ids["shared"]
    risk = team.sql("alice", "SELECT min(id) FROM risks WHERE alliance_id = %s", (shared,))[0][0]
    team.sql("alice", "UPDATE risks SET title = 'zqrenamed', mitigation = '' WHERE id = %s",
             (risk,))  # fmt: skip
    assert found(bob, "zqrenamed") == {("risks", risk)}
    assert ("risks", risk) not in found(bob, "zqall")
    team.sql("alice", "DELETE FROM risks WHERE id = %s", (risk,))
    assert found(bob, "zqrenamed") == set()
    body, meeting = team.sql("alice", "SELECT b.id, max(m.id) FROM governance_bodies b JOIN "
                             "meetings m ON m.body_id = b.id WHERE b.alliance_id = %s "
                             "GROUP BY b.id LIMIT 1", (shared,))[0]  # fmt: skip
    assert ("meeting", meeting) in found(bob, "zqall")
    team.sql("alice", "UPDATE governance_bodies SET alliance_id = %s WHERE id = %s",
             (team.ids["other"], body))  # fmt: skip
    assert ("meeting", meeting) not in found(bob, "zqall")
    assert called(team, "bob", "zqall:*") != []
    assert len(called(team, "bob", "zqall:*")) == len(readable(team, "bob", "zqall"))
    team.sql("root", "TRUNCATE milestones")  # an administrator's; no row trigger fires
    assert 13 not in {source for source, _row, _score in called(team, "bob", "zqall:*")}
    team.sql("alice", "UPDATE alliances SET deleted_at = now() WHERE id = %s", (shared,))
    assert called(team, "bob", "zqall:*") == []
    assert search(bob, "zqall") == []


def test_the_policies_the_function_mirrors_are_those_on_the_tables(team) -> None:
    """search_records applies the searched tables' policies as they are: an alliance granted
    (through each table's parents) and a private interaction only to its author. A policy
    added later fails here until the function is taught it."""
    tables = sorted({source[0] for source in migration().SOURCES.values()})
    rows = team.sql("alice", "SELECT tablename, policyname, permissive, regexp_replace(qual, "
                    "'\\s+', ' ', 'g') FROM pg_policies WHERE tablename = ANY(%s) ORDER BY 1, 2",
                    (tables,))  # fmt: skip
    parents = {"escalation_events": "escalations", "meetings": "governance_bodies",
               "agenda_items": "meetings", "minutes_amendments": "meetings",
               "action_items": "meetings", "onboarding_plans": "stakeholders",
               "onboarding_items": "onboarding_plans"}  # fmt: skip
    keys = {"escalation_events": "escalation_id", "meetings": "body_id", "onboarding_plans":
            "stakeholder_id", "onboarding_items": "plan_id"}  # fmt: skip
    expected = []
    for table in tables:
        granted_ids = (
            "( SELECT g.alliance_id FROM team_grants g WHERE ((g.member)::text = CURRENT_USER))"
        )
        if table == "alliances":
            granted = (f"((id IN {granted_ids}) OR (((created_by)::text = CURRENT_USER) AND "
                       "ad_granted_now(id)))")  # fmt: skip
        elif table in parents:
            key = keys.get(table, "meeting_id")
            granted = (f"(EXISTS ( SELECT 1 FROM {parents[table]} p WHERE "
                       f"(p.id = {table}.{key})))")  # fmt: skip
        else:
            granted = f"(alliance_id IN {granted_ids})"
        expected.append((table, "granted_alliance", "RESTRICTIVE", granted))
        if table == "interactions":
            mine = "((NOT private) OR ((owner)::text = CURRENT_USER))"
            expected.append((table, "shared_or_mine", "PERMISSIVE", mine))
        else:
            expected.append((table, "team_rows", "PERMISSIVE", "true"))
    assert rows == expected


def test_the_words_and_the_function_belong_to_the_owner_not_a_superuser(team) -> None:
    rows = team.sql(
        "alice",
        "SELECT p.proname, r.rolname, r.rolsuper, p.prosecdef, p.proconfig FROM pg_proc p "
        "JOIN pg_roles r ON r.oid = p.proowner WHERE p.proname LIKE 'search\\_%%'",
    )
    by_name = {name: tuple(rest) for name, *rest in rows}
    owner, superuser, definer, config = by_name["search_records"]
    assert (owner, superuser, definer) == ("alliance_desk_owner", False, True)
    assert config == ["search_path=pg_catalog, public", "enable_seqscan=off", "jit=off"]
    assert by_name["search_words_interactions"][:3] == ("alliance_desk_owner", False, True)
    table = team.sql("alice", "SELECT r.rolname, c.relrowsecurity FROM pg_class c JOIN pg_roles "
                     "r ON r.oid = c.relowner WHERE c.relname = 'search_words'")  # fmt: skip
    assert table == [("alliance_desk_owner", False)]


def test_upgrading_a_team_store_holding_records_fills_the_words_as_the_owner(
    postgres_template,
) -> None:
    """A store set up as README says, holding the demo portfolio and a private note, taken
    back to 0028 and upgraded again by its administrator (so the upgrade runs as the owner
    role, under FORCEd row security): every record is found by whoever may read it."""
    from alembic import command

    from alliance_desk.store.migrate import alembic_config, upgrade

    state = set_up_team(postgres_template, ("alice", "bob"))
    try:
        alice = state.stores["alice"] = open_store(state.url_for("alice"))
        populate_demo(alice)
        shared = state.sql("alice", "SELECT min(id) FROM alliances")[0][0]
        person = state.sql("alice", "SELECT min(id) FROM people")[0][0]
        contact_log.log_interaction(alice, shared, validate_interaction(
            {"occurred_on": wall.today(), "person_ids": [person], "private": True,
             "note": "zqold secret"}))  # fmt: skip
        mark(state, "zqold")
        alice.close()
        root = resolve(state.url_for("root"))
        command.downgrade(alembic_config(root), "0028_value_speed")
        assert state.sql("root", "SELECT to_regclass('search_words')") == [(None,)]
        upgrade(root)
        administration.grant(root, state.roles["bob"], [f"#{shared}"])
        state.stores = {who: open_store(state.url_for(who)) for who in ("alice", "bob")}
        for who in ("alice", "bob"):
            assert found(state.stores[who], "zqold") == readable(state, who, "zqold") != set()
        assert found(state.stores["bob"], "zqold") < found(state.stores["alice"], "zqold")
    finally:
        tear_down_team(state, postgres_template)
