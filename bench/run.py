"""The benchmark: every target of issue 25 as a line with its measured value, the bare baseline
measured in the same run, the ratio, the target and met/missed — on the portfolio file and, when
given a PostgreSQL server, on the team store.

    python -m bench.run [--scale 10] [--runs 5] [--db PATH] [--postgres URL] [--heavy-db PATH]

Without --db it generates the portfolio at --scale (bench.generate) in a temporary folder.
--postgres names a server on which it may create a database (`bench_<pid>`) to fill at the same
scale (or --team-url an already generated team store); the team store is measured as that
URL's role and again as a member granted every alliance (`bench.member`), whom row
security binds as it binds a team's users. The heavy (1×) portfolio's sections are
measured too (--heavy-db, or generated). Timings live here, never in the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _generated(target: str | Path, scale: float) -> None:
    from bench.generate import generate

    started = time.perf_counter()
    generate(target, scale)
    shown = "the team store" if "://" in str(target) else target
    print(f"generated the portfolio at scale {scale:g} in {time.perf_counter() - started:.1f} s"
          f" -> {shown}")  # fmt: skip


def _bare_connect(target: str):
    """A plain driver connection to the same store, for the bare baselines."""
    if "://" not in target:
        import sqlite3

        return lambda: sqlite3.connect(target)
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(target).set(drivername="postgresql").render_as_string(False)
    return lambda: psycopg.connect(conninfo)


def _open_window(target: str):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from alliance_desk.app import build_window
    from alliance_desk.ui.theme import apply_theme
    from bench.sections import SIZE
    from bench.timing import run_events, scratch

    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # as `app.start` does: the window is measured as the user sees it
    # Fresh settings: the window opens on Today, not on the section a previous run left open.
    settings = QSettings(str(scratch() / "bench.ini"), QSettings.Format.IniFormat)
    window, error = build_window(target, False, settings)
    if error:
        raise SystemExit(error)
    window.resize(*SIZE)
    window.show()
    run_events(app)
    return window


def measure(target: str, runs: int, title: str, *, member: bool = False) -> None:
    """Every line of the table for one store, and its statements per screen. `member`: the
    URL is a member's (row security applies; the search lines are measured with the owner)."""
    import gc

    from bench import outputs, screens, sections, startup
    from bench.timing import print_table

    lines = startup.start_lines(target, runs)
    window = _open_window(target)
    gc.freeze()  # as `app.start` does once the window is up: later collections skip all that
    store = window.desk.store
    lines.append(sections.today_line(window, runs))
    lines += sections.section_lines(window, _bare_connect(target), runs)
    lines.append(sections.keystroke_line(window))
    # Counted before the member's search is set up: its grants move the counter every kept
    # part of the owner's window depends on, and each section would read all of them again.
    counts = screens.statement_counts(window)
    if not member:  # a member may not read the words table the bare search reads
        lines.append(outputs.search_line(store, runs))
    if "://" in target and not member:  # the URL's role may be a superuser: no row security
        from bench.member import member_search_line

        lines.append(member_search_line(store, target, runs))
    lines.append(outputs.pack_line(store, runs))
    alliance_id, meeting_id = outputs.busiest_meeting(store)
    window.close()
    store.close()
    lines.append(startup.export_line(target, alliance_id, meeting_id, runs))
    print_table(title, lines)
    screens.print_counts(title, counts)


def measure_heavy(path: Path, runs: int) -> None:
    """On the heavy (1×) portfolio: every section ≤ 50 ms."""
    from bench import sections
    from bench.timing import print_table

    window = _open_window(str(path))
    lines = sections.section_lines(window, _bare_connect(str(path)), runs, most=sections.HEAVY_MOST)
    window.close()
    window.desk.store.close()
    print_table("The heavy (1×) portfolio, on the file: sections", lines)


def _team_store(server: str) -> str:
    """A new database on `server` for this run: its URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"bench_{os.getpid()}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a generated portfolio file (default: make one)")
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL server URL to make a team store on")
    parser.add_argument("--team-url", help="an already generated team store")
    parser.add_argument("--heavy-db", type=Path, help="a generated heavy (1×) portfolio file")
    parser.add_argument("--no-file", action="store_true", help="only the team store")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp())
    try:
        _measure_all(args, folder)
    finally:  # the generated portfolios: hundreds of megabytes each at ten times
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _measure_all(args: argparse.Namespace, folder: Path) -> None:
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; runs {args.runs}")
    if not args.no_file:
        path = args.db
        if path is None:
            path = folder / "portfolio.sqlite3"
            _generated(path, args.scale)
        measure(str(path), args.runs, f"The portfolio file (SQLite), scale {args.scale:g}")
    team = args.team_url
    if team is None and args.postgres:
        team = _team_store(args.postgres)
        _generated(team, args.scale)
    if team is not None:
        from bench.member import member_url

        measure(team, args.runs, f"The team store (PostgreSQL), scale {args.scale:g}, its owner")
        title = f"The team store, scale {args.scale:g}, a member granted every alliance"
        measure(member_url(team), args.runs, title, member=True)
    heavy = args.heavy_db
    if heavy is None:
        heavy = folder / "heavy.sqlite3"
        _generated(heavy, 1.0)
    measure_heavy(heavy, args.runs)


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 can crash tearing down a finished app
