"""Line icons for the sections, drawn in the palette's colours: the muted text colour on the
sidebar, white on the selection's accent fill. Each is drawn from its SVG at the size and the
screen's pixel ratio asked for, so it is sharp on a high-DPI screen; the colours are read at
drawing time, so a switch between light and dark needs nothing rebuilt."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from alliance_desk.core.bundle import resource_path
from alliance_desk.ui.theme import mixed, muted_colour

INK = "#3d5566"  # the stroke the section icons are drawn with in their files


def ink(mode: QIcon.Mode, palette: QPalette | None = None) -> QColor:
    """The colour an icon is drawn in, for its mode: white-on-accent text when selected, a
    faded text colour when disabled, else the muted text colour (7:1 on the light sidebar,
    6:1 on the dark)."""
    palette = palette or QApplication.palette()
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    if mode == QIcon.Mode.Disabled:
        text = palette.color(QPalette.ColorRole.Text)
        return mixed(text, palette.color(QPalette.ColorRole.Window), 0.4)
    return muted_colour(palette)


@cache
def _renderer(name: str, colour: str) -> QSvgRenderer:
    svg = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    return QSvgRenderer(QByteArray(svg.replace(INK, colour).encode("utf-8")))


class _PaletteIconEngine(QIconEngine):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _renderer(self.name, ink(mode).name()).render(painter, QRectF(rect))

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(QSize(round(size.width() * scale), round(size.height() * scale)))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), pixmap.size()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return _PaletteIconEngine(self.name)

    def key(self) -> str:
        return "alliance-desk-palette"


def section_icon(name: str) -> QIcon:
    """The section's icon from resources/icons/NAME.svg, in the palette's colours (an empty
    icon if the file is missing)."""
    if not resource_path("icons", f"{name}.svg").exists():
        return QIcon()
    return QIcon(_PaletteIconEngine(name))
