"""The governance pack for the partner, composed from `core.audience.PartnerFacts` alone: the
allow-list has already decided what exists here, so nothing of our own view can be printed."""

from __future__ import annotations

from datetime import date

from alliance_desk.core.dates import shown
from alliance_desk.core.escalations import level_label
from alliance_desk.core.governance import ActionStatus
from alliance_desk.core.packs import (
    Audience,
    Kpis,
    Pack,
    PackKind,
    Section,
    Table,
    Text,
    counted,
    rows,
)
from alliance_desk.core.risks import risk_band
from alliance_desk.core.shared_facts import PartnerFacts, SharedMeeting
from alliance_desk.packs.common import (
    UPCOMING_DAYS,
    decision_sections,
    obligation_flag,
    open_decision,
    previous_actions,
    since_day,
)
from alliance_desk.packs.governance import health_blocks, health_summary, meeting_time
from alliance_desk.packs.value import kpi_figures, kpi_section, milestone_section


def _movement(history, score: int, since: date) -> str:
    then = None
    for rated_on, likelihood, impact in history:
        if rated_on <= since:
            then = likelihood * impact
    if then is None:
        return "new"
    if score != then:
        return f"{'up' if score > then else 'down'} {then} → {score}"
    return "unchanged"


def _open_obligations(facts: PartnerFacts):
    horizon = facts.today.toordinal() + UPCOMING_DAYS
    return sorted(
        (o for o in facts.obligations if o.status == "Open" and o.due_date.toordinal() <= horizon),
        key=lambda o: o.due_date,
    )


def _kpis(facts: PartnerFacts) -> Kpis:
    today = facts.today
    previous = facts.previous_meeting
    late_actions = sum(1 for a in previous.actions if a.overdue(today)) if previous else 0
    checks = sorted(facts.health, key=lambda c: c.checked_on)
    figures = [
        ("Open issues raised together", str(len(facts.escalations)), ""),
        (
            "Joint risks high or critical",
            str(sum(1 for r in facts.risks if r.status != "Closed" and r.score >= 10)),
            "",
        ),
        (
            "Joint decisions not implemented",
            str(sum(1 for d in facts.decisions if open_decision(d.status))),
            "",
        ),
        (
            "Obligations past due",
            str(sum(1 for o in facts.obligations if o.status == "Open" and o.due_date < today)),
            "",
        ),
        ("Actions overdue", str(late_actions), ""),
    ]
    if checks:
        values = [s for pair in checks[-1].scores.values() for s in pair]
        figures.append(("Health score", f"{sum(values) / len(values):.1f}", ""))
    return Kpis(kpi_figures(facts.kpis) + tuple(figures))


def _agenda(meeting: SharedMeeting | None) -> Section:
    if meeting is None:
        return Section.of(
            "Agenda", empty="No meeting chosen: this pack covers the alliance as of today."
        )
    return Section.of(
        "Agenda",
        Table(
            ("#", "Item", "Purpose", "Presenter", "Min."),
            tuple(
                (str(n), item.title, item.purpose.label, item.presenter, str(item.minutes))
                for n, item in enumerate(meeting.agenda, start=1)
            ),
            (0.4, 4, 1.6, 2, 0.9),
        ),
        Text("Invited: " + ", ".join(meeting.attendees) if meeting.attendees else ""),
    )


def _actions(facts: PartnerFacts) -> Section:
    previous = facts.previous_meeting
    return previous_actions(
        previous.starts_at if previous else None,
        rows(
            previous.actions if previous else (),
            lambda a: a.title,
            lambda a: a.owner or "—",
            lambda a: shown(a.due),
            lambda a: "Overdue" if a.overdue(facts.today) else a.status.label,
        ),
    )


