"""A teammate with `psql` attacks the team store, and PostgreSQL itself refuses every attack.

The store is set up as README's team section tells an administrator to: a login role with
CREATEROLE (not a superuser) owning an empty database runs `team init`, adds the members
and grants alliances. Alice records things through the app; Bob, a member, then uses plain
SQL on his own connection. Nothing here goes through the app's code to refuse anything.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliance_desk.core import wall
from alliance_desk.core.escalations import validate_escalation
from alliance_desk.core.people import validate_person
from alliance_desk.core.risks import validate_decision
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import contact_log, escalations, portfolio, risks, stakeholders
from alliance_desk.store import team as administration
from alliance_desk.store.database import open_store
from alliance_desk.store.errors import ConflictError
from alliance_desk.store.location import resolve
from tests.helpers import draft

Refused = (psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException)


class Setup:
    """The team store, its URL per role, and what Alice recorded before Bob's attacks."""

    def __init__(self, url: str, roles: dict[str, str]) -> None:
        self.url, self.roles = url, roles
        self.stores: dict = {}
        self.ids: dict[str, int] = {}

    def url_for(self, who: str) -> str:
        role = self.roles[who]
        return (
            make_url(self.url)
            .set(username=role, password=f"pw-{role}")
            .render_as_string(hide_password=False)
        )

    def connect(self, who: str) -> psycopg.Connection:
        """A plain psycopg connection as `who` (autocommit, as psql)."""
        url = make_url(self.url_for(who))
        return psycopg.connect(
            host=url.host,
            port=url.port,
            dbname=url.database,
            user=url.username,
            password=url.password,
            autocommit=True,
        )

    def sql(self, who: str, statement: str, params: tuple = ()):
        """Run one statement as `who` on a plain psycopg connection; its rows (or None)."""
        with self.connect(who) as connection:
            cursor = connection.execute(statement, params)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else cursor.rowcount


def set_up_team(postgres_template, members=("ada", "alice", "bob")) -> Setup:
    """README's steps: a CREATEROLE login (`root`, not a superuser) owns a new database and
    runs `team init`; Ada is added as an administrator, the others as members."""
    from tests.conftest import SERVER

    suffix = uuid.uuid4().hex[:8]
    roles = {who: f"{who}_{suffix}" for who in ("root", *members)}
    database = f"alliance_desk_access_{suffix}"
    with postgres_template.connect() as connection:
        connection.execute(
            text(f"CREATE ROLE {roles['root']} LOGIN CREATEROLE PASSWORD 'pw-{roles['root']}'")
        )
        connection.execute(text(f"CREATE DATABASE {database} OWNER {roles['root']}"))
    url = make_url(SERVER).set(database=database).render_as_string(hide_password=False)
    state = Setup(url, roles)
    root = resolve(state.url_for("root"))
    administration.init(root)
    for who in members:
        password = f"pw-{roles[who]}"
        administration.add(root, roles[who], admin=who == "ada", password=password)
    return state


def tear_down_team(state: Setup, postgres_template) -> None:
    for store in state.stores.values():
        store.close()
    with postgres_template.connect() as connection:
        database = make_url(state.url).database
        connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        for role in state.roles.values():
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))


@pytest.fixture(scope="module")
def setup(postgres_template):
    """README's steps (`set_up_team`). Alice's alliance "Shared" is granted to Bob too; her
    alliance "Confidential" is not."""
    state = set_up_team(postgres_template)
    roles, root = state.roles, resolve(state.url_for("root"))
    state.stores = {who: open_store(state.url_for(who)) for who in ("alice", "bob", "ada")}
    alice = state.stores["alice"]
    shared = portfolio.create_alliance(alice, draft(name="Shared"))
    secret = portfolio.create_alliance(alice, draft(name="Confidential"))
    administration.grant(root, roles["bob"], [f"#{shared.id}"])  # root sees no names
    administration.grant(root, roles["ada"], [f"#{shared.id}"])
    stakeholders.add_new_person(
        alice,
        secret.id,
        validate_person({"name": "Ana Lima", "side": "partner"}),
        validate_stakeholder({}),
    )
    ana = stakeholders.list_stakeholders(alice, secret.id)[0].person.id
    stakeholders.add_existing_person(alice, shared.id, ana, validate_stakeholder({}))

    def log(note: str, private: bool, alliance: int) -> int:
        values = {"occurred_on": wall.today(), "person_ids": [ana], "note": note}
        return contact_log.log_interaction(
            alice, alliance, validate_interaction({**values, "private": private})
        )

    state.ids = {
        "shared": shared.id,
        "secret": secret.id,
        "ana": ana,
        "open_note": log("Shared: supply plan agreed", False, shared.id),
        "private_note": log("Private: Ana hinted at a reorganisation", True, shared.id),
        "secret_note": log("Confidential: acquisition talks", False, secret.id),
        "escalation": escalations.raise_escalation(
            alice,
            shared.id,
            validate_escalation(
                {"title": "Slot", "category": "conflict", "raised_on": wall.today()}
            ),
        ),
        "decision": risks.add_decision(
            alice, shared.id, validate_decision({"title": "Go", "decided_on": wall.today()})
        ),
    }
    yield state
    tear_down_team(state, postgres_template)


