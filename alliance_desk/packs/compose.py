"""The three packs: which sections they hold and what each says, from the store's values."""

from __future__ import annotations

from collections import Counter
from datetime import date

from alliance_desk.core.escalations import level_label
from alliance_desk.core.governance import DIMENSIONS
from alliance_desk.core.packs import (
    BarChart,
    Grid,
    Kpis,
    LineChart,
    Pack,
    PackInputs,
    PackKind,
    Section,
    Table,
    Text,
    rows,
    trend_mark,
)
from alliance_desk.core.risks import DecisionStatus, coming_due
from alliance_desk.core.stakeholders import Quadrant


def _day(value) -> str:
    return value.isoformat() if value else "—"


def _since(inputs: PackInputs) -> date:
    """The reference day for 'since the last meeting': the previous meeting, else 90 days ago."""
    previous = inputs.previous_meeting
    if previous is not None:
        return previous.draft.starts_at.date()
    return date.fromordinal(inputs.today.toordinal() - 90)


def _cover(inputs: PackInputs, extra: tuple = ()) -> tuple[tuple[str, str], ...]:
    alliance = inputs.alliances[0]
    return (
        ("Alliance", alliance.name),
        ("Partner", alliance.partner),
        *extra,
        ("Audience", inputs.audience.label),
        ("Prepared", inputs.today.strftime("%d %B %Y")),
    )


def _escalation_section(inputs: PackInputs, title: str = "Open escalations") -> Section:
    today, policy = inputs.today, inputs.sla
    open_items = [e for e in inputs.escalations if e.status.active]
    return Section.of(
        title,
        Table(
            ("Issue", "Category", "Level", "Open (days)", "At level", "Service level"),
            rows(
                sorted(open_items, key=lambda e: (-e.level, -e.days_open(today))),
                lambda e: e.title,
                lambda e: e.draft.category.label,
                lambda e: level_label(e.level),
                lambda e: e.days_open(today),
                lambda e: f"{e.days_at_level(today)} d",
                lambda e: e.sla_text(today, policy),
            ),
            (3, 1.6, 1.9, 1, 0.9, 1.8),
        ),
    )


def _risk_section(inputs: PackInputs, since: date) -> Section:
    top = [r for r in inputs.risks if r.draft.status.value != "closed"][:8]
    return Section.of(
        "Top risks and how they moved",
        Text(f"Movement is measured since {since:%d %B %Y}."),
        Table(
            ("Risk", "Category", "L × I", "Score", "Since then", "Mitigation"),
            rows(
                top,
                lambda r: r.draft.title,
                lambda r: r.draft.category.label,
                lambda r: f"{r.draft.likelihood} × {r.draft.impact}",
                lambda r: f"{r.draft.score} {r.draft.band}",
                lambda r: r.movement(since),
                lambda r: r.draft.mitigation.split("\n")[0],
            ),
            (2.6, 1.2, 0.8, 1.1, 1.3, 3),
        ),
    )


def _health_blocks(inputs: PackInputs) -> tuple:
    checks = sorted(inputs.checks, key=lambda c: c.checked_on)
    if not checks:
        return ()
    latest = checks[-1]
    gap_rows = tuple(
        (
            d.label,
            str(latest.scores[d.key][0]),
            str(latest.scores[d.key][1]),
            f"{latest.gap(d.key):+d}",
        )
        for d in DIMENSIONS
        if d.key in latest.scores
    )
    return (
        Text(f"Latest check {latest.checked_on:%d %B %Y}: overall {latest.overall:.1f} / 5."),
        Table(("Dimension", "Our company", "Partner", "Gap"), gap_rows, (3, 1, 1, 1)),
        LineChart(
            "Overall health over time",
            tuple((f"{c.checked_on:%b %Y}", c.overall) for c in checks),
            1,
            5,
        ),
    )


