"""The desktop session locking, heard over D-Bus (Linux): logind's `Lock` of this session on
the system bus, and the screen saver's `ActiveChanged(true)` on the session bus (KDE and
others as org.freedesktop.ScreenSaver, GNOME as org.gnome.ScreenSaver). Elsewhere (Windows,
macOS) nothing is heard, and only the idle time locks the window."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import SLOT, QObject, Slot

LOGIN = "org.freedesktop.login1"
SCREEN_SAVERS = ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")


def _own_session(system_bus) -> str | None:
    """The object path of this process's login session, asked of logind (None: no logind)."""
    from PySide6.QtDBus import QDBusInterface, QDBusMessage

    manager = QDBusInterface(LOGIN, "/org/freedesktop/login1", f"{LOGIN}.Manager", system_bus)
    if not manager.isValid():
        return None
    manager.setTimeout(500)  # a hung logind must not hold up the window
    reply = manager.call("GetSession", os.environ.get("XDG_SESSION_ID", "auto"))
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return None
    found = reply.arguments()[0]
    return getattr(found, "path", lambda: str(found))()


def load_bus_code() -> None:
    """Import Qt's D-Bus module ahead of `SessionLockWatch.start` (≈ 15 ms), at a moment the
    start waits anyway: while an encrypted portfolio's key is derived."""
    with contextlib.suppress(ImportError):  # a Qt built without D-Bus: start() says so
        import PySide6.QtDBus  # noqa: F401


class SessionLockWatch(QObject):
    """Calls `on_lock` when the desktop session locks. The buses (and this session's logind
    path) can be given, for a test's private bus; by default the user's own are used."""

    def __init__(
        self,
        on_lock: Callable[[], object],
        *,
        session_bus=None,
        system_bus=None,
        login_session: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_lock = on_lock
        self._buses = session_bus, system_bus
        self._login_session = login_session
        self.listening: list[str] = []  # what is heard, for the README's claim and the tests
        self._started = False

    def start(self) -> list[str]:
        """Begin listening (once); returns the signals heard (none off Linux or without D-Bus)."""
        if self._started:
            return self.listening
        self._started = True
        if not sys.platform.startswith("linux") and self._buses == (None, None):
            return self.listening
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt built without D-Bus: idle time alone locks the window
            return self.listening
        session_bus, system_bus = self._buses
        session_bus = session_bus or QDBusConnection.sessionBus()
        system_bus = system_bus or QDBusConnection.systemBus()
        if session_bus.isConnected():
            for service in SCREEN_SAVERS:
                # (PySide's stubs say bytes for the slot; at run time it takes SLOT's str)
                if session_bus.connect(  # type: ignore[call-overload]
                    "", "", service, "ActiveChanged", self, SLOT("screen_saver(bool)")
                ):
                    self.listening.append(f"{service}.ActiveChanged")
        if system_bus.isConnected():
            path = self._login_session or _own_session(system_bus)
            if path and system_bus.connect(  # type: ignore[call-overload]
                LOGIN, path, f"{LOGIN}.Session", "Lock", self, SLOT("session_locked()")
            ):
                self.listening.append(f"{LOGIN}.Session.Lock")
        return self.listening

    @Slot(bool)
    def screen_saver(self, active: bool) -> None:
        if active:
            self.on_lock()

    @Slot()
    def session_locked(self) -> None:
        self.on_lock()
