"""The portfolio report's first pages: outcomes an executive reads — milestones achieved and
slipped, KPIs against target, decisions implemented and how long they took, escalations
resolved and the delay they caused, health, and value by quadrant. The manager's own practice
follows in `portfolio.py` as supporting evidence."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from statistics import mean

from alliance_desk.core.baseline import load_model, trends
from alliance_desk.core.bundle import resource_path
from alliance_desk.core.dates import shown
from alliance_desk.core.escalations import level_label
from alliance_desk.core.packs import (
    Grid,
    Kpis,
    LineChart,
    PackInputs,
    Section,
    Table,
    Text,
    counted,
    rows,
)
from alliance_desk.core.placement import HIGH, Placement, Quadrant, place
from alliance_desk.core.risks import DecisionStatus
from alliance_desk.core.time_cost import (
    TIME_LOST_FORMULA,
    cycle_times_by_level,
    days_to_decide,
    decision_speed,
    decision_trend,
    open_questions,
    time_lost,
)
from alliance_desk.core.value import KpiStatus, slipped
from alliance_desk.packs.value import kpi_section


def _between(when: date | None, first: date, last: date) -> bool:
    return when is not None and first <= when <= last


def placements(inputs: PackInputs) -> list[Placement]:
    return place(
        inputs.alliances,
        risks=inputs.risks,
        escalations=inputs.escalations,
        checks=inputs.checks,
        milestones=inputs.milestones,
        today=inputs.today,
        policy=inputs.sla,
    )


def _health(inputs: PackInputs) -> tuple[float | None, float | None]:
    """Mean of each alliance's latest overall health score, now and at its check before."""
    by_alliance = defaultdict(list)
    for check in sorted(inputs.checks, key=lambda c: c.checked_on):
        by_alliance[check.alliance_id].append(check.overall)
    now = [scores[-1] for scores in by_alliance.values()]
    before = [scores[-2] for scores in by_alliance.values() if len(scores) > 1]
    return (round(mean(now), 1) if now else None, round(mean(before), 1) if before else None)


def headline(inputs: PackInputs) -> Section:
    """One page of headline figures for the period."""
    assert inputs.period is not None
    first, last = inputs.period
    today = inputs.today
    achieved = [m for m in inputs.milestones if _between(m.draft.achieved_on, first, last)]
    late = [m for m in slipped(inputs.milestones, today) if m.draft.status.open]
    kpis = [k for k in inputs.kpis if k.actuals]
    on_target = sum(1 for k in kpis if k.status is KpiStatus.ON_TARGET)
    decided = [d for d in inputs.decisions if _between(d.draft.decided_on, first, last)]
    implemented = sum(1 for d in decided if d.draft.status is DecisionStatus.IMPLEMENTED)
    timed = [t for d in decided if (t := days_to_decide(d)) is not None]
    resolved = [e for e in inputs.escalations if _between(e.resolved_on, first, last)]
    health_now, health_before = _health(inputs)
    placed = placements(inputs)
    at_stake = sum(p.stake for p in placed if p.quadrant is Quadrant.MANAGE_CLOSELY)
    lost = time_lost(inputs.decisions, inputs.escalations, today, inputs.sla)
    figures = (
        ("Milestones achieved", str(len(achieved)), ""),
        ("Milestones open and slipped", str(len(late)), ""),
        ("KPIs on target", f"{on_target} of {len(kpis)}", ""),
        ("Decisions taken / implemented", f"{len(decided)} / {implemented}", ""),
        ("Mean days to decide", f"{mean(timed):.0f}" if timed else "—", ""),
        ("Open questions (longest open)", _open_figure(inputs), ""),
        ("Escalations resolved", str(len(resolved)), ""),
        ("Delay days dealt with", str(sum(e.draft.delay_days for e in resolved)), ""),
        (
            "Health (mean of latest checks)",
            f"{health_now:.1f}" if health_now is not None else "—",
            "—"
            if health_now is None or health_before is None or health_now == health_before
            else ("▲" if health_now > health_before else "▼"),
        ),
        ("Value at stake where risk is high", f"{at_stake:,.0f} M", ""),
    )
    closely = [p.name for p in placed if p.quadrant is Quadrant.MANAGE_CLOSELY]
    story = (
        f"Between {shown(first)} and {shown(last)}: "
        f"{_count(len(achieved), 'milestone')} achieved and "
        f"{len(late)} open past their planned date; {on_target} of {len(kpis)} KPIs on target; "
        f"{_count(len(resolved), 'escalation')} resolved. "
        + (
            f"To manage closely (high value at high risk): {', '.join(closely)}. "
            if closely
            else "No alliance sits at high value and high risk. "
        )
        + f"Time lost across the portfolio: {sum(t.total for t in lost.values())} days."
    )
    return Section.of(
        "Outcomes at a glance",
        Kpis(figures),
        Text(story),
        summary=f"{len(figures)} headline figures for the period, and what they add up to",
    )


