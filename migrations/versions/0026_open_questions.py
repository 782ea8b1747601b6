"""An open question: a decision the register holds before it is taken

Revision ID: 0026_open_questions
Revises: 0025_list_indexes
Create Date: 2026-12-03 12:30:00

`decisions.decided_on` may be NULL: the question was raised (`raised_on`) and is still waiting
for its decision. Every decision already recorded keeps its date. On PostgreSQL the column
only loses its NOT NULL, so the team store's row security, triggers and indexes on the table
stay as they are. SQLite changes a column by copying the table, which drops the table's
triggers: the search index's triggers on decisions (revision 0024) are created again.

Going back down refuses while an open question exists: giving it a decision day it never had
would be a lie, and deleting it would lose it.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0026_open_questions"
down_revision: str | None = "0025_list_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _search_triggers() -> list[str]:
    """Revision 0024's triggers keeping the search index in step with decisions (its module
    name starts with a digit, so it is loaded from its file)."""
    path = Path(__file__).with_name("0024_search.py")
    spec = importlib.util.spec_from_file_location("alliance_desk_search_revision", path)
    assert spec is not None and spec.loader is not None
    search = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(search)
    (decisions,) = [source for source in search.SOURCES if source[1] == "decisions"]
    return search.triggers(decisions)


def _set_nullable(nullable: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("decisions", "decided_on", existing_type=sa.Date(), nullable=nullable)
        return
    with op.batch_alter_table("decisions") as batch:
        batch.alter_column("decided_on", existing_type=sa.Date(), nullable=nullable)
    for statement in _search_triggers():
        op.execute(statement)


def upgrade() -> None:
    _set_nullable(True)


def downgrade() -> None:
    still_open = op.get_bind().execute(
        sa.text("SELECT count(*) FROM decisions WHERE decided_on IS NULL")
    )
    if still_open.scalar():
        raise RuntimeError(
            "Open questions are recorded (decisions without a decided date): decide or "
            "delete them before going back to a version that cannot hold them."
        )
    _set_nullable(False)
