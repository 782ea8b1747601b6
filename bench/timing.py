"""What every benchmark module shares: a measured line, medians, cold processes, the table."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def scratch() -> Path:
    """A throwaway folder of this process's own, removed when it ends (a day of benchmark
    runs otherwise leaves hundreds of settings files, packs and portfolios in /tmp)."""
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="alliance-desk-bench-")
    atexit.register(shutil.rmtree, folder, True)
    return Path(folder)


@dataclass(frozen=True)
class Line:
    """One measure: its value, the bare baseline measured in the same run (None: none), the
    target in words and whether it was met (None: for reference only)."""

    what: str
    value: float
    baseline: float | None = None
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


def run_events(app: Any) -> None:
    """Run what is waiting, as the app's event loop would between two inputs. Qt's
    `processEvents` outside a running loop (the benchmark never calls `exec`) leaves every
    object handed to `deleteLater` alive — widgets a refresh replaced stayed, shown, under the
    new ones: Today's habit lines grew by fourteen labels an edit, and its click after forty
    edits took 45 ms where the app takes 18. The loop deletes them once control returns to it."""
    from PySide6.QtCore import QEvent

    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def within(what: str, value: float, baseline: float | None, most: float, times: float) -> Line:
    """A line whose target is `value ≤ most` seconds and `≤ times × baseline` (either may be
    left out with 0)."""
    met = True
    target = []
    if most:
        met = met and value <= most
        target.append(f"≤ {most:.3f} s")
    if times and baseline is not None:
        met = met and value <= times * baseline
        target.append(f"≤ {times:g} × bare")
    return Line(what, value, baseline, ", ".join(target), met)


def median(function: Callable[[], object], runs: int) -> float:
    """Median seconds of `runs` calls."""
    samples = []
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def python(*arguments: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run `python ARGUMENTS` from the project's root in a cold process: (wall seconds,
    what it printed). A failure stops the benchmark with what the process said."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{result.stderr.strip()}")
    return took, result.stdout


def print_table(title: str, lines: Sequence[Line]) -> None:
    print(f"\n== {title}")
    print(f"{'measure':62} {'value':>9} {'baseline':>9} {'ratio':>6}  target")
    for line in lines:
        ratio = f"{line.ratio:.2f}" if line.ratio is not None else ""
        base = f"{line.baseline:.3f}" if line.baseline is not None else ""
        verdict = "" if line.met is None else ("met" if line.met else "MISSED")
        target = f"{line.target}  {verdict}".strip()
        print(f"{line.what:62} {line.value:9.3f} {base:>9} {ratio:>6}  {target}")
    sys.stdout.flush()
