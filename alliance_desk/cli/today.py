"""`alliance-desk today [--alliance A] [--json]`: Today in a terminal — the cards, the ranked
to-do list, the next meetings and the week's habits the window shows (core/today.py makes
both), for a morning digest or a scheduled job."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from alliance_desk.core.dates import clock, shown_long, shown_short
from alliance_desk.core.governance import local_zone_name
from alliance_desk.core.task import Task
from alliance_desk.core.today import Today


def task_json(task: Task) -> dict[str, Any]:
    return {
        "key": task.key,
        "kind": task.kind,
        "what": task.what,
        "alliance": task.alliance,
        "why": task.why,
        "due": task.due.isoformat(),
        "when": task.when,
        "late": task.late,
        "score": task.score,
        "opens": asdict(task.opens),
        **({"snoozed_until": task.snoozed_until.isoformat()} if task.snoozed_until else {}),
    }


def as_json(today: Today) -> dict[str, Any]:
    return {
        "day": today.day.isoformat(),
        "cards": [asdict(card) for card in today.cards],
        "tasks": [task_json(task) for task in today.tasks],
        "total": today.total,
        "snoozed": [task_json(task) for task in today.snoozed],
        "meetings": [
            {
                "committee": m.body_name,
                "starts_at": m.starts_at.isoformat(timespec="minutes"),
                "time_zone": m.time_zone or local_zone_name(),  # the IANA name
                "location": m.location,
                "agenda_items": m.agenda_items,
                "opens": {
                    "what": "meeting",
                    "alliance_id": m.alliance_id,
                    "record_id": m.meeting_id,
                },
            }
            for m in today.meetings
        ],
        "habits": today.habits,
    }


def task_line(rank: int, task: Task) -> str:
    """A task as the window's list shows it, on one line: what, where, why, when."""
    return f"{rank:>3}. {task.what} — {task.alliance} — {task.why} — {task.when}"


def as_text(today: Today) -> str:
    out = [f"Today, {shown_long(today.day)}"]
    out.append("  ·  ".join(f"{card.value} {card.caption}" for card in today.cards))
    out.append("")
    out.append(f"To do, most pressing first ({today.total})" if today.total else "To do")
    out += [task_line(rank, task) for rank, task in enumerate(today.tasks, start=1)]
    if not today.total:
        out.append("  Nothing needs you today.")
    if today.snoozed:
        out.append(f"  ({len(today.snoozed)} snoozed)")
    out.append("")
    out.append("Next meetings")
    for m in today.meetings:
        when = f"{shown_short(m.starts_at, today.day)} {clock(m.starts_at)} {m.letters}"
        out.append(f"  - {m.body_name}, {when}, {m.location or 'no place'}")
    if not today.meetings:
        out.append("  No meeting planned.")
    out.append("")
    out.append("This week's habits")
    out.append(f"  {today.habits or 'No habit has a target.'}")
    return "\n".join(out)


def today_command(args: Any) -> int:
    """The `today` command. Every line is printed (the window shows the first 50 of a list)."""
    from alliance_desk.cli.records import find_alliance, open_store
    from alliance_desk.store.today import load_today

    store = open_store(args.db, reads_only=True)
    try:
        alliance_id = find_alliance(store, args.alliance).id if args.alliance else None
        today = load_today(store, alliance_id=alliance_id, limit=None)
    finally:
        store.close()
    print(json.dumps(as_json(today), ensure_ascii=False, indent=2) if args.json else as_text(today))
    return 0
