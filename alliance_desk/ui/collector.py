"""Python's cycle collector, run only on the window's thread.

Left automatic, the collector runs in whichever thread happens to allocate when a threshold is
crossed — a pack laid out on another core, the start-up backup — and may then free Qt objects
that belong to the window's thread, which Qt does not survive (an occasional crash, never at
the same place). As Anki, GitFourchette and others do, automatic collection is turned off once
the window is up and a timer on the window's thread collects instead, generation by generation
as the counts pass the same thresholds Python would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000  # how often the counts are looked at (collecting is ≈ 1 ms when little is due)
_installed: list[MainThreadCollector] = []  # held here: Qt owns it, Python must not free it


class MainThreadCollector(QObject):
    """Turns automatic collection off while it lives and collects on its own thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        # Gone with its parent (the application): Python collects by itself again.
        self.destroyed.connect(lambda *_: gc.enable())

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()

    def collect_due(self) -> int:
        """Collect the generations whose counts have passed their thresholds (the youngest
        first, as Python would); the number of objects found unreachable."""
        counts, due = gc.get_count(), -1
        for generation in range(3):
            if counts[generation] <= self.thresholds[generation]:
                break
            due = generation  # collecting a generation collects the younger ones too
        return gc.collect(due) if due >= 0 else 0


def install(app: QObject) -> MainThreadCollector:
    """From now on, cycles are collected on `app`'s thread only, for as long as it lives."""
    collector = MainThreadCollector(app)
    _installed.append(collector)
    collector.start()
    return collector
