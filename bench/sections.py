"""In the window: computing Today, showing each section (against a bare `QTableView` of the
same rows, bench.bare_view), and a filter keystroke in the escalation log.

    python -m bench.sections PORTFOLIO [--sections value,habits] [--runs 7] [--most 0.050]

times some sections alone (each after an edit of a record it lists, as bench.run does) on a
copy of a portfolio file (the edits are saved) or on a team store's URL.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from bench.timing import Line, median, run_events, within

SIZE = (1440, 900)
SHOW_MOST = 0.100  # s, any section on the ten-times portfolio (issue 25)
HEAVY_MOST = 0.050  # s, any section on the heavy portfolio
SHOW_TIMES = 3.0  # × the bare view of the same rows
KEYSTROKE_MOST = 0.030
PAUSE_EVENTS = 0.3  # s of the user's pause given to what reading ahead left for later
SECTIONS = ("today", "portfolio", "stakeholders", "onboarding", "escalations", "risks",
            "habits", "packs", "value")  # fmt: skip


def _settle(app: Any) -> None:
    for _ in range(3):
        run_events(app)


def _edit_listed(window: Any, section: str) -> Callable[[], None]:
    """An edit of a record the section lists (its first row: a list read again then holds a
    changed row, and cannot keep the rows it had), saved through the store as another window
    or a teammate saves it; then every section is told, as after a refresh (`refresh_all`).
    Sections without a list of their own see an escalation edited (Today, Value, packs draw
    on it); stakeholders and onboarding only the refresh."""
    from dataclasses import replace

    from alliance_desk.store import escalations, habits, portfolio, risks

    store, counter = window.desk.store, iter(range(1_000_000))

    def escalation() -> None:
        found = window.escalations.model
        issue = found.row_at(0).escalation if found.rowCount() else None
        issue = issue or escalations.list_escalations(store)[0]
        draft = replace(issue.draft, title=f"{issue.draft.title.split(' #')[0]} #{next(counter)}")
        escalations.update_escalation(store, issue.id, draft)

    def risk() -> None:
        listed = window.risks.risks.records or risks.list_risks(store)
        first = listed[0]
        title = f"{first.draft.title.split(' #')[0]} #{next(counter)}"
        risks.update_risk(store, first.id, replace(first.draft, title=title))

    def alliance() -> None:
        first = portfolio.list_alliances(store)[0]
        partner = f"{first.partner.split(' #')[0]} #{next(counter)}"
        portfolio.update_alliance(store, first.id, replace(first.draft(), partner=partner))

    def target() -> None:
        first = window.habits.lines[0].habit
        habits.set_target(store, first.key, next(counter) % 9 + 1)

    edits = {"escalations": escalation, "risks": risk, "portfolio": alliance, "habits": target}
    edit = edits.get(section, escalation if section in ("today", "value", "packs") else None)

    def edited() -> None:
        if edit is not None:
            edit()
        window.desk.refresh_all()

    return edited


def section_lines(
    window: Any,
    bare_connect: Callable[[], Any],
    runs: int,
    most: float = SHOW_MOST,
    sections: tuple[str, ...] = SECTIONS,
) -> list[Line]:
    """Each section shown as a click in the navigation shows it, after an edit of a record
    it lists made it stale (`_edit_listed`), against the bare view of as many rows as it
    shows."""
    from PySide6.QtWidgets import QApplication

    from alliance_desk.store import today_tally
    from alliance_desk.ui.collector import MainThreadCollector
    from alliance_desk.ui.warm_up import SectionWarmUp
    from bench.bare_view import BareWindow, visible_rows

    app = QApplication.instance()
    lines = []
    floor: dict[str, float] = {}  # each section's bare view
    bare_window = BareWindow(bare_connect, SIZE)
    clock = [0.0]  # the user's pauses, without waiting them out: only the click is timed
    warm_up = SectionWarmUp(window, clock=lambda: clock[0])
    warm_up.start()

    def paused() -> None:
        """As when the user pauses after an edit: hidden sections are read ahead, then what
        that reading left for later (a pack's preview, say) runs and the collector's timer
        collects what is due, as they would during the pause — not in the click timed next."""
        while True:
            clock[0] += 10.0
            done = len(warm_up.done)
            warm_up.step()
            if len(warm_up.done) == done:
                break
        ends = time.perf_counter() + PAUSE_EVENTS
        while time.perf_counter() < ends:
            run_events(app)
        MainThreadCollector().collect_due()

    # As after a quiet moment on Today once the window is up, before any first edit (the
    # warm-up's last step: sections not built yet here, so their first showing is timed).
    today_tally.tally_ahead(window.desk.store)
    for section in sections:
        window.show_section("today" if section != "today" else "portfolio")
        _settle(app)
        started = time.perf_counter()
        window.show_section(section)
        run_events(app)
        first = time.perf_counter() - started
        samples, floors = [], []
        rows = visible_rows(window.view(section))
        edit = _edit_listed(window, section)
        for _ in range(runs):
            window.show_section("today" if section != "today" else "portfolio")
            edit()  # the hidden section is stale, and a row it listed has changed
            _settle(app)
            started = time.perf_counter()
            window.show_section(section)
            run_events(app)
            samples.append(time.perf_counter() - started)
            started = time.perf_counter()
            bare_window.show(section, rows)
            run_events(app)
            floors.append(time.perf_counter() - started)
        line = within(
            f"Show {section} after an edit, {rows} rows on screen (s)",
            statistics.median(samples),
            statistics.median(floors),
            most,
            SHOW_TIMES,
        )
        lines.append(line)
        lines.append(Line(f"  {section}, first showing (built) (s)", first))
        floor[section] = statistics.median(floors)
    # Last, once every first showing is measured: reading ahead builds every section.
    for section in sections:
        edit, after_pause = _edit_listed(window, section), []
        for _ in range(runs):
            window.show_section("today" if section != "today" else "portfolio")
            edit()
            _settle(app)
            paused()
            started = time.perf_counter()
            window.show_section(section)
            run_events(app)
            after_pause.append(time.perf_counter() - started)
        unchanged = []  # Qt's own share: shown again with nothing to read
        for _ in range(runs):
            window.show_section("today" if section != "today" else "portfolio")
            _settle(app)
            started = time.perf_counter()
            window.show_section(section)
            run_events(app)
            unchanged.append(time.perf_counter() - started)
        at = next(i for i, line in enumerate(lines) if line.what.startswith(f"  {section}, first"))
        lines[at + 1 : at + 1] = [
            Line(
                f"  {section}, after an edit and a pause (read ahead) (s)",
                statistics.median(after_pause),
                floor[section],
            ),
            Line(
                f"  {section}, shown again, nothing changed (s)",
                statistics.median(unchanged),
                floor[section],
            ),
        ]
    warm_up.stop()
    bare_window.close()
    return lines


def keystroke_line(window: Any) -> Line:
    """A real keystroke typed into the escalation log's filter (every escalation listed):
    through its model, the view's update and a repaint."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    window.show_section("escalations")
    view = window.escalations
    view.status_filter.setCurrentIndex(1)  # everything
    _settle(app)
    words = ["i", "is", "iss", "issu", "issue", "issue ", "issue 1", "issue 12"]

    def type_word(word: str) -> None:
        view.text_filter.setText(word)
        run_events(app)
        view.table.viewport().repaint()

    took = statistics.median(median(lambda w=w: type_word(w), 3) for w in words)
    view.text_filter.setText("")
    _settle(app)
    return within("One filter keystroke in the escalation log (s)", took, None, KEYSTROKE_MOST, 0)


def today_line(window: Any, runs: int) -> Line:
    """Computing and showing Today again (as after an edit), for reference."""
    return Line("Computing Today (s)", median(window.today.reload, runs))


def main(argv: list[str] | None = None) -> int:
    import gc

    from bench.run import _bare_connect, _open_window
    from bench.timing import print_table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="a portfolio file (a copy is timed) or a team store URL")
    parser.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--most", type=float, default=HEAVY_MOST, help="seconds, the target")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target, folder = args.target, tempfile.mkdtemp()
    if "://" not in target:
        target = shutil.copy(target, folder)  # deleted at the end: it may be hundreds of MB
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; runs {args.runs}")
    window = _open_window(target)
    gc.freeze()  # as `app.start` does once the window is up
    chosen = tuple(args.sections.split(","))
    lines = section_lines(window, _bare_connect(target), args.runs, args.most, chosen)
    from alliance_desk.store.location import without_password

    print_table(f"Sections of {without_password(args.target)}", lines)  # output gets shared
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 can crash tearing down a finished app
