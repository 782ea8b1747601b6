"""Open escalations per alliance, by how long they have been open."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from alliance_desk.core.escalation_ages import AGE_BUCKETS, age_words
from alliance_desk.ui.theme import colours

BUCKET_COLOURS = ("#9cc3d5", "#5b9bb8", "#c98b3c", "#a8551a")
DARK_INK, LIGHT_INK = QColor("#14212b"), QColor("white")


def ink_on(fill: QColor) -> QColor:
    """Dark or white text, whichever reads better on `fill` (white on the light blue of a
    young escalation was 1.9:1)."""
    return DARK_INK if fill.lightnessF() > 0.45 else LIGHT_INK


class AgeChart(QWidget):
    """Open escalations per alliance as stacked bars by age: 0–7, 8–30, 31–90, 90+ days."""

    ROW = 26  # the least room for a bar; bars grow to fill the page, up to TALLEST
    TALLEST = 44

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: dict[str, dict[str, int]] = {}
        self.setMinimumHeight(120)

    def set_counts(self, counts: dict[str, dict[str, int]]) -> None:
        self.counts = dict(sorted(counts.items(), key=lambda kv: -sum(kv[1].values())))
        self.setMinimumHeight(60 + self.ROW * max(1, len(self.counts)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 60 + self.ROW * max(1, len(self.counts)))

    def label_width(self) -> int:
        """Room for the alliances' names: the longest whole, up to 40 % of the width (the
        rest shortened, whole in the tooltip of the Log)."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(name) for name in self.counts), default=0)
        return int(min(widest + 18, max(160, self.width() * 0.4)))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours()
        painter.fillRect(self.rect(), c.base)
        if not self.counts:
            painter.setPen(c.muted)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No open escalations.")
            )
            return
        rows = max(1, len(self.counts))
        row = int(min(self.TALLEST, max(self.ROW, (self.height() - 60) / rows)))
        label_width = self.label_width()
        most = max(sum(c.values()) for c in self.counts.values())
        bar_width = self.width() - label_width - 50
        y = 8
        for alliance, counts in self.counts.items():
            painter.setPen(c.text)
            metrics = painter.fontMetrics()
            name = metrics.elidedText(alliance, Qt.TextElideMode.ElideRight, label_width - 10)
            painter.drawText(
                QRectF(0, y, label_width - 8, row - 6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            x = float(label_width)
            for (_, _, label), colour in zip(AGE_BUCKETS, BUCKET_COLOURS, strict=True):
                width = bar_width * counts[label] / most
                if width:
                    painter.fillRect(QRectF(x, y + 2, width, row - 10), QColor(colour))
                    if width > 14:
                        painter.setPen(ink_on(QColor(colour)))
                        painter.drawText(
                            QRectF(x, y + 2, width, row - 10),
                            Qt.AlignmentFlag.AlignCenter,
                            str(counts[label]),
                        )
                x += width
            painter.setPen(c.muted)
            painter.drawText(
                QRectF(x + 6, y, 40, row - 6),
                Qt.AlignmentFlag.AlignVCenter,
                str(sum(counts.values())),
            )
            y += row
        x = float(label_width)
        y += 6
        for (_, _, label), colour in zip(AGE_BUCKETS, BUCKET_COLOURS, strict=True):
            painter.fillRect(QRectF(x, y + 4, 12, 12), QColor(colour))
            painter.setPen(QPen(c.text))
            painter.drawText(
                QRectF(x + 16, y, 90, 20), Qt.AlignmentFlag.AlignVCenter, age_words(label)
            )
            x += 110
        painter.end()