def milestone_outcomes(inputs: PackInputs) -> Section:
    assert inputs.period is not None
    first, last = inputs.period
    today = inputs.today
    names = {a.id: a.name for a in inputs.alliances}
    achieved = [m for m in inputs.milestones if _between(m.draft.achieved_on, first, last)]
    late = [m for m in slipped(inputs.milestones, today) if m.draft.status.open]
    return Section.of(
        "Milestones achieved and slipped",
        Table(
            ("Achieved in the period", "Alliance", "Planned", "Achieved", "Slip", "Value"),
            rows(
                sorted(achieved, key=lambda m: m.draft.achieved_on or today),
                lambda m: m.title,
                lambda m: names.get(m.alliance_id, ""),
                lambda m: shown(m.draft.planned_on),
                lambda m: shown(m.draft.achieved_on),
                lambda m: f"{m.slip_days(today)} d" if m.slip_days(today) else "on time",
                lambda m: f"{m.draft.value:,.1f}" if m.draft.value else "",
            ),
            (3, 2.4, 1.1, 1.1, 0.9, 0.8),
        ),
        Table(
            ("Open and slipped", "Alliance", "Planned", "Expected", "Slip", "Value"),
            rows(
                late,
                lambda m: m.title,
                lambda m: names.get(m.alliance_id, ""),
                lambda m: shown(m.draft.planned_on),
                lambda m: shown(m.expected_on(today)),
                lambda m: f"{m.slip_days(today)} d",
                lambda m: f"{m.draft.value:,.1f}" if m.draft.value else "",
            ),
            (3, 2.4, 1.1, 1.1, 0.9, 0.8),
        ),
        summary=counted(len(achieved), "one achieved", "{n} achieved", "none achieved")
        + " in the period; "
        + counted(len(late), "one open and slipped", "{n} open and slipped", "none slipped"),
    )


def _short(name: str) -> str:
    return name if len(name) <= 18 else name[:17].rstrip() + "…"


def _cell(score: float) -> int:
    """A 1–5 score as a cell of the pack's 5 × 5 grid, whose quadrant lines sit between 3
    and 4: high (from `HIGH`) goes to 4–5, low to 1–3."""
    if score >= HIGH:
        return 5 if score >= 4 else 4
    return max(1, min(3, round(score)))


def kpi_outcomes(inputs: PackInputs) -> Section:
    names = {a.id: a.name for a in inputs.alliances}
    named = [  # each KPI with its alliance, shortened: the report covers them all
        replace(k, draft=replace(k.draft, name=f"{_short(names.get(k.alliance_id, ''))}: {k.name}"))
        for k in inputs.kpis
    ]
    section = kpi_section(named, "KPIs against target")
    counts = Counter(k.status for k in inputs.kpis)
    line = ", ".join(f"{counts[s]} {s.label}" for s in KpiStatus if counts[s])
    by = ", ".join(sorted({names.get(k.alliance_id, "") for k in inputs.kpis}))
    note = Text(f"{line}. Alliances measured: {by}." if inputs.kpis else "")
    return replace(section, blocks=(note, *section.blocks))


def _open_figure(inputs: PackInputs) -> str:
    waiting = open_questions(inputs.decisions, inputs.today)
    return f"{len(waiting)} ({waiting[0].days_open} days)" if waiting else "0"


