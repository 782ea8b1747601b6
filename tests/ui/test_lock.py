"""Locked when left: an encrypted portfolio's window locks after idle minutes, on File → Lock
now and when the desktop session locks; nothing typed is lost, the file is closed (no handle
left), nothing is shown, and only the passphrase opens it again."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from alliance_desk.store import cipher, encryption, governance, portfolio
from alliance_desk.store.demo import create_demo
from alliance_desk.ui.lock import IDLE_MINUTES, LOCKED_TITLE, WindowLock
from tests.helpers import digest, open_handles

SECRET = "lock-sentinel-passphrase"
HALO = "HALO-7 oncology co-development"


class Clock:
    """Time as the lock sees it, moved on by the test instead of waited for."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = create_demo(tmp_path / "portfolio.sqlite3")
    encryption.encrypt(path, SECRET)
    return path


@pytest.fixture
def locking_window(encrypted: Path, make_window):
    """The encrypted demo open in a window whose lock reads a clock the test moves."""
    window, error = make_window(db=str(encrypted))
    assert error is None and window.desk.store is not None
    clock = Clock()
    window.screen_lock.deleteLater()
    window.screen_lock = WindowLock(window, clock=clock)
    window.clock = clock
    quits: list[bool] = []
    window.screen_lock.quit = lambda: quits.append(True)
    window.quits = quits
    return window


def stored_alliance(path: Path, name: str) -> tuple[str, str]:
    """(name, north star) of an alliance read straight from the file with the passphrase, by
    a connection of its own: what is saved there, whatever the window holds."""
    connection = cipher.open_keyed(str(path), cipher.raw_key(SECRET, cipher.salt_of(path)))
    try:
        return connection.execute(
            "SELECT name, north_star FROM alliances WHERE name = ?", (name,)
        ).fetchone()
    finally:
        connection.close()


def visible_titles() -> list[str]:
    return [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]


def unlock(window, secret: str) -> bool:
    prompt = window.screen_lock.prompt
    assert prompt is not None and prompt.isVisible()
    prompt.entry.setText(secret)
    prompt.accept()
    return not window.screen_lock.locked


def test_idle_minutes_lock_and_the_passphrase_brings_back_what_was_typed(
    locking_window, encrypted: Path, qtbot
) -> None:
    """Text typed into a field still being edited is saved by the lock; the file is closed;
    no section, list or alliance name shows; the passphrase reopens it where it was."""
    window = locking_window
    store = window.desk.store
    names = [a.name for a in portfolio.list_alliances(store)]
    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    window.desk.select_alliance(halo.id)
    window.show_section("portfolio")
    assert HALO in window.alliance_selector.currentText()  # shown until it locks
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    north_star = window.portfolio.detail.form.north_star
    north_star.setFocus()
    qtbot.waitUntil(north_star.hasFocus)
    north_star.selectAll()
    typed = "Marker typed just before leaving the desk"
    qtbot.keyClicks(north_star, typed)
    assert open_handles(encrypted), (
        "the open portfolio holds the file (or this test proves nothing)"
    )

    window.clock.now += 14 * 60
    window.screen_lock.check_idle()
    assert not window.screen_lock.locked  # 14 of 15 minutes: not yet
    window.clock.now += 61
    window.screen_lock.timer.timeout.emit()  # the periodic check, without waiting for it

    assert window.screen_lock.locked
    assert stored_alliance(encrypted, HALO)[1] == typed  # saved by the lock itself
    assert open_handles(encrypted) == []
    assert window.desk.store.engine.pool.checkedin() == 0
    assert cipher.passphrase_for(encrypted) is None  # forgotten, not only closed
    assert not window.pages.isVisible() and not window.navigation.isVisible()
    assert not window.menuBar().isVisible() and not window.alliance_selector.isVisible()
    for title in visible_titles():
        assert not any(name in title for name in names), title
    assert window.windowTitle() == LOCKED_TITLE

    assert unlock(window, SECRET)
    assert window.pages.isVisible() and window.current_section() == "portfolio"
    assert window.desk.alliance_id == halo.id
    assert north_star.toPlainText() == typed
    qtbot.waitUntil(north_star.hasFocus)  # the cursor is back in its field
    assert portfolio.get_alliance(window.desk.store, halo.id).north_star == typed
    assert "portfolio.sqlite3" in window.windowTitle()


def test_input_anywhere_keeps_it_open_and_zero_minutes_never_locks(
    locking_window, qtbot, settings
) -> None:
    window = locking_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.clock.now += 14 * 60
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)  # the user is here
    window.clock.now += 14 * 60
    window.screen_lock.check_idle()
    assert not window.screen_lock.locked
    settings.setValue(IDLE_MINUTES, 0)
    window.clock.now += 24 * 60 * 60
    window.screen_lock.check_idle()
    assert not window.screen_lock.locked
    settings.setValue(IDLE_MINUTES, 1)
    window.screen_lock.check_idle()
    assert window.screen_lock.locked