def partner_governance_pack(facts: PartnerFacts) -> Pack:
    alliance, meeting, today = facts.alliance, facts.meeting, facts.today
    previous = facts.previous_meeting
    since = since_day(previous.starts_at if previous else None, today)
    joint = sorted((r for r in facts.risks if r.status != "Closed"), key=lambda r: -r.score)
    open_actions = [a for a in meeting.actions if a.status is ActionStatus.OPEN] if meeting else []
    sections = (
        Section.of(
            "The alliance",
            Text(f"North Star: {alliance.north_star}" if alliance.north_star else ""),
            Kpis(_kpis(facts).figures),
        ),
        kpi_section(facts.kpis, "Joint scorecard"),
        milestone_section(facts.milestones, since, today, values=False),
        _agenda(meeting),
        _actions(facts),
        Section.of(
            "Actions from this meeting",
            Table(
                ("Action", "Owner", "Due"),
                rows(
                    open_actions,
                    lambda a: a.title,
                    lambda a: a.owner or "—",
                    lambda a: shown(a.due),
                ),
                (4, 2, 1.2),
            ),
        )
        if open_actions
        else None,
        decision_sections(
            # When a question was raised is ours (not on the allow-list): none given.
            [(d.title, d.decided_on, d.forum, d.status, None) for d in facts.decisions],
            since,
            today,
        ),
        Section.of(
            "Open issues raised together",
            Table(
                ("Issue", "Level", "Raised", "Owners", "Target"),
                rows(
                    sorted(facts.escalations, key=lambda e: (-e.level, e.raised_on)),
                    lambda e: e.title,
                    lambda e: level_label(e.level),
                    lambda e: shown(e.raised_on),
                    lambda e: " / ".join(n for n in (e.owner, e.counterpart) if n) or "—",
                    lambda e: shown(e.target_date),
                ),
                (3.4, 1.9, 1.1, 2.4, 1.1),
            ),
            summary=counted(len(facts.escalations), "one open issue", "{n} open issues"),
        ),
        Section.of(
            "Joint risks",
            Text(f"Movement is measured since {shown(since)}." if joint else ""),
            Table(
                ("Risk", "Category", "L × I", "Score", "Since then", "Mitigation", "Owner"),
                rows(
                    joint,
                    lambda r: r.title,
                    lambda r: r.category,
                    lambda r: f"{r.likelihood} × {r.impact}",
                    lambda r: f"{r.score} {risk_band(r.score)}",
                    lambda r: _movement(r.history, r.score, since),
                    lambda r: r.mitigation,
                    lambda r: r.owner or "—",
                ),
                (2.4, 1.1, 0.8, 1.1, 1.2, 2.8, 1.4),
            ),
            empty="No open risk is marked joint.",
            summary=counted(len(joint), "one joint risk", "{n} joint risks")
            + f", each with its move since {shown(since)}",
        ),
        Section.of(
            "Obligations due or past due",
            Text(
                f"Open obligations due within {UPCOMING_DAYS} days, and any past due."
                if _open_obligations(facts)
                else ""
            ),
            Table(
                ("Obligation", "Whose", "Due", "When"),
                rows(
                    _open_obligations(facts),
                    lambda o: o.title,
                    lambda o: o.party.label,
                    lambda o: shown(o.due_date),
                    lambda o: obligation_flag(o.due_date, True, today),
                ),
                (4, 1, 1.2, 1.6),
            ),
        ),
        Section.of(
            "Alliance health", *health_blocks(facts.health), summary=health_summary(facts.health)
        ),
        Section.of(
            "People and counterparts",
            Table(
                ("Name", "Company", "Title", "Roles", "Counterparts"),
                rows(
                    facts.people,
                    lambda p: p.name,
                    lambda p: (
                        p.organisation or (alliance.partner if p.side.value == "partner" else "")
                    ),
                    lambda p: p.title,
                    lambda p: p.roles,
                    lambda p: ", ".join(p.counterparts),
                ),
                (2.2, 1.4, 2.2, 2, 2.2),
            ),
            summary=counted(len(facts.people), "one person", "{n} people")
            + " on both sides, with their counterparts",
        ),
    )
    extra: tuple[tuple[str, str], ...] = ()
    if meeting is not None:
        extra = (
            ("Committee", meeting.committee),
            ("Meeting", meeting_time(meeting.starts_at, meeting.time_zone)),
            ("Where", meeting.location or "—"),
        )
    return Pack(
        PackKind.GOVERNANCE,
        meeting.committee if meeting else "Governance pack",
        alliance.name,
        Audience.PARTNER,
        today,
        (
            ("Alliance", alliance.name),
            ("Partner", alliance.partner),
            *extra,
            ("Version", f"Partner version, prepared for {alliance.partner}: shared facts only"),
            ("Prepared", shown(today)),
        ),
        tuple(section for section in sections if section is not None),
    )
