"""The look: Fusion with a light, quiet palette, and the icons under `resources/icons/`."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from alliance_desk.core.bundle import resource_path

ACCENT = "#2f6f8f"
ACCENT_DARK = "#235670"
TEXT = "#1f2a33"
MUTED = "#5c6b77"
ERROR = "#b3261e"
SURFACE = "#f6f8fa"
BORDER = "#d5dde3"
OVERDUE = "#a8551a"  # calm amber-brown: unmistakable without shouting

TIER_COLOURS = {1: "#2f6f8f", 2: "#6b8f3a", 3: "#8a8f96"}
SIDE_COLOURS = {"internal": "#2f6f8f", "partner": "#c0772b"}

STYLESHEET = f"""
QMainWindow, QDialog {{ background: white; }}
QLabel#heading {{ font-size: 20px; font-weight: 600; color: {TEXT}; }}
QLabel#subheading {{ font-size: 14px; font-weight: 600; color: {TEXT}; margin-top: 8px; }}
QLabel#body, QLabel#muted {{ color: {MUTED}; }}
QLabel#fieldError {{ color: {ERROR}; font-size: 11px; }}
QLabel#badge {{ border-radius: 9px; padding: 1px 8px; color: white; font-weight: 600; }}
QListWidget#navigation {{
    background: {SURFACE}; border: none; border-right: 1px solid {BORDER};
    font-size: 13px; padding-top: 8px; outline: 0;
}}
QListWidget#navigation::item {{ padding: 8px 10px; margin: 1px 6px; border-radius: 6px; }}
QListWidget#navigation::item:selected {{ background: {ACCENT}; color: white; }}
QListWidget#navigation::item:hover:!selected {{ background: #e6edf2; }}
QPushButton#primary {{
    background: {ACCENT}; color: white; border: none; border-radius: 6px; padding: 6px 16px;
    font-weight: 600;
}}
QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
QPushButton#secondary {{
    background: white; color: {ACCENT}; border: 1px solid {ACCENT}; border-radius: 6px;
    padding: 6px 16px;
}}
QPushButton#primary:disabled {{ background: #a9bfcb; color: #eef3f6; }}
QPushButton#secondary:disabled {{ color: #9aa9b4; border-color: {BORDER}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 1px solid {ERROR}; }}
QFrame#card {{ background: white; border: 1px solid {BORDER}; border-radius: 8px; }}
QTableView {{ gridline-color: #eef1f4; selection-background-color: #d7e6ee;
    selection-color: {TEXT}; }}
QHeaderView::section {{ background: {SURFACE}; border: none; border-bottom: 1px solid {BORDER};
    padding: 4px 6px; font-weight: 600; color: {TEXT}; }}
QToolBar {{ border-bottom: 1px solid {BORDER}; spacing: 6px; padding: 4px; }}
"""


FALLBACK_FONTS = ("DejaVuSans.ttf", "wqy-microhei.ttc")


def register_fonts(app: QApplication) -> list[str]:
    """Load the bundled fonts and use them as fallbacks after the desktop's own font, so names
    in Greek, Cyrillic, Chinese, Japanese or Korean show on machines without those fonts."""
    families: list[str] = []
    for name in FALLBACK_FONTS:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    font = app.font()
    font.setFamilies([font.family(), *(f for f in families if f != font.family())])
    app.setFont(font)
    return families


def apply_theme(app: QApplication) -> None:
    from alliance_desk.ui import wheel_guard

    wheel_guard.install(app)
    if app.styleSheet() == STYLESHEET:
        return  # setting it again re-polishes every widget alive: half a second for nothing
    register_fonts(app)
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("white"))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons/NAME.svg (an empty icon if the file is missing)."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