def test_a_wrong_passphrase_keeps_it_locked_and_three_offer_to_quit(
    locking_window, encrypted: Path, monkeypatch, messages
) -> None:
    window = locking_window
    window.lock_now()
    prompt = window.screen_lock.prompt
    before = digest(encrypted)
    assert not unlock(window, "nope")
    assert prompt.message.text() == "That passphrase does not open it. 2 tries left."
    assert "\n" not in prompt.message.text()
    prompt.reject()  # Escape: still locked, the prompt stays
    assert window.screen_lock.locked and prompt.isVisible()
    assert not unlock(window, "still nope")
    assert "1 try left" in prompt.message.text()
    assert not unlock(window, "")  # the third: the user may quit (answered No here)
    assert window.quits == [] and window.screen_lock.locked
    assert any("Quit" in text for _, text in messages)
    assert digest(encrypted) == before and not window.pages.isVisible()

    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    for wrong in ("a", "b", "c"):
        unlock(window, wrong)
    assert window.quits == [True] and digest(encrypted) == before
    assert unlock(window, SECRET)  # (had the user said No, the right one still opens it)


def test_minutes_typed_in_meeting_mode_are_saved_by_the_lock(
    locking_window, encrypted: Path, qtbot
) -> None:
    window = locking_window
    store = window.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    meeting = max(governance.list_meetings(store, halo.id), key=lambda m: m.draft.starts_at)
    from alliance_desk.ui.governance.meeting_mode import MeetingMode

    mode = MeetingMode(window.desk, meeting.id, window)
    qtbot.addWidget(mode)
    mode.show()
    mode.next_item()
    mode.editor.setFocus()
    typed = "Minutes typed as the laptop was closed"
    qtbot.keyClicks(mode.editor, typed)
    assert mode.dirty  # not yet saved: the save waits for a pause in typing
    window.screen_lock.lock()
    connection = cipher.open_keyed(
        str(encrypted), cipher.raw_key(SECRET, cipher.salt_of(encrypted))
    )
    try:
        saved = [row[0] for row in connection.execute("SELECT record FROM agenda_items")]
    finally:
        connection.close()
    assert typed in saved
    assert not mode.editor.isVisible() and "Meeting mode" not in mode.windowTitle()
    assert unlock(window, SECRET)
    assert mode.editor.isVisible() and mode.editor.toPlainText() == typed
    assert "Meeting mode" in mode.windowTitle()
    mode.close()


def test_a_plain_portfolio_is_not_locked(demo_window, messages) -> None:
    """Without a passphrase there is nothing to unlock it with: the window says so."""
    demo_window.lock_now()
    assert not demo_window.screen_lock.locked and demo_window.pages.isVisible()
    assert "Only an encrypted portfolio locks" in messages[-1][1]
    demo_window.screen_lock.watch.last -= 10 * 24 * 3600
    demo_window.screen_lock.check_idle()
    assert not demo_window.screen_lock.locked


def test_preferences_set_the_idle_minutes(demo_window, settings) -> None:
    from alliance_desk.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(settings, "here", demo_window)
    assert dialog.lock_after.value() == 15 and dialog.lock_after.specialValueText() == "never"
    dialog.lock_after.setValue(0)
    dialog.accept()
    assert int(settings.value(IDLE_MINUTES)) == 0


@pytest.fixture
def private_bus():
    """A D-Bus daemon of this test's own, standing in for the desktop's buses."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = daemon.stdout.readline().strip()
    yield address
    daemon.kill()
    daemon.wait()


def test_the_desktop_session_locking_locks_the_window(
    encrypted: Path, make_window, qtbot, private_bus
) -> None:
    """The screen saver's ActiveChanged(true) and logind's Lock of this session, sent over a
    real (private) bus, each lock the window; ActiveChanged(false) does not."""
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    from alliance_desk.ui.session_lock import SessionLockWatch

    window, _ = make_window(db=str(encrypted))
    bus = QDBusConnection.connectToBus(private_bus, "lock-test-listener")
    session = "/org/freedesktop/login1/session/_31"
    watch = SessionLockWatch(
        lambda: window.screen_lock.lock(), session_bus=bus, system_bus=bus, login_session=session
    )
    heard = watch.start()
    assert "org.freedesktop.ScreenSaver.ActiveChanged" in heard
    assert "org.freedesktop.login1.Session.Lock" in heard
    sender = QDBusConnection.connectToBus(private_bus, "lock-test-sender")

    def screen_saver(active: bool) -> None:
        message = QDBusMessage.createSignal(
            "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged"
        )
        message.setArguments([active])
        assert sender.send(message)

    screen_saver(False)
    qtbot.wait(200)
    assert not window.screen_lock.locked
    screen_saver(True)
    qtbot.waitUntil(lambda: window.screen_lock.locked)
    assert unlock(window, SECRET)

    assert sender.registerService("org.freedesktop.login1")
    assert sender.send(QDBusMessage.createSignal(session, "org.freedesktop.login1.Session", "Lock"))
    qtbot.waitUntil(lambda: window.screen_lock.locked)
    assert unlock(window, SECRET)
    QDBusConnection.disconnectFromBus("lock-test-sender")
    QDBusConnection.disconnectFromBus("lock-test-listener")
