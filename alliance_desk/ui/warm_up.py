"""Sections built and read ahead while the user is idle, so that the first click on each is as
quick as any later one.

Start-up builds only the section on screen (three times faster). The first visit to each
other section then pays for importing its code, building its widgets and compiling its
statements: on ten times the heavy portfolio ≈ 0.13 s for the escalation log and ≈ 0.22 s for
Value, against 0.02-0.09 s for every later visit. Once the window has had no keyboard or mouse
input for `IDLE_MS`, one section not built yet is built and its data read, hidden; the next
waits for the next quiet moment (each step holds the window for what that first click would
have cost, at most). Nothing is written; it stops for good once every section is built, and
waits while a dialog is open, the portfolio is locked or none is open.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import read_ahead
from alliance_desk.ui.lock import InputWatch
from alliance_desk.ui.sections import SECTIONS

if TYPE_CHECKING:
    from alliance_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

IDLE_MS = 1500  # without keyboard or mouse input before a section is built ahead
NEXT_MS = 200  # between two sections, when the user is still away


class SectionWarmUp(QObject):
    """Builds and reads `window`'s sections ahead of their first showing (see the module)."""

    def __init__(self, window: MainWindow, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.watch = InputWatch(clock, self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.step)
        self.built: list[str] = []  # the sections this built, in order

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.watch)
        self.watch.last = self.clock()
        self.timer.start(IDLE_MS)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.watch)

    def _waiting(self) -> bool:
        """Not now: no portfolio, a locked one, or a dialog or menu open."""
        window = self.window
        return (
            window.desk.store is None
            or window.screen_lock.locked
            or QApplication.activeModalWidget() is not None
            or QApplication.activePopupWidget() is not None
        )

    def step(self) -> None:
        left = [s.key for s in SECTIONS if s.key not in self.window._built]
        if not left:
            self.stop()
            return
        quiet = (self.clock() - self.watch.last) * 1000
        if quiet < IDLE_MS or self._waiting():
            self.timer.start(max(NEXT_MS, int(IDLE_MS - quiet)))
            return
        view = self.window.view(left[0])
        try:
            read_ahead(view)
        except StoreError as problem:  # read again when it is shown, and said then
            log.info("a section read ahead failed: %s", problem)
            self.stop()
            return
        self.built.append(left[0])
        self.timer.start(NEXT_MS)
