"""Small helpers the pack composers share."""

from __future__ import annotations

from datetime import date, datetime

from alliance_desk.core.dates import shown
from alliance_desk.core.packs import Section, Table, Text, counted, rows
from alliance_desk.core.risks import DecisionStatus

UPCOMING_DAYS = 90  # how far ahead the obligations section looks


def since_day(previous_start: datetime | None, today: date) -> date:
    """The reference day for 'since the last meeting': the previous meeting, else 90 days ago."""
    if previous_start is not None:
        return previous_start.date()
    return date.fromordinal(today.toordinal() - 90)


def open_decision(status: DecisionStatus) -> bool:
    return status is not DecisionStatus.IMPLEMENTED


def decision_sections(decisions, since: date, today: date) -> Section:
    """The questions still to decide, slowest first; open decisions not implemented, whenever
    taken (what a committee must chase); then the decisions taken since the last meeting.
    `decisions`: (title, decided_on, forum, status, raised_on); decided_on None: an open
    question; raised_on None: not known (or not for this audience)."""
    taken = [d for d in decisions if d[1] is not None]
    questions = sorted(
        (d for d in decisions if d[1] is None),
        key=lambda d: (d[4] is None, d[4] or today, d[0].casefold()),
    )
    open_ones = sorted((d for d in taken if open_decision(d[3])), key=lambda d: d[1])
    recent = [d for d in taken if d[1] >= since]
    waited = any(d[4] is not None for d in questions)
    summary = "; ".join(
        (
            counted(len(questions), "one open question", "{n} open questions")
            + (
                f" (oldest {max((today - d[4]).days for d in questions if d[4])} days)"
                if waited
                else ""
            ),
            counted(
                len(open_ones),
                "one decision not yet implemented",
                "{n} not yet implemented",
                "none waiting to be implemented",
            ),
            counted(len(recent), "one taken", "{n} taken", "none taken") + f" since {shown(since)}",
        )
    )
    return Section.of(
        "Decisions",
        Table(
            ("Open question, slowest first", "Raised", "Forum", "Open for"),
            rows(
                questions,
                lambda d: d[0],
                lambda d: shown(d[4]),
                lambda d: d[2],
                lambda d: f"{(today - d[4]).days} days" if d[4] else "—",
            ),
            (4, 1.2, 1.3, 1.1),
        )
        if waited
        else Table(("Awaiting decision", "Forum"), rows(questions, lambda d: d[0], lambda d: d[2])),
        Table(
            ("Not yet implemented", "Taken", "Forum", "Implementation", "Open for"),
            rows(
                open_ones,
                lambda d: d[0],
                lambda d: shown(d[1]),
                lambda d: d[2],
                lambda d: d[3].label,
                lambda d: f"{(today - d[1]).days} days",
            ),
            (4, 1.2, 1.3, 1.6, 1.1),
        ),
        Table(
            (f"Taken since {shown(since)}", "Taken", "Forum", "Implementation"),
            rows(
                recent,
                lambda d: d[0],
                lambda d: shown(d[1]),
                lambda d: d[2],
                lambda d: d[3].label,
            ),
            (4, 1.2, 1.3, 1.6),
        ),
        summary=summary,
    )


def obligation_flag(due: date, open_: bool, today: date) -> str:
    if not open_:
        return ""
    if due < today:
        days = (today - due).days
        return f"PAST DUE by {days} day{'s' if days != 1 else ''}"
    days = (due - today).days
    return "Due today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"


def previous_actions(started: datetime | None, actions) -> Section:
    """The previous meeting's actions; `actions`: (title, owner, due, status) per action."""
    if started is None:
        return Section.of(
            "Actions from the previous meeting", empty="No previous meeting recorded."
        )
    actions = tuple(actions)
    late = sum(1 for a in actions if a[3] == "Overdue")
    return Section.of(
        "Actions from the previous meeting",
        Text(f"From the meeting of {shown(started)}."),
        Table(("Action", "Owner", "Due", "Status"), actions, (4, 2, 1.2, 1.2)),
        empty="The previous meeting recorded no actions.",
        summary=counted(len(actions), "one action", "{n} actions")
        + f" from the meeting of {shown(started)}"
        + (", " + counted(late, "one overdue", "{n} overdue") if late else ""),
    )
