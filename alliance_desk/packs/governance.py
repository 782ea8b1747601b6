"""The governance meeting pack, internal version: everything a committee meeting needs, with
our own view (service levels, cost of time, people's ratings, onboarding). The partner's
version is composed in `partner.py` from the shared facts alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alliance_desk.core.dates import shown, shown_moment, shown_month
from alliance_desk.core.escalations import level_label
from alliance_desk.core.health_checks import DIMENSIONS
from alliance_desk.core.obligations import ObligationStatus, coming_due
from alliance_desk.core.packs import (
    Kpis,
    LineChart,
    Pack,
    PackInputs,
    PackKind,
    Section,
    Table,
    Text,
    counted,
    rows,
    trend_mark,
)
from alliance_desk.core.risks import DecisionStatus
from alliance_desk.packs.common import (
    decision_sections,
    obligation_flag,
    previous_actions,
    since_day,
)
from alliance_desk.packs.value import kpi_figures, kpi_section, milestone_section

if TYPE_CHECKING:
    from alliance_desk.core.shared_facts import PartnerFacts


def cover_lines(inputs: PackInputs, extra: tuple = ()) -> tuple[tuple[str, str], ...]:
    alliance = inputs.alliances[0]
    return (
        ("Alliance", alliance.name),
        ("Partner", alliance.partner),
        *extra,
        ("Audience", inputs.audience.label),
        ("Prepared", shown(inputs.today)),
    )


def meeting_time(starts_at, zone: str) -> str:
    return f"{shown_moment(starts_at, weekday=True)} ({zone})"


def escalation_section(inputs: PackInputs, title: str = "Open escalations") -> Section:
    today, policy = inputs.today, inputs.sla
    open_items = [e for e in inputs.escalations if e.status.active]
    late = sum(1 for e in open_items if e.past_sla(today, policy))
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
        summary=counted(len(open_items), "one open", "{n} open", "none open")
        + (f", oldest {max(e.days_open(today) for e in open_items)} days" if open_items else "")
        + ("; " + counted(late, "one", "{n}") + " past the service level" if late else ""),
    )


def _risk_section(inputs: PackInputs, since) -> Section:
    top = [r for r in inputs.risks if r.draft.status.value != "closed"][:8]
    high = sum(1 for r in top if r.draft.score >= 10)
    return Section.of(
        "Top risks and how they moved",
        Text(f"Movement is measured since {shown(since)}."),
        Table(
            ("Risk", "Category", "L × I", "Score", "Since then", "Mitigation"),
            rows(
                top,
                lambda r: r.draft.title + (" (joint)" if r.draft.joint else ""),
                lambda r: r.draft.category.label,
                lambda r: f"{r.draft.likelihood} × {r.draft.impact}",
                lambda r: f"{r.draft.score} {r.draft.band}",
                lambda r: r.movement(since),
                lambda r: r.draft.mitigation.split("\n")[0],
            ),
            (2.6, 1.2, 0.8, 1.1, 1.3, 3),
        ),
        summary=counted(len(top), "the top risk", "the top {n} risks")
        + f" ({counted(high, 'one', '{n}', 'none')} high or critical), each with its move "
        f"since {shown(since)}"
        if top
        else "no open risks",
    )


def overall(check) -> float:
    """A check's mean score over both sides and every dimension (a stored or a shared one)."""
    values = [score for pair in check.scores.values() for score in pair]
    return round(sum(values) / len(values), 2) if values else 0.0


def health_blocks(checks) -> tuple:
    """Both sides' scores of the latest check, the gaps, and the overall trend."""
    checks = sorted(checks, key=lambda c: c.checked_on)
    if not checks:
        return ()
    latest = checks[-1]
    gap_rows = tuple(
        (d.label, str(ours), str(theirs), f"{ours - theirs:+d}")
        for d in DIMENSIONS
        if d.key in latest.scores
        for ours, theirs in [latest.scores[d.key]]
    )

    return (
        Text(f"Latest check {shown(latest.checked_on)}: overall {overall(latest):.1f} / 5."),
        Table(("Dimension", "Our company", "Partner", "Gap"), gap_rows, (3, 1, 1, 1)),
        LineChart(
            "Overall health over time",
            tuple((shown_month(c.checked_on), overall(c)) for c in checks),
            1,
            5,
        ),
    )


def health_summary(checks) -> str:
    """'Latest check 3 Dec 2026: 3.4 of 5; 4 checks charted over time'."""
    checks = sorted(checks, key=lambda c: c.checked_on)
    if not checks:
        return ""
    latest = checks[-1]
    return f"Latest check {shown(latest.checked_on)}: {overall(latest):.1f} of 5, " + counted(
        len(checks), "the only check so far", "the trend over {n} checks"
    )


def _due_obligations(inputs: PackInputs):
    return coming_due(inputs.obligations, inputs.today)


def _kpis(inputs: PackInputs, since) -> Kpis:
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
    pending = sum(
        1
        for d in inputs.decisions
        if not d.draft.open and d.draft.status is not DecisionStatus.IMPLEMENTED
    )
    questions = sum(1 for d in inputs.decisions if d.draft.open)
    past_due = sum(
        1
        for o in inputs.obligations
        if o.draft.status is ObligationStatus.OPEN and o.draft.due_date < today
    )
    figures = [
        ("Open escalations", str(len(open_now)), trend_mark(len(open_now), len(open_then))),
        ("Past service level", str(sum(1 for e in open_now if e.past_sla(today, policy))), "—"),
        ("Delay days at stake", str(sum(e.draft.delay_days for e in open_now)), "—"),
        ("High or critical risks", str(high_now), trend_mark(high_now, high_then)),
        ("Decisions not yet implemented", str(pending), "—"),
        ("Open questions to decide", str(questions), "—"),
    ]
    if health_now is not None:
        figures.append(("Health score", f"{health_now:.1f}", trend_mark(health_now, health_then)))
    figures.append(("Obligations in notice", str(len(_due_obligations(inputs))), "—"))
    figures.append(("Obligations past due", str(past_due), "—"))
    return Kpis(kpi_figures(inputs.kpis) + tuple(figures[:10]))


