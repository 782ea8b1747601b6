"""An encrypted portfolio in the window: asked for once per start (three tries, the file
untouched by a wrong one), and encrypted, decrypted or re-keyed from the File menu."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_desk.store import cipher, encryption
from alliance_desk.store.demo import create_demo
from tests.helpers import answer_dialog, digest

SECRET = "window-sentinel-passphrase"


@pytest.fixture
def confirm(monkeypatch, messages):
    """Warnings that ask a question are answered Yes (and recorded)."""
    from PySide6.QtWidgets import QMessageBox

    def yes(_parent, _title, text, *args, **kwargs):
        messages.append(("warning", text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(yes))
    return messages


def typed(*texts: str):
    def fill(dialog) -> None:
        fill.messages.append(dialog.message.text())
        dialog.entry.setText(texts[0])
        if dialog.again is not None:
            dialog.again.setText(texts[-1])
        dialog.accept()

    fill.messages = []
    return fill


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = create_demo(tmp_path / "portfolio.sqlite3")
    encryption.encrypt(path, SECRET)
    cipher._passphrases.clear()
    return path


def test_the_window_asks_for_the_passphrase_with_three_tries(
    encrypted: Path, make_window, qtbot, settings
) -> None:
    """Two wrong passphrases are told plainly (tries left) and change nothing; the right
    one opens the portfolio; settings never hold it."""
    first, second, third = typed("nope"), typed("still nope"), typed(SECRET)
    answer_dialog(qtbot, first, second, third)
    window, error = make_window(db=str(encrypted))
    assert error is None and window.desk.store is not None
    assert "encrypted" in first.messages[0]
    assert "does not open" in second.messages[0] and "2 tries left" in second.messages[0]
    assert "1 try left" in third.messages[0]
    assert "damaged" not in " ".join(first.messages + second.messages + third.messages)
    window.desk.store.close()
    settings.sync()
    assert SECRET not in Path(settings.fileName()).read_text(encoding="utf-8")


def test_three_wrong_passphrases_open_nothing_and_touch_nothing(
    encrypted: Path, make_window, qtbot
) -> None:
    before = digest(encrypted)
    answer_dialog(qtbot, typed("a"), typed("b"), typed("c"))
    window, error = make_window(db=str(encrypted))
    assert window.desk.store is None
    assert error is not None and "does not open" in error and "damaged" not in error
    assert digest(encrypted) == before


def test_file_encrypt_warns_then_encrypts_and_reopens(
    tmp_path: Path, make_window, qtbot, confirm, settings
) -> None:
    """File → Encrypt portfolio…: the warning says a forgotten passphrase cannot be
    recovered; the file is encrypted and open again in the window."""
    path = create_demo(tmp_path / "mine.sqlite3")
    window, error = make_window(db=str(path))
    assert error is None
    answer_dialog(qtbot, typed(SECRET, SECRET))
    _trigger(window, "Encrypt portfolio…")
    assert any("nothing and nobody can recover" in text for _kind, text in confirm)
    assert cipher.looks_encrypted(path)
    assert window.desk.store is not None and window.desk.store.path == path
    settings.sync()
    assert SECRET not in Path(settings.fileName()).read_text(encoding="utf-8")

    answer_dialog(qtbot, typed(SECRET))
    _trigger(window, "Decrypt portfolio…")
    assert not cipher.looks_encrypted(path)
    assert window.desk.store is not None


def test_two_different_passphrases_are_refused(tmp_path, make_window, qtbot, confirm) -> None:
    path = create_demo(tmp_path / "mine.sqlite3")
    window, _error = make_window(db=str(path))
    seen = typed(SECRET, "something else")
    answer_dialog(qtbot, seen)
    _trigger(window, "Encrypt portfolio…")
    assert not cipher.looks_encrypted(path)


def test_the_demo_stays_plain(demo_window, messages) -> None:
    _trigger(demo_window, "Encrypt portfolio…")
    assert not cipher.looks_encrypted(demo_window.desk.store.path)
    assert any("stays plain" in text for _kind, text in messages)


def test_change_passphrase_asks_the_current_one_first(
    encrypted: Path, make_window, qtbot, confirm
) -> None:
    answer_dialog(qtbot, typed(SECRET))
    window, _error = make_window(db=str(encrypted))
    answer_dialog(qtbot, typed(SECRET), typed("the new one", "the new one"))
    _trigger(window, "Change passphrase…")
    window.desk.store.close()
    cipher.check_passphrase(encrypted, "the new one")


def _trigger(window, text: str) -> None:
    (action,) = [a for a in window.actions() if a.text().replace("&", "") == text]
    action.trigger()


@pytest.fixture
def system_keyring(monkeypatch):
    """A keyring backend in memory, standing in for the platform's (restored afterwards),
    on a desktop with a D-Bus session (where Linux keyrings live)."""
    import keyring

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/test-bus")
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.held: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.held.get((service, username))

        def set_password(self, service, username, password):
            self.held[(service, username)] = password

        def delete_password(self, service, username):
            self.held.pop((service, username), None)

    before = keyring.get_keyring()
    memory = Memory()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def test_remembered_in_the_keyring_only_when_asked(
    tmp_path: Path, make_window, qtbot, confirm, settings, system_keyring
) -> None:
    """Ticking "Remember it" puts the passphrase in the system keyring (nowhere else), and the
    next start opens without asking; without a keyring the box is not offered at all."""
    path = create_demo(tmp_path / "mine.sqlite3")
    window, _error = make_window(db=str(path))

    def remembered(dialog) -> None:
        assert not dialog.remember.isHidden()
        dialog.remember.setChecked(True)
        typed(SECRET, SECRET)(dialog)

    answer_dialog(qtbot, remembered)
    _trigger(window, "Encrypt portfolio…")
    assert cipher.looks_encrypted(path)
    assert list(system_keyring.held.values()) == [SECRET]
    window.desk.store.close()
    cipher._passphrases.clear()
    again, error = make_window(db=str(path))  # no dialog answered: none may be asked
    assert error is None and again.desk.store is not None
    settings.sync()
    assert SECRET not in Path(settings.fileName()).read_text(encoding="utf-8")


def test_without_a_keyring_nothing_is_offered(encrypted: Path, make_window, qtbot) -> None:
    from alliance_desk.ui import passphrase

    assert not passphrase.keyring_available()  # the test machines have none
    offered = []

    def look(dialog) -> None:
        offered.append(not dialog.remember.isHidden())
        typed(SECRET)(dialog)

    answer_dialog(qtbot, look)
    make_window(db=str(encrypted))
    assert offered == [False]


def test_a_new_portfolio_is_offered_encryption_on_its_first_start(
    make_window, qtbot, confirm, data_home
) -> None:
    """The first start makes a new portfolio in the data folder and offers to encrypt it,
    Yes being the default; the demo and an existing portfolio are never asked about."""
    from alliance_desk.ui.passphrase import offer_on_first_run

    window, error = make_window()
    assert error is None and window.desk.store.created
    answer_dialog(qtbot, typed(SECRET, SECRET))
    offer_on_first_run(window)
    assert any("Your new portfolio" in text for _kind, text in confirm)
    assert cipher.looks_encrypted(window.desk.store.path)
    asked = len(confirm)
    window.desk.store.close()
    again, _error = make_window()  # it exists now: opened (after its passphrase), not offered
    offer_on_first_run(again)
    assert len(confirm) == asked


def test_declining_on_the_first_start_keeps_it_plain(make_window, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from alliance_desk.ui.passphrase import offer_on_first_run

    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    window, _error = make_window()
    offer_on_first_run(window)
    assert not cipher.looks_encrypted(window.desk.store.path)
    assert window.desk.store is not None


def _offered(window) -> list[str]:
    """The encryption commands enabled while the File menu is open."""
    file_menu = window.menuBar().actions()[0].menu()
    file_menu.aboutToShow.emit()
    names = ("Encrypt portfolio…", "Decrypt portfolio…", "Change passphrase…", "Lock now")
    shown = [a.text().replace("&", "") for a in file_menu.actions() if a.isEnabled()]
    file_menu.aboutToHide.emit()
    return [name for name in names if name in shown]


def test_the_file_menu_offers_only_the_encryption_commands_that_apply(
    tmp_path: Path, encrypted: Path, make_window, qtbot, demo_window
) -> None:
    """All four were offered at once, on a plain file as on an encrypted one."""
    assert _offered(demo_window) == []  # the demo stays plain
    plain, error = make_window(db=str(create_demo(tmp_path / "mine.sqlite3")))
    assert error is None
    assert _offered(plain) == ["Encrypt portfolio…"]
    assert all(a.isEnabled() for a in plain.menuBar().actions()[0].menu().actions())  # keys
    answer_dialog(qtbot, typed(SECRET))
    locked, error = make_window(db=str(encrypted))
    assert error is None
    assert _offered(locked) == ["Decrypt portfolio…", "Change passphrase…", "Lock now"]


def test_a_new_passphrase_shorter_than_eight_characters_is_refused(qtbot) -> None:
    """Encrypt portfolio… took "abc": the file's only lock against whoever has the laptop."""
    from alliance_desk.ui.passphrase import PassphraseDialog

    dialog = PassphraseDialog("Encrypt", "A passphrase:", new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.entry.setText("abc")
    dialog.again.setText("abc")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert "at least 8 characters" in dialog.message.text()
    dialog.entry.setText("three short words")
    dialog.again.setText("three short words")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    opening = PassphraseDialog("Open", "The passphrase:")  # an old one is typed as it is
    qtbot.addWidget(opening)
    opening.show()
    opening.entry.setText("abc")
    opening.accept()
    assert opening.result() == opening.DialogCode.Accepted
