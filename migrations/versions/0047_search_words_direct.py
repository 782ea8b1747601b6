"""The team store's words index takes a row's words when it is written: no half-merged words

Revision ID: 0047_search_words_direct
Revises: 0046_search_newest_first
Create Date: 2026-12-08 02:00:00

0030's GIN index on `search_words.words` kept PostgreSQL's `fastupdate`: new words wait in the
index's pending list until autovacuum's autoanalyze (or a VACUUM, or a write that fills the
list) moves them into its tree, key after key in the keys' order. A search running meanwhile
can meet a row under one of its words (`budget`) and not yet under a later one (`reforecast`),
and for plain words and prefixes the index's answer is not checked against the row again: an
excluded word did not exclude (`budget -reforecast` found the meetings whose agenda says
"Budget reforecast", once in about four CI runs, when autovacuum reached the test's new
database right then). Without the pending list a write puts all its words into the tree
before it commits, and a search sees all of a committed row's words or none of them; the list
left by earlier writes is merged now. Searches no longer read a pending list either. The team
store only.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0047_search_words_direct"
down_revision: str | None = "0046_search_newest_first"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_search_words_words"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER INDEX {INDEX} SET (fastupdate = off)")
        op.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER INDEX {INDEX} RESET (fastupdate)")
