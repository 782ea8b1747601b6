"""On the team store, each member's last private contact kept for them alone

Revision ID: 0041_team_private_contacts
Revises: 0040_alliance_escalation_counts
Create Date: 2026-12-05 16:20:00

Revision 0035 keeps each person's last shared contact on each alliance; a private contact's day
is not kept there (another member must not learn even that), so every reading of a last contact
on the team store gathered the reader's own private contacts, grouped by person. At ten times
the heavy portfolio, one contact in fifty private, that gathering was ≈ 25 ms of Today's
ranking alone for a member who wrote them, and ran in three of Today's statements.

`private_last_contacts` keeps, for each owner of private contacts, each person's last private
contact on each alliance. Row security shows each member their own rows only; only the
database writes it. Triggers on the links and the interactions recompute the keys a write
touched — for the owner of the private contact written, or, when a link goes, for the owners
kept for that person and alliance — from what the writer can see: a member only their own
private contacts (row security lets nobody else change them), a role row security does not
bind everyone's. Each day goes through `ad_private_contact_put`, a SECURITY DEFINER function
that refuses to run outside a trigger. People and alliances deleted take their rows with them
(foreign keys); an administrator's TRUNCATE of the links empties it. The table is filled from
the private contacts already recorded, in the upgrade's one transaction.

The file needs none of it (0039 keeps every contact's day, each one the user's): the table
is made there too, empty, so both engines have one schema.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from alliance_desk.store.access import TEAM
from alliance_desk.store.migrate import (
    count_changes,
    create_kept_triggers,
    drop_kept_triggers,
    only_in_a_trigger,
    person_alliance_key,
    row_security_set_aside,
    stop_counting_changes,
    trigger_function,
)

revision: str = "0041_team_private_contacts"
down_revision: str | None = "0040_alliance_escalation_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "private_last_contacts"
WATCHED = (TABLE,)  # Today's calls read it: its writes are counted (0037's counters)
FILL = (
    f"INSERT INTO {TABLE} (owner, person_id, alliance_id, day) "
    "SELECT i.owner, l.person_id, i.alliance_id, max(i.occurred_on) FROM interaction_people l "
    "JOIN interactions i ON i.id = l.interaction_id WHERE i.private "
    "GROUP BY i.owner, l.person_id, i.alliance_id"
)

PUT = f"""
CREATE FUNCTION ad_private_contact_put(who text, person integer, alliance integer, last date)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    {only_in_a_trigger(TABLE)}
    IF last IS NULL THEN
        DELETE FROM public.{TABLE}
        WHERE owner = who AND person_id = person AND alliance_id = alliance;
    ELSE
        INSERT INTO public.{TABLE} (owner, person_id, alliance_id, day)
        VALUES (who, person, alliance, last)
        ON CONFLICT (owner, person_id, alliance_id) DO UPDATE SET day = EXCLUDED.day;
    END IF;
END
$$
"""

# One key recomputed as the writer sees it: only a key whose private contacts the writer can
# all see (their own; everyone's for a role row security binds on none of the tables read: a
# superuser, or the tables' owner with it set aside), else left alone.
KEEP = f"""
CREATE FUNCTION ad_private_contact_keep(who text, person integer, alliance integer)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    last date;
BEGIN
    {only_in_a_trigger(TABLE)}
    IF who IS NULL OR person IS NULL OR alliance IS NULL THEN
        RETURN;
    END IF;
    IF who <> current_user AND (row_security_active('public.interactions')
        OR row_security_active('public.interaction_people')
        OR row_security_active('public.people') OR row_security_active('public.alliances'))
    THEN
        RETURN;
    END IF;
    SELECT max(i.occurred_on) INTO last FROM public.interaction_people l
    JOIN public.interactions i ON i.id = l.interaction_id
    WHERE l.person_id = person AND i.alliance_id = alliance AND i.private AND i.owner = who
    AND EXISTS (SELECT 1 FROM public.people p WHERE p.id = person)
    AND EXISTS (SELECT 1 FROM public.alliances a WHERE a.id = alliance);
    PERFORM public.ad_private_contact_put(who, person, alliance, last);
