"""Line icons for the sections, drawn in the palette's colours: the muted text colour on the
sidebar, white on the selection's accent fill. Each is drawn from its SVG at the size and the
screen's pixel ratio asked for, so it is sharp on a high-DPI screen; the colours are read at
drawing time, so a switch between light and dark needs nothing rebuilt."""

from __future__ import annotations

from functools import cache, lru_cache

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


@lru_cache(maxsize=256)
def _drawn(name: str, colour: str, width: int, height: int, scale: float) -> QPixmap:
    """The icon `name` in `colour`, drawn from its SVG at `scale` × the size asked for."""
    pixmap = QPixmap(QSize(round(width * scale), round(height * scale)))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _renderer(name, colour).render(painter, QRectF(QRect(QPoint(0, 0), pixmap.size())))
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return pixmap


class _PaletteIconEngine(QIconEngine):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        # The sidebar paints six icons at each change of section: each drawn from its SVG
        # took ≈ 0.1 ms; a picture of it at this size and colour is copied instead.
        device = painter.device()
        scale = device.devicePixelRatioF() if device is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return _drawn(self.name, ink(mode).name(), size.width(), size.height(), scale)

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
