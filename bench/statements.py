"""SQL statements run per edit and per undo, for each kind of edit, in the window on the heavy
portfolio (issue 18: a field edit should run at most 3 SELECTs; one used to run 24).

    python -m bench.statements [--db PATH]

Each edit is made as a user makes it — a field changed in the form on screen, a tick, a
target — and counted from the moment it is saved until every view on screen has caught up;
then it is undone (Ctrl+Z) and counted again.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from bench.timing import run_events, scratch

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_SELECTS = 3


@contextmanager
def counting(engine: Any) -> Iterator[Counter[str]]:
    """Statements the engine runs inside the block, by their first word."""
    from sqlalchemy import event

    seen: Counter[str] = Counter()

    def executed(_conn, _cursor, statement: str, *_args: Any) -> None:
        seen[statement.lstrip().split(None, 1)[0].upper()] += 1

    event.listen(engine, "before_cursor_execute", executed)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", executed)


def _settle(app: Any) -> None:
    for _ in range(3):
        run_events(app)


def _type(form: Any, key: str, text: str) -> None:
    """Type into a field of a form and leave it, as a user does (saved on leaving)."""
    field = form.fields[key]
    field.setText(text)
    field.setModified(True)
    form.announce()


def _edits(window: Any) -> list[tuple[str, Callable[[], None]]]:
    """(what, how to make it) for each kind of edit; each sets up its section first."""
    from alliance_desk.core.onboarding import ItemStatus
    from alliance_desk.core.stakeholders import InteractionDraft, InteractionKind
    from alliance_desk.store import onboarding, risks, stakeholders
    from alliance_desk.ui.onboarding.commands import ItemStatusCommand
    from alliance_desk.ui.stakeholders.commands import LogInteractionCommand

    store, desk = window.desk.store, window.desk
    counts = {a: len(stakeholders.people_choices(store, a)) for a in _alliance_ids(store)}
    busiest = max(counts, key=counts.__getitem__)

    def person() -> None:
        panel = window.stakeholders.panel
        _type(panel.form, "title", f"Director {time.perf_counter_ns()}")

    def alliance() -> None:
        _type(window.portfolio.detail.form, "partner", f"Partner {time.perf_counter_ns()}")

    def escalation() -> None:
        _type(window.escalations.panel.form, "title", f"Issue {time.perf_counter_ns()}")

    def register(tab_name: str) -> Callable[[], None]:
        def edit() -> None:
            tab = getattr(window.risks, tab_name)
            _type(tab.form, "title", f"Edited {time.perf_counter_ns()}")

        return edit

    def tick() -> None:
        plan = window.onboarding.detail.plan
        item = next(i for i in plan.items if i.status is ItemStatus.OPEN)
        desk.run(ItemStatusCommand(desk, plan, item, ItemStatus.DONE))

    def target() -> None:
        habits = window.habits
        habits.target.setValue((habits.target.value() % 9) + 1)

    def show(section: str, alliance: int | None, then: Callable[[], None] | None = None):
        def prepare() -> None:
            desk.select_alliance(alliance)
            window.show_section(section)
            if then is not None:
                then()

        return prepare

    def first_person() -> None:
        view = window.stakeholders
        view.select(view.people[0].id)

    def first_of(tab_name: str) -> Callable[[], None]:
        def choose() -> None:
            tab = getattr(window.risks, tab_name)
            window.risks.tabs.setCurrentWidget(tab)
            tab.select(tab.records[0].id)

        return choose

    def with_records(load: Callable[..., list[Any]]) -> int | None:
        """The alliance with the most records of a register (the heavy portfolio's busiest)."""
        per: Counter[int] = Counter(record.alliance_id for record in load(store))
        return per.most_common(1)[0][0] if per else None

    def first_habit() -> None:
        window.habits.select(window.habits.lines[0].habit.key)

    def first_plan() -> None:
        window.onboarding.select_plan(window.onboarding.model.row_at(0).id)

    def log() -> None:
        person = window.stakeholders.panel.stakeholder
        draft = InteractionDraft(date.today(), InteractionKind.CALL, 1, "", (person.person.id,))
        desk.run(LogInteractionCommand(desk, person.alliance_id, draft))

    def first_escalation() -> None:
        window.escalations.select(window.escalations.model.row_at(0).escalation.id)

    return [
        ("person field (stakeholder panel)", show("stakeholders", busiest, first_person), person),
        ("alliance field (portfolio)", show("portfolio", busiest), alliance),
        (
            "escalation field (log, all 6,000)",
            show("escalations", None, first_escalation),
            escalation,
        ),
        (
            "risk field (register)",
            show("risks", with_records(risks.list_risks), first_of("risks")),
            register("risks"),
        ),
        (
            "decision field (register)",
            show("risks", with_records(risks.list_decisions), first_of("decisions")),
            register("decisions"),
        ),
        ("interaction logged (stakeholders)", show("stakeholders", busiest, first_person), log),
        ("habit target", show("habits", None, first_habit), target),
    ] + (
        [("onboarding item ticked", show("onboarding", None, first_plan), tick)]
        if onboarding.list_plans(store)
        else []  # the heavy portfolio has no onboarding plans
    )


def _alliance_ids(store: Any) -> list[int]:
    from alliance_desk.store import portfolio

    return [a.id for a in portfolio.list_alliances(store)]


def measure(path: Path) -> list[tuple[str, Counter[str], Counter[str]]]:
    """(kind of edit, statements of the edit, statements of its undo)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from alliance_desk.app import build_window

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(scratch() / "bench.ini"), QSettings.Format.IniFormat)
    window, error = build_window(str(path), False, settings)
    if error:
        raise SystemExit(error)
    window.resize(1440, 900)
    window.show()
    _settle(app)
    engine = window.desk.store.engine
    rows = []
    for what, prepare, edit in _edits(window):
        prepare()
        _settle(app)
        with counting(engine) as done:
            edit()
            _settle(app)
        with counting(engine) as undone:
            window.desk.undo_stack.undo()
            _settle(app)
        rows.append((what, done, undone))
    window.close()
    window.desk.store.close()
    return rows


def _line(counts: Counter[str]) -> str:
    kinds = ("SELECT", "INSERT", "UPDATE", "DELETE")
    return "  ".join(f"{counts.get(kind, 0):>3} {kind[:3].lower()}" for kind in kinds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    path = args.db
    if path is None:
        from bench.generate import generate

        path = scratch() / "heavy.sqlite3"
        generate(path, args.scale)
    rows = measure(path)
    print(f"\n{'edit':38} {'statements per edit':36} {'per undo':36}")
    for what, done, undone in rows:
        verdict = ""
        if " field " in what:  # the target is for field edits
            verdict = "met" if done["SELECT"] <= TARGET_SELECTS else "MISSED"
        print(f"{what:38} {_line(done):36} {_line(undone):36} {verdict}")
    print(f"\ntarget: ≤ {TARGET_SELECTS} SELECTs for a field edit")
    return 0


if __name__ == "__main__":
    import sys

    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 can crash tearing down a finished app
