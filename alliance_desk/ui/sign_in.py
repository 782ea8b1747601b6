"""Signing in to the team store: the password is asked for when the server wants one, used
for that connection only, and never written anywhere (not to settings, not to disk)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from alliance_desk.store.errors import PasswordRequired, StoreError
from alliance_desk.store.location import resolve, with_password
from alliance_desk.ui.i18n import translate

ATTEMPTS = 3


def open_signing_in(
    target,
    open_store: Callable,
    parent: QWidget | None = None,
    meanwhile: Callable[[], None] | None = None,
):
    """`open_store(target)`, asking for the password (up to three times) if the team store
    needs one, or for the passphrase of an encrypted file (`meanwhile` runs while its key is
    derived). Raises StoreError when the user cancels or every attempt is refused."""
    from alliance_desk.store.cipher import PassphraseNeeded

    try:
        return open_store(target)
    except PasswordRequired as first:
        problem = first
    except PassphraseNeeded:  # an encrypted portfolio file
        from alliance_desk.ui.passphrase import unlock_and_open

        return unlock_and_open(target, open_store, parent, meanwhile)
    location = resolve(target)
    for _ in range(ATTEMPTS):
        password, ok = QInputDialog.getText(
            parent,
            translate("sign_in", "Sign in to the team store"),
            translate(
                "sign_in",
                "{problem}.\nYour database password for {display}\n(used for this "
                "connection only, never saved):",
            ).format(problem=problem, display=location.display),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            raise StoreError(
                translate("sign_in", "Not signed in to {display}: no password was given.").format(
                    display=location.display
                )
            )
        try:
            return open_store(with_password(location.url, password))
        except PasswordRequired as again:
            problem = again
    raise StoreError(
        translate(
            "sign_in", "{problem}. Check the password with your database administrator."
        ).format(problem=problem)
    )