def _notes(setup: Setup, who: str) -> set[str]:
    return {row[0] for row in setup.sql(who, "SELECT note FROM interactions")}


ALICES_NOTES = {
    "Shared: supply plan agreed",
    "Private: Ana hinted at a reorganisation",
    "Confidential: acquisition talks",
}


def _alice_intact(setup: Setup) -> None:
    """Everything Alice recorded is still there, as she recorded it."""
    assert _notes(setup, "alice") == ALICES_NOTES
    rows = setup.sql("alice", "SELECT owner, private FROM interactions ORDER BY id")
    alice = setup.roles["alice"]
    assert rows == [(alice, False), (alice, True), (alice, False)]
    events = setup.sql(
        "alice",
        "SELECT count(*) FROM escalation_events WHERE escalation_id = %s",
        (setup.ids["escalation"],),
    )
    assert events[0][0] >= 1
    names = {row[0] for row in setup.sql("alice", "SELECT name FROM alliances")}
    assert names == {"Shared", "Confidential"}


def test_a_member_sees_only_the_alliances_granted_to_him(setup) -> None:
    bob = setup.stores["bob"]
    assert [a.name for a in portfolio.list_alliances(bob)] == ["Shared"]
    assert _notes(setup, "bob") == {"Shared: supply plan agreed"}
    for table in ("stakeholders", "interaction_people"):
        rows = setup.sql("bob", f"SELECT count(*) FROM {table}")
        assert rows[0][0] == 1  # Ana on Shared, on its one shared note
    with pytest.raises(Refused):  # nor can he write into it
        setup.sql(
            "bob",
            "INSERT INTO decisions (alliance_id, title, decided_on, status, version, forum,"
            " makers, alternatives, rationale, internal_only) VALUES"
            " (%s, 'x', current_date, 'pending', 1, '', '', '', '', false)",
            (setup.ids["secret"],),
        )
    with pytest.raises(Refused):  # nor grant it to himself
        setup.sql(
            "bob",
            "INSERT INTO team_grants (member, alliance_id) VALUES (current_user, %s)",
            (setup.ids["secret"],),
        )
    assert setup.sql("bob", "SELECT count(*) FROM team_grants")[0][0] == 1  # his own


def test_a_member_cannot_delete_what_he_cannot_see_nor_others_history(setup) -> None:
    ids = setup.ids
    with pytest.raises(Refused):  # the cascade would take Alice's private note and history
        setup.sql("bob", "DELETE FROM alliances WHERE id = %s", (ids["shared"],))
    with pytest.raises(Refused):  # Ana is also on an alliance Bob may not see
        setup.sql("bob", "DELETE FROM people WHERE id = %s", (ids["ana"],))
    with pytest.raises(Refused):
        setup.sql("bob", "DELETE FROM escalations WHERE id = %s", (ids["escalation"],))
    with pytest.raises(Refused):
        setup.sql("bob", "DELETE FROM interactions WHERE id = %s", (ids["open_note"],))
    with pytest.raises(Refused):
        setup.sql("bob", "DELETE FROM decisions WHERE id = %s", (ids["decision"],))
    with pytest.raises(Refused):
        setup.sql("bob", "DELETE FROM escalation_events")
    with pytest.raises(Refused):
        setup.sql("bob", "TRUNCATE interactions CASCADE")
    _alice_intact(setup)


