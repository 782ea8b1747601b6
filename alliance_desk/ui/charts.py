"""Small charts drawn with QPainter that more than one section uses."""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from alliance_desk.core.dates import shown_month
from alliance_desk.ui.kept_picture import KeptPicture
from alliance_desk.ui.theme import colours


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round values from at or below `low` to at or above `high`, a 1, 2, 2.5 or 5 times a
    power of ten apart, at most `most` of them: 0, 5, 10, 15 rather than 4.3, 8.5, 12.7."""
    if high <= low:
        high = low + 1
    for count in range(most - 1, 0, -1):
        raw = (high - low) / count
        power = 10 ** math.floor(math.log10(raw))
        for factor in (1, 2, 2.5, 5, 10):
            step = factor * power
            first = math.floor(low / step + 1e-9) * step
            last = math.ceil(high / step - 1e-9) * step
            if round((last - first) / step) + 1 <= most:
                return [first + i * step for i in range(round((last - first) / step) + 1)]
    return [low, high]


def tick_text(value: float) -> str:
    """A tick's number as written: 2.5, 10, 4,000 (no float noise such as 0.30000000000000004)."""
    value = round(value, 6)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.6g}"


class TrendLine(QWidget):
    """A score over time (the overall health score, a habit's strength)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        lowest: float = 1,
        highest: float = 5,
        empty: str = "The trend appears after a second check.",
    ) -> None:
        super().__init__(parent)
        self.points: list[tuple[date, float]] = []
        self.lowest, self.highest, self.empty = lowest, highest, empty
        self.ticks: list[float] = []  # round values up the side; none: lowest, middle, highest
        self.target: float | None = None  # drawn as a dashed line, labelled `target_text`
        self.target_text = ""
        self.kept = KeptPicture()  # drawn again only when what it shows changes
        self.setMinimumHeight(140)

    def set_scale(
        self, values: list[float], target: float | None = None, target_text: str = ""
    ) -> None:
        """Round ticks around `values` and the target, which is drawn as a labelled dashed
        line."""
        known = [*values, *([target] if target is not None else [])] or [0.0]
        self.ticks = nice_ticks(min(known), max(known))
        self.lowest, self.highest = self.ticks[0], self.ticks[-1]
        self.target, self.target_text = target, target_text

    def set_points(self, points) -> None:
        self.points = list(points)
        self.update()

    def scale_labels(self) -> list[tuple[QRectF, str]]:
        """The lowest, middle and highest values up the left side, each wide enough for its
        text (a KPI's "12.7" or "4,300" is not cut at the window's edge)."""
        metrics = QFontMetricsF(self.font())
        low, high = self.lowest, self.highest
        values = self.ticks or [low, (low + high) / 2, high]
        texts = [tick_text(value) if self.ticks else f"{value:g}" for value in values]
        room = max(24.0, *(metrics.horizontalAdvance(text) for text in texts)) + 2
        top = self._top()
        height = self.height() - top - self._bottom()
        line = metrics.height()
        return [
            (QRectF(0, top + height * (high - value) / (high - low) - line / 2, room, line), text)
            for value, text in zip(values, texts, strict=True)
        ]

    def _top(self) -> float:
        """Where the plot starts: below a strip for the target's label, when there is one."""
        if self.target is None:
            return 10
        return QFontMetricsF(self.font()).height() + 8

    def _bottom(self) -> float:
        """Room under the plot for the months, clear of the lowest value's number."""
        return 1.5 * QFontMetricsF(self.font()).height() + 4

    def target_line(self) -> tuple[float, QRectF] | None:
        """Where the target's dashed line runs (its y) and where its label is written: in a
        strip of its own above the plot, at the right, after a dash of the same line — clear
        of the line and of the values, wherever they run (on the line it was crossed by the
        values near the target)."""
        if self.target is None:
            return None
        metrics = QFontMetricsF(self.font())
        top = self._top()
        height = self.height() - top - self._bottom()
        y = top + height * (self.highest - self.target) / (self.highest - self.lowest)
        width = metrics.horizontalAdvance(self.target_text) + 6
        return y, QRectF(self.width() - 12 - width, 2, width, metrics.height())

    def _plot(self, labels: list[tuple[QRectF, str]] | None = None) -> QRectF:
        """Where the values are drawn: right of the scale (`labels`, if worked out already),
        above the months."""
        left = max(rect.right() for rect, _text in labels or self.scale_labels()) + 6
        top = self._top()
        return QRectF(left, top, self.width() - left - 12, self.height() - top - self._bottom())

    def spots(self, plot: QRectF | None = None) -> list[QPointF]:
        """Where each value is drawn, first to last (the line runs through them); `plot`:
        `_plot()`, if worked out already."""
        if len(self.points) < 2:
            return []
        plot = plot or self._plot()
        low, high = self.lowest, self.highest
        first, last = self.points[0][0], self.points[-1][0]
        span = max((last - first).days, 1)
        return [
            QPointF(
                plot.left() + plot.width() * (day - first).days / span,
                plot.top() + plot.height() * (high - score) / (high - low),
            )
            for day, score in self.points
        ]

    def month_labels(
        self, plot: QRectF | None = None, spots: list[QPointF] | None = None
    ) -> list[tuple[QRectF, str]]:
        """The months under the values, left to right: the first and the last, then as many
        between as have room — none written over another, none past the chart's edge.
        `plot`, `spots`: as `_plot()` and `spots()` give them, if worked out already."""
        plot = plot or self._plot()
        spots = self.spots(plot) if spots is None else spots
        if not spots:
            return []
        metrics = QFontMetricsF(self.font())
        many = len(spots) > 12 or plot.width() / len(spots) < 84
        order = [0, len(spots) - 1]
        order += [len(spots) // 2] if many else list(range(1, len(spots) - 1))
        kept: list[tuple[QRectF, str]] = []
        for index in order:
            text = shown_month(self.points[index][0])
            width = metrics.horizontalAdvance(text) + 4
            x = min(max(spots[index].x() - width / 2, 0), self.width() - width)
            below = plot.bottom() + metrics.height() / 2 + 2  # under the lowest number
            rect = QRectF(x, below, width, metrics.height())
            room = rect.adjusted(-8, 0, 8, 0)
            if all(text != seen and not room.intersects(other) for other, seen in kept):
                kept.append((rect, text))
        return sorted(kept, key=lambda pair: pair[0].left())

    def paintEvent(self, _event) -> None:
        # Kept as a picture: a habit's line was drawn afresh at each showing (≈ 0.6 ms of
        # Habits' 13 after an edit) though it changes only with the habit or the week.
        shows = (
            tuple(self.points), self.lowest, self.highest, tuple(self.ticks), self.target,
            self.target_text, self.empty,
        )  # fmt: skip
        self.kept.paint(self, shows, self._draw)

    def _draw(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours()
        labels = self.scale_labels()  # worked out once a paint: the plot and spots need them
        plot = self._plot(labels)
        left, width = plot.left(), plot.width()
        painter.setPen(c.muted)
        for rect, text in labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight, text)
            y = rect.center().y()
            painter.setPen(QPen(c.line, 1))
            painter.drawLine(QPointF(left, y), QPointF(left + width, y))
            painter.setPen(c.muted)
        target = self.target_line()
        if target is not None:
            y, box = target
            dashed = QPen(c.overdue, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(dashed)
            painter.drawLine(QPointF(left, y), QPointF(left + width, y))
            middle = box.center().y()
            painter.drawLine(QPointF(box.left() - 22, middle), QPointF(box.left() - 2, middle))
            painter.setPen(c.overdue)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight, self.target_text)
            painter.setPen(c.muted)
        if len(self.points) < 2:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty)
            return
        spots = self.spots(plot)
        line = QPolygonF(spots)
        painter.setPen(QPen(c.accent, 2))
        painter.drawPolyline(line)
        if len(self.points) <= 12 and width / len(self.points) >= 84:  # room for every dot
            painter.setBrush(c.accent)
            for spot in spots:
                painter.drawEllipse(spot, 3.5, 3.5)
        painter.setPen(c.text)
        for rect, text in self.month_labels(plot, spots):
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
