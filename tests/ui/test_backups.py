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
    assert dialog.status.text().startswith("The portfolio file is healthy")
    assert dialog.list.item(0).data(Qt.ItemDataRole.UserRole)


def test_age_limit_from_preferences_prunes_old_backups_at_start(
    make_window, settings, qtbot
) -> None:
    """Preferences → Remove backups older than: set once, applied on the next start."""
    import time

    from alliance_desk.ui.preferences import BACKUP_MAX_AGE, PreferencesDialog, backup_max_age

    window, _ = make_window(demo=True)
    dialog = PreferencesDialog(settings, "demo", window)
    qtbot.addWidget(dialog)
    assert dialog.max_age.value() == 180  # the default: half a year
    dialog.max_age.setValue(30)
    dialog.accept()
    assert backup_max_age(settings) == 30
    path = window.desk.store.path
    window.close()
    window.desk.store.close()

    old = backup.take_backup(path, keep=10)
    day = old.name.split("-")[-4]
    old = old.rename(old.with_name(old.name.replace(day, "20200101")))
    backup.take_backup(path, keep=10)
    make_window()  # the start-up backup runs on a thread: wait for its pruning
    deadline = time.monotonic() + 10
    while old.exists() and time.monotonic() < deadline:
        qtbot.wait(50)
    assert not old.exists()
    settings.setValue(BACKUP_MAX_AGE, 0)
    assert backup_max_age(settings) is None  # 0 means no age limit


def test_a_half_upgraded_file_at_start_offers_the_backup_that_opens(
    make_window, tmp_path, qtbot
) -> None:
    """A file left half-way by an interrupted upgrade is refused at start, untouched; the
    message offers the backup taken before the upgrade, and one click restores it and opens
    the portfolio (at the current schema)."""
    from alliance_desk.ui.backups import refused
    from tests.helpers import answer_dialog, digest
    from tests.store.test_database import _at_0016_with_half_of_0017, _backup_at

    path = tmp_path / "portfolio.sqlite3"
    _at_0016_with_half_of_0017(path)
    offered = _backup_at(path, "0016_day_indexes")
    before = digest(path)
    window, error = make_window(db=str(path))
    assert error and "half-way" in error and window.desk.store is None
    assert digest(path) == before
    problem, where = window.refusal
    assert problem.backup == offered and where == path

    def restore(box) -> None:
        next(b for b in box.buttons() if b.text() == "Restore that backup").click()

    answer_dialog(qtbot, restore)
    assert refused(window, problem, where, window.switch_to)
    assert window.desk.store is not None and window.desk.store.path == path
    kept = [info.reason for info in backup.list_backups(path)]
    assert "unreadable" in kept and "before-upgrade" in kept  # the refused file is kept too


def test_the_list_marks_backups_that_cannot_be_restored_and_hides_partial_files(
    demo_window, qtbot
) -> None:
    """A backup that would not open is listed with why; a partial file a crash left behind
    is removed, never listed."""
    path = demo_window.desk.store.path
    backup.take_backup(path)
    broken = backup.take_backup(path)
    broken.write_bytes(b"\x00" * 8192)
    leftover = broken.with_name(broken.name + ".99999999.partial")
    leftover.write_bytes(b"half")
    dialog = BackupsDialog(path, 10, lambda _target: None)
    qtbot.addWidget(dialog)
    lines = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert "cannot be restored: not a portfolio" in lines[0]
    assert all("7 alliances" in line for line in lines[1:]) and len(lines) >= 2
    assert not leftover.exists() and not any("partial" in line for line in lines)


def test_restore_over_a_portfolio_file_gone_meanwhile_says_restored(
    demo_window, qtbot, monkeypatch
) -> None:
    # No current state to save first: the restore once ended in an AttributeError.
    path = demo_window.desk.store.path

    def reopen(target) -> None:
        if target is None:
            demo_window.desk.set_store(None)
            path.unlink()  # moved away or deleted by another program
        else:
            demo_window.switch_to(str(target))

    dialog = BackupsDialog(path, 10, reopen)
    qtbot.addWidget(dialog)
    dialog.back_up_now()
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    dialog.list.setCurrentRow(0)
    dialog.restore()
    assert dialog.status.text() == "Restored."
    assert len(portfolio.list_alliances(demo_window.desk.store)) == 7


def test_restore_acts_only_on_the_backup_highlighted_and_reasons_read_as_words(
    demo_window, qtbot, monkeypatch
) -> None:
    """Restore ran on a first row that was current but not highlighted; the list said
    "before-upgrade", the check "schema 0046_search_newest_first"."""
    from PySide6.QtCore import QItemSelectionModel

    path = demo_window.desk.store.path
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a) or 0))
    dialog = BackupsDialog(path, 10, lambda _target: None)
    qtbot.addWidget(dialog)
    dialog.back_up_now()
    dialog.list.clearSelection()
    dialog.list.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)
    dialog.restore()
    assert not asked and dialog.status.text() == "Select a backup first."
    assert "on request" in dialog.list.item(0).text()
    assert "manual" not in dialog.list.item(0).text()
    dialog.check()
    assert "schema" not in dialog.status.text() and "00" not in dialog.status.text()