def _kpis_summary(figures: Kpis, kpis: int) -> str:
    """'12 figures: 3 KPIs, open escalations 4, high or critical risks 2, open questions…'."""
    named = {label: value for label, value, _ in figures.figures}
    picked = ("Open escalations", "High or critical risks", "Open questions to decide")
    return (
        counted(len(named), "one figure", "{n} figures")
        + ": "
        + ", ".join(
            [counted(kpis, "one KPI", "{n} KPIs")]
            + [f"{label.lower()} {named[label]}" for label in picked if label in named]
        )
    )


def _agenda(inputs: PackInputs) -> tuple[tuple, Section]:
    meeting, names = inputs.meeting, inputs.names
    if meeting is None:
        return (), Section.of(
            "Agenda", empty="No meeting chosen: this pack covers the alliance as of today."
        )
    extra = (
        ("Committee", meeting.body_name),
        ("Meeting", meeting_time(meeting.draft.starts_at, meeting.draft.zone.key)),
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
        summary=counted(len(meeting.agenda), "one item", "{n} items")
        + f", {sum(item.minutes for item in meeting.agenda)} minutes in all",
    )
    return extra, agenda


def _previous_actions(inputs: PackInputs) -> Section:
    previous, names = inputs.previous_meeting, inputs.names
    return previous_actions(
        previous.draft.starts_at if previous else None,
        rows(
            previous.actions if previous else (),
            lambda a: a.title,
            lambda a: names.get(a.owner_id, "—"),
            lambda a: shown(a.due),
            lambda a: "Overdue" if a.overdue(inputs.today) else a.status.label,
        ),
    )


def _people(inputs: PackInputs, since) -> Section:
    people = inputs.stakeholders
    changed = [p for p in people if p.last_rated and p.last_rated >= since]
    ours = sum(1 for p in people if p.side.value == "internal")
    return Section.of(
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
                inputs.plans,
                lambda p: p.person_name,
                lambda p: p.role,
                lambda p: shown(p.start_date),
                lambda p: f"{p.progress(inputs.today)} ({p.progress(inputs.today).ratio:.0%})",
            ),
            (2.5, 2, 1.2, 1.4),
        ),
        summary=f"{ours} people on our side, {len(people) - ours} on the partner's; "
        + counted(
            len(changed), "one new or re-rated", "{n} new or re-rated", "none new or re-rated"
        )
        + "; "
        + counted(len(inputs.plans), "one onboarding plan", "{n} onboarding plans"),
    )


def governance_pack(inputs: PackInputs | PartnerFacts) -> Pack:
    """The governance pack: the internal one from the alliance's records, the partner's from
    the shared facts alone."""
    if not isinstance(inputs, PackInputs):  # the shared facts, imported by the partner's alone
        from alliance_desk.packs.partner import partner_governance_pack

        return partner_governance_pack(inputs)
    alliance = inputs.alliances[0]
    previous = inputs.previous_meeting
    since = since_day(previous.draft.starts_at if previous else None, inputs.today)
    extra, agenda = _agenda(inputs)
    today = inputs.today
    figures = _kpis(inputs, since)
    due = _due_obligations(inputs)
    past = sum(1 for o in due if o.draft.due_date < today)
    sections = (
        Section.of("Key figures", figures, summary=_kpis_summary(figures, len(inputs.kpis))),
        kpi_section(inputs.kpis),
        milestone_section(inputs.milestones, since, today, values=True),
        agenda,
        _previous_actions(inputs),
        decision_sections(
            [
                (
                    d.draft.title,
                    d.draft.decided_on,
                    d.draft.forum,
                    d.draft.status,
                    d.draft.raised_on,
                )
                for d in inputs.decisions
            ],
            since,
            today,
        ),
        escalation_section(inputs),
        _risk_section(inputs, since),
        Section.of(
            "Obligations due or past due",
            Table(
                ("Obligation", "Whose", "Due", "When", "Notice from"),
                rows(
                    due,
                    lambda o: o.draft.title,
                    lambda o: o.draft.party.label,
                    lambda o: shown(o.draft.due_date),
                    lambda o: obligation_flag(o.draft.due_date, True, today),
                    lambda o: shown(o.draft.notice_from),
                ),
                (4, 1, 1.2, 1.6, 1.2),
            ),
            summary=counted(len(due) - past, "one coming due", "{n} coming due", "none coming due")
            + (", " + counted(past, "one past due", "{n} past due") if past else ""),
        ),
        Section.of(
            "Alliance health", *health_blocks(inputs.checks), summary=health_summary(inputs.checks)
        ),
        _people(inputs, since),
    )
    return Pack(
        PackKind.GOVERNANCE,
        inputs.meeting.body_name if inputs.meeting else "Governance pack",
        alliance.name,
        inputs.audience,
        today,
        cover_lines(inputs, extra),
        sections,
    )
