"""Words on the power × interest grid that stay readable however small the grid is drawn.

The grid is a scene scaled to fit its pane; at a laptop's 1024×700 that is about half size,
and text drawn in scene units shrank with it (names 6 pixels tall). A `Caption` is drawn on
screen in the desktop's own font size, whatever the scale, anchored to a point of the scene;
a name too wide for its cell at that size is shortened (its marker's tooltip has it whole).
For a picture (the exported PNG) it is drawn at its size in scene units, as the grid is.
A caption given a `backdrop` is drawn on the colour behind it, so that a line passing under a
name (a counterpart line, say) does not run through its letters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsItem, QStyleOptionGraphicsItem


def screen_pixels(share: float = 1.0) -> float:
    """The desktop font's size in pixels, times `share`."""
    return QFontInfo(QApplication.font()).pixelSize() * share


def _shift(align: Qt.AlignmentFlag, centre: Qt.AlignmentFlag, far: Qt.AlignmentFlag) -> float:
    """How much of the text's size lies before the anchor: none, half or all of it."""
    if align & centre:
        return -0.5
    return -1.0 if align & far else 0.0


class Caption(QGraphicsItem):
    """Text anchored at its position: `align` says which side of the text touches the anchor
    (e.g. AlignHCenter | AlignTop: centred under it); `lines` moves it down that many of its
    own lines (to stack words under a chart whatever their size)."""

    def __init__(
        self,
        text: str,
        size: float,
        colour: QColor,
        align: Qt.AlignmentFlag,
        *,
        bold: bool = False,
        lines: float = 0.0,
        share: float = 1.0,
        width: float | None = None,
        shorten: Callable[[str, QFontMetricsF, float], str] | None = None,
        backdrop: Callable[[QPointF], QColor] | None = None,
        parent: QGraphicsItem | None = None,
    ) -> None:
        super().__init__(parent)
        self.full, self.size, self.colour, self.align = text, size, colour, align
        self.bold, self.lines, self.share = bold, lines, share
        self.width, self.shorten = width, shorten  # width in scene units, when limited
        self.text = text
        self.backdrop = backdrop  # the colour behind a point of the scene (its item's place)
        self.font = QFont()
        self._box = QRectF()
        self.fit(None)

    def fit(self, scale: float | None) -> None:
        """Sized for the screen at `scale` (pixels per scene unit), or in scene units (None):
        the larger of the grid's own size and the desktop's font."""
        self.prepareGeometryChange()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, scale is not None)
        pixels = self.size if scale is None else max(self.size * scale, screen_pixels(self.share))
        self.font = QFont(QApplication.font())
        self.font.setPixelSize(max(1, round(pixels)))
        self.font.setBold(self.bold)
        metrics = QFontMetricsF(self.font)
        self.text = self.full
        if self.width is not None and self.shorten is not None:
            self.text = self.shorten(self.full, metrics, self.width * (scale or 1.0))
        width, height = metrics.horizontalAdvance(self.text) + 2, metrics.height()
        x = _shift(self.align, Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight) * width
        y = _shift(self.align, Qt.AlignmentFlag.AlignVCenter, Qt.AlignmentFlag.AlignBottom) * height
        self._box = QRectF(x, y + self.lines * height, width, height)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._box

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget=None) -> None:
        if self.backdrop is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.backdrop((self.parentItem() or self).scenePos()))
            painter.drawRoundedRect(self._text_box(), 2, 2)
        painter.setFont(self.font)
        painter.setPen(self.colour)
        painter.drawText(self._box, Qt.AlignmentFlag.AlignCenter, self.text)

    def _text_box(self) -> QRectF:
        """Where the letters are: the caption's width, its line's ascent and descent."""
        metrics = QFontMetricsF(self.font)
        height = metrics.ascent() + metrics.descent()
        return QRectF(
            self._box.left(),
            self._box.center().y() - height / 2,
            self._box.width(),
            height,
        )
