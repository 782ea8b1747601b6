"""Every record a user may jump to by name (the command palette, Ctrl+K): alliances, people,
onboarding plans, escalations, registers and meetings of live alliances, as `core.records.Named`
values. Plain Core, one query per kind: at heavy scale (≈ 15,000 names) well under 0.1 s."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from alliance_desk.core.dates import shown
from alliance_desk.core.records import Named, Opens
from alliance_desk.store.database import Store
from alliance_desk.store.models import (
    AllianceRow,
    DecisionRow,
    EscalationRow,
    GovernanceBodyRow,
    InsightRow,
    KpiRow,
    MeetingRow,
    MilestoneRow,
    ObligationRow,
    PersonRow,
    PlanRow,
    RiskRow,
    StakeholderRow,
    table,
)

REGISTERS = (  # what a record opens, its table, and the column naming it
    ("risks", RiskRow, "title"),
    ("decisions", DecisionRow, "title"),
    ("obligations", ObligationRow, "title"),
    ("insights", InsightRow, "title"),
    ("milestones", MilestoneRow, "title"),
    ("kpis", KpiRow, "name"),
)


def named_records(store: Store) -> list[Named]:
    """Every record of every live alliance the user can read, with its alliance's name."""
    alliances = table(AllianceRow).c
    people, places = table(PersonRow).c, table(StakeholderRow).c
    live = alliances.deleted_at.is_(None)
    out: list[Named] = []
    with store.read() as session:

        def rows(*columns: Any, joined: Any, on: Any) -> list[Any]:
            source = joined.join(table(AllianceRow), on)
            query = select(*columns, alliances.name).select_from(source).where(live)
            return list(session.execute(query).all())

        for a in session.execute(
            select(alliances.id, alliances.name, alliances.partner).where(live)
        ):
            out.append(Named(a.name, a.partner, Opens("alliance", a.id, a.id)))
        person_rows = rows(
            places.id,
            places.alliance_id,
            people.name,
            joined=table(StakeholderRow).join(table(PersonRow), people.id == places.person_id),
            on=alliances.id == places.alliance_id,
        )
        for sid, alliance_id, name, alliance in person_rows:
            out.append(Named(name, alliance, Opens("person", alliance_id, sid)))
        plans = table(PlanRow).c
        plan_rows = rows(
            plans.id,
            places.alliance_id,
            people.name,
            plans.role,
            joined=table(PlanRow)
            .join(table(StakeholderRow), places.id == plans.stakeholder_id)
            .join(table(PersonRow), people.id == places.person_id),
            on=alliances.id == places.alliance_id,
        )
        for plan_id, alliance_id, name, role, alliance in plan_rows:
            detail = f"{role} on {alliance}"
            out.append(Named(f"Onboarding {name}", detail, Opens("plan", alliance_id, plan_id)))
        issues = table(EscalationRow).c
        for eid, alliance_id, title, alliance in rows(
            issues.id,
            issues.alliance_id,
            issues.title,
            joined=table(EscalationRow),
            on=alliances.id == issues.alliance_id,
        ):
            out.append(Named(title, alliance, Opens("escalation", alliance_id, eid)))
        for what, model, named in REGISTERS:
            records = table(model).c
            for rid, alliance_id, title, alliance in rows(
                records.id,
                records.alliance_id,
                records[named],
                joined=table(model),
                on=alliances.id == records.alliance_id,
            ):
                out.append(Named(title, alliance, Opens(what, alliance_id, rid)))
        bodies, meetings = table(GovernanceBodyRow).c, table(MeetingRow).c
        for mid, alliance_id, body, starts_at, alliance in rows(
            meetings.id,
            bodies.alliance_id,
            bodies.name,
            meetings.starts_at,
            joined=table(MeetingRow).join(table(GovernanceBodyRow), bodies.id == meetings.body_id),
            on=alliances.id == bodies.alliance_id,
        ):
            name = f"{body} {shown(starts_at)}"
            out.append(Named(name, alliance, Opens("meeting", alliance_id, mid)))
    return out
