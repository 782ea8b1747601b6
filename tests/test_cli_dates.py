"""The command line's text says a date as the window does ("3 Dec 2026"; Today's heading in
full, "Friday 4 December 2026"); its --json keeps ISO for programs."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from alliance_desk.cli import main
from alliance_desk.core import wall
from alliance_desk.core.dates import shown, shown_long, shown_moment
from alliance_desk.store import backup
from alliance_desk.store.demo import create_demo
from tests.helpers import dates_another_way


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return create_demo(tmp_path_factory.mktemp("cli_dates") / "demo.sqlite3")


def _out(capsys, *command: str) -> str:
    assert main(list(command)) == 0, command
    return capsys.readouterr().out


def test_today_and_value_write_dates_the_window_way(demo: Path, capsys) -> None:
    today = _out(capsys, "--db", str(demo), "today")
    assert today.startswith(f"Today, {shown_long(wall.today())}\n")
    assert "Next meetings\n  - " in today
    assert not dates_another_way(today)
    value = _out(capsys, "--db", str(demo), "value")
    assert value.startswith(f"Value, {shown_long(wall.today())}\n")
    raised = shown(wall.today() - timedelta(days=64))  # the demo's EU question
    assert f"open 64 days (raised {raised})" in value
    assert not dates_another_way(value)


def test_json_keeps_iso_days_for_programs(demo: Path, capsys) -> None:
    digest = json.loads(_out(capsys, "--db", str(demo), "today", "--json"))
    assert digest["day"] == wall.today().isoformat()
    hits = json.loads(_out(capsys, "--db", str(demo), "search", "supply", "--json"))
    days = [hit["day"] for hit in hits if hit["day"]]
    assert days and all(date.fromisoformat(day) for day in days)
    text = _out(capsys, "--db", str(demo), "search", "supply")
    assert f", {shown(date.fromisoformat(days[0]))}" in text
    assert not dates_another_way(text)


def test_the_backup_list_says_when_each_was_taken_the_window_way(demo: Path, capsys) -> None:
    backup.take_backup(demo)
    listing = _out(capsys, "--db", str(demo), "backups")
    for info in backup.list_backups(demo):
        line = next(line for line in listing.splitlines() if line.endswith(str(info.path)))
        assert line.startswith(shown_moment(info.taken_at, seconds=True))
        assert not dates_another_way(line.removesuffix(str(info.path)))  # the name keeps ISO
