"""`alliance-desk value [--alliance A]`: the value picture in a terminal — every alliance on
risk × value with its tier, quadrant and time lost; the open questions, slowest first;
milestones open and slipped or due; and each KPI against its target (the Value section shows
the same)."""

from __future__ import annotations

from typing import Any

from alliance_desk.core import wall


def value_command(args: Any) -> int:
    from alliance_desk.cli.records import find_alliance, open_store
    from alliance_desk.core import dates
    from alliance_desk.core.placement import shown
    from alliance_desk.core.time_cost import TIME_LOST_FORMULA
    from alliance_desk.core.value import due_soon, slipped
    from alliance_desk.store import portfolio, value, value_facts
    from alliance_desk.store.policy import load_policy

    today = wall.today()
    store = open_store(args.db, reads_only=True)
    try:
        only = find_alliance(store, args.alliance).id if args.alliance else None
        picture = value_facts.value_picture(store, load_policy(store), today, wall.now())
        questions = value_facts.open_questions(store, only, today)
        names = portfolio.alliance_names(store)
        milestones = value.list_milestones(store, only)
        kpis = value.list_kpis(store, only)
    finally:
        store.close()
    out = [
        f"Value, {dates.shown_long(today)}",
        "",
        "Risk × value (value, risk 1–5; 3 and up is high)",
    ]
    for line in picture:
        p = line.placement
        if only is not None and p.alliance_id != only:
            continue
        out.append(
            f"  {p.name} — tier {p.tier} — value {shown(p.value):.1f}, risk {shown(p.risk):.1f}: "
            f"{p.quadrant.label} — time lost {line.lost} days"
        )
        out.append(f"      rhythm: {'; '.join(line.missing) if line.missing else 'kept'}")
    out.append(f"  {TIME_LOST_FORMULA}")
    out += _section(
        "Open questions, slowest first",
        [
            f"  {q.title} — {names.get(q.alliance_id, '')} — open {q.days_open} days "
            f"(raised {dates.shown(q.decision.draft.raised_on)})"
            for q in questions
        ],
        "  None: every question raised is decided.",
    )
    late = [m for m in slipped(milestones, today) if m.draft.status.open]
    soon = [m for m in due_soon(milestones, today, 30) if not m.slipped(today)]
    out += _section(
        "Milestones open and slipped",
        [
            f"  {m.title} — {names.get(m.alliance_id, '')} — "
            f"planned {dates.shown(m.draft.planned_on)}, "
            f"expected {dates.shown(m.expected_on(today))}: {m.slip_days(today)} days late"
            for m in late
        ],
    )
    out += _section(
        "Milestones due within 30 days",
        [
            f"  {m.title} — {names.get(m.alliance_id, '')} — {dates.shown(m.expected_on(today))}"
            for m in soon
        ],
    )
    out += ["", f"KPIs ({len(kpis)})"]
    out += [
        f"  {k.name} — {names.get(k.alliance_id, '')} — {k.show(k.latest)} against "
        f"{k.show(k.draft.target)}: {k.status.label}, {k.trend.label}"
        for k in kpis
    ] or ["  None."]
    print("\n".join(out))
    return 0


def _section(title: str, lines: list[str], empty: str = "  None.") -> list[str]:
    """A titled list with its count, or the line saying there is none."""
    return ["", f"{title} ({len(lines)})", *(lines or [empty])]
