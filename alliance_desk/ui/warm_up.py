"""Sections built and read ahead while the user is idle, so that a click on a section shows it
at once: the first click as well as the one after an edit elsewhere.

Start-up builds only the section on screen (three times faster), and a hidden section is read
again only when it is next shown (reading every section after each saved field would take
seconds at heavy scale). So the first visit to a section paid for importing its code, building
its widgets and reading its data — on ten times the heavy portfolio ≈ 0.13 s for the escalation
log and ≈ 0.22 s for Value — and a visit after an edit for reading it again (Value ≈ 0.09 s).
Once the window has had no keyboard or mouse input for `IDLE_MS`, one section is built or read
ahead, hidden: first those not built yet, then those an edit has left out of date; the next
waits for the next quiet moment (each step holds the window for what that click would have
cost, at most). Then Today's tally of escalations is split by alliance, so that the next issue
edited is counted again for its own alliance alone (store/today_tally.py). When nothing is left
it sleeps until the next change. Nothing is written; it waits while a dialog or menu is open,
the portfolio is locked or none is open.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import read_ahead, stale_parts
from alliance_desk.ui.lock import InputWatch
from alliance_desk.ui.sections import SECTIONS

if TYPE_CHECKING:
    from alliance_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

IDLE_MS = 1500  # without keyboard or mouse input before a section is built or read ahead
NEXT_MS = 200  # between two sections, when the user is still away


def not_now(window: MainWindow) -> bool:
    """No reading behind the user's back now: no portfolio, a locked one, or a dialog or menu
    open (the warm-up, the turn of the day)."""
    return (
        window.desk.store is None
        or window.screen_lock.locked
        or QApplication.activeModalWidget() is not None
        or QApplication.activePopupWidget() is not None
    )


class SectionWarmUp(QObject):
    """Builds and reads `window`'s hidden sections ahead of their showing (see the module)."""

    def __init__(self, window: MainWindow, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.watch = InputWatch(clock, self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.step)
        self.done: list[str] = []  # the sections built or read ahead, in order
        self.ahead = 0  # and the times it split Today's tally for the next edit (today_tally.py)
        window.desk.changed.connect(self._wake)

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

    def _wake(self, *_changes: object) -> None:
        """Something changed: hidden sections showing it are out of date now."""
        if not self.timer.isActive():
            self.timer.start(IDLE_MS)

    def _waiting(self) -> bool:
        return not_now(self.window)

    def _next(self) -> str | None:
        """A section not built yet, else a hidden one out of date; None when there is none."""
        built = self.window._built
        unbuilt = [s.key for s in SECTIONS if s.key not in built]
        if unbuilt:
            return unbuilt[0]
        on_screen = self.window.pages.currentWidget()
        return next(
            (key for key, view in built.items() if view is not on_screen and stale_parts(view)),
            None,
        )

    def step(self) -> None:
        from alliance_desk.store import today_tally

        key = self._next()
        store = self.window.desk.store
        if key is None and not today_tally.pending(store):
            self.timer.stop()
            return  # asleep until the next change (`_wake`)
        quiet = (self.clock() - self.watch.last) * 1000
        if quiet < IDLE_MS or self._waiting():
            self.timer.start(max(NEXT_MS, int(IDLE_MS - quiet)))
            return
        try:
            if key is None:  # last: Today's tally split by alliance for the next edit
                today_tally.tally_ahead(store)
                self.ahead += 1
                self.timer.stop()
                return  # nothing else was left: asleep until the next change
            else:
                read_ahead(self.window.view(key))
                self.done.append(key)
        except StoreError as problem:  # read again when it is shown, and said then
            log.info("a section read ahead failed: %s", problem)
            self.timer.stop()  # asleep until the next change
            return
        self.timer.start(NEXT_MS)
