"""The habits' year: each habit's last 52 weeks and the group's, darker closer to target."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from alliance_desk.core.dates import shown_month_only
from alliance_desk.ui.theme import Colours, colours


class HeatMap(QWidget):
    """Each habit's last 52 weeks, and the group's: darker means closer to the target."""

    CELL = 13
    TALLEST = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, list[float]]] = []  # label, achievement 0..1 per week
        self.weeks: list[date] = []
        self.setMinimumHeight(9 * (self.CELL + 3) + 26)
        self.setToolTip(
            self.tr("Each column a week, the latest on the right; darker: closer to target")
        )

    def set_rows(self, weeks: list[date], rows: list[tuple[str, list[float]]]) -> None:
        self.weeks, self.rows = weeks, rows
        line = self.fontMetrics().height()  # the month names and the key under the cells
        self.setMinimumHeight(len(rows) * (self.CELL + 3) + 2 * line + 20)
        self.update()

    def cell_height(self) -> int:
        """Rows grow into the page (up to TALLEST), with room under them for the month
        names and the key."""
        line = self.fontMetrics().height()
        room = (self.height() - 2 * line - 20) / max(1, len(self.rows))
        return int(min(self.TALLEST, max(self.CELL, room - 3)))

    def paintEvent(self, _event) -> None:
        """The cells share the width left after the names, so the latest weeks always show,
        however narrow the window."""
        painter = QPainter(self)
        # The names in full when a third of the width holds them (the user's font decides).
        widest = max((painter.fontMetrics().horizontalAdvance(r[0]) for r in self.rows), default=0)
        label_width = int(min(widest + 18, max(110, self.width() * 0.34)))
        line = painter.fontMetrics().height()
        height = self.cell_height()
        step = height + 3
        across = max(3.0, (self.width() - label_width - 6) / max(1, len(self.weeks)))
        cell = max(2.0, min(float(self.TALLEST), across - 2))
        c = colours()
        base = c.accent
        empty = _empty(c)
        for row, (label, values) in enumerate(self.rows):
            y = row * step + 4
            painter.setPen(c.text)
            name = painter.fontMetrics().elidedText(
                label, Qt.TextElideMode.ElideRight, label_width - 10
            )
            painter.drawText(
                QRectF(0, y - 2, label_width - 8, step),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            for column, value in enumerate(values):
                colour = QColor(empty) if value <= 0 else QColor(base)
                if value > 0:
                    colour.setAlphaF(0.25 + 0.75 * min(value, 1.0))
                painter.fillRect(QRectF(label_width + column * across, y, cell, height), colour)
        painter.setPen(c.muted)
        y = len(self.rows) * step + 6
        self._months(painter, label_width, across, y, line)
        self._key(painter, label_width, y + line + 6, line)
        painter.end()

    def _months(self, painter: QPainter, left: float, across: float, top: float, line: int):
        """Each month's name under its first week, kept inside the widget: the last one (the
        current month, under the latest weeks) was cut at the right edge ("De")."""
        metrics = painter.fontMetrics()
        for column, week in enumerate(self.weeks):
            if week.day > 7:  # not the first week of a month
                continue
            name = shown_month_only(week)
            width = metrics.horizontalAdvance(name) + 2
            x = min(left + column * across - 4, self.width() - width)
            painter.drawText(QRectF(x, top, width, line), Qt.AlignmentFlag.AlignLeft, name)

    def _key(self, painter: QPainter, left: float, top: float, line: int) -> None:
        """How to read the shades: from none to the target met."""
        c = colours()
        painter.setPen(c.muted)
        words = self.tr("None")
        width = painter.fontMetrics().horizontalAdvance(words) + 6
        painter.drawText(QRectF(left, top, width, line), Qt.AlignmentFlag.AlignLeft, words)
        x = left + width
        for share in (0.0, 0.34, 0.67, 1.0):
            colour = QColor(_empty(c)) if share == 0 else QColor(c.accent)
            if share:
                colour.setAlphaF(0.25 + 0.75 * share)
            painter.fillRect(QRectF(x, top + (line - 12) / 2, 12, 12), colour)
            x += 15
        painter.drawText(
            QRectF(x + 3, top, 300, line), Qt.AlignmentFlag.AlignLeft, self.tr("target met")
        )


def _empty(c: Colours) -> QColor:
    """A week without a check-in: drawn on the window, not on a list's white, so in the
    shade of a rule (the faint shade of an empty list cell was all but the window's own:
    the legend's "None" could not be seen)."""
    return c.line
