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
    then PySide6), and against PySide6 first for reference; the app's peak memory."""
    env = bytecode_env()
    for mode in ("app", "bare-sa-first"):
        _probe(mode, target, env)  # warm-up: bytecode written, files in the page cache
    app, bare, qt_first = [], [], []
    for _ in range(runs):
        app.append(_probe("app", target, env))
        bare.append(_probe("bare-sa-first", target, env))
        qt_first.append(_probe("bare", target, env))
    start = statistics.median(s for s, _, _ in app)
    floor = statistics.median(s for s, _, _ in bare)
    peak = max(m for _, m, _ in app)
    return [
        Line(
            "Cold start to Today (s)", start, floor, "≤ 1.3 × bare (same import order)",
            start <= 1.3 * floor,
        ),
        Line(
            "  the same against the bare stack importing PySide6 first", start,
            statistics.median(s for s, _, _ in qt_first),
        ),
        Line(
            "  until the portfolio is open behind it: Today read afresh, every page checked",
            statistics.median(r for _, _, r in app), floor,
        ),
        Line("Peak memory, app open (MB)", peak, None, f"≤ {MEMORY_MB} MB", peak <= MEMORY_MB),
    ]  # fmt: skip


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
