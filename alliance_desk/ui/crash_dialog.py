"""What the window says when something unexpected went wrong: where the report is, that
saved work is safe, and an offer to keep working."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from alliance_desk import APP_NAME
from alliance_desk.ui.i18n import translate


def open_folder(folder: Path) -> bool:
    """Show a folder in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def crash_message(report: Path) -> str:
    return translate(
        "crash_dialog",
        "{app} ran into a problem it did not expect. A report was written to\n\n"
        "{report}\n\n"
        "Every change you saw saved is safe: edits are saved as you make them. You can keep "
        "working, or quit and start again. If it happens again, send the report (it holds "
        "no names or notes) to whoever supports {app} for you.",
    ).format(app=APP_NAME, report=report)


class CrashNotice(QObject):
    """Shows the crash dialog on the window's thread, whichever thread crashed."""

    crashed = Signal(object)  # the report's Path

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.showing = False
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def _show(self, report: Path) -> None:
        if self.showing:  # one dialog at a time, even if a slot keeps failing
            return
        self.showing = True
        try:
            box = QMessageBox(self.window)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(
                self.tr("{APP_NAME} — something went wrong").format(APP_NAME=APP_NAME)
            )
            box.setText(crash_message(report))
            keep = box.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.AcceptRole)
            folder = box.addButton(
                self.tr("Open the log folder"), QMessageBox.ButtonRole.ActionRole
            )
            quit_ = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is folder:
                open_folder(report.parent)
            elif box.clickedButton() is quit_:
                QApplication.exit(1)
        finally:
            self.showing = False
