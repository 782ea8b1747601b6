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


def test_import_people_and_open_portfolio_start_where_exports_are_saved(
    demo_window, monkeypatch
) -> None:
    """Import people… opened in the folder the app was started from, Export in home."""
    from PySide6.QtWidgets import QFileDialog

    from alliance_desk.store import portfolio
    from alliance_desk.ui.stakeholders.files import import_csv

    started: list[str] = []

    def asked(_parent, _title, folder, _filter):
        started.append(folder)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(asked))
    demo_window.desk.select_alliance(portfolio.list_alliances(demo_window.desk.store)[0].id)
    demo_window.show_section("stakeholders")
    import_csv(demo_window.stakeholders)
    demo_window.open_file()
    assert started == [str(files.documents_folder())] * 2
    assert started[0] != ""
