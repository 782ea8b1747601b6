"""The Backups window: what backups exist, what each holds, and restoring one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.dates import shown_moment
from alliance_desk.store import backup
from alliance_desk.store.errors import (
    CorruptDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    StoreError,
    UnfinishedFileError,
)
from alliance_desk.store.integrity import inspect_file
from alliance_desk.ui.i18n import translate


def refused(parent: QWidget, problem: StoreError, db_path: Path | None, reopen) -> bool:
    """Say why a portfolio was refused; when a backup that opens is known, offer to restore
    it (the refused file is kept among the backups first) and then `reopen(db_path)`.
    Returns True when the backup was restored and reopened."""
    title = translate("backups", "Cannot open the portfolio")
    if problem.backup is None or db_path is None:
        QMessageBox.critical(parent, title, str(problem))
        return False
    box = QMessageBox(QMessageBox.Icon.Critical, title, str(problem), parent=parent)
    box.setInformativeText(
        translate(
            "backups",
            "Restore that backup ({name})? The file that was refused is kept among "
            "the backups, so nothing is lost either way.",
        ).format(name=problem.backup.name)
    )
    restore = box.addButton(
        translate("backups", "Restore that backup"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        backup.restore_backup(db_path, problem.backup)
    except (OSError, StoreError) as error:
        QMessageBox.critical(
            parent,
            title,
            translate("backups", "The backup could not be restored: {error}").format(error=error),
        )
        return False
    return bool(reopen(db_path))


def _short(problem: Exception) -> str:
    """Why a backup cannot be restored, in a few words for its line in the list."""
    for kind, words in (
        (UnfinishedFileError, translate("backups", "left half-way by an interrupted upgrade")),
        (CorruptDatabaseError, translate("backups", "damaged")),
        (NewerDatabaseError, translate("backups", "saved by a newer version")),
        (NotADatabaseError, translate("backups", "not a portfolio")),
    ):
        if isinstance(problem, kind):
            return words
    return translate("backups", "it cannot be read")


class BackupsDialog(QDialog):
    """Lists the portfolio's backups; restores one after backing up the current state.

    `reopen(path)` is called after a restore so the window shows the restored portfolio.
    """

    def __init__(self, db_path: Path, keep: int, reopen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path, self.keep, self.reopen = db_path, keep, reopen
        self.setWindowTitle(self.tr("Backups"))
        self.resize(720, 420)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName(self.tr("Backups"))
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Back up now"), self.back_up_now),
            (self.tr("Check the portfolio for damage"), self.check),
            (self.tr("Restore the selected backup…"), self.restore),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Backups of {name}, newest first, kept in {backup_dir}").format(
                    name=db_path.name, backup_dir=backup.backup_dir(db_path)
                )
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        backup.remove_leftovers_of(self.db_path)
        for info in backup.list_backups(self.db_path):
            why = ""
            try:
                schema = inspect_file(info.path, quick_check=False)
                holds = backup.describe(info.path) if schema else self.tr("empty")
            except (OSError, StoreError) as problem:  # listed, marked, not fatal
                holds = self.tr("cannot be restored: {why}").format(why=_short(problem))
                why = str(problem)
            item = QListWidgetItem(
                self.tr("{taken_at}  ·  {size:,.0f} KB  ·  {reason}  ·  {holds}").format(
                    taken_at=shown_moment(info.taken_at, seconds=True),
                    size=info.size / 1024,
                    reason=backup.WHY.get(info.reason, info.reason),  # not "before-upgrade"
                    holds=holds,
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(why or str(info.path))
            self.list.addItem(item)
        if not self.list.count():
            self.list.addItem(
                self.tr("No backups yet. One is taken at each start when the file changed.")
            )

    def back_up_now(self) -> None:
        try:
            made = backup.take_backup(self.db_path, keep=self.keep)
        except (OSError, StoreError) as error:
            self.status.setText(self.tr("The backup failed: {error}").format(error=error))
            return
        self.status.setText(self.tr("Backed up to {name}.").format(name=made.name))
        self.refresh()

    def check(self) -> None:
        try:
            schema = inspect_file(self.db_path, full=True)
        except StoreError as problem:
            self.status.setText(self.tr("Damage found: {problem}").format(problem=problem))
            return
        self.status.setText(self.tr("The portfolio file is healthy: every page was checked."))
        self.status.setToolTip(self.tr("Schema revision {schema}").format(schema=schema))

    def restore(self) -> None:
        # The one highlighted, never a first row merely current (it ran on one not chosen).
        chosen = self.list.selectedItems()
        item = chosen[0] if chosen else None
        path = item.data(Qt.ItemDataRole.UserRole) if item else None
        if item is None or not path:
            self.status.setText(self.tr("Select a backup first."))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore this backup?"),
            self.tr(
                "Replace the portfolio with the backup of {taken_at}? The current state is "
                "backed up first, so this can be undone by restoring that."
            ).format(taken_at=item.text().split("  ·  ")[0]),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.reopen(None)  # close the open portfolio before its file is replaced
            safety = backup.restore_backup(self.db_path, Path(path), keep=self.keep)
        except (OSError, StoreError) as error:
            self.status.setText(
                self.tr("The backup could not be restored: {error}").format(error=error)
            )
            self.reopen(self.db_path)
            return
        self.reopen(self.db_path)
        self.status.setText(
            self.tr("Restored.")  # there was no portfolio to save first
            if safety is None
            else self.tr("Restored. The state before was saved as {name}.").format(name=safety.name)
        )
        self.refresh()
