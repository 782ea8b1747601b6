"""What encryption at rest costs: start-up, Today and a governance pack on the heavy portfolio,
encrypted against plain (issue 24's target: ≤ 1.15 × plain each).

    python -m bench.encrypted [--db PATH] [--scale 1.0] [--runs 5]

The encrypted start includes deriving the key from the passphrase (once per start).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.timing import scratch

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PASSPHRASE = "bench passphrase"


def _start(path: Path, secret: str | None) -> float:
    env = {k: v for k, v in os.environ.items() if k != "ALLIANCE_DESK_PASSPHRASE"}
    if secret is not None:
        env["ALLIANCE_DESK_PASSPHRASE"] = secret  # bench.probe unlocks with it
    result = subprocess.run(
        [sys.executable, "-m", "bench.probe", "app", str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
        env=env,
    )
    return float(result.stdout.split()[0])


def _windows(paths: list[Path]) -> list:
    """A main window on each of `paths`, as the app opens it (settings kept aside)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from alliance_desk.app import build_window

    QApplication.instance() or QApplication([])
    windows = []
    for path in paths:
        ini = str(scratch() / "bench.ini")
        window, error = build_window(str(path), False, QSettings(ini, QSettings.Format.IniFormat))
        assert error is None, error
        windows.append(window)
    return windows


def _exporter(store) -> Callable[[], None]:
    """Exporting the busiest alliance's governance pack (internal) from `store`."""
    from alliance_desk.core.packs import Audience
    from alliance_desk.packs.compose import governance_pack
    from alliance_desk.packs.render import render
    from alliance_desk.store import escalations, governance, packs

    meetings = governance.list_meetings(store)
    busiest = max(
        {m.alliance_id for m in meetings}, key=lambda a: len(escalations.list_escalations(store, a))
    )
    meeting = next(m for m in meetings if m.alliance_id == busiest)
    out = scratch() / "pack.pdf"

    def export() -> None:
        inputs = packs.governance_inputs(store, busiest, meeting.id, Audience.INTERNAL)
        render(governance_pack(inputs), out)

    return export


def _interleaved(works: list[Callable[[], None]], runs: int) -> list[float]:
    """The median seconds of each of `works`, run in turn `runs` times after one untimed run
    each: a busy moment of the machine slows both sides alike, not one side's whole series."""
    for work in works:
        work()  # the first run compiles statements and fills caches: not what is compared
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, taken in zip(works, times, strict=True):
            started = time.perf_counter()
            work()
            taken.append(time.perf_counter() - started)
    return [statistics.median(taken) for taken in times]


def _in_window(plain: Path, encrypted: Path, runs: int) -> tuple[list[float], list[float]]:
    """Median seconds for Today and for the busiest alliance's governance pack, both windows
    open in this process and measured in turn: ([encrypted, plain], [encrypted, plain])."""
    windows = _windows([encrypted, plain])
    today = _interleaved([window.today.reload for window in windows], runs)
    pack = _interleaved([_exporter(window.desk.store) for window in windows], max(1, runs // 2))
    for window in windows:
        window.close()
        window.desk.store.close()
    return today, pack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp())
    plain = folder / "heavy.sqlite3"
    if args.db is None:
        from bench.generate import generate

        started = time.perf_counter()
        generate(plain, args.scale)
        took = time.perf_counter() - started
        print(f"generated the heavy portfolio (scale {args.scale}) in {took:.1f} s")
    else:
        shutil.copy(args.db, plain)
    encrypted = folder / "encrypted.sqlite3"
    shutil.copy(plain, encrypted)
    from alliance_desk.store import cipher, encryption

    started = time.perf_counter()
    encryption.encrypt(encrypted, PASSPHRASE)
    print(f"encrypted it in {time.perf_counter() - started:.1f} s")
    plain_starts, encrypted_starts = [], []
    for _ in range(args.runs):  # interleaved: a busy moment of the machine hits both alike
        plain_starts.append(_start(plain, None))
        encrypted_starts.append(_start(encrypted, PASSPHRASE))
    (encrypted_today, plain_today), (encrypted_pack, plain_pack) = _in_window(
        plain, encrypted, args.runs
    )
    cipher.forget(encrypted)
    rows = [
        (
            "Cold start to Today (s)",
            statistics.median(encrypted_starts),
            statistics.median(plain_starts),
        ),
        ("Computing Today (s)", encrypted_today, plain_today),
        ("Governance pack, busiest alliance (s)", encrypted_pack, plain_pack),
    ]
    print(f"\n{'measure':40} {'encrypted':>9} {'plain':>9} {'ratio':>6}  target ≤ 1.15")
    for name, value, baseline in rows:
        ratio = value / baseline
        verdict = "met" if ratio <= 1.15 else "MISSED"
        print(f"{name:40} {value:9.3f} {baseline:9.3f} {ratio:6.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 can crash tearing down a finished app
