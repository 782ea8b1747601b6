"""Today kept between runs (store/first_frame.py): drawn by the next start only while the
file is exactly as it was left, and read back as Today's values and nothing else."""

from __future__ import annotations

import os
import pickle
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from alliance_desk.core import wall
from alliance_desk.store import first_frame
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import create_demo
from alliance_desk.store.today import load_today


def _kept_demo(language: str = "en_GB"):
    """The demo, closed, with Today kept for today and tomorrow; (path, today, tomorrow)."""
    path = create_demo()
    store = open_store(path, start_backup=False)
    try:
        today = load_today(store)
        tomorrow = load_today(store, today=today.day + timedelta(days=1))
    finally:
        store.close()
    assert first_frame.keep(path, {today.day: today, tomorrow.day: tomorrow}, language)
    return path, today, tomorrow


def test_today_comes_back_as_it_was_kept_for_each_day_kept() -> None:
    path, today, tomorrow = _kept_demo()
    picture = first_frame.kept(path)
    assert picture is not None
    again = first_frame.today_of(picture, today.day, "en_GB")
    assert again == today  # cards, tasks, meetings, habits: what the window shows
    assert list(again.to_do) == list(today.tasks)  # the list as far as it was written out
    assert len(again.asleep) == len(today.snoozed)
    assert first_frame.today_of(picture, tomorrow.day, "en_GB") == tomorrow
    # another day, another language: not kept
    assert first_frame.today_of(picture, today.day + timedelta(days=9), "en_GB") is None
    assert first_frame.today_of(picture, today.day, "de_DE") is None
    mode = first_frame.kept_path(path).stat().st_mode & 0o777
    assert mode == 0o600


def test_any_write_to_the_file_after_it_was_kept_throws_the_picture_away() -> None:
    path, _today, _ = _kept_demo()
    store = open_store(path, start_backup=False)
    try:
        assert first_frame.kept(path) is not None  # opening it, and reading, changes nothing
        with store.read() as session:
            session.connection().exec_driver_sql("SELECT count(*) FROM alliances").scalar()
        assert first_frame.kept(path) is not None
        from alliance_desk.store.today import snooze

        snooze(store, "call:1", wall.today() + timedelta(days=3))
        assert first_frame.kept(path) is None  # a write, still in the journal
    finally:
        store.close()
    assert first_frame.kept(path) is None  # and once written into the file itself


def test_a_write_by_another_program_throws_it_away_too() -> None:
    path, _today, _ = _kept_demo()
    with sqlite3.connect(path) as plain:
        plain.execute("UPDATE alliances SET partner = partner || ' Ltd' WHERE id = 1")
    plain.close()
    assert first_frame.kept(path) is None


def test_what_another_version_kept_is_not_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    path, _today, _ = _kept_demo()
    monkeypatch.setattr(first_frame, "__version__", "0.0.0-other")
    assert first_frame.kept(path) is None


def test_newest_is_the_portfolio_kept_last() -> None:
    first, _, _ = _kept_demo()
    other = first.with_name("other.sqlite3")
    other.write_bytes(first.read_bytes())
    store = open_store(other, start_backup=False)
    today = load_today(store)
    store.close()
    first_frame.keep(other, {today.day: today}, "en_GB")
    os.utime(first_frame.kept_path(first), ns=(1, 1))  # kept long ago
    newest = first_frame.newest()
    assert newest is not None and newest.portfolio == str(other.resolve())
    first_frame.forget(other)
    left = first_frame.newest()
    assert left is not None and left.portfolio == str(first.resolve())


class _Planted:
    """What a planted file would run if it were unpickled as it asks."""

    def __reduce__(self):
        return (os.system, ("touch planted",))


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: pickle.dumps(_Planted()), id="a command to run"),
        pytest.param(lambda: pickle.dumps({"days": {}}), id="other values"),
        pytest.param(lambda: b"not a picture at all", id="not a pickle"),
        pytest.param(lambda: b"", id="empty"),
    ],
)
def test_a_kept_file_that_is_not_ours_is_refused_and_nothing_in_it_runs(
    content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _today, _ = _kept_demo()
    monkeypatch.chdir(tmp_path)
    kept = first_frame.kept_path(path)
    kept.write_bytes(content())
    assert first_frame.kept(path) is None
    assert first_frame.newest() is None
    assert not (tmp_path / "planted").exists()


def test_a_truncated_or_oversized_kept_file_is_refused() -> None:
    path, _today, _ = _kept_demo()
    kept = first_frame.kept_path(path)
    data = kept.read_bytes()
    kept.write_bytes(data[: len(data) // 2])
    assert first_frame.kept(path) is None
    kept.write_bytes(data + b"\0" * (first_frame.MOST_BYTES + 1))
    assert first_frame.kept(path) is None


def test_nothing_is_kept_of_a_file_that_is_not_there(tmp_path: Path) -> None:
    assert first_frame.keep(tmp_path / "gone.sqlite3", {}, "en_GB") is None
    assert first_frame.kept(tmp_path / "gone.sqlite3") is None


def test_another_file_s_picture_is_not_taken_for_this_one() -> None:
    """A picture kept under this file's name but of another (copied over it, say) is not
    read as this file's."""
    path, _today, _ = _kept_demo()
    other = path.with_name("other.sqlite3")
    other.write_bytes(path.read_bytes())
    first_frame.kept_path(path).replace(first_frame.kept_path(other))
    assert first_frame.kept(other) is None
