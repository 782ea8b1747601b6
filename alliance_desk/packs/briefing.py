"""The partner briefing: for our executive about to meet the partner. Internal by nature (our
read of their people, our notes and insights), so it has no partner version; its talking
points come from facts both sides share, never from our stance on a person."""

from __future__ import annotations

from datetime import timedelta

from alliance_desk.core.audience import joint_risk, raised_with_partner, taken_jointly
from alliance_desk.core.dates import shown, shown_month, shown_short
from alliance_desk.core.obligations import ObligationStatus, Party
from alliance_desk.core.packs import (
    Grid,
    Pack,
    PackInputs,
    PackKind,
    Section,
    Table,
    Text,
    counted,
    rows,
)
from alliance_desk.core.risks import DecisionStatus
from alliance_desk.core.stakeholders import Quadrant
from alliance_desk.packs.governance import cover_lines, escalation_section

SOON_DAYS = 30


def talking_points(inputs: PackInputs) -> list[str]:
    """What to raise with the partner, from the alliance's shared facts: open issues raised
    with them, joint decisions still pending, their and joint obligations coming due, actions
    they owe from the last meeting, and high joint risks."""
    today = inputs.today
    points = []
    for issue in [e for e in inputs.escalations if e.status.active and raised_with_partner(e)][:3]:
        target = f"; target {shown(issue.draft.target_date)}" if issue.draft.target_date else ""
        points.append(
            f"Where “{issue.title}” stands: at level {issue.level} since "
            f"{shown_short(issue.level_since, today)}{target}."
        )
    for decision in [
        d
        for d in inputs.decisions
        if not d.draft.open and d.draft.status is DecisionStatus.PENDING and taken_jointly(d)
    ][:2]:
        points.append(
            f"Confirm the next step on “{decision.draft.title}” "
            f"(decided {shown_short(decision.draft.decided_on, today)}, still pending)."
        )
    horizon = today + timedelta(days=SOON_DAYS)
    for obligation in sorted(
        (
            o
            for o in inputs.obligations
            if not o.draft.internal_only
            and o.draft.status is ObligationStatus.OPEN
            and o.draft.party in (Party.THEIRS, Party.JOINT)
            and o.draft.due_date <= horizon
        ),
        key=lambda o: o.draft.due_date,
    )[:3]:
        when = (
            f"was due {shown_short(obligation.draft.due_date, today)} and is still open"
            if obligation.draft.due_date < today
            else f"is due {shown_short(obligation.draft.due_date, today)}"
        )
        points.append(f"“{obligation.draft.title}” ({obligation.draft.party.label}) {when}.")
    previous = inputs.previous_meeting
    partner_people = {s.person.id for s in inputs.stakeholders if s.side.value == "partner"}
    if previous is not None:
        for action in [
            a for a in previous.actions if a.overdue(today) and a.owner_id in partner_people
        ][:2]:
            owner = inputs.names.get(action.owner_id, "")
            due = shown_short(action.due, today)
            points.append(f"Follow up “{action.title}” ({owner}, due {due}).")
    for risk in [r for r in inputs.risks if joint_risk(r) and r.draft.score >= 10][:2]:
        points.append(f"Review the joint risk “{risk.draft.title}” ({risk.draft.score}).")
    return points


def partner_briefing(inputs: PackInputs) -> Pack:
    alliance = inputs.alliances[0]
    people = inputs.stakeholders
    by_id = {p.id: p for p in people}
    key_people = sorted(
        people,
        key=lambda p: (p.quadrant is not Quadrant.MANAGE_CLOSELY, -p.details.power, p.name),
    )[:16]
    recent = list(inputs.interactions)[:12]
    points = talking_points(inputs)
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
                f"{shown_month(alliance.start_date)}."
                if alliance.start_date
                else ""
            ),
            Table(
                ("Noted", "Insight", "Source"),
                rows(
                    list(inputs.insights)[:10],
                    lambda i: shown(i.draft.noted_on),
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
            summary=counted(len(key_people), "one key person", "{n} key people")
            + " and a power × interest map of "
            + counted(len(people), "one person", "{n} people"),
        ),
        Section.of(
            "Relationship history",
            Table(
                ("Date", "Kind", "With", "Note"),
                rows(
                    recent,
                    lambda i: shown(i.occurred_on),
                    lambda i: i.kind.label,
                    lambda i: ", ".join(i.people_names),
                    lambda i: i.note.split("\n")[0],
                ),
                (1.1, 0.9, 2.4, 4),
            ),
            summary=counted(
                len(recent), "the latest contact", "the latest {n} contacts", "no contact yet"
            )
            + (f", the last on {shown(recent[0].occurred_on)}" if recent else ""),
        ),
        escalation_section(inputs, "Open issues"),
        Section.of(
            "Suggested talking points",
            *(Text(f"•  {point}") for point in points),
            empty="Nothing open with the partner: no issue raised, decision pending or "
            "obligation coming due.",
            summary=counted(len(points), "one point", "{n} points")
            + " from the open issues, pending decisions and obligations coming due",
        ),
    )
    return Pack(
        PackKind.BRIEFING,
        f"Briefing: meeting {alliance.partner}",
        alliance.name,
        inputs.audience,
        inputs.today,
        cover_lines(inputs),
        sections,
    )
