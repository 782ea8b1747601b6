"""A new day while the window is open: at midnight, or when a laptop that slept wakes on
another day, every screen counts from the new day — Today's date and tasks, the days each
escalation and question has been open, what is overdue — instead of the day it was read on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from alliance_desk.core import wall
from alliance_desk.ui.desk import Desk

EVERY_MS = 60_000  # a date compared once a minute: the day's turn shows within a minute


class DayWatch(QObject):
    def __init__(
        self,
        desk: Desk,
        parent: QObject | None = None,
        *,
        waiting: Callable[[], bool] = lambda: False,
        clock: Callable[[], date] = wall.today,
    ) -> None:
        super().__init__(parent)
        self.desk, self.waiting, self.clock = desk, waiting, clock
        self.day = clock()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(EVERY_MS)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # back in front after a night away: at once
            app.applicationStateChanged.connect(self._state)

    def _state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> bool:
        """Read everything again if the day has turned since the last look; whether it had."""
        today = self.clock()
        window = self.parent()
        if isinstance(window, QWidget) and not window.isVisible():
            return False  # a closed window reads nothing (it reads the day if shown again)
        if today == self.day or self.waiting():
            return False  # (locked, or a dialog open: the next look after it reads the day)
        self.day = today
        self.desk.refresh_all()
        return True
