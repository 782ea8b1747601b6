"""The wall clock: one day for everything the app counts, which a test run or a demo can hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from alliance_desk.core import wall


@pytest.fixture
def real_day(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.delenv(wall.HELD_DAY, raising=False)
    wall.hold(None)
    return date.today()


def test_unheld_the_clock_is_the_machine_s(real_day: date) -> None:
    assert wall.today() == real_day
    assert abs(wall.now() - datetime.now()) < timedelta(seconds=5)
    assert abs(wall.utcnow() - datetime.now(UTC).replace(tzinfo=None)) < timedelta(seconds=5)


def test_a_held_day_moves_the_date_and_keeps_the_time_of_day(
    real_day: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(wall.HELD_DAY, "2026-03-02")
    assert wall.today() == date(2026, 3, 2)
    moment, real = wall.now(), datetime.now()
    assert moment.date() == date(2026, 3, 2)
    assert abs((moment - real) - (date(2026, 3, 2) - real.date())) < timedelta(seconds=5)
    shift = date(2026, 3, 2) - real_day
    assert abs(wall.utcnow() - datetime.now(UTC).replace(tzinfo=None) - shift) < timedelta(
        seconds=5
    )
    # a day held in the process wins over the environment; letting go returns to it
    wall.hold(date(2025, 1, 1))
    try:
        assert wall.today() == date(2025, 1, 1)
    finally:
        wall.hold(None)
    assert wall.today() == date(2026, 3, 2)


def test_a_held_day_that_cannot_be_read_is_the_real_day(
    real_day: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(wall.HELD_DAY, "next tuesday")
    assert wall.today() == real_day


class _Tomorrow(date):
    """The machine's calendar after midnight struck."""

    @classmethod
    def today(cls) -> date:  # type: ignore[override]
        return date.today() + timedelta(days=1)


class _TomorrowNow(datetime):
    @classmethod
    def now(cls, tz=None) -> datetime:  # type: ignore[override]
        return datetime.now(tz) + timedelta(days=1)


def test_a_run_that_crosses_midnight_counts_on_the_day_it_began(
    demo_store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's questions are "open 64 days" on the day it was built; after midnight the same
    process, holding its day, still says so — and, holding none, would say 65."""
    from alliance_desk.cli import main

    path = str(demo_store.path)
    monkeypatch.setenv(wall.HELD_DAY, date.today().isoformat())
    assert main(["--db", path, "value"]) == 0
    before = capsys.readouterr().out
    monkeypatch.setattr(wall, "date", _Tomorrow)
    monkeypatch.setattr(wall, "datetime", _TomorrowNow)
    assert main(["--db", path, "value"]) == 0
    assert capsys.readouterr().out == before
    monkeypatch.delenv(wall.HELD_DAY)
    assert main(["--db", path, "value"]) == 0
    assert capsys.readouterr().out != before


def test_the_test_run_holds_the_day_it_began_on() -> None:
    """Crossing midnight mid-run once failed nine tests (a demo built on the 5th, its questions
    counted open on the 6th): every test, worker and app process it starts sees one day."""
    import os

    held = os.environ.get(wall.HELD_DAY)
    assert held and wall.today() == date.fromisoformat(held)


def test_the_app_reads_the_day_from_the_wall_clock_only() -> None:
    """A `date.today()` elsewhere would count on the machine's day while the rest of the app
    holds another. Crash reports and backup file names keep the machine's real time."""
    import re
    from pathlib import Path

    import alliance_desk

    real_time = {"core/wall.py", "crash.py", "store/backup.py"}
    root = Path(alliance_desk.__file__).parent
    calls = re.compile(r"\b(date\.today|datetime\.now|datetime\.today|datetime\.utcnow)\(")
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if str(path.relative_to(root)) not in real_time and calls.search(path.read_text())
    )
    assert readers == []
