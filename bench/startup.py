"""Cold processes: start-up to Today, peak memory, and `alliance-desk export-pack`, each against
a bare process measured in the same run, interleaved so a busy moment hits both alike.

Every cold process runs with compiled bytecode cached (as an installed app has it) in a folder
of this run's own; one warm-up of each comes first and is not counted.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from bench.timing import Line, python, scratch

MEMORY_MB = 300


def bytecode_env() -> dict[str, str]:
    """Cold processes write and reuse bytecode (PYTHONDONTWRITEBYTECODE would make every one
    compile the whole app, which no installed copy does), kept out of the source tree."""
    import os

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    folder = Path(tempfile.gettempdir()) / "alliance-desk-bench-bytecode"
    # Today kept by one run for the next (store/first_frame.py), as a user's last session
    # keeps it: in a cache folder of the benchmark's own, not the user's.
    cache = Path(tempfile.gettempdir()) / "alliance-desk-bench-cache"
    return {"PYTHONPYCACHEPREFIX": str(folder), "XDG_CACHE_HOME": str(cache)}


def _probe(mode: str, target: str, env: dict[str, str]) -> tuple[float, float, float]:
    _took, printed = python("-m", "bench.probe", mode, target, env=env)
    seconds, peak, ready = printed.split()
    return float(seconds), float(peak), float(ready)


def start_lines(target: str, runs: int) -> list[Line]:
    """Cold start to Today against the bare stack in the app's own import order (SQLAlchemy,
    then PySide6), and against PySide6 first for reference; the app's peak memory. A team
    store also reopened as most starts reopen it (`_reopening`)."""
    env = bytecode_env()
    reopen = _reopening(target, env) if "://" in target else None
    modes = ("app", "bare-sa-first", "bare", *(("app-reopened",) if reopen else ()))
    for mode in modes[:2]:
        _probe(mode, target, env)  # warm-up: bytecode written, files in the page cache
    if reopen:
        _probe("app-reopened", target, reopen)
    took: dict[str, list[tuple[float, float, float]]] = {mode: [] for mode in modes}
    for _ in range(runs):
        for mode in modes:
            took[mode].append(_probe(mode, target, reopen if mode == "app-reopened" else env))
    app = took["app"]
    start = statistics.median(s for s, _, _ in app)
    floor = statistics.median(s for s, _, _ in took["bare-sa-first"])
    peak = max(m for _, m, _ in app)
    reopened = statistics.median(s for s, _, _ in took.get("app-reopened", [(0.0, 0, 0)]))
    return [
        Line(
            "Cold start to Today (s)", start, floor, "≤ 1.3 × bare (same import order)",
            start <= 1.3 * floor,
        ),
        Line(
            "  the same against the bare stack importing PySide6 first", start,
            statistics.median(s for s, _, _ in took["bare"]),
        ),
        Line(
            "  until the portfolio is open behind it: Today read afresh, every page checked",
            statistics.median(r for _, _, r in app), floor,
        ),
        *([Line("  reopened from the settings, no --db (s)", reopened, floor,
                "≤ 1.3 × bare", reopened <= 1.3 * floor)] if reopen else []),
        Line("Peak memory, app open (MB)", peak, None, f"≤ {MEMORY_MB} MB", peak <= MEMORY_MB),
    ]  # fmt: skip


def _reopening(url: str, env: dict[str, str]) -> dict[str, str]:
    """The environment of a start that reopens the team store at `url` as most starts do:
    named by no option, remembered in the user's settings without its password (given as
    libpq's PGPASSWORD, as a user with no password prompt has it)."""
    from PySide6.QtCore import QSettings
    from sqlalchemy.engine import make_url

    from alliance_desk.app import APPLICATION, ORGANISATION
    from alliance_desk.last_opened import LAST_DATABASE
    from alliance_desk.store.location import without_password

    config = scratch() / "reopened-settings"
    settings = QSettings(
        str(config / ORGANISATION / f"{APPLICATION}.conf"), QSettings.Format.IniFormat
    )
    settings.setValue(LAST_DATABASE, without_password(url))
    settings.sync()
    password = make_url(url).password
    return {**env, "XDG_CONFIG_HOME": str(config), "PGPASSWORD": str(password or "")}


def export_line(target: str, alliance_id: int, meeting_id: int, runs: int) -> Line:
    """`alliance-desk export-pack governance` from a cold process against a cold process that
    only imports ReportLab's platypus and SQLAlchemy."""
    env = bytecode_env()
    out = scratch() / "pack.pdf"
    command = (
        "-m", "alliance_desk", "--db", target, "export-pack", "governance",
        "--alliance", f"#{alliance_id}", "--meeting", str(meeting_id), str(out),
    )  # fmt: skip
    bare = ("-c", "import reportlab.platypus, sqlalchemy")
    python(*command, env=env)
    python(*bare, env=env)
    exports, imports = [], []
    for _ in range(runs):
        exports.append(python(*command, env=env)[0])
        imports.append(python(*bare, env=env)[0])
    took, floor = statistics.median(exports), statistics.median(imports)
    return Line(
        "export-pack governance, cold process (s)", took, floor, "≤ 1.5 × bare imports",
        took <= 1.5 * floor,
    )  # fmt: skip