def test_authorship_cannot_be_forged_or_taken(setup) -> None:
    ids, alice, bob = setup.ids, setup.roles["alice"], setup.roles["bob"]
    with pytest.raises(Refused):  # making her shared note his private one
        setup.sql(
            "bob",
            "UPDATE interactions SET owner = %s, private = true WHERE id = %s",
            (bob, ids["open_note"]),
        )
    setup.sql("bob", "UPDATE interactions SET owner = %s WHERE id = %s", (bob, ids["open_note"]))
    setup.sql(
        "bob",
        "UPDATE decisions SET recorded_by = %s, created_by = %s WHERE id = %s",
        (bob, bob, ids["decision"]),
    )
    made = setup.sql(
        "bob",
        "INSERT INTO interactions (alliance_id, occurred_on, kind, sentiment, note,"
        " internal_only, created_at, owner, private, created_by) VALUES"
        " (%s, current_date, 'call', 0, 'forged', false, now(), %s, false, %s) RETURNING id",
        (ids["shared"], alice, alice),
    )
    forged = made[0][0]
    rows = setup.sql("alice", "SELECT id, owner, created_by FROM interactions ORDER BY id")
    authors = {row[0]: row[1:] for row in rows}
    assert authors[ids["open_note"]] == (alice, alice)
    assert authors[forged] == (bob, bob)  # the server wrote who inserted it
    decision = setup.sql(
        "alice",
        "SELECT recorded_by, created_by, updated_by FROM decisions WHERE id = %s",
        (ids["decision"],),
    )
    assert decision == [(alice, alice, bob)]  # his change is his, the record still hers
    setup.sql("bob", "DELETE FROM interactions WHERE id = %s", (forged,))  # his own: fine
    _alice_intact(setup)


def test_history_is_insert_only_and_dated_by_the_server(setup) -> None:
    ids = setup.ids
    setup.sql(
        "bob",
        "INSERT INTO escalation_events (escalation_id, occurred_at, kind, text, recorded_at,"
        " created_by) VALUES (%s, '2020-01-01', 'note', 'back-dated', '2020-01-01', %s)",
        (ids["escalation"], setup.roles["alice"]),
    )
    (row,) = setup.sql(
        "alice",
        "SELECT recorded_at > now() - interval '1 hour', created_by FROM escalation_events"
        " WHERE text = 'back-dated'",
    )
    assert row == (True, setup.roles["bob"])  # when and by whom it was really written
    with pytest.raises(Refused):
        setup.sql("bob", "UPDATE escalation_events SET text = 'rewritten'")
    with pytest.raises(Refused):
        setup.sql("bob", "UPDATE escalation_events SET recorded_at = '2020-01-01'")
    with pytest.raises(Refused):  # even his own event stays while its escalation does
        setup.sql("bob", "DELETE FROM escalation_events WHERE text = 'back-dated'")


def test_a_raw_edit_bumps_the_version_so_a_stale_save_is_refused(setup) -> None:
    alice = setup.stores["alice"]
    seen = portfolio.get_alliance(alice, setup.ids["shared"])
    setup.sql(
        "bob",
        "UPDATE alliances SET partner = 'Changed by hand' WHERE id = %s",
        (setup.ids["shared"],),
    )
    with pytest.raises(ConflictError):
        portfolio.update_alliance(
            alice, seen.id, draft(name="Shared", partner="Alice's"), expected_version=seen.version
        )
    assert portfolio.get_alliance(alice, seen.id).partner == "Changed by hand"
    setup.sql("bob", "UPDATE alliances SET version = 1 WHERE id = %s", (seen.id,))
    assert portfolio.get_alliance(alice, seen.id).version == seen.version + 2  # never back


def test_the_schema_version_is_read_only_to_members(setup) -> None:
    assert setup.sql("bob", "SELECT count(*) FROM alembic_version")[0][0] == 1
    for attack in (
        "UPDATE alembic_version SET version_num = '9999_locked_out'",
        "DELETE FROM alembic_version",
        "INSERT INTO alembic_version VALUES ('9999_locked_out')",
        "TRUNCATE alembic_version",
    ):
        with pytest.raises(Refused):
            setup.sql("bob", attack)
    open_store(setup.url_for("alice")).close()  # everyone still opens it


def test_row_security_cannot_be_switched_off_or_worked_around(setup) -> None:
    with pytest.raises(Refused):
        setup.sql("bob", "SET row_security = off; SELECT note FROM interactions")
    with pytest.raises(Refused):  # no temporary objects at all on a store set up this way
        setup.sql("bob", "CREATE TEMP VIEW v AS SELECT note FROM interactions")
    with pytest.raises(Refused):
        setup.sql("bob", "CREATE TABLE public.mine (note text)")


