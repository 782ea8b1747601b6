"""An encrypted portfolio in the window: asking for its passphrase once per start (three
tries), and File → Encrypt portfolio… / Decrypt portfolio… / Change passphrase….

The passphrase is held by the store for this process only. It is written nowhere — not to
settings, the log or a crash report — unless the user ticks "Remember it in the system
keyring", offered only where the platform has one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.passphrases import LEAST, too_short
from alliance_desk.store import cipher
from alliance_desk.store.errors import StoreError
from alliance_desk.store.location import demo_database_path, resolve
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from alliance_desk.ui.main_window import MainWindow

ATTEMPTS = 3
KEYRING_SERVICE = "Alliance Desk portfolio"
FORGOTTEN = QT_TRANSLATE_NOOP(
    "passphrase",
    "If the passphrase is forgotten, nothing and nobody can recover the portfolio or its "
    "backups: there is no reset and no back door.",
)


def keyring_available() -> bool:
    """True when the platform has a system keyring the `keyring` package can use. Asking
    `keyring` costs ≈ 0.2 s (it looks at every package installed), so where none can exist
    — Linux without a D-Bus session, which every keyring there speaks — it is not asked."""
    if sys.platform.startswith("linux") and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # no backend, a broken D-Bus: ask each time instead
        return False


def _remembered(path: Path) -> str | None:
    if not keyring_available():
        return None
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, str(path))
    except Exception:
        return None


def _remember(path: Path, secret: str | None) -> None:
    """Store (or, with None, forget) the passphrase in the system keyring, if there is one."""
    if not keyring_available():
        return
    try:
        import keyring

        if secret is None:
            keyring.delete_password(KEYRING_SERVICE, str(path))
        else:
            keyring.set_password(KEYRING_SERVICE, str(path), secret)
    except Exception:  # nothing stored there: the app asks at the next start instead
        return


class PassphraseDialog(QDialog):
    """A passphrase typed (twice for a new one), never shown on screen."""

    def __init__(
        self, title: str, message: str, *, new: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        form = QFormLayout()
        self.entry = QLineEdit()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setAccessibleName(self.tr("Passphrase"))
        form.addRow(self.tr("Passphrase:"), self.entry)
        self.again: QLineEdit | None = None
        if new:
            self.again = QLineEdit()
            self.again.setEchoMode(QLineEdit.EchoMode.Password)
            self.again.setAccessibleName(self.tr("The same passphrase again"))
            form.addRow(self.tr("Again:"), self.again)
        layout.addLayout(form)
        self.remember = QCheckBox(self.tr("Remember it in the system keyring on this computer"))
        self.remember.setVisible(keyring_available())
        layout.addWidget(self.remember)
        layout.addWidget(dialog_buttons(self))
        # Its own size, even as the first window of a start (a window manager maximises that).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.message.setMinimumWidth(420)

    def accept(self) -> None:
        """Only a passphrase typed (and, for a new one, typed twice alike) is accepted."""
        if not self.entry.text():
            self.message.setText(self.tr("Type the passphrase (it cannot be empty)."))
            return
        if self.again is not None and too_short(self.entry.text()):
            self.message.setText(
                self.tr(
                    "Use at least {least} characters: a few words are easy to remember and "
                    "hard to guess."
                ).format(least=LEAST)
            )
            self.entry.setFocus()
            return
        if self.again is not None and self.again.text() != self.entry.text():
            self.message.setText(self.tr("The two passphrases differ: type the same one twice."))
            self.again.clear()
            self.again.setFocus()
            return
        super().accept()

    def passphrase(self) -> str:
        return self.entry.text()

    def keep(self) -> bool:
        return not self.remember.isHidden() and self.remember.isChecked()


def unlock_and_open(
    target,
    open_store: Callable,
    parent: QWidget | None = None,
    meanwhile: Callable[[], None] | None = None,
):
    """`open_store(target)` for an encrypted file: its passphrase from the keyring when the
    user chose to remember it, otherwise asked (up to three tries, the file untouched by a
    wrong one). Raises StoreError when the user cancels or every try is wrong. `meanwhile`
    runs on this thread while the key is derived on another (start-up builds its window)."""
    path = resolve(target).path
    assert path is not None, "only a file is encrypted"
    remembered = _remembered(path)
    if remembered is not None:
        try:
            _unlock_while_loading(path, remembered, meanwhile)
            return open_store(target)
        except cipher.WrongPassphrase:
            pass  # changed elsewhere since: ask
    message = translate("passphrase", "{name} is encrypted. Its passphrase, please:").format(
        name=path.name
    )
    for attempt in range(ATTEMPTS):
        dialog = PassphraseDialog(
            translate("passphrase", "Unlock the portfolio"), message, parent=parent
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            raise StoreError(
                translate("passphrase", "{path} stays locked: no passphrase was given.").format(
                    path=path
                )
            )
        try:
            _unlock_while_loading(path, dialog.passphrase(), meanwhile)
        except cipher.WrongPassphrase as wrong:
            left = ATTEMPTS - attempt - 1
            if not left:
                raise
            message = (
                translate("passphrase", "{wrong} {left} try left:")
                if left == 1
                else translate("passphrase", "{wrong} {left} tries left:")
            ).format(wrong=wrong, left=left)
            continue
        if dialog.keep():
            _remember(path, dialog.passphrase())
        return open_store(target)
    raise AssertionError("unreachable")


def _unlock_while_loading(
    path: Path, secret: str, meanwhile: Callable[[], None] | None = None
) -> None:
    """`cipher.unlock`, with the key derived on another core while the window's code loads
    and `meanwhile` runs (both are needed right after): start-up pays for the slower of the
    two, not for both. The page check of the start begins as soon as the key exists."""
    from alliance_desk.store import integrity

    cipher.prepare(path, secret)
    integrity.check_ahead(path, secret)
    try:
        from alliance_desk.ui import main_window  # noqa: F401
        from alliance_desk.ui.session_lock import load_bus_code
        from alliance_desk.ui.today import view  # noqa: F401

        if meanwhile is not None:
            meanwhile()
        load_bus_code()  # an encrypted portfolio's window listens for the session locking
        cipher.unlock(path, secret)
    except BaseException:
        integrity.taken_ahead(path, None)  # a wrong passphrase's check says nothing
        raise


# -- File → Encrypt / Decrypt / Change passphrase ------------------------------------------------


def _portfolio_file(window: MainWindow) -> Path | None:
    store = window.desk.store
    if store is None or store.path is None:
        window.say(
            translate(
                "passphrase",
                "Only a portfolio file is encrypted here. A team store lives on its server, "
                "whose administrator protects it (disk encryption, TLS).",
            )
        )
        return None
    return store.path


def _convert(window: MainWindow, path: Path, work: Callable[[], list[Path]], done: str) -> None:
    """Close the portfolio, run `work` on the file, reopen it; say what happened."""
    window.desk.set_store(None)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        skipped = work()
    except StoreError as error:
        QApplication.restoreOverrideCursor()
        window.show_error(f"{error}")
        window.switch_to(str(path))
        return
    QApplication.restoreOverrideCursor()
    window.switch_to(str(path))
    left = (
        (
            translate("passphrase", " One damaged backup was left as it was.")
            if len(skipped) == 1
            else translate("passphrase", " {count} damaged backups were left as they were.").format(
                count=len(skipped)
            )
        )
        if skipped
        else ""
    )
    window.statusBar().showMessage(f"{done}{left}", 10000)


def offer_on_first_run(window: MainWindow) -> None:
    """A new portfolio in the data folder, on the first start: encrypting it is offered
    (and is the default answer); the user may decline, and File → Encrypt does it later."""
    store = window.desk.store
    if store is None or not store.created or store.path is None:
        return
    if store.path == demo_database_path() or cipher.looks_encrypted(store.path):
        return
    encrypt_portfolio(window, first_run=True)


def encrypt_portfolio(window: MainWindow, *, first_run: bool = False) -> None:
    from alliance_desk.store import encryption

    path = _portfolio_file(window)
    if path is None:
        return
    if cipher.looks_encrypted(path):
        window.say(
            translate(
                "passphrase", "{name} is encrypted already. File → Change passphrase… changes it."
            ).format(name=path.name)
        )
        return
    if path == demo_database_path():
        window.say(
            translate("passphrase", "The demo portfolio holds made-up data and stays plain.")
        )
        return
    welcome = (
        translate(
            "passphrase",
            "Your new portfolio will hold confidential deal terms and notes about people. "
            "Encrypt it, so that a lost laptop or a copied backup reveals nothing?\n\n",
        )
        if first_run
        else ""
    )
    answer = QMessageBox.warning(
        window,
        translate("passphrase", "Encrypt the portfolio"),
        translate(
            "passphrase",
            "{welcome}{name}, its journal and all its backups will be encrypted with "
            "a passphrase you choose, asked for at each start.\n\n{FORGOTTEN}\n\nEncrypt "
            "it?",
        ).format(welcome=welcome, name=path.name, FORGOTTEN=translate("passphrase", FORGOTTEN)),
        QMessageBox.StandardButton.Yes
        | (QMessageBox.StandardButton.No if first_run else QMessageBox.StandardButton.Cancel),
        QMessageBox.StandardButton.Yes if first_run else QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    dialog = PassphraseDialog(
        translate("passphrase", "Encrypt the portfolio"),
        translate("passphrase", "A passphrase for {name}. {FORGOTTEN}").format(
            name=path.name, FORGOTTEN=translate("passphrase", FORGOTTEN)
        ),
        new=True,
        parent=window,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    secret = dialog.passphrase()
    if dialog.keep():
        _remember(path, secret)
    _convert(
        window,
        path,
        lambda: encryption.encrypt(path, secret),
        translate("passphrase", "Encrypted {name}.").format(name=path.name),
    )


def _current_passphrase(window: MainWindow, path: Path, why: str) -> bool:
    """Whoever sits at an open window proves they know the passphrase before changing it."""
    dialog = PassphraseDialog(
        why,
        translate("passphrase", "The current passphrase of {name}:").format(name=path.name),
        parent=window,
    )
    dialog.remember.setVisible(False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        cipher.check_passphrase(path, dialog.passphrase())
    except StoreError as error:
        window.show_error(str(error))
        return False
    return True


def decrypt_portfolio(window: MainWindow) -> None:
    from alliance_desk.store import encryption

    path = _portfolio_file(window)
    if path is None:
        return
    if not cipher.looks_encrypted(path):
        window.say(translate("passphrase", "{name} is not encrypted.").format(name=path.name))
        return
    if not _current_passphrase(window, path, translate("passphrase", "Decrypt the portfolio")):
        return
    answer = QMessageBox.warning(
        window,
        translate("passphrase", "Decrypt the portfolio"),
        translate(
            "passphrase",
            "{name} and its backups will be stored in plain form again: anyone with "
            "a copy of the file can read it. Decrypt it?",
        ).format(name=path.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    _remember(path, None)
    _convert(
        window,
        path,
        lambda: encryption.decrypt(path),
        translate("passphrase", "Decrypted {name}.").format(name=path.name),
    )


def change_passphrase(window: MainWindow) -> None:
    from alliance_desk.store import encryption

    path = _portfolio_file(window)
    if path is None:
        return
    if not cipher.looks_encrypted(path):
        window.say(
            translate(
                "passphrase", "{name} is not encrypted: File → Encrypt portfolio… encrypts it."
            ).format(name=path.name)
        )
        return
    if not _current_passphrase(window, path, translate("passphrase", "Change the passphrase")):
        return
    dialog = PassphraseDialog(
        translate("passphrase", "Change the passphrase"),
        translate("passphrase", "The new passphrase. {FORGOTTEN}").format(
            FORGOTTEN=translate("passphrase", FORGOTTEN)
        ),
        new=True,
        parent=window,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    secret = dialog.passphrase()
    _remember(path, secret if dialog.keep() else None)
    _convert(
        window,
        path,
        lambda: encryption.change_passphrase(path, secret),
        translate("passphrase", "The passphrase of {name} was changed.").format(name=path.name),
    )
