"""The window's portfolio file: opening another one in it (a file, a new one, the demo, a
team store signed in to), and what an upgrade leaves to move into the portfolio."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from alliance_desk.last_opened import LAST_DATABASE
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.files import documents_folder
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.preferences import backups_to_keep, move_policy_into

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow

    from alliance_desk.ui.desk import Desk

    Base = QMainWindow
else:
    Base = object


class WindowFiles(Base):
    """The main window's file commands (a mixin of `MainWindow`)."""

    if TYPE_CHECKING:  # what MainWindow, the one class built on this, provides
        desk: Desk
        settings: QSettings

        def show_error(self, message: str) -> None: ...
        def show_section(self, key: str) -> None: ...

    def switch_to(self, target) -> bool:
        """Open another portfolio in this window. Returns False (after saying why) if refused."""
        from alliance_desk.store.database import open_store
        from alliance_desk.store.location import without_password
        from alliance_desk.ui.sign_in import open_signing_in

        try:
            store = open_signing_in(
                target,
                lambda where: open_store(where, keep_backups=backups_to_keep(self.settings)),
                self,
            )
        except StoreError as error:
            from alliance_desk.store.location import resolve
            from alliance_desk.ui.backups import refused

            path = resolve(target).path if error.backup is not None else None
            return refused(self, error, path, self.switch_to)
        self.desk.set_store(store)
        self.settings.setValue(
            LAST_DATABASE, str(store.path) if store.path else without_password(store.location.url)
        )
        self.statusBar().showMessage(
            translate("WindowFiles", "Opened {display}").format(display=store.location.display),
            5000,
        )
        self._move_policy_in()
        return True

    def _move_policy_in(self) -> None:
        """Once, after an upgrade: the rules this user kept in Preferences go into the portfolio."""
        if self.desk.store is None:
            return
        try:
            moved = move_policy_into(self.desk.store, self.settings)
        except StoreError as error:  # a read-only file: tried again at the next start
            self.statusBar().showMessage(
                translate("WindowFiles", "Your rules stay in Preferences for now: {error}").format(
                    error=error
                )
            )
            return
        if moved:
            self.statusBar().showMessage(moved, 15000)

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("WindowFiles", "Open portfolio"),
            str(documents_folder()),
            translate("WindowFiles", "Alliance Desk portfolios (*.sqlite3 *.db);;All files (*)"),
        )
        if path:
            self.switch_to(path)

    def new_file(self) -> None:
        from alliance_desk.ui.files import documents_path

        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("WindowFiles", "New portfolio file"),
            documents_path("portfolio.sqlite3"),
            translate("WindowFiles", "Alliance Desk portfolios (*.sqlite3)"),
        )
        if path:
            self.switch_to(path)

    def open_demo(self) -> None:
        from alliance_desk.store.demo import create_demo

        try:
            path = create_demo()
        except (StoreError, OSError) as error:
            self.show_error(
                translate("WindowFiles", "The demo portfolio could not be created: {error}").format(
                    error=error
                )
            )
            return
        if self.switch_to(path):
            self.show_section("today")