def _kpis(inputs: PackInputs, since: date) -> Kpis:
    today, policy = inputs.today, inputs.sla
    open_now = [e for e in inputs.escalations if e.status.active]
    open_then = [
        e
        for e in inputs.escalations
        if e.draft.raised_on <= since and (e.resolved_on is None or e.resolved_on > since)
    ]
    high_now = sum(
        1 for r in inputs.risks if r.draft.score >= 10 and r.draft.status.value != "closed"
    )
    high_then = sum(1 for r in inputs.risks if (r.score_on(since) or 0) >= 10)
    checks = sorted(inputs.checks, key=lambda c: c.checked_on)
    health_now = checks[-1].overall if checks else None
    health_then = checks[-2].overall if len(checks) > 1 else None
    pending = sum(1 for d in inputs.decisions if d.draft.status is not DecisionStatus.IMPLEMENTED)
    figures = [
        ("Open escalations", str(len(open_now)), trend_mark(len(open_now), len(open_then))),
        ("Past service level", str(sum(1 for e in open_now if e.past_sla(today, policy))), "—"),
        ("Delay days at stake", str(sum(e.draft.delay_days for e in open_now)), "—"),
        ("High or critical risks", str(high_now), trend_mark(high_now, high_then)),
        ("Decisions not yet implemented", str(pending), "—"),
    ]
    if health_now is not None:
        figures.append(("Health score", f"{health_now:.1f}", trend_mark(health_now, health_then)))
    obligations = coming_due(inputs.obligations, today)
    figures.append(("Obligations in notice", str(len(obligations)), "—"))
    return Kpis(tuple(figures[:10]))


def governance_pack(inputs: PackInputs) -> Pack:
    alliance = inputs.alliances[0]
    meeting = inputs.meeting
    since = _since(inputs)
    names = inputs.names
    extra = ()
    agenda = Section.of(
        "Agenda", empty="No meeting chosen: this pack covers the alliance as of today."
    )
    actions = Section.of("Actions from the previous meeting", empty="No previous meeting recorded.")
    if meeting is not None:
        extra = (
            ("Committee", meeting.body_name),
            ("Meeting", f"{meeting.draft.starts_at:%A %d %B %Y, %H:%M}"),
            ("Where", meeting.draft.location or "—"),
        )
        agenda = Section.of(
            "Agenda",
            Table(
                ("#", "Item", "Purpose", "Presenter", "Min."),
                tuple(
                    (
                        str(number),
                        item.title,
                        item.purpose.label,
                        names.get(item.presenter_id, "") if item.presenter_id else "",
                        str(item.minutes),
                    )
                    for number, item in enumerate(meeting.agenda, start=1)
                ),
                (0.4, 4, 1.6, 2, 0.9),
            ),
        )
    if inputs.previous_meeting is not None:
        previous = inputs.previous_meeting
        actions = Section.of(
            "Actions from the previous meeting",
            Text(f"From the meeting of {previous.draft.starts_at:%d %B %Y}."),
            Table(
                ("Action", "Owner", "Due", "Status"),
                rows(
                    previous.actions,
                    lambda a: a.title,
                    lambda a: names.get(a.owner_id, "—"),
                    lambda a: _day(a.due),
                    lambda a: "Overdue" if a.overdue(inputs.today) else a.status.label,
                ),
                (4, 2, 1.2, 1.2),
            ),
            empty="The previous meeting recorded no actions.",
        )
    decisions = [d for d in inputs.decisions if d.draft.decided_on >= since]
    people = inputs.stakeholders
    changed = [p for p in people if p.last_rated and p.last_rated >= since]
    plans = inputs.plans
    sections = (
        Section.of("Key figures", _kpis(inputs, since)),
        agenda,
        actions,
        Section.of(
            "Decisions since the last meeting",
            Table(
                ("Decision", "Date", "Forum", "Implementation"),
                rows(
                    decisions,
                    lambda d: d.draft.title,
                    lambda d: _day(d.draft.decided_on),
                    lambda d: d.draft.forum,
                    lambda d: d.draft.status.label,
                ),
                (4, 1.2, 1.3, 1.8),
            ),
        ),
        _escalation_section(inputs),
        _risk_section(inputs, since),
        Section.of(
            "Obligations coming due",
            Table(
                ("Obligation", "Whose", "Due", "Notice from"),
                rows(
                    coming_due(inputs.obligations, inputs.today),
                    lambda o: o.draft.title,
                    lambda o: o.draft.party.label,
                    lambda o: _day(o.draft.due_date),
                    lambda o: _day(o.draft.notice_from),
                ),
                (4, 1, 1.2, 1.2),
            ),
        ),
        Section.of("Alliance health", *_health_blocks(inputs)),
        Section.of(
            "People and onboarding",
            Text(
                f"{sum(1 for p in people if p.side.value == 'internal')} people on our side and "
                f"{sum(1 for p in people if p.side.value == 'partner')} on the partner's."
            ),
            Table(
                ("New or re-rated since the last meeting", "Side", "Roles", "Now", "Change"),
                rows(
                    changed,
                    lambda p: p.name,
                    lambda p: p.side.label,
                    lambda p: p.details.roles,
                    lambda p: f"power {p.details.power}, interest {p.details.interest}",
                    lambda p: "new" if p.first_rated and p.first_rated >= since else "re-rated",
                ),
                (2.4, 1.1, 2.2, 2, 1),
            ),
            Table(
                ("Onboarding", "Role", "Started", "Progress"),
                rows(
                    plans,
                    lambda p: p.person_name,
                    lambda p: p.role,
                    lambda p: _day(p.start_date),
                    lambda p: f"{p.progress(inputs.today)} ({p.progress(inputs.today).ratio:.0%})",
                ),
                (2.5, 2, 1.2, 1.4),
            ),
        ),
    )
    return Pack(
        PackKind.GOVERNANCE,
        f"{meeting.body_name if meeting else 'Governance pack'}",
        alliance.name,
        inputs.audience,
        inputs.today,
        _cover(inputs, extra),
        sections,
    )


