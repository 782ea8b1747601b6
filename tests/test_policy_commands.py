"""`alliance-desk settings` and `alliance-desk today`: the portfolio's rules and Today's
lists from a terminal — a bad name or value is refused in one line, and nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance_desk.cli import main
from alliance_desk.core.policy import SETTINGS
from alliance_desk.store import policy
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import create_demo
from tests.helpers import digest


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return create_demo(tmp_path / "demo.sqlite3")


def _rules(path: Path):
    store = open_store(path, start_backup=False)
    try:
        return policy.load_policy(store)
    finally:
        store.close()


def test_settings_lists_every_rule_with_its_value_and_meaning(demo: Path, capsys) -> None:
    assert main(["--db", str(demo), "settings"]) == 0
    out = capsys.readouterr().out
    for chosen in SETTINGS:
        assert f"{chosen.name} = " in out
        assert chosen.meaning.split()[0] in out
    assert "sla-level-0 = 5  (default)" in out
    assert main(["--db", str(demo), "settings", "week-start"]) == 0
    one = capsys.readouterr().out
    assert one.startswith("week-start = monday  (default)\n") and "sla-level" not in one


def test_settings_changes_a_rule_for_the_whole_portfolio(demo: Path, capsys) -> None:
    assert main(["--db", str(demo), "settings", "holidays", "2026-12-25", "2026-12-26"]) == 0
    assert capsys.readouterr().out.startswith("holidays = 2026-12-25, 2026-12-26\n")
    assert main(["--db", str(demo), "settings", "sla-level-3", "15"]) == 0
    rules = _rules(demo)
    assert rules.sla_days[3] == 15 and len(rules.holidays) == 2
    assert main(["--db", str(demo), "settings", "holidays", "none"]) == 0
    assert _rules(demo).holidays == frozenset()


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["sla-level-1", "0"], "sla-level-1: Enter a whole number from 1 to 120 (got 0)."),
        (["week-start", "someday"], "“someday” is not a day of the week"),
        (["holidays", "25/13/2026"], "is not a date"),
        (["keep-off-weekends", "perhaps"], "Enter yes or no."),
        (["sla-days", "3"], "There is no setting called “sla-days”"),
        (["no-such-rule"], "There is no setting called “no-such-rule”"),
    ],
)
def test_settings_refuses_a_bad_value_with_the_reason_and_changes_nothing(
    demo: Path, capsys, arguments: list[str], reason: str
) -> None:
    main(["--db", str(demo), "settings", "sla-level-0", "3"])
    capsys.readouterr()
    before = digest(demo)
    assert main(["--db", str(demo), "settings", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("alliance-desk: ") and reason in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert digest(demo) == before
    assert _rules(demo).sla_days[0] == 3


def test_today_prints_the_ranked_list_the_window_shows(demo: Path, capsys) -> None:
    """Cards, every task ranked (a terminal gets all of them, the window the first 50), the
    next meetings and the week's habits; the JSON says the same as the text."""
    assert main(["--db", str(demo), "today"]) == 0
    text = capsys.readouterr().out
    for title in ("overdue", "past their SLA", "To do, most pressing first", "Next meetings"):
        assert title in text
    assert "This week's habits" in text
    assert main(["--db", str(demo), "today", "--json"]) == 0
    digest_ = json.loads(capsys.readouterr().out)
    assert [card["key"] for card in digest_["cards"]] == [
        "overdue",
        "sla",
        "decisions",
        "meetings",
        "milestones",
    ]
    assert digest_["total"] == len(digest_["tasks"]) > 50
    scores = [task["score"] for task in digest_["tasks"]]
    assert scores == sorted(scores, reverse=True)  # ranked, most pressing first
    for rank, task in enumerate(digest_["tasks"], start=1):
        line = f"{rank:>3}. {task['what']} — {task['alliance']} — {task['why']} — {task['when']}"
        assert line in text
    overdue = next(c["value"] for c in digest_["cards"] if c["key"] == "overdue")
    assert overdue == sum(1 for task in digest_["tasks"] if task["late"])


def test_today_for_one_alliance_lists_only_its_records(demo: Path, capsys) -> None:
    assert main(["--db", str(demo), "today", "--json"]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert (
        main(["--db", str(demo), "today", "--json", "--alliance", "HALO-7 oncology co-development"])
        == 0
    )
    halo = json.loads(capsys.readouterr().out)
    alliance_ids = {task["opens"]["alliance_id"] for task in halo["tasks"]}
    assert len(alliance_ids) == 1
    assert {task["alliance"] for task in halo["tasks"]} == {"HALO-7 oncology co-development"}
    assert 0 < halo["total"] < everything["total"]
    assert main(["--db", str(demo), "today", "--alliance", "Nobody's alliance"]) == 2
    assert "no alliance is called" in capsys.readouterr().err


def test_value_prints_the_quadrant_rhythm_milestones_and_kpis(demo: Path, capsys) -> None:
    """The value picture without the window; one alliance narrows it; a name that matches
    nothing is one line on stderr."""
    assert main(["--db", str(demo), "value"]) == 0
    out = capsys.readouterr().out
    assert "HALO-7 oncology co-development — tier 1 — value 5.0" in out
    assert "Manage closely" in out and "rhythm: " in out
    assert "Second contract manufacturer qualified" in out  # open and slipped
    assert "Patients enrolled, Phase 3" in out and "against 600 patients" in out
    questions = out.split("Open questions, slowest first (2)")[1].split("Milestones")[0]
    eu, korea = "Who files in the EU", "Co-promote in Korea"
    assert "open 64 days" in questions and questions.index(eu) < questions.index(korea)
    assert "days each open question has waited so far" in out  # the formula, stated
    assert (
        main(
            [
                "--db",
                str(demo),
                "value",
                "--alliance",
                "Asia licensing of Halcyon immunology portfolio",
            ]
        )
        == 0
    )
    one = capsys.readouterr().out
    assert "Net sales, Japan" in one and "HALO-7 oncology co-development —" not in one
    assert "Open questions, slowest first (1)" in one and "Who files in the EU" not in one
    assert main(["--db", str(demo), "value", "--alliance", "No such alliance"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("alliance-desk: ") and "Traceback" not in captured.err


def test_commands_that_only_read_take_no_backup_those_that_change_records_do(
    demo: Path, tmp_path: Path, capsys
) -> None:
    """A start-up backup copies the whole file (over a second at ten times the heavy
    portfolio): `today`, `value`, `search` and `export-pack` change no record and take none,
    even when the file changed since the last backup; `settings NAME VALUE` does take one."""
    import os

    from alliance_desk.store import backup

    def changed_since_the_last_backup() -> None:
        later = max(info.path.stat().st_mtime for info in backup.list_backups(demo)) + 60
        os.utime(demo, (later, later))

    backup.take_backup(demo)
    before = len(backup.list_backups(demo))
    out = tmp_path / "pack.pdf"
    for command in (
        ["today"],
        ["value"],
        ["search", "supply"],
        ["export-pack", "portfolio", str(out)],
    ):
        changed_since_the_last_backup()
        assert main(["--db", str(demo), *command]) == 0, command
        assert len(backup.list_backups(demo)) == before, command
    assert out.exists()
    changed_since_the_last_backup()
    assert main(["--db", str(demo), "settings", "sla-level-3", "15"]) == 0
    assert len(backup.list_backups(demo)) == before + 1
    capsys.readouterr()
