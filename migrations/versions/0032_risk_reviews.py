"""Each risk's last rating day, for Today's risk reviews

Revision ID: 0032_risk_reviews
Revises: 0031_log_totals
Create Date: 2026-12-04 08:10:00

Today counts, for each alliance, the open risks not rated within its tier's interval and the
oldest last rating among them. That looked up each open risk's last rating (20,000 look-ups at
ten times the heavy portfolio, ≈ 45 ms). A risk now carries its last rating's day, kept by the
database itself (triggers on both tables, so every writer — the app, an import, SQL typed by
hand — keeps it right), and an index on (alliance, day, status) answers the count from the
index alone. The day is filled for the risks already recorded.

On the team store the day is a copy of ratings the risk's readers already see (a rating is
visible exactly when its risk is). Keeping it is not an edit: the risk's version, author and
audit stamps are left as they were (`ad_stamp` passes over an update that changes nothing
but this copy), so no one editing the risk meets a conflict for a rating added meanwhile.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032_risk_reviews"
down_revision: str | None = "0031_log_totals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    (
        "ix_risks_last_rated",
        "risks",
        ["alliance_id", "last_rated_on", "status", "likelihood", "impact"],
    ),
)

_LAST = "(SELECT max(r.rated_on) FROM risk_ratings r WHERE r.risk_id = {risk})"


def _kept(risk: str) -> str:
    last = _LAST.format(risk=risk)
    return (
        f"UPDATE risks SET last_rated_on = {last} WHERE id = {risk} AND last_rated_on IS NOT {last}"
    )


# A rating added, moved or removed moves its risk's day; a risk written with the day wrong
# (or without it) is put right.
SQLITE_TRIGGERS = (
    ("risk_rated_insert", f"AFTER INSERT ON risk_ratings BEGIN {_kept('NEW.risk_id')}; END"),
    (
        "risk_rated_update",
        "AFTER UPDATE OF risk_id, rated_on ON risk_ratings BEGIN "
        f"{_kept('OLD.risk_id')}; {_kept('NEW.risk_id')}; END",
    ),
    ("risk_rated_delete", f"AFTER DELETE ON risk_ratings BEGIN {_kept('OLD.risk_id')}; END"),
    (
        "risk_rated_kept",
        f"AFTER INSERT ON risks WHEN NEW.last_rated_on IS NOT {_LAST.format(risk='NEW.id')} "
        f"BEGIN {_kept('NEW.id')}; END",
    ),
    (
        "risk_rated_kept_update",
        "AFTER UPDATE OF last_rated_on ON risks "
        f"WHEN NEW.last_rated_on IS NOT {_LAST.format(risk='NEW.id')} "
        f"BEGIN {_kept('NEW.id')}; END",
    ),
)
POSTGRES = (
    """
    CREATE OR REPLACE FUNCTION ad_risk_rated() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    DECLARE
        ids integer[] := '{}';
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            ids := ids || OLD.risk_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            ids := ids || NEW.risk_id;
        END IF;
        UPDATE public.risks k SET last_rated_on = m.last
        FROM (SELECT i AS id, (SELECT max(r.rated_on) FROM public.risk_ratings r
                               WHERE r.risk_id = i) AS last
              FROM unnest(ids) AS i) m
        WHERE k.id = m.id AND k.last_rated_on IS DISTINCT FROM m.last;
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER ad_risk_rated AFTER INSERT OR DELETE OR UPDATE OF risk_id, rated_on "
    "ON risk_ratings FOR EACH ROW EXECUTE FUNCTION ad_risk_rated()",
    """
    CREATE OR REPLACE FUNCTION ad_risk_kept() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
        NEW.last_rated_on := (SELECT max(r.rated_on) FROM public.risk_ratings r
                              WHERE r.risk_id = NEW.id);
        RETURN NEW;
    END
    $$
    """,
    "CREATE TRIGGER ad_risk_kept BEFORE INSERT OR UPDATE OF last_rated_on ON risks "
    "FOR EACH ROW EXECUTE FUNCTION ad_risk_kept()",
)
# `ad_stamp` (migration 0021) with one rule first: an update changing nothing but a copy the
# database keeps is no edit (no version, author or time stamped).
_PASS_OVER = """
    BEGIN
        IF TG_OP = 'UPDATE' AND to_jsonb(OLD) <> to_jsonb(NEW)
           AND to_jsonb(OLD) - 'last_rated_on' = to_jsonb(NEW) - 'last_rated_on' THEN
            RETURN NEW;
        END IF;
        FOREACH col IN ARRAY TG_ARGV LOOP"""
_STAMP_LOOP = """
    BEGIN
        FOREACH col IN ARRAY TG_ARGV LOOP"""
# Filling the copy is not an edit: no audit row, stamp or guard for it, and every risk filled
# whoever may see it (the owner, with row security not forced on it for this statement).
POSTGRES_FILL = (
    "ALTER TABLE risks DISABLE TRIGGER USER",
    "ALTER TABLE risks NO FORCE ROW LEVEL SECURITY",
    "ALTER TABLE risk_ratings NO FORCE ROW LEVEL SECURITY",
    "UPDATE risks k SET last_rated_on = m.last FROM (SELECT risk_id, max(rated_on) AS last "
    "FROM risk_ratings GROUP BY risk_id) m WHERE m.risk_id = k.id",
    "ALTER TABLE risk_ratings FORCE ROW LEVEL SECURITY",
    "ALTER TABLE risks FORCE ROW LEVEL SECURITY",
    "ALTER TABLE risks ENABLE TRIGGER USER",
)
SQLITE_FILL = f"UPDATE risks SET last_rated_on = {_LAST.format(risk='risks.id')}"


def _stamp_function() -> str:
    from alliance_desk.store.access import FUNCTIONS

    found = next(f for f in FUNCTIONS if "FUNCTION ad_stamp()" in f)
    assert found.count(_STAMP_LOOP) == 1, "ad_stamp is not what 0032 expects"
    return found


def _forced(table: str) -> bool:
    query = sa.text("SELECT relforcerowsecurity FROM pg_class WHERE relname = :table")
    return bool(op.get_bind().execute(query, {"table": table}).scalar())


def _has_function(name: str) -> bool:
    query = sa.text("SELECT count(*) FROM pg_proc WHERE proname = :name")
    return bool(op.get_bind().execute(query, {"name": name}).scalar())


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("risks")}
    if "last_rated_on" not in present:  # a file set back by hand may still hold it
        op.add_column("risks", sa.Column("last_rated_on", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        forced = {table: _forced(table) for table in ("risks", "risk_ratings")}
        for statement in POSTGRES_FILL:
            table = statement.split()[2]
            if "FORCE" not in statement or forced.get(table):
                op.execute(statement)
        if _has_function("ad_stamp"):  # a store under the team rules (0021)
            op.execute(_stamp_function().replace(_STAMP_LOOP, _PASS_OVER))
        for statement in POSTGRES:
            op.execute(statement)
    else:
        op.execute(SQLITE_FILL)
        for name, body in SQLITE_TRIGGERS:
            op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ad_risk_kept ON risks")
        op.execute("DROP TRIGGER IF EXISTS ad_risk_rated ON risk_ratings")
        op.execute("DROP FUNCTION IF EXISTS ad_risk_kept()")
        op.execute("DROP FUNCTION IF EXISTS ad_risk_rated()")
        if _has_function("ad_stamp"):
            op.execute(_stamp_function())
    else:
        for name, _body in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_column("risks", "last_rated_on")
