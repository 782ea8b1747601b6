"""The portfolio report ("publish your work"): outcomes first (packs/outcomes.py), then every
alliance at a glance, escalations resolved, and our own practice as the evidence behind them.
Internal only: it has no version for the partner."""

from __future__ import annotations

from collections import Counter

from alliance_desk.core.dates import shown
from alliance_desk.core.packs import (
    Pack,
    PackInputs,
    PackKind,
    Section,
    Table,
    Text,
    counted,
    rows,
)
from alliance_desk.packs.outcomes import baseline_section, outcome_sections


def portfolio_report(inputs: PackInputs) -> Pack:
    assert inputs.period is not None, "a portfolio report covers a period"
    first, last = inputs.period
    alliances = inputs.alliances
    names = {a.id: a.name for a in alliances}
    resolved = [
        e
        for e in inputs.escalations
        if e.resolved_on is not None and first <= e.resolved_on <= last
    ]
    cycle = [(e.resolved_on - e.draft.raised_on).days for e in resolved]
    active_risk = Counter(r.alliance_id for r in inputs.risks if r.draft.score >= 10)
    completed = [p for p in inputs.plans if p.progress().complete]
    contacts = Counter(i.alliance_id for i in inputs.interactions)
    sections = (
        *outcome_sections(inputs),
        Section.of(
            "Portfolio at a glance",
            Table(
                ("Alliance", "Partner", "Tier", "Phase", "Value (M)", "High risks", "Contacts"),
                rows(
                    sorted(alliances, key=lambda a: (a.tier, a.name)),
                    lambda a: a.name,
                    lambda a: a.partner,
                    lambda a: a.tier,
                    lambda a: a.phase.label,
                    lambda a: a.value_shown,
                    lambda a: active_risk.get(a.id, 0),
                    lambda a: contacts.get(a.id, 0),
                ),
                (3, 2.2, 0.6, 1.4, 1, 0.9, 0.9),
            ),
            summary=counted(len(alliances), "one alliance", "{n} alliances")
            + ": tier, phase, value, high risks and contacts",
        ),
        Section.of(
            "Escalations resolved",
            Text(
                f"{len(resolved)} resolved between {shown(first)} and {shown(last)}"
                + (f"; average cycle time {sum(cycle) / len(cycle):.0f} days" if cycle else "")
                + (
                    f"; {sum(e.draft.delay_days for e in resolved)} days of delay dealt with."
                    if resolved
                    else "."
                )
            ),
            Table(
                ("Issue", "Alliance", "Raised", "Resolved", "Days", "How"),
                rows(
                    resolved,
                    lambda e: e.title,
                    lambda e: names.get(e.alliance_id, ""),
                    lambda e: shown(e.draft.raised_on),
                    lambda e: shown(e.resolved_on),
                    lambda e: (e.resolved_on - e.draft.raised_on).days,
                    lambda e: e.resolution.kind.label if e.resolution else "",
                ),
                (3, 2, 1.1, 1.1, 0.6, 1.4),
            ),
            summary=counted(len(resolved), "one resolved", "{n} resolved", "none resolved")
            + (f", in {sum(cycle) / len(cycle):.0f} days on average" if cycle else ""),
        ),
        Section.of(
            "Practice: the seven habits (supporting evidence)",
            Table(
                ("Habit", "Check-ins", "Weeks on target", "Strength", "Streak"),
                tuple(
                    (name, str(done), str(weeks), f"{score:.0f}", f"{run} wk")
                    for name, done, weeks, score, run in inputs.habit_lines
                ),
                (3.4, 1, 1.2, 1, 1),
            ),
            summary=counted(len(inputs.habit_lines), "one habit", "{n} habits")
            + ": check-ins, weeks on target, strength and streak",
        ),
        baseline_section(inputs),
        Section.of(
            "Onboarding completed",
            Table(
                ("Person", "Role", "Alliance", "Started"),
                rows(
                    completed,
                    lambda p: p.person_name,
                    lambda p: p.role,
                    lambda p: p.alliance_name,
                    lambda p: shown(p.start_date),
                ),
                (2.4, 2, 3, 1.2),
            ),
            summary=counted(len(completed), "one person", "{n} people") + " fully onboarded",
        ),
    )
    return Pack(
        PackKind.PORTFOLIO,
        "Publishing our work",
        f"Alliance management report, {shown(first)} – {shown(last)}",
        inputs.audience,
        inputs.today,
        (
            ("Period", f"{shown(first)} – {shown(last)}"),
            ("Alliances", str(len(alliances))),
            ("Audience", inputs.audience.label),
            ("Prepared", shown(inputs.today)),
        ),
        sections,
    )
