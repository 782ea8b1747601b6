"""Each person's last contact on each alliance, kept by the database

Revision ID: 0035_last_contacts
Revises: 0034_body_index
Create Date: 2026-12-05 00:30:00

Today asks, for every person with a contact plan, when they were last met on their alliance:
one look-up per person in ix_interaction_people_last (0029), ≈ 34 ms of Today's ≈ 85 ms at ten
times the heavy portfolio on the file, ≈ 140 ms on the team store (where each look-up also
checks the links' row security). `last_contacts` holds the answer: for each person and
alliance, the latest day of their shared (not private) contacts there, read by one join.

It is kept by triggers, so every writer (the app, an import, SQL typed by hand) keeps it
right: a link added, removed or moved, an interaction moved to another day or alliance or made
private or shared again, an interaction, person or alliance deleted (their links go with
them) — each recomputes the keys it touched from the links still there. Nothing else holds
a day: not a column of `stakeholders`, whose version a trigger would bump, giving a teammate
editing that person a false "changed elsewhere".

On the team store the owner keeps the table; members may only read it, and only for the
alliances granted to them (FORCEd row security; writes only from a trigger). A trigger reads the
links as whoever wrote them — on the alliance written every shared link is theirs to see,
private ones are left out whoever's they are — and hands each key's day to
`ad_last_contact_put`, a SECURITY DEFINER function that refuses to run outside a trigger, so a
member's own SQL can neither forge nor remove a row. A private contact's day is never kept:
the reader adds their own private contacts themselves (store/last_contacts.py). The table is
filled from the links already recorded, in the upgrade's one transaction.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from alliance_desk.store.access import TEAM

revision: str = "0035_last_contacts"
down_revision: str | None = "0034_body_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Private contacts are few: each reader's own are found through this index, not among all
# (by alliance first: SQLite then reads them in the order it groups them). Its condition is
# written as each engine is asked it (SQLite is asked `private = 1`).
PRIVATE = {"sqlite": "private = 1", "postgresql": "private"}

# The latest shared day of the links of `{persons}` on `{alliances}` (lists of SQL values),
# from the interactions themselves (not the links' copies, which another trigger may not have
# put right yet); a person or alliance being deleted gets no row back.
DAYS = (
    "SELECT l.person_id, i.alliance_id, max(i.occurred_on) FROM interaction_people l "
    "JOIN interactions i ON i.id = l.interaction_id "
    "WHERE l.person_id IN ({persons}) AND i.alliance_id IN ({alliances}) AND NOT i.private "
    "AND EXISTS (SELECT 1 FROM people p WHERE p.id = l.person_id) "
    "AND EXISTS (SELECT 1 FROM alliances a WHERE a.id = i.alliance_id) "
    "GROUP BY l.person_id, i.alliance_id"
)
FILL = (
    "INSERT INTO last_contacts (person_id, alliance_id, day) "
    "SELECT l.person_id, i.alliance_id, max(i.occurred_on) FROM interaction_people l "
    "JOIN interactions i ON i.id = l.interaction_id WHERE NOT i.private "
    "GROUP BY l.person_id, i.alliance_id"
)
_ALLIANCE = "(SELECT i.alliance_id FROM interactions i WHERE i.id = {row}.interaction_id)"
_OLD_ALLIANCE = f"coalesce(OLD.alliance_id, {_ALLIANCE.format(row='OLD')})"
_LINKED = "SELECT l.person_id FROM interaction_people l WHERE l.interaction_id = NEW.id"
_MOVED = " OR ".join(
    f"OLD.{column} IS NOT NEW.{column}" for column in ("alliance_id", "occurred_on", "private")
)
# (trigger, its event, when it fires (SQL, '': always), [(persons, alliances)] whose days it
# recomputes)
KEYS = (
    ("last_contact_linked", "AFTER INSERT ON interaction_people", "",
     [("NEW.person_id", _ALLIANCE.format(row="NEW"))]),
    ("last_contact_unlinked", "AFTER DELETE ON interaction_people", "",
     [("OLD.person_id", _OLD_ALLIANCE)]),
    ("last_contact_relinked", "AFTER UPDATE OF interaction_id, person_id ON interaction_people",
     "OLD.interaction_id IS NOT NEW.interaction_id OR OLD.person_id IS NOT NEW.person_id",
     [("OLD.person_id", _OLD_ALLIANCE), ("NEW.person_id", _ALLIANCE.format(row="NEW"))]),
    ("last_contact_moved", "AFTER UPDATE OF alliance_id, occurred_on, private ON interactions",
     _MOVED, [(_LINKED, "OLD.alliance_id, NEW.alliance_id")]),
)  # fmt: skip


def sqlite_trigger(name: str, event: str, when: str, keys: list[tuple[str, str]]) -> str:
    """The file's trigger: each key's row deleted and written again from its links."""
    body = "".join(
        f"DELETE FROM last_contacts WHERE person_id IN ({persons}) "
        f"AND alliance_id IN ({alliances}); "
        "INSERT INTO last_contacts (person_id, alliance_id, day) "
        f"{DAYS.format(persons=persons, alliances=alliances)}; "
        for persons, alliances in keys
    )
    condition = f" WHEN {when}" if when else ""
    return f"CREATE TRIGGER IF NOT EXISTS {name} {event}{condition} BEGIN {body}END"


PUT = """
CREATE FUNCTION ad_last_contact_put(person integer, alliance integer, last date)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF pg_trigger_depth() < 1 THEN
        RAISE insufficient_privilege USING MESSAGE = 'last_contacts is kept by the database';
    END IF;
    IF last IS NULL THEN
        DELETE FROM public.last_contacts WHERE person_id = person AND alliance_id = alliance;
    ELSE
        INSERT INTO public.last_contacts (person_id, alliance_id, day)
        VALUES (person, alliance, last)
        ON CONFLICT (person_id, alliance_id) DO UPDATE SET day = EXCLUDED.day;
    END IF;
