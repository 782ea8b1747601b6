"""The benchmark runs end to end on a tiny portfolio (timings are never asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alliance_desk.store import escalations, portfolio, stakeholders
from alliance_desk.store.database import open_store
from bench.generate import generate

ROOT = Path(__file__).resolve().parents[1]


def test_generator_writes_a_valid_portfolio(tmp_path: Path) -> None:
    counts = generate(tmp_path / "heavy.sqlite3", scale=0.01)
    store = open_store(tmp_path / "heavy.sqlite3", start_backup=False)
    try:
        assert len(portfolio.list_alliances(store)) == counts["alliances"]
        assert len(stakeholders.list_stakeholders(store, None)) == counts["people"]
        assert len(escalations.list_escalations(store)) == counts["escalations"]
    finally:
        store.close()


def _bench(tmp_path: Path, module: str, *options: str) -> str:
    """What a benchmark prints, run on a tiny heavy-style portfolio."""
    db = tmp_path / "heavy.sqlite3"
    generate(db, scale=0.01)
    result = subprocess.run(
        [sys.executable, "-m", module, "--db", str(db), *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_benchmark_prints_its_table(tmp_path: Path) -> None:
    printed = _bench(tmp_path, "bench.run", "--runs", "1")
    for measure in (
        "Cold start to Today",
        "Peak memory",
        "Computing Today",
        "filter keystroke",
        "Governance pack",
    ):
        assert measure in printed


@pytest.mark.slow
def test_statements_benchmark_counts_each_kind_of_edit(tmp_path: Path) -> None:
    """Statements per edit and per undo, for each kind of edit (counts, not timings)."""
    printed = _bench(tmp_path, "bench.statements")
    for edit in ("person field", "alliance field", "escalation field", "risk field"):
        line = next(line for line in printed.splitlines() if line.startswith(edit))
        assert line.rstrip().endswith("met"), line
