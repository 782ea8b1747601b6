"""Meeting mode's timer: time spent on each agenda item against the minutes it was planned
for, started and paused with Ctrl+T, shown in red once an item runs over."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from alliance_desk.ui.theme import OVERDUE


def clock(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ItemTimer(QLabel):
    """ "03:20 of 10:00 — running": the item shown (`show_item`) and its time so far. Each
    item keeps its own time; moving to another pauses nothing (the meeting goes on)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subheading")
        self.setAccessibleName(self.tr("Item timer"))
        self.elapsed: dict[int, int] = {}  # agenda position -> seconds spent
        self.running = False
        self.index: int | None = None  # the agenda position shown; None: no item
        self.planned = 0  # its planned seconds
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)

    def show_item(self, index: int | None, minutes: int = 0) -> None:
        """Time item `index` (planned for `minutes`); None: no item, nothing shown."""
        self.index, self.planned = index, minutes * 60
        self._show()

    def toggle(self) -> None:
        self.running = not self.running
        if self.running:
            self.ticker.start()
        else:
            self.ticker.stop()
        self._show()

    def tick(self, seconds: int = 1) -> None:
        if self.running and self.index is not None:
            self.elapsed[self.index] = self.elapsed.get(self.index, 0) + seconds
            self._show()

    def stop(self) -> None:
        self.ticker.stop()

    def _show(self) -> None:
        if self.index is None:
            self.setText("")
            return
        spent = self.elapsed.get(self.index, 0)
        over = spent > self.planned
        state = self.tr("running") if self.running else self.tr("paused (Ctrl+T)")
        text = self.tr("{spent} of {planned} — {state}").format(
            spent=clock(spent), planned=clock(self.planned), state=state
        )
        if over:
            text += self.tr(" — {over} over").format(over=clock(spent - self.planned))
        self.setText(text)
        self.setStyleSheet(f"color: {OVERDUE}; font-weight: bold" if over else "")
