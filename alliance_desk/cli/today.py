"""`alliance-desk today [--alliance A] [--json]`: Today's lists in a terminal, the same lines
the window shows (core/today.py makes both), for a morning digest or a scheduled job."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from alliance_desk.core.today import Today


def as_json(today: Today) -> dict[str, Any]:
    return {
        "day": today.day.isoformat(),
        "tiles": [asdict(tile) for tile in today.tiles],
        "lists": [
            {
                "key": section.key,
                "title": section.title,
                "total": section.total,
                "lines": [
                    {
                        "text": line.text,
                        "late": line.late,
                        "detail": line.detail,
                        "opens": asdict(line.opens),
                    }
                    for line in section.lines
                ],
            }
            for section in today.sections
        ],
        "habits": today.habits,
    }


def as_text(today: Today) -> str:
    out = [f"Today, {today.day:%A %d %B %Y}"]
    out.append("  ·  ".join(f"{tile.value} {tile.caption}" for tile in today.tiles))
    for section in today.sections:
        out.append("")
        out.append(f"{section.title} ({section.total})" if section.total else section.title)
        for line in section.lines:
            out.append(f"  {'!' if line.late else '-'} {line.text}")
        if not section.total:
            out.append(f"  {section.nothing}")
    out.append("")
    out.append("This week's habits")
    out.append(f"  {today.habits or 'No habit has a target.'}")
    return "\n".join(out)


def today_command(args: Any) -> int:
    """The `today` command. Every line is printed (the window shows the first 50 of a list)."""
    from alliance_desk.cli.records import find_alliance, open_store
    from alliance_desk.store.today import load_today

    store = open_store(args.db)
    try:
        alliance_id = find_alliance(store, args.alliance).id if args.alliance else None
        today = load_today(store, alliance_id=alliance_id, limit=None)
    finally:
        store.close()
    print(json.dumps(as_json(today), ensure_ascii=False, indent=2) if args.json else as_text(today))
    return 0
