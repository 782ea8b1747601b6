"""Locked when left: an encrypted portfolio's window locks itself after some minutes without
keyboard or mouse input (Preferences; 0 never) and when the desktop session locks.

Locking first saves what is being typed (the field being edited is left, as a click elsewhere
would leave it; meeting mode saves its minutes), then closes every connection to the file and
forgets the passphrase, and hides the content of every window of the app behind a passphrase
prompt. Unlocking with the passphrase reopens the file and shows everything as it was, the
cursor back in its field. A plain portfolio is not locked: without a passphrase there is
nothing to unlock it with that a passer-by would not also have (the desktop's own lock is
what protects it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from alliance_desk import APP_NAME
from alliance_desk.store import cipher
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.session_lock import SessionLockWatch

if TYPE_CHECKING:
    from pathlib import Path

    from alliance_desk.ui.main_window import MainWindow

IDLE_MINUTES = "lock/idle_minutes"
DEFAULT_IDLE_MINUTES = 15
CHECK_EVERY_MS = 10_000
ATTEMPTS = 3
LOCKED_TITLE = QT_TRANSLATE_NOOP("lock", "Locked — Alliance Desk")
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def idle_minutes(settings: QSettings) -> int:
    """Minutes without input after which an encrypted portfolio locks; 0: never."""
    try:
        return max(0, int(cast("int | str", settings.value(IDLE_MINUTES, DEFAULT_IDLE_MINUTES))))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES


class InputWatch(QObject):
    """The time of the last keyboard or mouse input anywhere in the app (installed on the
    application while an encrypted portfolio is open; it only notes a time)."""

    def __init__(self, clock: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.last = clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.last = self.clock()
        return False


class LockPrompt(QDialog):
    """The passphrase prompt in front of a locked window; it cannot be dismissed, only
    answered (or the app quit from it after three wrong tries)."""

    def __init__(self, name: str, unlock: Callable[[str], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.unlock = unlock
        self.setWindowTitle(translate("lock", LOCKED_TITLE))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        layout = QVBoxLayout(self)
        explain = QLabel(
            self.tr("{name} is closed and {app} locked. What you were typing was saved.").format(
                app=APP_NAME, name=name
            )
        )
        explain.setWordWrap(True)
        explain.setMinimumWidth(420)
        layout.addWidget(explain)
        self.entry = QLineEdit()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setAccessibleName(self.tr("Passphrase"))
        self.entry.setPlaceholderText(self.tr("Passphrase"))
        layout.addWidget(self.entry)
        self.message = QLabel(self.tr("Type the passphrase to unlock."))
        self.message.setAccessibleName(self.tr("Unlock message"))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Unlock"))
        ok.setToolTip(self.tr("Ctrl+Enter, from any field"))
        self.quit_button = buttons.addButton(
            self.tr("&Quit…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.quit_button.setToolTip(
            self.tr("Quit {app} (everything typed was saved)").format(app=APP_NAME)
        )
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.entry.setFocus()

    def accept(self) -> None:
        secret = self.entry.text()
        self.entry.clear()
        if self.unlock(secret):
            super().accept()

    def reject(self) -> None:
        """Escape or Cancel leaves it locked: the prompt stays."""
        self.message.setText(self.tr("It stays locked until the passphrase is typed."))

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous():  # the title bar's close button: it stays locked
            event.ignore()
            self.reject()
            return
        event.accept()  # closed by the app itself (quitting): QDialog would reject instead


class WindowLock(QObject):
    """Locks `window` when left (see the module's description). `clock` and the D-Bus
    `session_watch` can be given by a test; `quit` is what quitting from the prompt does."""

    def __init__(
        self,
        window: MainWindow,
        *,
        clock: Callable[[], float] = time.monotonic,
        session_watch: SessionLockWatch | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.quit: Callable[[], object] = QApplication.quit
        self.watch = InputWatch(clock, self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_idle)
        self.session = session_watch or SessionLockWatch(self.lock, parent=self)
        self.path: Path | None = None  # the encrypted portfolio open, if any
        self.prompt: LockPrompt | None = None
        self.tries = 0
        self._hidden: list[QWidget] = []
        self._titles: list[tuple[QWidget, str]] = []
        self._focus: QWidget | None = None
        window.desk.store_changed.connect(self.follow_store)
        self.follow_store()

    @property
    def locked(self) -> bool:
        return self.prompt is not None

    def follow_store(self) -> None:
        """Watch for idleness and the session locking only while an encrypted file is open."""
        store = self.window.desk.store
        path = store.path if store is not None else None
        self.path = path if path is not None and cipher.looks_encrypted(path) else None
        app = QApplication.instance()
        if self.path is None:
            if app is not None:
                app.removeEventFilter(self.watch)
            self.timer.stop()
            return
        if app is not None:
            app.installEventFilter(self.watch)
        self.watch.last = self.clock()
        self.timer.start()
        QTimer.singleShot(0, self.session.start)  # after the window shows: D-Bus takes a moment

    def check_idle(self) -> None:
        minutes = idle_minutes(self.window.settings)
        if minutes and self.clock() - self.watch.last >= minutes * 60:
            self.lock()

    # -- locking -----------------------------------------------------------------------------

    def lock(self) -> bool:
        """Save what is being typed, close the file, hide everything; False if nothing to lock."""
        store = self.window.desk.store
        if self.locked or self.path is None or store is None:
            return False
        self._save_typing()
        store.lock()
        self._hide_everything()
        self.tries = 0
        self.timer.stop()
        self.prompt = LockPrompt(self.path.name, self.unlock, self.window)
        self.prompt.quit_button.clicked.connect(lambda: self.offer_to_quit(""))
        self.prompt.show()
        self.prompt.entry.setFocus()
        return True

    def _save_typing(self) -> None:
        popup = QApplication.activePopupWidget()
        while popup is not None:  # an open list or menu shows content too
            popup.close()
            next_popup = QApplication.activePopupWidget()
            popup = None if next_popup is popup else next_popup
        QToolTip.hideText()
        self._focus = QApplication.focusWidget()
        self.window.desk.locking.emit()
        if self._focus is not None:
            self._focus.clearFocus()  # the field is left: its edit is saved as usual

    def _hide_everything(self) -> None:
        """Every window of the app shows no content and no names while locked: its parts are
        hidden (a dialog being filled in keeps what it holds) and its title says Locked."""
        for top in QApplication.topLevelWidgets():
            if not top.isVisible():
                continue
            self._titles.append((top, top.windowTitle()))
            top.setWindowTitle(translate("lock", LOCKED_TITLE))
            for part in top.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            ):
                if not part.isHidden() and not part.isWindow():
                    part.hide()
                    self._hidden.append(part)

    # -- unlocking ---------------------------------------------------------------------------

    def unlock(self, secret: str) -> bool:
        """Reopen the file with `secret` and show everything as it was; a wrong one is told in
        one line, and after three the user may quit (everything typed was saved at the lock)."""
        store = self.window.desk.store
        assert self.prompt is not None and store is not None
        try:
            store.unlock(secret)
        except cipher.WrongPassphrase:
            self.tries += 1
            left = ATTEMPTS - self.tries
            if left:
                self.prompt.message.setText(
                    (
                        translate("lock", "That passphrase does not open it. {left} try left.")
                        if left == 1
                        else translate(
                            "lock", "That passphrase does not open it. {left} tries left."
                        )
                    ).format(left=left)
                )
            else:
                self.tries = 0
                self.prompt.message.setText(
                    translate("lock", "Three wrong passphrases: it stays locked.")
                )
                self.offer_to_quit(translate("lock", "Three wrong passphrases. "))
            return False
        except StoreError as error:
            self.prompt.message.setText(str(error))
            return False
        self._show_everything()
        prompt, self.prompt = self.prompt, None
        prompt.deleteLater()
        self.watch.last = self.clock()
        self.timer.start()
        return True

    def offer_to_quit(self, why: str) -> None:
        """Quit from the lock, once confirmed: nothing is lost (typing was saved by the lock)."""
        assert self.prompt is not None
        unsaved = [
            title for top, title in self._titles if isinstance(top, QDialog) and top.isVisible()
        ]
        left_open = (
            translate("lock", "\n\nStill open, not saved: {titles} (quitting closes it).").format(
                titles=", ".join(unsaved)
            )
            if unsaved
            else ""
        )
        answer = QMessageBox.warning(
            self.prompt,
            translate("lock", LOCKED_TITLE),
            translate(
                "lock",
                "{why}Everything typed before the lock is saved in the portfolio.{left_open}"
                "\n\nQuit {app} now? (No: try again.)",
            ).format(why=why, left_open=left_open, app=APP_NAME),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.window.save_state()  # where the window was; the file is not touched
            self.quit()

    def _show_everything(self) -> None:
        for part in self._hidden:
            if isValid(part):
                part.show()
        for top, title in self._titles:
            if isValid(top):
                top.setWindowTitle(title)
        self._hidden, self._titles = [], []
        focus, self._focus = self._focus, None
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
