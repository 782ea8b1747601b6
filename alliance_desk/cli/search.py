"""`alliance-desk search QUERY [--alliance A] [--kind K] [--json]`: find records by the words
in them, as the window's Ctrl+K does — grouped by kind, the best first, each with the words
around the match and the id that opens it."""

from __future__ import annotations

import json
from typing import Any

from alliance_desk.cli.output import Failure
from alliance_desk.core.dates import shown
from alliance_desk.core.search import MARK_END, MARK_START, Hit, grouped, parse


def hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "kind": hit.what,
        "title": hit.title,
        "alliance": hit.alliance,
        "snippet": hit.plain_snippet,
        "day": hit.day.isoformat() if hit.day else None,
        "opens": {
            "what": hit.opens.what,
            "alliance_id": hit.opens.alliance_id,
            "record_id": hit.opens.record_id,
        },
    }


def as_text(hits: list[Hit], query: str) -> str:
    if not hits:
        return f"Nothing matches {query}."
    out: list[str] = []
    for group in grouped(hits):
        out.append(f"{group.kind} ({len(group.hits)})")
        for hit in group.hits:
            when = f", {shown(hit.day)}" if hit.day else ""
            out.append(f"  {hit.title} — {hit.alliance}{when}")
            words = hit.snippet.replace(MARK_START, "[").replace(MARK_END, "]")
            if words and hit.plain_snippet != hit.title:
                out.append(f"      {' '.join(words.split())}")
    return "\n".join(out)


def search_command(args: Any) -> int:
    from alliance_desk.cli.records import find_alliance, open_store
    from alliance_desk.store.search import search

    text = " ".join(args.query)
    query = parse(text)
    if not query:
        raise Failure(f"{text!r} has no word to look for (a query of only -words finds nothing).")
    if not 1 <= args.limit <= 1000:
        raise Failure("--limit must be between 1 and 1000.")
    store = open_store(args.db, reads_only=True)
    try:
        alliance_id = find_alliance(store, args.alliance).id if args.alliance else None
        hits = search(store, query, alliance_id=alliance_id, kinds=args.kind, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2))
    else:
        print(as_text(hits, repr(text)))
    return 0