def test_temp_views_and_functions_see_no_more_than_he_does(setup, postgres_template) -> None:
    """Even where an administrator allowed temporary objects: a view or a SECURITY DEFINER
    function Bob writes runs as Bob, and a leaky function in his WHERE never sees a row the
    policies hide."""
    database = make_url(setup.url).database
    with postgres_template.connect() as connection:
        connection.execute(text(f"GRANT TEMPORARY ON DATABASE {database} TO {setup.roles['bob']}"))
    with setup.connect("bob") as connection:
        seen: list[str] = []
        connection.add_notice_handler(lambda notice: seen.append(notice.message_primary or ""))
        connection.execute("CREATE TEMP VIEW everything AS SELECT note FROM interactions")
        connection.execute(
            "CREATE FUNCTION pg_temp.everything() RETURNS SETOF text LANGUAGE sql "
            "SECURITY DEFINER AS $$ SELECT note FROM public.interactions $$"
        )
        connection.execute(
            "CREATE FUNCTION pg_temp.leak(text) RETURNS boolean LANGUAGE plpgsql COST 0.0001 "
            "AS $$ BEGIN RAISE NOTICE '%', $1; RETURN true; END $$"
        )
        by_view = {row[0] for row in connection.execute("SELECT note FROM everything")}
        by_function = {row[0] for row in connection.execute("SELECT pg_temp.everything()")}
        connection.execute("SELECT note FROM interactions WHERE pg_temp.leak(note)").fetchall()
    assert by_view == by_function == {"Shared: supply plan agreed"}
    assert not [line for line in seen if "Private" in line or "Confidential" in line]


def test_the_owner_role_and_admins_read_no_private_note(setup, postgres_template) -> None:
    """The role owning the tables is subject to row security (FORCEd); an administrator
    sees what was granted to them and, of it, nothing private to someone else."""
    database = make_url(setup.url).database
    from sqlalchemy import create_engine

    url = postgres_template.url.set(database=database)  # a superuser, acting as the owner

    owner = create_engine(url.render_as_string(hide_password=False))
    try:
        with owner.begin() as connection:
            connection.execute(text("SET LOCAL ROLE alliance_desk_owner"))
            notes = connection.execute(text("SELECT note FROM interactions")).scalars().all()
            habits = connection.execute(text("SELECT count(*) FROM habit_targets")).scalar()
        assert notes == [] and habits == 0
    finally:
        owner.dispose()
    assert _notes(setup, "ada") == {"Shared: supply plan agreed"}
    assert [a.name for a in portfolio.list_alliances(setup.stores["ada"])] == ["Shared"]


def test_every_change_is_audited_and_the_audit_is_insert_only(setup) -> None:
    rows = setup.sql(
        "ada",
        "SELECT actor, action, record->>'id' FROM team_audit WHERE table_name = 'interactions'"
        " AND record->>'id' = %s",
        (str(setup.ids["open_note"]),),
    )
    assert (setup.roles["alice"], "INSERT", str(setup.ids["open_note"])) in rows
    with pytest.raises(Refused):
        setup.sql("bob", "SELECT count(*) FROM team_audit")
    with pytest.raises(Refused):
        setup.sql("bob", "INSERT INTO team_audit (table_name, action) VALUES ('x', 'y')")
    with pytest.raises(Refused):
        setup.sql("ada", "DELETE FROM team_audit")
    with pytest.raises(Refused):
        setup.sql("ada", "UPDATE team_audit SET actor = 'nobody'")


def test_an_existing_team_store_upgrades_with_its_rows_and_nobody_loses_sight(
    postgres_template,
) -> None:
    """A store at 0020 holding an alliance and a member's notes: after the upgrade the member
    still sees the alliance (granted to every member then), and her rows are hers."""
    from alliance_desk.store.migrate import upgrade
    from tests.conftest import SERVER

    suffix = uuid.uuid4().hex[:8]
    database, member = f"alliance_desk_old_{suffix}", f"carla_{suffix}"
    with postgres_template.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {database}"))
        connection.execute(text(f"CREATE ROLE {member} LOGIN PASSWORD 'pw'"))
        connection.execute(text(f"GRANT alliance_desk_team TO {member}"))
    url = make_url(SERVER).set(database=database)
    try:
        upgrade(resolve(url.render_as_string(hide_password=False)), "0020_today_snooze")
        as_member = url.set(username=member, password="pw").render_as_string(hide_password=False)
        old = create_engine(as_member)
        with old.begin() as connection:
            alliance = connection.execute(
                text(
                    "INSERT INTO alliances (name, partner, alliance_type, phase, criticality,"
                    " complexity, north_star, strategic_value, financial_value, internal_only,"
                    " version, created_at, updated_at) VALUES ('Old', 'P', 'licensing',"
                    " 'exploration', 3, 3, '', 3, 0, false, 1, now(), now()) RETURNING id"
                )
            ).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO interactions (alliance_id, occurred_on, kind, sentiment, note,"
                    " internal_only, created_at, private) VALUES (:a, current_date, 'call', 0,"
                    " 'Her note', false, now(), true)"
                ),
                {"a": alliance},
            )
        old.dispose()
        with pytest.raises(Exception, match="only an administrator may upgrade it"):
            open_store(as_member)  # a member on an older schema is told whom to ask
        open_store(url.render_as_string(hide_password=False)).close()  # the owner upgrades
        store = open_store(as_member)
        try:
            assert [a.name for a in portfolio.list_alliances(store)] == ["Old"]
            with store.engine.connect() as connection:
                row = connection.execute(text("SELECT note, owner, created_by FROM interactions"))
                assert row.one() == ("Her note", member, member)
        finally:
            store.close()
    finally:
        with postgres_template.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            connection.execute(text(f"DROP ROLE IF EXISTS {member}"))