def partner_briefing(inputs: PackInputs) -> Pack:
    alliance = inputs.alliances[0]
    people = inputs.stakeholders
    by_id = {p.id: p for p in people}
    key_people = sorted(
        people,
        key=lambda p: (p.quadrant is not Quadrant.MANAGE_CLOSELY, -p.details.power, p.name),
    )[:16]
    talking = []
    for escalation in [e for e in inputs.escalations if e.status.active][:3]:
        talking.append(
            f"Acknowledge “{escalation.title}” and where it stands (level {escalation.level})."
        )
    for risk in inputs.risks[:2]:
        talking.append(f"Ask how they see the risk “{risk.draft.title}”.")
    for decision in [d for d in inputs.decisions if d.draft.status is DecisionStatus.PENDING][:2]:
        talking.append(f"Confirm the next step on “{decision.draft.title}”.")
    champions = [
        p for p in people if p.side.value == "partner" and p.details.stance.value == "champion"
    ]
    if champions:
        talking.append(f"Thank {champions[0].name} for their support as a champion.")
    recent = list(inputs.interactions)[:12]
    sections = (
        Section.of(
            "The alliance",
            Text(
                f"{alliance.alliance_type.label} alliance with {alliance.partner}, "
                f"in {alliance.phase.label.lower()}; tier {alliance.tier}."
            ),
            Text(f"North Star: {alliance.north_star}" if alliance.north_star else ""),
        ),
        Section.of(
            "Partner profile and recent insights",
            Text(
                f"{alliance.partner}: {alliance.alliance_type.label.lower()} partner since "
                f"{alliance.start_date:%B %Y}."
                if alliance.start_date
                else ""
            ),
            Table(
                ("Noted", "Insight", "Source"),
                rows(
                    list(inputs.insights)[:10],
                    lambda i: _day(i.draft.noted_on),
                    lambda i: i.draft.title + (f" — {i.draft.detail}" if i.draft.detail else ""),
                    lambda i: i.draft.source,
                ),
                (1.1, 5, 1.8),
            ),
        ),
        Section.of(
            "Key people on both sides",
            Table(
                ("Name", "Side", "Title", "Stance", "Counterparts"),
                rows(
                    key_people,
                    lambda p: p.name,
                    lambda p: p.side.label,
                    lambda p: p.person.title,
                    lambda p: p.details.stance.label,
                    lambda p: ", ".join(by_id[i].name for i in p.counterpart_ids if i in by_id),
                ),
                (2.2, 1.2, 2.4, 1, 2.2),
            ),
            Grid(
                "Power × interest",
                tuple((p.name, p.details.power, p.details.interest, p.side.value) for p in people),
            ),
        ),
        Section.of(
            "Relationship history",
            Table(
                ("Date", "Kind", "With", "Note"),
                rows(
                    recent,
                    lambda i: _day(i.occurred_on),
                    lambda i: i.kind.label,
                    lambda i: ", ".join(i.people_names),
                    lambda i: i.note.split("\n")[0],
                ),
                (1.1, 0.9, 2.4, 4),
            ),
        ),
        _escalation_section(inputs, "Open issues"),
        Section.of("Suggested talking points", *(Text(f"•  {point}") for point in talking)),
    )
    return Pack(
        PackKind.BRIEFING,
        f"Briefing: meeting {alliance.partner}",
        alliance.name,
        inputs.audience,
        inputs.today,
        _cover(inputs),
        sections,
    )


