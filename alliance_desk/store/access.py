"""Who may see and change what on the team store, enforced by PostgreSQL itself.

The SQL here is run by migrations (0021 and any later one that adds a table); the app never
relies on it to hide anything, and a member typing SQL by hand meets the same rules.

The rules:
- **Per alliance.** A member sees an alliance, and everything that hangs from it, only when an
  administrator granted it to them (`team_grants`; `alliance-desk team grant`). Whoever
  creates an alliance is granted it. Row-level security is FORCEd, so the role owning the
  tables is subject to it too; superusers are not (PostgreSQL exempts them from all of it).
- **Authorship is the server's.** `owner`, `recorded_by`, `created_by` are set from
  current_user when a row is inserted and never change; `updated_by` is whoever changed it
  last; `resolved_by` can only become oneself (or be cleared). History rows get the server's
  `recorded_at`, which cannot be changed either.
- **Nothing hidden can be destroyed.** A delete (or a cascade's update) that would reach a row
  the member may not see is refused (the check runs as the member, `session_user`, even inside
  a foreign-key cascade, where PostgreSQL itself skips row security); members may not delete
  alliances at all (the app hides a deleted alliance and an administrator purges it) and may
  delete history-bearing records only if they recorded them. Administrators may purge.
- **Versions are the server's.** Every UPDATE of a versioned row increments `version`, so a
  change typed by hand also defeats a stale save.
- **Audit.** Every insert, change and delete of team data is written to `team_audit` (who,
  when, which table, which record, which columns): insert-only, readable by administrators.

Recipe for a migration that adds a table hanging from an alliance (say `values` with an
`alliance_id`, or `value_notes` with a `value_id`): after creating it, on PostgreSQL only,

    from alliance_desk.store import access
    for statement in access.protect_sql("values", alliance="alliance_id"):
        op.execute(statement)
    for statement in access.protect_sql("value_notes", parent=("value_id", "values")):
        op.execute(statement)

(`history=True` for records members may not delete unless they recorded them; `who=[...]`
for columns holding who recorded the row). `protect_sql` adds `created_by` / `updated_by`,
the policies, the stamping, version, guard and audit triggers. It needs the functions 0021
creates, so it can be used by any migration after 0021. A table whose text search finds also
needs its source in `search_words` (migration 0030: a SECURITY DEFINER trigger taking the
alliance from its parent's words), and search_records must apply any new policy it gets.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

OWNER = "alliance_desk_owner"
TEAM = "alliance_desk_team"
ADMIN = "alliance_desk_admin"
ROLES = (OWNER, TEAM, ADMIN)

# Tables holding an alliance_id of their own (nullable ones: rows without an alliance are
# visible to all, within the table's other policies).
DIRECT = (
    "stakeholders",
    "north_star_history",
    "interactions",
    "escalations",
    "governance_bodies",
    "health_checks",
    "obligations",
    "risks",
    "decisions",
    "insights",
)
NULLABLE = ("habit_checkins", "pack_exports")
# Tables hanging from another: table -> (its foreign key, the parent table).
CHILDREN: dict[str, tuple[str, str]] = {
    "stakeholder_ratings": ("stakeholder_id", "stakeholders"),
    "counterparts": ("internal_id", "stakeholders"),
    "onboarding_plans": ("stakeholder_id", "stakeholders"),
    "onboarding_items": ("plan_id", "onboarding_plans"),
    "interaction_people": ("interaction_id", "interactions"),
    "escalation_events": ("escalation_id", "escalations"),
    "governance_body_members": ("body_id", "governance_bodies"),
    "meetings": ("body_id", "governance_bodies"),
    "risk_ratings": ("risk_id", "risks"),
    "health_scores": ("check_id", "health_checks"),
    "action_items": ("meeting_id", "meetings"),
    "agenda_items": ("meeting_id", "meetings"),
    "meeting_attendees": ("meeting_id", "meetings"),
}
# Tables added after 0021 that hang from another, put under the rules by their own migration
# through `protect_sql` (which also records them here). Kept apart from CHILDREN, which is
# what 0021 itself protects: a migration's work must not change with later ones.
ADDED_LATER: dict[str, tuple[str, str]] = {
    "minutes_amendments": ("meeting_id", "meetings"),  # 0023
}


def _parent(table: str) -> tuple[str, str] | None:
    return CHILDREN.get(table) or ADDED_LATER.get(table)


# Records whose removal destroys history: members delete only those they recorded.
HISTORY = (
    "interactions",
    "escalations",
    "escalation_events",
    "north_star_history",
    "risk_ratings",
    "decisions",
    "health_checks",
    "insights",
)
# History rows: the server stamps when they were written.
STAMPED_AT = ("escalation_events", "north_star_history", "risk_ratings", "stakeholder_ratings")
# Columns that say who recorded a row (besides created_by / updated_by).
WHO = {
    "interactions": ("owner",),
    "risk_ratings": ("recorded_by",),
    "decisions": ("recorded_by",),
    "insights": ("recorded_by",),
    "health_checks": ("recorded_by",),
    "pack_exports": ("recorded_by",),
    "habit_checkins": ("recorded_by",),
    "escalations": ("resolved_by",),
}
VERSIONED = (
    "alliances",
    "people",
    "stakeholders",
    "escalations",
    "risks",
    "decisions",
    "obligations",
    "insights",
    "governance_bodies",
    "meetings",
    "action_items",
    "onboarding_plans",
    "onboarding_items",
)
# What only the server keeps (the models, shared with SQLite files, do not declare them).
SERVER_TABLES = ("team_grants", "team_audit", "search_words")
SERVER_COLUMNS = ("created_by", "updated_by", "recorded_at")
# Shared tables outside any alliance that are audited and stamped too.
SHARED = ("people",)


def alliance_of(table: str, depth: int = 0) -> str:
    """An SQL expression giving the alliance of the row `$1` of `table` (for EXECUTE … USING)."""
    return _alliance_of(table, "$1", depth)


def _alliance_of(table: str, row: str, depth: int) -> str:
    if table == "alliances":
        return f"({row}).id" if depth == 0 else f"{row}.id"
    hanging = _parent(table)
    if table in DIRECT or table in NULLABLE or hanging is None:
        return f"({row}).alliance_id" if depth == 0 else f"{row}.alliance_id"
    key, parent = hanging
    alias = f"p{depth}"
    mine = f"({row}).{key}" if depth == 0 else f"{row}.{key}"
    inner = _alliance_of(parent, alias, depth + 1)
    return f"(SELECT {inner} FROM {parent} {alias} WHERE {alias}.id = {mine})"


FUNCTIONS = (
    # Is `who` an administrator of the team store (superusers are)?
    f"""
    CREATE OR REPLACE FUNCTION ad_is_admin(who name) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
        SELECT pg_has_role(who, '{ADMIN}', 'MEMBER')
    $$
    """,
    # Was alliance `alliance` granted to `who`?
    """
    CREATE OR REPLACE FUNCTION ad_granted(alliance integer, who name DEFAULT current_user)
    RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
        SELECT EXISTS (
            SELECT 1 FROM public.team_grants g WHERE g.alliance_id = alliance AND g.member = who
        )
    $$
    """,
    # The same, seeing grants made earlier in the statement (by the trigger below): a STABLE
    # function sees the statement's snapshot, a VOLATILE one takes a new one.
    """
    CREATE OR REPLACE FUNCTION ad_granted_now(alliance integer) RETURNS boolean
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, public AS $$
        SELECT EXISTS (
            SELECT 1 FROM public.team_grants g
            WHERE g.alliance_id = alliance AND g.member = current_user
        )
    $$
    """,
    # Whoever creates an alliance may see it (runs as the owner: members cannot grant).
    """
    CREATE OR REPLACE FUNCTION ad_grant_creator() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    BEGIN
        INSERT INTO public.team_grants (member, alliance_id, granted_by)
        VALUES (session_user, NEW.id, session_user) ON CONFLICT DO NOTHING;
        RETURN NEW;
    END
    $$
    """,
    # Authorship, server timestamps and versions: TG_ARGV names the columns to stamp.
    """
    CREATE OR REPLACE FUNCTION ad_stamp() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    DECLARE
        col text;
        fix jsonb := '{}';
        old_row jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
        new_row jsonb := to_jsonb(NEW);
    BEGIN
        FOREACH col IN ARRAY TG_ARGV LOOP
            IF col = 'updated_by' THEN
                fix := fix || jsonb_build_object(col, current_user::text);
            ELSIF col = 'version' THEN
                IF TG_OP = 'UPDATE' THEN
                    fix := fix || jsonb_build_object(col, (old_row->>col)::integer + 1);
                END IF;
            ELSIF col = 'recorded_at' THEN
                fix := fix || jsonb_build_object(col, CASE WHEN TG_OP = 'INSERT'
                    THEN to_jsonb(statement_timestamp()) ELSE old_row->col END);
            ELSIF col = 'resolved_by' THEN
                IF TG_OP = 'INSERT' OR new_row->col IS DISTINCT FROM old_row->col THEN
                    fix := fix || jsonb_build_object(col, CASE
                        WHEN coalesce(new_row->>col, '') = '' THEN '' ELSE current_user::text END);
                END IF;
            ELSIF TG_OP = 'INSERT' THEN
                fix := fix || jsonb_build_object(col, current_user::text);
            ELSE
                fix := fix || jsonb_build_object(col, old_row->col);
            END IF;
        END LOOP;
        NEW := jsonb_populate_record(NEW, fix);
        RETURN NEW;
    END
    $$
    """,
    # Refuse a delete (or a cascade's update) reaching a row the acting member may not see,
    # or a history record someone else recorded. TG_ARGV: the row's alliance (an expression
    # of $1), a "hidden from $2" expression, 'history' or ''.
    """
    CREATE OR REPLACE FUNCTION ad_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
    DECLARE
        alliance integer;
        hidden boolean;
        actor name := session_user;
    BEGIN
        IF ad_is_admin(actor) THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_ARGV[0] <> '' THEN
            EXECUTE 'SELECT ' || TG_ARGV[0] INTO alliance USING OLD;
            IF alliance IS NOT NULL AND NOT ad_granted(alliance, actor) THEN
                RAISE insufficient_privilege USING MESSAGE = format(
                    'permission denied: %s reaches records of an alliance not granted to %s',
                    TG_OP, actor);
            END IF;
        END IF;
        IF TG_ARGV[1] <> '' THEN
            EXECUTE 'SELECT ' || TG_ARGV[1] INTO hidden USING OLD, actor;
            IF hidden THEN
                RAISE insufficient_privilege USING MESSAGE = format(
                    'permission denied: %s reaches a private record of someone else', TG_OP);
            END IF;
        END IF;
        IF TG_OP = 'DELETE' AND TG_ARGV[2] = 'history'
           AND (to_jsonb(OLD)->>'created_by') IS DISTINCT FROM actor::text THEN
            RAISE insufficient_privilege USING MESSAGE = format(
                'permission denied: only who recorded it or an administrator may delete from %s',
                TG_TABLE_NAME);
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END
    $$
    """,
    # Who changed what and when, written as the owner: members cannot write it themselves.
    """
    CREATE OR REPLACE FUNCTION ad_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    DECLARE
        old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
        key jsonb := '{}';
        col text;
        changed text[];
    BEGIN
        FOREACH col IN ARRAY TG_ARGV LOOP
            key := key || jsonb_build_object(col, coalesce(new_row, old_row)->col);
        END LOOP;
        IF TG_OP = 'UPDATE' THEN
            SELECT array_agg(n.key ORDER BY n.key) INTO changed
            FROM jsonb_each(new_row) n JOIN jsonb_each(old_row) o USING (key)
            WHERE n.value IS DISTINCT FROM o.value;
        END IF;
        INSERT INTO public.team_audit (table_name, action, record, columns)
        VALUES (TG_TABLE_NAME, TG_OP, key, changed);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION ad_insert_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE insufficient_privilege USING MESSAGE = TG_TABLE_NAME || ' is insert-only';
    END
    $$
    """,
)

# Who can see a private interaction; a link to one is hidden as the interaction is.
_HIDDEN = {
    "interactions": "($1).private AND ($1).owner <> $2",
    "interaction_people": (
        "EXISTS (SELECT 1 FROM interactions i WHERE i.id = ($1).interaction_id "
        "AND i.private AND i.owner <> $2)"
    ),
}


# The alliances granted to whoever reads, as a subquery: PostgreSQL reads the grants once a
# statement and looks each row up in a hash (calling ad_granted per row cost ≈ 18 µs a row:
# ≈ 2 s of a member's Today at ten times the heavy portfolio; migration 0036).
GRANTED = "(SELECT g.alliance_id FROM team_grants g WHERE g.member = current_user)"
# An administrator reads every grant: asked once a statement (an InitPlan), not once a row.
IS_ADMIN = "(SELECT ad_is_admin(current_user))"


def _visible(table: str) -> str:
    """The restrictive policy's condition: the row belongs to a granted alliance."""
    if table == "alliances":
        # The grant its creation made is seen by the creating statement (RETURNING) only
        # through the volatile function: asked of the rows one created, not of every row.
        return f"id IN {GRANTED} OR (created_by = current_user AND ad_granted_now(id))"
    if table in NULLABLE:
        return f"alliance_id IS NULL OR alliance_id IN {GRANTED}"
    hanging = _parent(table)
    if hanging is not None:
        key, parent = hanging
        return f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {table}.{key})"
    return f"alliance_id IN {GRANTED}"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def protect_sql(
    table: str,
    *,
    alliance: str | None = None,
    parent: tuple[str, str] | None = None,
    history: bool = False,
    who: Sequence[str] = (),
    versioned: bool = False,
    stamped_at: bool = False,
    key: Sequence[str] = ("id",),
    has_permissive_policy: bool = False,
) -> Iterator[str]:
    """The statements that put `table` under the team store's rules (see the module's
    docstring). `alliance`: its alliance_id column; `parent`: (foreign key, parent table)."""
    if alliance not in (None, "alliance_id"):
        raise ValueError("name the column alliance_id, as the other tables do")
    if parent is not None:  # its own children find their alliance through it
        ADDED_LATER.setdefault(table, parent)
    yield f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS created_by varchar(63) NOT NULL DEFAULT ''"
    yield f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS updated_by varchar(63) NOT NULL DEFAULT ''"
    if stamped_at:
        yield (
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS recorded_at timestamptz "
            "NOT NULL DEFAULT statement_timestamp()"
        )
    stamps = [*who, "created_by", "updated_by"]
    if stamped_at:
        stamps.append("recorded_at")
    if versioned:
        stamps.append("version")
    args = ", ".join(_quote(column) for column in stamps)
    yield (
        f"CREATE TRIGGER ad_stamp BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION ad_stamp({args})"
    )
    scoped = table == "alliances" or alliance is not None or parent is not None
    if scoped:
        guard = ", ".join(
            _quote(arg)
            for arg in (
                alliance_of(table),
                _HIDDEN.get(table, ""),
                "history" if history else "",
            )
        )
        yield (
            f"CREATE TRIGGER ad_guard BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION ad_guard({guard})"
        )
        yield f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"
        yield f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"
        if not has_permissive_policy:
            yield f"CREATE POLICY team_rows ON {table} USING (true) WITH CHECK (true)"
        condition = _visible(table)
        yield (
            f"CREATE POLICY granted_alliance ON {table} AS RESTRICTIVE "
            f"USING ({condition}) WITH CHECK ({condition})"
        )
    elif history:
        yield (
            f"CREATE TRIGGER ad_guard BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION ad_guard('', '', 'history')"
        )
    keys = ", ".join(_quote(column) for column in key)
    yield (
        f"CREATE TRIGGER ad_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION ad_audit({keys})"
    )