def test_a_deleted_alliance_is_hidden_and_only_an_administrator_purges_it(setup) -> None:
    from alliance_desk.cli import main

    alice = setup.stores["alice"]
    gone = portfolio.create_alliance(alice, draft(name="Wound down"))
    root = resolve(setup.url_for("root"))
    for who in ("bob", "ada"):
        administration.grant(root, setup.roles[who], [f"#{gone.id}"])
    portfolio.delete_alliance(alice, gone.id)  # the app's Delete: a soft delete
    assert main(["--db", setup.url_for("bob"), "team", "purge"]) == 2  # not an administrator
    assert setup.sql("alice", "SELECT count(*) FROM alliances WHERE id = %s", (gone.id,)) == [(1,)]
    assert main(["--db", setup.url_for("ada"), "team", "purge"]) == 0
    assert setup.sql("alice", "SELECT count(*) FROM alliances WHERE id = %s", (gone.id,)) == [(0,)]
    _alice_intact(setup)


def test_every_table_holding_team_data_is_under_forced_row_security(setup) -> None:
    """A table added later (minutes' amendments, …) cannot slip past the rules: every table of
    the store forces row security, but for the few the whole team shares by design."""
    # Shared by the whole team by design, and the rules' own tables (guarded by privileges;
    # search_words: no privilege at all, see test_search_access.py).
    shared_by_design = {"alembic_version", "onboarding_templates", "onboarding_template_items",
                        "portfolio_policy", "people", "team_grants", "team_audit",
                        "search_words"}  # fmt: skip
    rows = setup.sql(
        "alice",
        "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r'",
    )
    loose = sorted(name for name, forced in rows if not forced and name not in shared_by_design)
    assert loose == []
    assert "minutes_amendments" in {name for name, _ in rows}


def test_open_questions_keep_the_rules_on_decisions(setup) -> None:
    """Revision 0026 let `decided_on` be empty without touching the rules on decisions: Bob
    records an open question where he may and the server signs it; he can neither add one to
    an alliance hidden from him nor see, decide or delete Alice's open question there."""
    ids, alice, bob = setup.ids, setup.roles["alice"], setup.roles["bob"]
    columns = (
        "INSERT INTO decisions (alliance_id, title, decided_on, raised_on, forum, makers,"
        " alternatives, rationale, status, internal_only, created_at, updated_at, version,"
        " recorded_by) VALUES (%s, %s, NULL, current_date - 40, 'JSC', '', '', '', 'pending',"
        " false, now(), now(), 1, %s) RETURNING id"
    )
    (mine,) = setup.sql("bob", columns, (ids["shared"], "Bob asks", alice))
    signed = setup.sql(
        "alice", "SELECT recorded_by, created_by, decided_on FROM decisions WHERE id = %s", mine
    )
    assert signed == [(bob, bob, None)]  # his, whatever he claimed
    with pytest.raises(Refused):
        setup.sql("bob", columns, (ids["secret"], "Bob pries", bob))
    question = risks.add_decision(
        setup.stores["alice"],
        ids["secret"],
        validate_decision({"title": "Confidential question", "raised_on": wall.today()}),
    )
    assert setup.sql("bob", "SELECT id FROM decisions WHERE decided_on IS NULL") == [mine]
    assert (
        setup.sql(
            "bob", "UPDATE decisions SET decided_on = current_date WHERE id = %s", (question,)
        )
        == 0
    )
    assert setup.sql("bob", "DELETE FROM decisions WHERE id = %s", (question,)) == 0
    left = setup.sql("alice", "SELECT decided_on FROM decisions WHERE id = %s", (question,))
    assert left == [(None,)]
    with pytest.raises(Refused):  # his question is his to delete, even for her
        setup.sql("alice", "DELETE FROM decisions WHERE id = %s", mine)
    setup.sql("bob", "DELETE FROM decisions WHERE id = %s", mine)
    setup.sql("alice", "DELETE FROM decisions WHERE id = %s", (question,))
    _alice_intact(setup)
