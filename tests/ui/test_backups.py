"""The Backups window: list, back up now, restore (after backing up the current state)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from alliance_desk.store import backup, portfolio
from alliance_desk.ui.backups import BackupsDialog


def test_back_up_restore_and_reopen(demo_window, qtbot, monkeypatch) -> None:
    path = demo_window.desk.store.path
    reopened = []

    def reopen(target) -> None:
        reopened.append(target)
        if target is None:
            demo_window.desk.set_store(None)
        else:
            demo_window.switch_to(str(target))

    dialog = BackupsDialog(path, 10, reopen)
    qtbot.addWidget(dialog)
    dialog.back_up_now()
    assert "Backed up to" in dialog.status.text()
    first = dialog.list.item(0)
    assert "7 alliances" in first.text()
    victim = portfolio.list_alliances(demo_window.desk.store)[0]
    portfolio.delete_alliance(demo_window.desk.store, victim.id)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    dialog.list.setCurrentRow(0)
    dialog.restore()
    assert reopened == [None, path]
    names = [a.name for a in portfolio.list_alliances(demo_window.desk.store)]
    assert victim.name in names
    assert any(info.reason == "before-restore" for info in backup.list_backups(path))
    dialog.check()
    assert dialog.status.text() == "The portfolio file is healthy."
    assert dialog.list.item(0).data(Qt.ItemDataRole.UserRole)