END
$$
"""


# An administrator's TRUNCATE (members may not) fires no row trigger: no link, no day.
EMPTIED = """
CREATE FUNCTION ad_last_contacts_emptied() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    DELETE FROM public.last_contacts;
    RETURN NULL;
END
$$
"""


def _array(persons: str) -> str:
    return f"ARRAY({persons})" if persons.startswith("SELECT") else f"ARRAY[{persons}]"


def postgres_function(name: str, keys: list[tuple[str, str]]) -> str:
    """The team store's trigger function: reads the links as the writer, each key's day
    (none: its row goes) handed to ad_last_contact_put."""
    days = DAYS.format(persons="k.person_id", alliances="k.alliance_id")
    loops = "\n".join(
        f"""
        FOR k IN SELECT p AS person_id, a AS alliance_id FROM unnest({_array(persons)}) p
                 CROSS JOIN unnest(ARRAY[{alliances}]) a WHERE a IS NOT NULL LOOP
            SELECT d.max INTO last FROM ({days}) d;
            PERFORM public.ad_last_contact_put(k.person_id, k.alliance_id, last);
        END LOOP;"""
        for persons, alliances in keys
    )
    return f"""
    CREATE FUNCTION ad_{name}() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, public AS $$
    DECLARE
        k record;
        last date;
    BEGIN
        {loops}
        RETURN NULL;
    END
    $$
    """


def upgrade() -> None:
    op.create_table(
        "last_contacts",
        sa.Column(
            "person_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "alliance_id", sa.Integer(), sa.ForeignKey("alliances.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sqlite_with_rowid=False,
    )  # fmt: skip
    op.create_index(
        "ix_interactions_private", "interactions", ["alliance_id", "occurred_on"],
        sqlite_where=sa.text(PRIVATE["sqlite"]),
        postgresql_where=sa.text(PRIVATE["postgresql"]),
    )  # fmt: skip
    if op.get_bind().dialect.name != "postgresql":
        op.execute(FILL)
        for name, event, when, keys in KEYS:
            op.execute(sqlite_trigger(name, event, when, keys))
        return
    _fill_team_store()
    op.execute(PUT)
    for name, event, when, keys in KEYS:
        op.execute(postgres_function(name, keys))
        condition = f" WHEN ({when.replace(' IS NOT ', ' IS DISTINCT FROM ')})" if when else ""
        op.execute(
            f"CREATE TRIGGER {name} {event} FOR EACH ROW{condition} EXECUTE FUNCTION ad_{name}()"
        )
    op.execute(EMPTIED)
    op.execute(
        "CREATE TRIGGER last_contacts_emptied AFTER TRUNCATE ON interaction_people "
        "FOR EACH STATEMENT EXECUTE FUNCTION ad_last_contacts_emptied()"
    )
    _privileges()


def _forced(table: str) -> bool:
    query = sa.text("SELECT relforcerowsecurity FROM pg_class WHERE relname = :table")
    return bool(op.get_bind().execute(query, {"table": table}).scalar())


def _fill_team_store() -> None:
    """Every shared link's day, whoever may see it: as the owner, FORCEd row security would
    hide them, so it is set aside for this transaction only (the ALTER locks each table until
    the commit, so nobody reads or writes in between)."""
    forced = [t for t in ("interactions", "interaction_people", "people") if _forced(t)]
    for table in forced:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(FILL)
    for table in forced:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def _privileges() -> None:
    """Members read the rows of their granted alliances (as ad_granted says, but one look at
    their grants for all rows rather than one per row), and nothing else. Row security is
    FORCEd as on every team table: the owner too reads only its grants' rows, and writes only
    from a trigger (ad_last_contact_put, whose own check this repeats; a foreign key's cascade
    is exempt). The functions are the triggers' alone."""
    functions = ", ".join(f"ad_{name}()" for name, *_rest in (*KEYS, ("last_contacts_emptied",)))
    op.execute(
        f"""
        ALTER TABLE last_contacts ENABLE ROW LEVEL SECURITY;
        ALTER TABLE last_contacts FORCE ROW LEVEL SECURITY;
        CREATE POLICY granted_alliance ON last_contacts FOR SELECT USING (alliance_id IN (
            SELECT g.alliance_id FROM team_grants g WHERE g.member = current_user));
        CREATE POLICY kept_by_the_database ON last_contacts
            USING (pg_trigger_depth() > 0) WITH CHECK (pg_trigger_depth() > 0);
        REVOKE ALL ON last_contacts FROM PUBLIC;
        REVOKE EXECUTE ON FUNCTION {functions} FROM PUBLIC;
        REVOKE EXECUTE ON FUNCTION ad_last_contact_put(integer, integer, date) FROM PUBLIC;
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                REVOKE ALL ON last_contacts FROM {TEAM};
                GRANT SELECT ON last_contacts TO {TEAM};
                GRANT EXECUTE ON FUNCTION ad_last_contact_put(integer, integer, date) TO {TEAM};
            END IF;
        END $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS last_contacts_emptied ON interaction_people")
        op.execute("DROP FUNCTION IF EXISTS ad_last_contacts_emptied()")
        for name, event, *_rest in KEYS:
            table = event.split(" ON ")[1]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS ad_{name}()")
        op.execute("DROP FUNCTION IF EXISTS ad_last_contact_put(integer, integer, date)")
    else:
        for name, *_rest in KEYS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_interactions_private", table_name="interactions")
    op.drop_table("last_contacts")
