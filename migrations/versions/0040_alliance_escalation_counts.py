"""Which alliances' escalations have changed, kept by the database

Revision ID: 0040_alliance_escalation_counts
Revises: 0039_file_private_contacts
Create Date: 2026-12-05 15:00:00

The Value section sums, for each alliance, every escalation's days past its service level
(≈ 40 ms at ten times the heavy portfolio: 60,000 issues), and read all of them again after
any escalation was edited, though an edit touches one alliance. Migration 0037's counters now
also count each alliance's escalation writes, as `escalations@<alliance id>` (a write moving
an issue to another alliance counts for both; a TRUNCATE, which says nothing of which, as
`escalations@*`), so Value reads again only the alliances whose escalations changed
(store/value_facts.py).

The rules are 0037's: only triggers write the counters, inside the writer's transaction. On
the team store a member still reads only totals (`ad_change_counts()`), and of the alliances'
counters only those of the alliances granted to them: which alliance changed, even how often,
is not for those who cannot see it.
"""

from collections.abc import Sequence

from alembic import op

from alliance_desk.store.migrate import count_alliance_changes, stop_counting_alliance_changes

revision: str = "0040_alliance_escalation_counts"
down_revision: str | None = "0039_file_private_contacts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = "escalations"

COUNT = """
CREATE FUNCTION ad_count_alliance_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE
    keys text[];
    key text;
    counted varchar;
BEGIN
    IF pg_trigger_depth() < 1 THEN
        RAISE insufficient_privilege USING MESSAGE = 'change_counts is kept by the database';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        keys := ARRAY['*'];
    ELSIF TG_OP = 'INSERT' THEN
        keys := ARRAY[NEW.alliance_id::text];
    ELSIF TG_OP = 'DELETE' THEN
        keys := ARRAY[OLD.alliance_id::text];
    ELSE
        keys := ARRAY[OLD.alliance_id::text, NEW.alliance_id::text];
    END IF;
    FOREACH key IN ARRAY keys LOOP
        counted := TG_TABLE_NAME || '@' || key;
        -- Once a transaction, as ad_count_change: its writes show all at once.
        PERFORM 1 FROM public.change_counts c WHERE c.name = counted
            AND c.member = session_user AND c.xmin = pg_current_xact_id()::xid;
        IF NOT FOUND THEN
            INSERT INTO public.change_counts AS c (name, member, n)
            VALUES (counted, session_user, 1)
            ON CONFLICT (name, member) DO UPDATE SET n = c.n + 1;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$
"""

# A member reads a table's total, and an alliance's only if it is granted to them (the
# function runs as its owner: whoever asked is `session_user`).
TOTALS = """
CREATE OR REPLACE FUNCTION ad_change_counts() RETURNS TABLE (name varchar, n numeric)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT c.name, sum(c.n) FROM public.change_counts c
    WHERE position('@' IN c.name) = 0 OR split_part(c.name, '@', 2) = '*'
        OR split_part(c.name, '@', 2) IN (
            SELECT g.alliance_id::text FROM public.team_grants g WHERE g.member = session_user)
    GROUP BY c.name
$$
"""
TOTALS_0037 = """
CREATE OR REPLACE FUNCTION ad_change_counts() RETURNS TABLE (name varchar, n numeric)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT c.name, sum(c.n) FROM public.change_counts c GROUP BY c.name
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(COUNT)
    count_alliance_changes(COUNTED)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("REVOKE EXECUTE ON FUNCTION ad_count_alliance_change() FROM PUBLIC")
        op.execute(TOTALS)


def downgrade() -> None:
    stop_counting_alliance_changes(COUNTED)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ad_count_alliance_change()")
        op.execute(TOTALS_0037)  # the counters stay: only the database's triggers change them
