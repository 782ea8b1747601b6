"""The benchmark runs end to end on a tiny portfolio (timings are never asserted here)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from alliance_desk.cli import main as cli
from alliance_desk.store import escalations, portfolio, stakeholders
from alliance_desk.store.database import open_store
from alliance_desk.store.search import search
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


def _schema(path: Path) -> list[tuple[str, ...]]:
    """Every table, index and trigger of a file with the SQL that made it."""
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def test_generated_file_has_the_schema_of_a_normal_upgrade_and_passes_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Triggers set aside while writing in bulk are all back, exactly as the migration made them."""
    heavy, fresh = tmp_path / "heavy.sqlite3", tmp_path / "fresh.sqlite3"
    generate(heavy, scale=0.01)
    open_store(fresh, start_backup=False).close()
    assert _schema(heavy) == _schema(fresh)
    assert cli(["--db", str(heavy), "check"]) == 0
    assert "ok (schema" in capsys.readouterr().out


def test_generated_text_is_found_and_the_index_follows_later_edits(tmp_path: Path) -> None:
    """The search index is filled from the generated records, and its triggers are live."""
    path = tmp_path / "heavy.sqlite3"
    generate(path, scale=0.01)
    store = open_store(path, start_backup=False)
    try:
        found = search(store, '"Issue 12"')
        assert [(hit.what, hit.title) for hit in found][:1] == [("escalation", "Issue 12: data")]
        people = search(store, '"Person 1-003"', kinds=["person"])
        assert [hit.title for hit in people] == ["Person 1-003"]
        escalation = escalations.get_escalation(store, found[0].record_id)
        escalations.update_escalation(
            store, escalation.id, replace(escalation.draft, title="Cold-chain xylophone")
        )
        assert [hit.record_id for hit in search(store, "xylophone")] == [escalation.id]
        assert not [hit for hit in search(store, '"Issue 12"') if hit.record_id == escalation.id]
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
    printed = _bench(
        tmp_path, "bench.run", "--runs", "1", "--heavy-db", str(tmp_path / "heavy.sqlite3")
    )
    for measure in (
        "Cold start to Today",
        "Peak memory",
        "Computing Today",
        "Show escalations after an edit",
        "escalations, after an edit and a pause (read ahead)",
        "risks, shown again, nothing changed",
        "filter keystroke",
        "Search, slowest",
        "Governance pack",
        "export-pack governance, cold process",
        "Today's data (load_today)",
    ):
        assert measure in printed
    assert "The heavy (1×) portfolio" in printed


@pytest.mark.slow
def test_statements_benchmark_counts_each_kind_of_edit(tmp_path: Path) -> None:
    """Statements per edit and per undo, for each kind of edit (counts, not timings)."""
    printed = _bench(tmp_path, "bench.statements")
    for edit in ("person field", "alliance field", "escalation field", "risk field"):
        line = next(line for line in printed.splitlines() if line.startswith(edit))
        assert line.rstrip().endswith("met"), line


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's own high-water mark: Linux")
def test_probe_reports_its_own_peak_memory_not_its_parents() -> None:
    """The benchmark starts each probe from a process that has just generated the portfolio:
    that parent's peak must not be printed as the app's (Linux carries `ru_maxrss` over an
    exec). A bare child that only imports the probe's module peaks below this test process."""
    import resource

    ballast = bytearray(64 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(ballast[::4096])  # resident, so this process's peak holds it
    ours = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = subprocess.run(
        [sys.executable, "-c", "from bench.probe import peak_rss_mb; print(peak_rss_mb())"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    del ballast
    assert float(child.stdout) < ours


def test_every_bare_floor_reads_rows_of_a_generated_portfolio(tmp_path: Path) -> None:
    """A section's floor is a plain query of the rows it shows: one reading a table the
    generated portfolio leaves empty (Value's once read milestones) measured an empty view
    and made the section's ratio meaningless."""
    from bench.bare_view import QUERIES

    path = tmp_path / "heavy.sqlite3"
    generate(path, scale=0.01)
    with sqlite3.connect(path) as connection:
        empty = [
            section
            for section, query in QUERIES.items()
            if section not in ("packs", "onboarding")  # none exported or planned yet
            and not connection.execute(query.format(rows=5)).fetchall()
        ]
    assert empty == []


def test_the_probe_imports_for_an_encrypted_start_with_the_collector_off_as_the_app_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`app.start` imports the store and Qt with the cycle collector off; the probe, which
    imports them earlier to answer the passphrase dialog, must too, or the encrypted start
    is charged for collections the app never makes (≈ 30 ms: 1.20 × read as 1.13 ×)."""
    import gc

    from alliance_desk import app
    from bench import probe

    gc.enable()  # as outside the suite (tests/conftest.py turns it off): the probe must
    seen: list[bool] = []
    monkeypatch.setattr(app, "import_data_layer", lambda: seen.append(gc.isenabled()))
    from alliance_desk.ui.passphrase import PassphraseDialog

    monkeypatch.setattr(PassphraseDialog, "exec", PassphraseDialog.exec)  # restored after
    try:
        probe._type_into_the_dialog("a passphrase")
    finally:
        gc.enable()
    assert seen == [False]


def test_the_benchmark_lets_go_of_widgets_a_refresh_replaced_as_the_event_loop_does(
    tmp_path: Path, qapp
) -> None:
    """The benchmark never runs Qt's event loop, and `processEvents` alone leaves what was
    handed to `deleteLater` alive: each refresh left Today's old habit lines in place, shown
    under the new ones, and a click on Today after forty edits timed 45 ms where the app,
    whose loop deletes them, takes 18. Between two inputs the benchmark now does as the loop
    does: the window holds as many widgets after ten refreshes as after one."""
    from PySide6.QtWidgets import QWidget

    from bench.run import _open_window
    from bench.sections import _settle

    path = tmp_path / "heavy.sqlite3"
    generate(path, scale=0.01)
    window = _open_window(str(path))
    try:
        assert window.current_section() == "today"
        window.desk.refresh_all()
        _settle(qapp)
        widgets = len(window.findChildren(QWidget))
        for _ in range(10):
            window.desk.refresh_all()
            _settle(qapp)
        assert len(window.findChildren(QWidget)) == widgets
    finally:
        store = window.desk.store
        window.close()
        window.deleteLater()
        if store is not None:
            store.close()


def test_indexes_set_aside_while_filling_are_not_those_a_live_trigger_looks_up(
    tmp_path: Path,
) -> None:
    """A rating's trigger looks up its risk's other ratings by risk: without their index each
    of 20,000 inserts read them all (42 s at ten times). The contact links' indexes, which
    only the triggers set aside read, go while the rows go in."""
    from bench.generate import set_indexes_aside, set_triggers_aside

    store = open_store(tmp_path / "empty.sqlite3", start_backup=False)
    try:
        with store.engine.connect() as connection:  # rolled back as it closes
            set_triggers_aside(connection)
            made = set_indexes_aside(connection)
            left = {
                table
                for (table,) in connection.exec_driver_sql(
                    "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                )
            }
    finally:
        store.close()
    assert "risk_ratings" in left
    assert "interaction_people" not in left and "escalation_events" not in left
    assert any("ON interaction_people" in statement for statement in made)
