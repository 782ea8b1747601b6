"""Each person's contacts by day, for Today's calls

Revision ID: 0029_today_speed
Revises: 0028_value_speed
Create Date: 2026-12-03 19:20:00

Today asks, for every person with a contact plan, when they were last met on their alliance.
That was a join of each person's links to the interactions behind them (≈ 20 lookups a person,
0.18 s for 20,000 people at ten times the heavy portfolio). A link now carries a copy of its
interaction's alliance and day, kept by the database itself (a trigger on each side, so every
writer — the app, an import, SQL typed by hand — keeps it right), and one index on (person,
alliance, day) answers each person's last contact with a single look-up. The copy is filled for
the links already recorded. On the team store the links stay under their row security: a
private interaction's links stay hidden, so its day does not show as anyone else's last contact.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029_today_speed"
down_revision: str | None = "0028_value_speed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    (
        "ix_interaction_people_last",
        "interaction_people",
        ["person_id", "alliance_id", "occurred_on"],
    ),
)
COLUMNS = ("alliance_id", "occurred_on")

_ITS = "(SELECT i.{column} FROM interactions i WHERE i.id = NEW.interaction_id)"
_WRONG = (
    f"NEW.alliance_id IS NOT {_ITS.format(column='alliance_id')} "
    f"OR NEW.occurred_on IS NOT {_ITS.format(column='occurred_on')}"
)
_COPY = (
    "UPDATE interaction_people SET "
    f"alliance_id = {_ITS.format(column='alliance_id')}, "
    f"occurred_on = {_ITS.format(column='occurred_on')} "
    "WHERE interaction_id = NEW.interaction_id AND person_id = NEW.person_id"
)
# A link written with its copy wrong (or without it) is put right; an interaction moved to
# another day or alliance moves its links' copies.
SQLITE_TRIGGERS = (
    (
        "contact_day_insert",
        f"AFTER INSERT ON interaction_people WHEN {_WRONG} BEGIN {_COPY}; END",
    ),
    (
        "contact_day_update",
        "AFTER UPDATE OF interaction_id, alliance_id, occurred_on ON interaction_people "
        f"WHEN {_WRONG} BEGIN {_COPY}; END",
    ),
    (
        "contact_day_moved",
        "AFTER UPDATE OF alliance_id, occurred_on ON interactions BEGIN "
        "UPDATE interaction_people SET alliance_id = NEW.alliance_id, "
        "occurred_on = NEW.occurred_on WHERE interaction_id = NEW.id; END",
    ),
)
POSTGRES = (
    """
    CREATE OR REPLACE FUNCTION ad_contact_day() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
        SELECT i.alliance_id, i.occurred_on INTO NEW.alliance_id, NEW.occurred_on
        FROM public.interactions i WHERE i.id = NEW.interaction_id;
        RETURN NEW;
    END
    $$
    """,
    "CREATE TRIGGER ad_contact_day BEFORE INSERT OR UPDATE ON interaction_people "
    "FOR EACH ROW EXECUTE FUNCTION ad_contact_day()",
    """
    CREATE OR REPLACE FUNCTION ad_contact_moved() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    BEGIN
        UPDATE public.interaction_people
        SET alliance_id = NEW.alliance_id, occurred_on = NEW.occurred_on
        WHERE interaction_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER ad_contact_moved AFTER UPDATE OF alliance_id, occurred_on ON interactions "
    "FOR EACH ROW WHEN (OLD.alliance_id IS DISTINCT FROM NEW.alliance_id "
    "OR OLD.occurred_on IS DISTINCT FROM NEW.occurred_on) EXECUTE FUNCTION ad_contact_moved()",
)
# Filling the copy is not an edit: no audit row, stamp or guard for it, and every link filled
# whoever may see it (the owner, with row security not forced on it for this statement).
POSTGRES_FILL = (
    "ALTER TABLE interaction_people DISABLE TRIGGER USER",
    "ALTER TABLE interaction_people NO FORCE ROW LEVEL SECURITY",
    "ALTER TABLE interactions NO FORCE ROW LEVEL SECURITY",
    "UPDATE interaction_people p SET alliance_id = i.alliance_id, occurred_on = i.occurred_on "
    "FROM interactions i WHERE i.id = p.interaction_id",
    "ALTER TABLE interactions FORCE ROW LEVEL SECURITY",
    "ALTER TABLE interaction_people FORCE ROW LEVEL SECURITY",
    "ALTER TABLE interaction_people ENABLE TRIGGER USER",
)
SQLITE_FILL = (
    "UPDATE interaction_people SET "
    "alliance_id = (SELECT i.alliance_id FROM interactions i WHERE i.id = interaction_id), "
    "occurred_on = (SELECT i.occurred_on FROM interactions i WHERE i.id = interaction_id)"
)


def _forced(table: str) -> bool:
    query = sa.text("SELECT relforcerowsecurity FROM pg_class WHERE relname = :table")
    return bool(op.get_bind().execute(query, {"table": table}).scalar())


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("interaction_people")}
    if "alliance_id" not in present:  # a file set back by hand may still hold them
        op.add_column("interaction_people", sa.Column("alliance_id", sa.Integer(), nullable=True))
        op.add_column("interaction_people", sa.Column("occurred_on", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        forced = {table: _forced(table) for table in ("interactions", "interaction_people")}
        for statement in POSTGRES_FILL:
            table = statement.split()[2]
            if "FORCE" not in statement or forced.get(table):
                op.execute(statement)
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
        op.execute("DROP TRIGGER IF EXISTS ad_contact_moved ON interactions")
        op.execute("DROP TRIGGER IF EXISTS ad_contact_day ON interaction_people")
        op.execute("DROP FUNCTION IF EXISTS ad_contact_moved()")
        op.execute("DROP FUNCTION IF EXISTS ad_contact_day()")
    else:
        for name, _body in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for column in reversed(COLUMNS):
        op.drop_column("interaction_people", column)