END
$$
"""

# The link's alliance: its copy (0029), else its interaction's.
_ALLIANCE = "coalesce({row}.alliance_id, (SELECT i.alliance_id FROM public.interactions i "
_ALLIANCE += "WHERE i.id = {row}.interaction_id))"
# A link added: its interaction's owner, if it is private.
_ADDED = """
    FOR k IN SELECT i.owner, i.alliance_id FROM public.interactions i
             WHERE i.id = NEW.interaction_id AND i.private LOOP
        PERFORM public.ad_private_contact_keep(k.owner, NEW.person_id, k.alliance_id);
    END LOOP;"""
# A link gone (its interaction may be gone too): every owner kept for the person there.
_GONE = f"""
    alliance := {_ALLIANCE.format(row="OLD")};
    FOR k IN SELECT p.owner FROM public.{TABLE} p
             WHERE p.person_id = OLD.person_id AND p.alliance_id = alliance LOOP
        PERFORM public.ad_private_contact_keep(k.owner, OLD.person_id, alliance);
    END LOOP;"""
# An interaction moved, made private or shared, or given to another owner: its links' keys,
# on both alliances, for its owner before and after, when it was or is private.
_MOVED = """
    FOR k IN SELECT DISTINCT o.owner, a.alliance_id, l.person_id
             FROM public.interaction_people l,
                  unnest(ARRAY[CASE WHEN OLD.private THEN OLD.owner END,
                               CASE WHEN NEW.private THEN NEW.owner END]) AS o(owner),
                  unnest(ARRAY[OLD.alliance_id, NEW.alliance_id]) AS a(alliance_id)
             WHERE l.interaction_id = NEW.id LOOP
        PERFORM public.ad_private_contact_keep(k.owner, k.person_id, k.alliance_id);
    END LOOP;"""
_CHANGED = " OR ".join(
    f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in ("alliance_id", "occurred_on", "private", "owner")
)
# (trigger, its event, when it fires ('': always), its body)
KEYS = (
    ("private_contact_linked", "AFTER INSERT ON interaction_people", "", _ADDED),
    ("private_contact_unlinked", "AFTER DELETE ON interaction_people", "", _GONE),
    ("private_contact_relinked", "AFTER UPDATE OF interaction_id, person_id ON interaction_people",
     "OLD.interaction_id IS DISTINCT FROM NEW.interaction_id "
     "OR OLD.person_id IS DISTINCT FROM NEW.person_id", _GONE + _ADDED),
    ("private_contact_moved",
     "AFTER UPDATE OF alliance_id, occurred_on, private, owner ON interactions",
     f"(OLD.private OR NEW.private) AND ({_CHANGED})", _MOVED),
)  # fmt: skip

EMPTIED = f"""
CREATE FUNCTION ad_private_contacts_emptied() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    DELETE FROM public.{TABLE};
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("owner", sa.String(63), primary_key=True),
        *person_alliance_key(),
        sa.Column("day", sa.Date(), nullable=False),
        sqlite_with_rowid=False,
    )  # fmt: skip
    # A link gone finds the owners kept for its person and alliance.
    op.create_index("ix_private_last_contacts_key", TABLE, ["person_id", "alliance_id"])
    count_changes(WATCHED)
    if op.get_bind().dialect.name != "postgresql":
        return
    with row_security_set_aside(op.get_bind(), ("interactions", "interaction_people")):
        op.execute(FILL)  # every private contact's day, whoever's, before the table has any
    op.execute(PUT)
    op.execute(KEEP)
    for name, _event, _when, body in KEYS:
        op.execute(trigger_function(name, "k record; alliance integer;", body))
    op.execute(EMPTIED)
    create_kept_triggers(
        [(name, event, when) for name, event, when, _body in KEYS],
        ("private_contacts_emptied", "interaction_people"),
    )
    _privileges()


def _privileges() -> None:
    """Each member reads their own rows; only the triggers write (row security FORCEd, so the
    owner of the tables too reads only its own). The writers' triggers run as them and need
    the two functions; nobody may call them outside a trigger."""
    functions = ", ".join(f"ad_{name}()" for name, *_rest in (*KEYS, ("private_contacts_emptied",)))
    put = "ad_private_contact_put(text, integer, integer, date)"
    keep = "ad_private_contact_keep(text, integer, integer)"
    op.execute(
        f"""
        ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY;
        CREATE POLICY own_days ON {TABLE} FOR SELECT USING (owner = current_user);
        CREATE POLICY kept_by_the_database ON {TABLE}
            USING (pg_trigger_depth() > 0) WITH CHECK (pg_trigger_depth() > 0);
        REVOKE ALL ON {TABLE} FROM PUBLIC;
        REVOKE EXECUTE ON FUNCTION {functions}, {put}, {keep} FROM PUBLIC;
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                REVOKE ALL ON {TABLE} FROM {TEAM};
                GRANT SELECT ON {TABLE} TO {TEAM};
                GRANT EXECUTE ON FUNCTION {put}, {keep} TO {TEAM};
            END IF;
        END $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        drop_kept_triggers(
            [(name, event) for name, event, *_rest in KEYS],
            ("private_contacts_emptied", "interaction_people"),
        )
        op.execute("DROP FUNCTION IF EXISTS ad_private_contact_keep(text, integer, integer)")
        op.execute("DROP FUNCTION IF EXISTS ad_private_contact_put(text, integer, integer, date)")
    stop_counting_changes(WATCHED)
    op.drop_index("ix_private_last_contacts_key", table_name=TABLE)
    op.drop_table(TABLE)