def _risk_level(inputs: PackInputs, alliance_id: int) -> int:
    """1–5 from the alliance's highest open risk score (25 → 5, none → 1)."""
    scores = [
        r.draft.score
        for r in inputs.risks
        if r.alliance_id == alliance_id and r.draft.status.value != "closed"
    ]
    return max(1, min(5, -(-max(scores, default=0) // 5)))


def portfolio_report(inputs: PackInputs) -> Pack:
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
                    lambda a: f"{a.financial_value:,.1f}",
                    lambda a: active_risk.get(a.id, 0),
                    lambda a: contacts.get(a.id, 0),
                ),
                (3, 2.2, 0.6, 1.4, 1, 0.9, 0.9),
            ),
            Grid(
                "Risk × value",
                tuple(
                    (
                        a.name,
                        _risk_level(inputs, a.id),
                        a.strategic_value,
                        "partner" if _risk_level(inputs, a.id) >= 4 else "internal",
                    )
                    for a in alliances
                ),
                up="Risk (highest open risk)",
                across="Strategic value →",
            ),
            BarChart(
                "Strategic value and risk by alliance",
                tuple(a.name[:18] for a in alliances),
                (
                    ("Strategic value (1–5)", tuple(float(a.strategic_value) for a in alliances)),
                    ("High risks", tuple(float(active_risk.get(a.id, 0)) for a in alliances)),
                ),
            ),
        ),
        Section.of(
            "Escalations resolved",
            Text(
                f"{len(resolved)} resolved between {first:%d %b} and {last:%d %b %Y}"
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
                    lambda e: _day(e.draft.raised_on),
                    lambda e: _day(e.resolved_on),
                    lambda e: (e.resolved_on - e.draft.raised_on).days,
                    lambda e: e.resolution.kind.label if e.resolution else "",
                ),
                (3, 2, 1.1, 1.1, 0.6, 1.4),
            ),
        ),
        Section.of(
            "Practice: the seven habits",
            Table(
                ("Habit", "Check-ins", "Weeks on target", "Strength", "Streak"),
                tuple(
                    (name, str(done), str(weeks), f"{score:.0f}", f"{run} wk")
                    for name, done, weeks, score, run in inputs.habit_lines
                ),
                (3.4, 1, 1.2, 1, 1),
            ),
        ),
        Section.of(
            "Onboarding completed",
            Table(
                ("Person", "Role", "Alliance", "Started"),
                rows(
                    completed,
                    lambda p: p.person_name,
                    lambda p: p.role,
                    lambda p: p.alliance_name,
                    lambda p: _day(p.start_date),
                ),
                (2.4, 2, 3, 1.2),
            ),
        ),
    )
    return Pack(
        PackKind.PORTFOLIO,
        "Publishing our work",
        f"Alliance management report, {first:%d %B} – {last:%d %B %Y}",
        inputs.audience,
        inputs.today,
        (
            ("Period", f"{first:%d %B %Y} – {last:%d %B %Y}"),
            ("Alliances", str(len(alliances))),
            ("Audience", inputs.audience.label),
            ("Prepared", inputs.today.strftime("%d %B %Y")),
        ),
        sections,
    )
