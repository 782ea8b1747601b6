"""Statements per screen: what computing Today and showing each section (after an edit made it
stale) send to the database, counted the same way on the file and on the team store, where
each statement is a round trip (issue 25: Today in at most 5)."""

from __future__ import annotations

from typing import Any

from bench.sections import SECTIONS, _settle
from bench.statements import counting

TODAY_MOST = 5


def statement_counts(window: Any) -> list[tuple[str, int, int | None]]:
    """(screen, statements, target or None)."""
    from PySide6.QtWidgets import QApplication

    from alliance_desk.store.today import load_today

    app = QApplication.instance()
    store = window.desk.store
    rows: list[tuple[str, int, int | None]] = []
    load_today(store)  # warm: the policy and mappers read once, as in a running window
    with counting(store.engine) as seen:
        load_today(store)
    rows.append(("Today's data (load_today)", sum(seen.values()), TODAY_MOST))
    for section in SECTIONS:
        window.show_section("today" if section != "today" else "portfolio")
        window.desk.refresh_all()
        _settle(app)
        with counting(store.engine) as seen:
            window.show_section(section)
            _settle(app)
        rows.append((f"Show {section} after an edit", sum(seen.values()), None))
    return rows


def print_counts(title: str, rows: list[tuple[str, int, int | None]]) -> None:
    print(f"\n== {title}: SQL statements per screen (each a round trip on the team store)")
    for what, count, most in rows:
        verdict = (
            "" if most is None else f"target ≤ {most}  " + ("met" if count <= most else "MISSED")
        )
        print(f"{what:62} {count:9d}  {verdict}")
