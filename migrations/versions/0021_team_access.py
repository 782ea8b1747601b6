"""The team store enforces who sees and changes what: access per alliance, authorship, history

Revision ID: 0021_team_access
Revises: 0020_today_snooze
Create Date: 2026-12-05 09:00:00

On PostgreSQL (see alliance_desk/store/access.py for the rules and the recipe a later table
follows): a member sees only the alliances granted to them (`team_grants`) and what hangs from
them; row-level security is FORCEd; who recorded a row, when history was written and each
row's version are set by the server; members cannot delete alliances, history others
recorded, or anything hidden from them (not even through a cascade); `alembic_version` is
read-only to members; `team_audit` records every change. Alliances existing before this
revision are granted to every member of the team role, so nobody loses what they saw; an
administrator then narrows it. On a local SQLite file (one user) nothing changes.
"""

from collections.abc import Sequence

from alembic import op

from alliance_desk.store import access

revision: str = "0021_team_access"
down_revision: str | None = "0020_today_snooze"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM, ADMIN = access.TEAM, access.ADMIN
KEYS = {
    "governance_body_members": ("body_id", "stakeholder_id"),
    "health_scores": ("check_id", "dimension"),
    "interaction_people": ("interaction_id", "person_id"),
    "meeting_attendees": ("meeting_id", "person_id"),
}
PERMISSIVE = {"interactions", "interaction_people", "habit_checkins"}
PERSONAL = (
    "habit_checkins",
    "habit_targets",
    "habit_dismissed_credits",
    "habit_weekly_reviews",
    "today_snoozes",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _roles()
    op.execute(
        f"""
        CREATE TABLE team_grants (
            member varchar(63) NOT NULL,
            alliance_id integer NOT NULL REFERENCES alliances (id) ON DELETE CASCADE
                DEFERRABLE INITIALLY DEFERRED,
            granted_by varchar(63) NOT NULL DEFAULT current_user,
            granted_at timestamptz NOT NULL DEFAULT statement_timestamp(),
            PRIMARY KEY (member, alliance_id)
        );
        CREATE TABLE team_audit (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT statement_timestamp(),
            actor varchar(63) NOT NULL DEFAULT session_user,
            table_name varchar(63) NOT NULL,
            action varchar(10) NOT NULL,
            record jsonb,
            columns text[]
        );
        CREATE INDEX ix_team_grants_alliance ON team_grants (alliance_id);
        INSERT INTO team_grants (member, alliance_id, granted_by)
            SELECT r.rolname, a.id, current_user FROM alliances a CROSS JOIN pg_roles r
            WHERE r.rolcanlogin AND NOT r.rolsuper AND pg_has_role(r.oid, '{TEAM}', 'MEMBER');
        SET CONSTRAINTS ALL IMMEDIATE;
        """
    )
    for function in access.FUNCTIONS:
        op.execute(function)
    op.execute(
        """
        CREATE TRIGGER ad_insert_only BEFORE UPDATE OR DELETE ON team_audit
            FOR EACH ROW EXECUTE FUNCTION ad_insert_only();
        CREATE TRIGGER ad_insert_only_truncate BEFORE TRUNCATE ON team_audit
            FOR EACH STATEMENT EXECUTE FUNCTION ad_insert_only();
        CREATE TRIGGER ad_grant_creator BEFORE INSERT ON alliances
            FOR EACH ROW EXECUTE FUNCTION ad_grant_creator();
        ALTER TABLE team_grants ENABLE ROW LEVEL SECURITY;
        CREATE POLICY readable ON team_grants FOR SELECT
            USING (member = current_user OR ad_is_admin(current_user));
        CREATE POLICY administered ON team_grants
            USING (ad_is_admin(current_user)) WITH CHECK (ad_is_admin(current_user));
        """
    )
    _backfill_authors()
    for statement in _protections():
        op.execute(statement)
    for table in PERSONAL:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    _privileges()


def _roles() -> None:
    """The member and administrator roles; `team init` makes them (and the owner) first, so
    only a store migrated by a superuser (or a role that may create roles) makes them here."""
    op.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{TEAM}') THEN
                CREATE ROLE {TEAM} NOLOGIN;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ADMIN}') THEN
                CREATE ROLE {ADMIN} NOLOGIN;
            END IF;
            IF NOT pg_has_role('{ADMIN}', '{TEAM}', 'MEMBER') THEN
                GRANT {TEAM} TO {ADMIN};
            END IF;
        END $$
        """
    )


def _backfill_authors() -> None:
    """Rows from before: whoever the row already names recorded it; otherwise nobody ('')
    does, and only an administrator may delete it if it is history."""
    tables = (*access.DIRECT, *access.NULLABLE, *access.CHILDREN, "alliances", *access.SHARED)
    for table in tables:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN created_by varchar(63) NOT NULL DEFAULT '', "
            "ADD COLUMN updated_by varchar(63) NOT NULL DEFAULT ''"
        )
    for table, columns in access.WHO.items():
        if columns[0] != "resolved_by":
            op.execute(f"UPDATE {table} SET created_by = {columns[0]}")


def _protections():
    yield from access.protect_sql("alliances", versioned=True)
    for table in access.SHARED:
        yield from access.protect_sql(table, versioned=table in access.VERSIONED)
    for table in (*access.DIRECT, *access.NULLABLE, *access.CHILDREN):
        parent = access.CHILDREN.get(table)
        yield from access.protect_sql(
            table,
            alliance=None if parent else "alliance_id",
            parent=parent,
            history=table in access.HISTORY,
            who=access.WHO.get(table, ()),
            versioned=table in access.VERSIONED,
            stamped_at=table in access.STAMPED_AT,
            key=KEYS.get(table, ("id",)),
            has_permissive_policy=table in PERMISSIVE,
        )


def _privileges() -> None:
    op.execute(
        f"""
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM PUBLIC, {TEAM};
        GRANT SELECT ON alembic_version TO {TEAM};
        REVOKE DELETE ON alliances FROM {TEAM};
        GRANT DELETE ON alliances TO {ADMIN};
        REVOKE ALL ON team_grants FROM PUBLIC, {TEAM};
        GRANT SELECT ON team_grants TO {TEAM};
        GRANT SELECT, INSERT, DELETE ON team_grants TO {ADMIN};
        REVOKE ALL ON team_audit FROM PUBLIC, {TEAM};
        REVOKE ALL ON SEQUENCE team_audit_id_seq FROM PUBLIC, {TEAM};
        GRANT SELECT ON team_audit TO {ADMIN};
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    tables = ("alliances", *access.SHARED, *access.DIRECT, *access.NULLABLE, *access.CHILDREN)
    for table in tables:
        for trigger in ("ad_stamp", "ad_guard", "ad_audit"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute(f"DROP POLICY IF EXISTS granted_alliance ON {table}")
        op.execute(f"DROP POLICY IF EXISTS team_rows ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        if table not in PERMISSIVE:
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS created_by")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS updated_by")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS recorded_at")
    for table in PERSONAL:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute("DROP TRIGGER IF EXISTS ad_grant_creator ON alliances")
    op.execute("DROP TABLE team_audit")
    op.execute("DROP TABLE team_grants")
    for name in ("ad_guard", "ad_stamp", "ad_audit", "ad_insert_only", "ad_grant_creator"):
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP FUNCTION IF EXISTS ad_granted(integer, name)")
    op.execute("DROP FUNCTION IF EXISTS ad_granted_now(integer)")
    op.execute("DROP FUNCTION IF EXISTS ad_is_admin(name)")
    op.execute(f"GRANT DELETE ON alliances TO {TEAM}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON alembic_version TO {TEAM}")
