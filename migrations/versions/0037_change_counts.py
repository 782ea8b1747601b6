"""How often each table Today counts from has changed, kept by the database

Revision ID: 0037_change_counts
Revises: 0036_grant_lookups
Create Date: 2026-12-05 09:40:00

Today counts every escalation near its service level, every risk review, every decision to
chase and every call due (store/today_counts.py): ≈ 100 ms at ten times the heavy portfolio,
on every showing, though an edit changes one kind at most. `change_counts` says, for each
table those counts read, how many writes it has seen; a count is read again only when a
table it reads from has changed since (store/change_counts.py).

It is kept by triggers, so every writer (the app, an import, another window, SQL typed by
hand, a teammate) moves it: on the file one per row written, on the team store once per
writing transaction, on the writer's own row (`member`: its login), so two teammates writing
at once never wait for each other's counter. A count only ever grows, inside the writer's
transaction: a reader sees it move exactly when it can see what was written.

On the team store a member reads only each table's total (`ad_change_counts()`: how often a
table changed, not what, where or by whom — who wrote what stays the administrators' audit);
only the triggers write the counters — `ad_count_change` is a SECURITY DEFINER function that
refuses to run outside a trigger, and row security (FORCEd) admits a write only from one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from alliance_desk.store.access import TEAM
from alliance_desk.store.migrate import count_changes, stop_counting_changes

revision: str = "0037_change_counts"
down_revision: str | None = "0036_grant_lookups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables Today's counts read (store/change_counts.py NEEDS; a test checks that every
# table their statements name is here), frozen: a later migration adds its own.
WATCHED = (
    "alliances",
    "escalations",
    "risks",
    "decisions",
    "people",
    "stakeholders",
    "interactions",
    "interaction_people",
    "last_contacts",
)
TEAM_ONLY = ("team_grants",)  # who sees what on the team store
COUNT = """
CREATE FUNCTION ad_count_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
    IF pg_trigger_depth() < 1 THEN
        RAISE insufficient_privilege USING MESSAGE = 'change_counts is kept by the database';
    END IF;
    -- Once a transaction is enough (its writes show all at once): a bulk write's every
    -- statement moving the one row again would make each look past the versions before it.
    PERFORM 1 FROM public.change_counts c WHERE c.name = TG_TABLE_NAME
        AND c.member = session_user AND c.xmin = pg_current_xact_id()::xid;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO public.change_counts AS c (name, member, n) VALUES (TG_TABLE_NAME, session_user, 1)
    ON CONFLICT (name, member) DO UPDATE SET n = c.n + 1;
    RETURN NULL;
END
$$
"""


TOTALS = """
CREATE FUNCTION ad_change_counts() RETURNS TABLE (name varchar, n numeric) LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT c.name, sum(c.n) FROM public.change_counts c GROUP BY c.name
$$
"""


def upgrade() -> None:
    op.create_table(
        "change_counts",
        sa.Column("name", sa.String(63), primary_key=True),
        sa.Column("member", sa.String(63), primary_key=True, server_default=""),
        sa.Column("n", sa.BigInteger(), nullable=False, server_default="0"),
        sqlite_with_rowid=False,
    )
    if op.get_bind().dialect.name != "postgresql":
        count_changes(WATCHED)
        return
    op.execute(COUNT)
    op.execute(TOTALS)
    count_changes((*WATCHED, *TEAM_ONLY))
    op.execute(
        f"""
        ALTER TABLE change_counts ENABLE ROW LEVEL SECURITY;
        ALTER TABLE change_counts FORCE ROW LEVEL SECURITY;
        CREATE POLICY readable ON change_counts FOR SELECT USING (true);
        CREATE POLICY kept_by_the_database ON change_counts
            USING (pg_trigger_depth() > 0) WITH CHECK (pg_trigger_depth() > 0);
        REVOKE ALL ON change_counts FROM PUBLIC;
        REVOKE EXECUTE ON FUNCTION ad_count_change(), ad_change_counts() FROM PUBLIC;
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                REVOKE ALL ON change_counts FROM {TEAM};
                GRANT EXECUTE ON FUNCTION ad_change_counts() TO {TEAM};
            END IF;
        END $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        stop_counting_changes((*WATCHED, *TEAM_ONLY))
        op.execute("DROP FUNCTION IF EXISTS ad_count_change()")
        op.execute("DROP FUNCTION IF EXISTS ad_change_counts()")
    else:
        stop_counting_changes(WATCHED)
    op.drop_table("change_counts")