def decision_outcomes(inputs: PackInputs) -> Section:
    today = inputs.today
    names = {a.id: a.name for a in inputs.alliances}
    lost = time_lost(inputs.decisions, inputs.escalations, today, inputs.sla)
    by_alliance: dict[int, list[int]] = defaultdict(list)
    for d in inputs.decisions:
        days = days_to_decide(d)
        if days is not None:
            by_alliance[d.alliance_id].append(days)
    lines = sorted(
        (
            (
                names.get(aid, ""),
                str(len(by_alliance.get(aid, []))),
                f"{mean(by_alliance[aid]):.0f}" if by_alliance.get(aid) else "—",
                str(t.decision_days),
                str(t.escalation_days),
                str(t.total),
            )
            for aid, t in lost.items()
            if aid in names
        ),
        key=lambda line: -int(line[5]),
    )
    forums = decision_speed(inputs.decisions, lambda d: d.draft.forum or "(no forum)")
    quarters = decision_trend(inputs.decisions)[-8:]
    cycles = cycle_times_by_level(inputs.escalations)
    return Section.of(
        "Time to decision and time lost",
        Text(TIME_LOST_FORMULA),
        Table(
            ("Forum", "Timed decisions", "Mean days to decide", "Longest"),
            tuple(
                (f.key, str(f.decisions), f"{f.mean_days:.0f}", str(f.longest_days)) for f in forums
            ),
            (3, 1.2, 1.4, 1),
        ),
        LineChart(
            "Mean days to decide, by quarter decided",
            tuple(quarters),
            0,
            max((days for _, days in quarters), default=1) * 1.1,
        ),
        Table(
            ("Escalations resolved at", "Mean days from raised to resolved"),
            tuple((level_label(level), f"{days:.0f}") for level, days in cycles.items()),
            (3, 2),
        ),
        Table(
            (
                "Alliance",
                "Timed decisions",
                "Mean days",
                "Decisions: days lost",
                "Escalations: days lost",
                "Time lost",
            ),
            tuple(lines),
            (3, 1, 0.9, 1.2, 1.3, 0.9),
        ),
        Table(
            ("Open questions, slowest first", "Alliance", "Raised", "Days open"),
            tuple(
                (
                    q.title,
                    names.get(q.alliance_id, ""),
                    shown(q.decision.draft.raised_on),
                    str(q.days_open),
                )
                for q in open_questions(inputs.decisions, today)
            ),
            (4, 2, 1.2, 0.9),
        ),
        summary="how it is counted; "
        + counted(len(forums), "one forum", "{n} forums")
        + " by days to decide, the trend by quarter; time lost by alliance; "
        + counted(
            len(open_questions(inputs.decisions, today)),
            "one open question",
            "{n} open questions",
        ),
    )


def quadrant_outcomes(inputs: PackInputs) -> Section:
    placed = placements(inputs)
    financial = {a.id: a.financial_value for a in inputs.alliances}
    by_quadrant: dict[Quadrant, float] = defaultdict(float)
    for p in placed:
        by_quadrant[p.quadrant] += financial.get(p.alliance_id, 0.0)
    return Section.of(
        "Value by quadrant",
        Grid(
            "Risk × value",
            tuple(
                (
                    p.name,
                    _cell(p.risk),
                    _cell(p.value),
                    "partner" if p.quadrant is Quadrant.MANAGE_CLOSELY else "internal",
                )
                for p in placed
            ),
            up="Risk",
            across="Value →",
        ),
        Table(
            ("Quadrant", "Alliances", "Financial value (M)", "What it asks"),
            tuple(
                (
                    q.label,
                    ", ".join(p.name for p in placed if p.quadrant is q) or "—",
                    f"{by_quadrant[q]:,.0f}",
                    q.guidance,
                )
                for q in Quadrant
            ),
            (1.3, 3.2, 1.1, 3),
        ),
        summary=counted(len(placed), "one alliance", "{n} alliances")
        + " placed by risk and value; each quadrant's financial value and what it asks",
    )


def outcome_sections(inputs: PackInputs) -> tuple[Section, ...]:
    return (
        headline(inputs),
        replace(quadrant_outcomes(inputs), new_page=True),  # the headlines have a page
        milestone_outcomes(inputs),
        kpi_outcomes(inputs),
        decision_outcomes(inputs),
    )


def baseline_section(inputs: PackInputs) -> Section:
    """The practice baseline: each area from the first baseline to the latest, with each
    habit's measured strength over the period beside its self-score."""
    model = load_model(resource_path("baseline.json"))
    by_name = {line[0]: line[3] for line in inputs.habit_lines}  # habit name -> strength
    strengths = {a.key: by_name[a.name] for a in model.areas if a.name in by_name}
    found = trends(inputs.baselines, model, strengths)
    taken = sorted(inputs.baselines, key=lambda b: b.taken_on)

    def score(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    return Section.of(
        "Practice baseline (self-assessment)",
        Text(
            f"{len(taken)} baseline(s), from {shown(taken[0].taken_on)} "
            f"to {shown(taken[-1].taken_on)};"
            " scores 1–5 per area, the mean of its statements. For the habits, the strength "
            "measured from check-ins over the period (0–100) stands beside the self-score."
            if taken
            else ""
        ),
        Table(
            ("Area", "First", "Latest", "Change", "Measured (habit strength)"),
            tuple(
                (
                    t.area.name,
                    score(t.first),
                    score(t.latest),
                    t.change_text,
                    "" if t.measured is None else f"{t.measured:.0f}",
                )
                for t in found
            )
            if taken
            else (),
            (3.4, 0.9, 0.9, 0.9, 1.8),
        ),
        empty="No baseline taken yet: Value → Practice baseline.",
        summary=counted(len(taken), "one baseline", "{n} baselines")
        + (f", the latest {shown(taken[-1].taken_on)}" if taken else "")
        + "; each area's score with its habit's measured strength",
    )


def _count(count: int, noun: str) -> str:
    """'1 milestone', '3 milestones' (packs are English)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
