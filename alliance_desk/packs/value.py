"""What a pack says about milestones and KPIs: the same sections for our own records and for
the shared facts the partner's version is built from (each normalised to plain lines here)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from alliance_desk.core import dates
from alliance_desk.core.packs import Section, SmallCharts, Table, Text, counted
from alliance_desk.core.value import (
    Direction,
    Kpi,
    KpiDraft,
    KpiStatus,
    Milestone,
    MilestoneDraft,
    MilestoneStatus,
)

DUE_DAYS = 90  # a governance pack looks this far ahead for milestones


def as_milestone(fact) -> Milestone:
    """A core milestone from a stored one or a shared fact (no value: the partner has none)."""
    if isinstance(fact, Milestone):
        return fact
    draft = MilestoneDraft(
        fact.title,
        fact.planned_on,
        fact.forecast_on,
        fact.achieved_on,
        fact.status,
        0.0,
        fact.party,
        fact.north_star,
        True,
    )
    return Milestone(0, 0, draft)


def as_kpi(fact) -> Kpi:
    if isinstance(fact, Kpi):
        return fact
    return Kpi(
        0, 0, KpiDraft(fact.name, fact.unit, fact.direction, fact.target, True), fact.actuals
    )


def milestone_section(facts: Iterable, since: date, today: date, *, values: bool) -> Section:
    """Milestones slipped, due within `DUE_DAYS`, or achieved since `since` — with the value
    attached only in our own packs (`values`)."""
    milestones = [as_milestone(f) for f in facts]
    horizon = today + timedelta(days=DUE_DAYS)
    shown = [
        m
        for m in milestones
        if (m.draft.status.open and (m.slipped(today) or m.expected_on(today) <= horizon))
        or (m.draft.status is MilestoneStatus.MISSED and m.draft.planned_on >= since)
        or (m.draft.achieved_on is not None and m.draft.achieved_on >= since)
    ]
    shown.sort(key=lambda m: (m.draft.status is MilestoneStatus.ACHIEVED, m.expected_on(today)))
    headers = ["Milestone", "Whose", "Planned", "Expected / actual", "Status", "Slip"]
    widths = [3.2, 0.9, 1.1, 1.4, 1.1, 0.8]
    if values:
        headers.append("Value")
        widths.append(0.9)
    lines = []
    for m in shown:
        line = [
            ("★ " if m.draft.north_star else "") + m.title,
            m.draft.party.label,
            dates.shown(m.draft.planned_on),
            dates.shown(m.expected_on(today)),
            m.draft.status.label,
            f"{m.slip_days(today)} d" if m.slip_days(today) else "—",
        ]
        if values:
            line.append(f"{m.draft.value:,.1f}" if m.draft.value else "")
        lines.append(tuple(line))
    slipped = sum(1 for m in milestones if m.slipped(today) and m.draft.status.open)
    achieved = sum(1 for m in milestones if m.draft.achieved_on and m.draft.achieved_on >= since)
    summary = (
        f"{achieved} achieved since {dates.shown(since)}; {slipped} open and slipped; "
        f"{sum(1 for m in milestones if m.draft.status.open)} open in all. "
        "★ marks the milestones that evidence the North Star."
        if milestones
        else ""
    )
    due = sum(
        1 for m in shown if m.draft.status.open and not m.slipped(today)
    )  # open, on plan, due within DUE_DAYS
    return Section.of(
        "Milestones due and slipped",
        Text(summary),
        Table(tuple(headers), tuple(lines), tuple(widths)),
        summary="; ".join(
            (
                counted(slipped, "one open and slipped", "{n} open and slipped", "none slipped"),
                counted(
                    due,
                    f"one due within {DUE_DAYS} days",
                    f"{{n}} due within {DUE_DAYS} days",
                    f"none due within {DUE_DAYS} days",
                ),
                counted(achieved, "one achieved", "{n} achieved", "none achieved")
                + f" since {dates.shown(since)}",
            )
        ),
    )


def kpi_section(facts: Iterable, title: str = "Scorecard") -> Section:
    """Each KPI against its target, its trend, and a small chart of its actuals."""
    kpis = [as_kpi(f) for f in facts]
    met = sum(1 for k in kpis if k.status is KpiStatus.ON_TARGET)
    measured = sum(1 for k in kpis if k.actuals)
    return Section.of(
        title,
        Table(
            ("KPI", "Better", "Target", "Latest", "Status", "Trend"),
            tuple(
                (
                    k.name,
                    "higher" if k.draft.direction is Direction.HIGHER else "lower",
                    k.show(k.draft.target),
                    k.show(k.latest),
                    k.status.label,
                    f"{k.trend.mark} {k.trend.label}" if k.actuals else "—",
                )
                for k in kpis
            ),
            (3, 0.8, 1.2, 1.2, 1.1, 1.3),
        ),
        SmallCharts(
            tuple(
                (
                    f"{k.name} ({k.draft.unit})" if k.draft.unit else k.name,
                    tuple(v for _, v in k.actuals[-12:]),
                    k.draft.target,
                )
                for k in kpis
                if k.actuals
            )
        ),
        summary=counted(len(kpis), "one KPI", "{n} KPIs")
        + f", {counted(met, 'one', '{n}', 'none')} on target"
        + (", each charted against its target" if measured == len(kpis) else "")
        + (f"; {measured} charted against its target" if 0 < measured < len(kpis) else ""),
    )


def kpi_figures(facts: Iterable) -> tuple[tuple[str, str, str], ...]:
    """Key figures: each KPI's latest against target, with its trend mark."""
    figures = []
    for k in (as_kpi(f) for f in facts):
        figures.append(
            (
                f"{k.name} (target {k.show(k.draft.target)})",
                k.show(k.latest),
                k.trend.label if k.actuals else "—",  # in words: ▲ would read as "went up"
            )
        )
    return tuple(figures)
