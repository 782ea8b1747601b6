"""A member's statements look their grants up once, not once a row

Revision ID: 0036_grant_lookups
Revises: 0035_last_contacts
Create Date: 2026-12-05 04:40:00

On the team store every table hanging from an alliance had the restrictive policy
`ad_granted(alliance_id)`: a function (with its own search_path, so PostgreSQL cannot inline
it) called for every row a member's statement reads, each call a query of `team_grants`
(≈ 18 µs). A member's Today at ten times the heavy portfolio spent ≈ 2 s there, a superuser's
0.3 s. The condition is now a subquery of the member's own grants, which PostgreSQL reads once
a statement into a hash and probes per row. It admits exactly the same rows: the grants of
`current_user`, read under `team_grants`' own policy, a row without an alliance only where it
was admitted before (habit check-ins, pack exports).

`team_grants`' policies asked `ad_is_admin(current_user)` of every grant row another member
holds, each time a statement read the grants; it is asked once a statement now.

An alliance its own creating statement must see (INSERT … RETURNING: the grant is made by a
trigger of that very statement, which a subquery's snapshot does not show) is still found by
the volatile `ad_granted_now`, asked now only of rows the reader created.

On a local SQLite file nothing changes.
"""

from collections.abc import Sequence

from alembic import op

from alliance_desk.store import access

revision: str = "0036_grant_lookups"
down_revision: str | None = "0035_last_contacts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables holding an alliance_id of their own: those 0021 protected (access.DIRECT, which
# only ever lists those; later tables join through protect_sql) and 0022's.
ALLIANCE_TABLES = (*access.DIRECT, "milestones", "kpis", "kpi_actuals")
NULLABLE = access.NULLABLE


def _policy(table: str, condition: str) -> str:
    return f"ALTER POLICY granted_alliance ON {table} USING ({condition}) WITH CHECK ({condition})"


def statements(lookups: bool = True) -> list[str]:
    """The policies with the grants looked up once a statement (or, `lookups=False`, as they
    were before: a function call a row). The tests run both on one store and compare."""
    if lookups:
        granted = {table: access._visible(table) for table in ("alliances", *ALLIANCE_TABLES)}
        granted |= {table: access._visible(table) for table in NULLABLE}
        admin = access.IS_ADMIN
    else:
        granted = {"alliances": "ad_granted_now(id)"}
        granted |= {table: "ad_granted(alliance_id)" for table in ALLIANCE_TABLES}
        granted |= {table: "alliance_id IS NULL OR ad_granted(alliance_id)" for table in NULLABLE}
        admin = "ad_is_admin(current_user)"
    return [
        *(_policy(table, condition) for table, condition in granted.items()),
        f"ALTER POLICY readable ON team_grants USING (member = current_user OR {admin})",
        f"ALTER POLICY administered ON team_grants USING ({admin}) WITH CHECK ({admin})",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in statements():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in statements(lookups=False):
            op.execute(statement)
