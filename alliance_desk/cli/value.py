"""`alliance-desk value [--alliance A]`: the value picture in a terminal — every alliance on
risk × value with its tier, quadrant and time lost; milestones open and slipped or due; and
each KPI against its target (the Value section shows the same)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def value_command(args: Any) -> int:
    from alliance_desk.cli.records import find_alliance, open_store
    from alliance_desk.core.placement import place, time_lost
    from alliance_desk.core.rhythm import RhythmFacts, missing
    from alliance_desk.core.value import due_soon, slipped
    from alliance_desk.store import escalations, governance, portfolio, risks, value
    from alliance_desk.store.policy import load_policy

    today = date.today()
    store = open_store(args.db)
    try:
        only = find_alliance(store, args.alliance).id if args.alliance else None
        policy = load_policy(store)
        alliances = portfolio.list_alliances(store)
        issues = escalations.list_escalations(store)
        decisions = risks.list_decisions(store)
        milestones = value.list_milestones(store)
        placed = place(
            alliances,
            risks=risks.list_risks(store, history=False),
            escalations=issues,
            checks=governance.list_checks(store),
            milestones=milestones,
            today=today,
            policy=policy.sla,
        )
        kpis = value.list_kpis(store, only)
        facts = value.rhythm_facts(store, datetime.now())
    finally:
        store.close()
    lost = time_lost(decisions, issues, today, policy.sla)
    names = {a.id: a.name for a in alliances}
    out = [f"Value, {today:%A %d %B %Y}", "", "Risk × value (value, risk 1–5; 3 and up is high)"]
    for p in placed:
        if only is not None and p.alliance_id != only:
            continue
        gaps = missing(policy.rhythm(p.tier), facts.get(p.alliance_id, RhythmFacts(0)), today)
        days = lost[p.alliance_id].total if p.alliance_id in lost else 0
        out.append(
            f"  {p.name} — tier {p.tier} — value {p.value:.1f}, risk {p.risk:.1f}: "
            f"{p.quadrant.label} — time lost {days} days"
        )
        out.append(f"      rhythm: {'; '.join(gaps) if gaps else 'kept'}")
    mine = [m for m in milestones if only is None or m.alliance_id == only]
    late = [m for m in slipped(mine, today) if m.draft.status.open]
    soon = [m for m in due_soon(mine, today, 30) if not m.slipped(today)]
    out += ["", f"Milestones open and slipped ({len(late)})"]
    out += [
        f"  {m.title} — {names.get(m.alliance_id, '')} — planned {m.draft.planned_on}, "
        f"expected {m.expected_on(today)}: {m.slip_days(today)} days late"
        for m in late
    ] or ["  None."]
    out += ["", f"Milestones due within 30 days ({len(soon)})"]
    out += [
        f"  {m.title} — {names.get(m.alliance_id, '')} — {m.expected_on(today)}" for m in soon
    ] or ["  None."]
    out += ["", f"KPIs ({len(kpis)})"]
    out += [
        f"  {k.name} — {names.get(k.alliance_id, '')} — {k.show(k.latest)} against "
        f"{k.show(k.draft.target)}: {k.status.label}, {k.trend.label}"
        for k in kpis
    ] or ["  None."]
    print("\n".join(out))
    return 0
