"""This week's habits beside Today's list: each habit's whole name (wrapped in a narrow side
column, never cut to its first word: "Gain 0/1" said nothing) and its check-ins against the
target, the counts in a column of their own so the list reads at a glance."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from alliance_desk.core.habits import HabitSummary


class HabitWeek(QWidget):
    """One line a habit (two, where its name needs them): name, then count/target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("This week's habits"))
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(0, 1)
        self.names: list[QLabel] = []
        self.counts: list[QLabel] = []
        self.none = self._label(self.tr("No habit has a target this week."))
        self.none.setWordWrap(True)
        self.none.hide()
        self.week: Sequence[HabitSummary] | None = None  # what the lines show

    def _label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("body")
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def set_week(self, week: Sequence[HabitSummary]) -> None:
        if self.week is not None and list(week) == list(self.week):
            return  # the same lines: not made again (Today is shown again after every edit)
        self.week = list(week)
        for label in (*self.names, *self.counts, self.none):
            self.grid.removeWidget(label)
            if label is not self.none:
                label.deleteLater()
        self.names, self.counts = [], []
        self.none.setVisible(not week)
        if not week:
            self.grid.addWidget(self.none, 0, 0, 1, 2)
            return
        for row, summary in enumerate(week):
            name = self._label(summary.habit.name)
            name.setWordWrap(True)
            count = self._label(
                self.tr("{count}/{target}").format(count=summary.count, target=summary.habit.target)
            )
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            tip = self.tr("{name}: {count} of {target} check-ins this week").format(
                name=summary.habit.name, count=summary.count, target=summary.habit.target
            )
            for label in (name, count):
                label.setToolTip(tip)
                label.setAccessibleName(tip)
            self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(count, row, 1, Qt.AlignmentFlag.AlignTop)
            self.names.append(name)
            self.counts.append(count)
