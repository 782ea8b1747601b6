"""The store a start reopens, read before Qt starts: the hint read from the settings file is
what Qt itself reads there, or nothing — never another store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from alliance_desk.app import APPLICATION, ORGANISATION
from alliance_desk.last_opened import LAST_DATABASE, REOPEN_LAST, remembered, remembered_hint

TEAM = "postgresql+psycopg://carol@db.example.com:5432/team"


def _kept(config: Path, monkeypatch, last: str, reopen: bool = True) -> QSettings:
    """The settings as the app keeps them on this desktop (under XDG_CONFIG_HOME)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    settings = QSettings(
        str(config / ORGANISATION / f"{APPLICATION}.conf"), QSettings.Format.IniFormat
    )
    settings.setValue(LAST_DATABASE, last)
    settings.setValue(REOPEN_LAST, reopen)
    settings.setValue("window/section", "risks")
    settings.sync()
    return settings


@pytest.mark.parametrize(
    "last",
    [
        TEAM,
        "postgresql://ålice@höst/tëam",  # written as UTF-8
        "postgresql+psycopg://carol@h/team?sslmode=require&application_name=a,b",  # quoted
        " postgresql://x@y/z",  # quoted for its space
        "@odd://x",  # Qt doubles a leading @
        'postgresql://x@y/"z"',  # escaped
    ],
)
def test_a_team_store_s_hint_is_what_qt_reads_or_nothing(tmp_path, monkeypatch, last) -> None:
    settings = _kept(tmp_path, monkeypatch, last)
    hint = remembered_hint(ORGANISATION, APPLICATION)
    assert hint is None or hint == remembered(settings) == last
    if last in (TEAM, "postgresql://ålice@höst/tëam"):
        assert hint == last


def test_no_hint_for_a_file_nor_when_reopening_is_off_nor_without_settings(
    tmp_path, monkeypatch
) -> None:
    portfolio = tmp_path / "portfolio.sqlite3"
    portfolio.write_bytes(b"")
    _kept(tmp_path / "a", monkeypatch, str(portfolio))
    assert remembered_hint(ORGANISATION, APPLICATION) is None  # its check begins as before
    _kept(tmp_path / "b", monkeypatch, TEAM, reopen=False)
    assert remembered_hint(ORGANISATION, APPLICATION) is None
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing"))
    assert remembered_hint(ORGANISATION, APPLICATION) is None
    broken = tmp_path / "c" / ORGANISATION
    broken.mkdir(parents=True)
    (broken / f"{APPLICATION}.conf").write_bytes(b"\xff\xfe[start\nlast_database")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    assert remembered_hint(ORGANISATION, APPLICATION) is None


class _Stopped(Exception):
    pass


def test_a_start_reopening_a_team_store_looks_for_no_file_s_kept_today(
    tmp_path, monkeypatch
) -> None:
    """The Today kept last may be a file's: drawn only for that file, it never is when the
    start reopens a team store, and looking for it set the data layer's import after Qt's
    (every module dearer: 1.21 s against 1.07 for the same store named with --db)."""
    from alliance_desk import app

    looked: list[object] = []
    monkeypatch.setattr(app, "_picture_for", lambda db: looked.append(db))

    def started(db, demo, check, picture):
        raise _Stopped(picture)

    monkeypatch.setattr(app, "_start", started)
    for last, looks in ((TEAM, False), (str(tmp_path / "portfolio.sqlite3"), True)):
        (tmp_path / "portfolio.sqlite3").write_bytes(b"")
        _kept(tmp_path / ("team" if looks is False else "file"), monkeypatch, last)
        looked.clear()
        with pytest.raises(_Stopped):
            app.start(None)
        assert bool(looked) is looks, last
