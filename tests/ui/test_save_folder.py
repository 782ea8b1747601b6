"""Where a save dialog opens: the user's documents folder, or their home folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from alliance_desk.ui import files


def test_a_missing_documents_folder_proposes_the_home_folder(tmp_path, monkeypatch) -> None:
    """On a computer without ~/Documents the pack's save dialog opened in the folder the app
    was started from."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    monkeypatch.setattr(
        QStandardPaths, "writableLocation", staticmethod(lambda _where: str(home / "Documents"))
    )
    assert Path(files.documents_path("pack.pdf")) == home / "pack.pdf"
    (home / "Documents").mkdir()
    assert Path(files.documents_path("pack.pdf")) == home / "Documents" / "pack.pdf"
