"""The look: Fusion over the system's palette — light or dark, as the desktop is — with the
app's accent, a stylesheet whose colours and sizes come from that palette and the user's font,
and the icons under `resources/icons/`.

`ALLIANCE_DESK_THEME=dark` (or `light`) overrides what the desktop says, e.g. on a desktop
that does not tell Qt its colour scheme.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from alliance_desk.core.bundle import resource_path

ACCENT = "#2f6f8f"
ERROR = "#b3261e"
OVERDUE = "#a8551a"  # calm amber-brown: unmistakable without shouting
DARK_ACCENT = "#4f97b8"  # the accent as text or a line on the dark background
DARK_FILL = "#2f7397"  # the accent as a fill under white text on dark: 5.2:1
DARK_OVERDUE = "#e3955a"
DARK_ERROR = "#f2857c"
ON_TARGET = "#2e7031"  # a KPI met: green at 5.9:1 on white, lightened on dark (readable)

TIER_COLOURS = {1: "#2f6f8f", 2: "#557a2b", 3: "#6c7178"}  # 4.5:1 on white (WCAG AA)
SIDE_COLOURS = {"internal": "#2f6f8f", "partner": "#a5621f"}

THEME_VARIABLE = "ALLIANCE_DESK_THEME"
APPEARANCE = "appearance/theme"  # this computer's choice: "light", "dark", or the desktop's


def mixed(first: QColor, second: QColor, share: float) -> QColor:
    """`share` of `first` with the rest of `second`."""
    return QColor.fromRgbF(
        first.redF() * share + second.redF() * (1 - share),
        first.greenF() * share + second.greenF() * (1 - share),
        first.blueF() * share + second.blueF() * (1 - share),
    )


def muted_colour(palette: QPalette) -> QColor:
    """Secondary text: the text colour, part of the way to the background, so it reads on a
    light and on a dark palette alike."""
    return mixed(
        palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.68
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


_ON_DARK = {ACCENT: DARK_ACCENT, OVERDUE: DARK_OVERDUE, ERROR: DARK_ERROR}


@cache
def _readable(colour: str, dark: bool) -> QColor:
    chosen = QColor(colour)
    if not dark:
        return chosen
    if chosen.name() in _ON_DARK:
        return QColor(_ON_DARK[chosen.name()])
    return chosen.lighter(160) if chosen.lightness() < 140 else chosen


def readable(colour: str, palette: QPalette | None = None) -> QColor:
    """`colour` for text on the palette's background: on a dark one, the dark theme's own
    accent, amber and red, and any other dark colour lightened, so it stays legible."""
    return _readable(colour, is_dark(palette or QApplication.palette()))


@dataclass(frozen=True, slots=True)
class Colours:
    """The colours drawings use (charts, the grid, the heat maps), from the palette."""

    text: QColor
    muted: QColor
    base: QColor  # the background of lists and drawings
    line: QColor  # faint rules
    faint: QColor  # an empty cell
    accent: QColor
    overdue: QColor
    on_accent: QColor  # text on an accent or a filled bar


def colours(palette: QPalette | None = None) -> Colours:
    palette = palette or QApplication.palette()
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    dark = is_dark(palette)
    return Colours(
        text=text,
        muted=muted_colour(palette),
        base=base,
        line=mixed(text, base, 0.12),
        faint=mixed(text, base, 0.07),
        accent=QColor(DARK_ACCENT if dark else ACCENT),
        overdue=QColor(DARK_OVERDUE if dark else OVERDUE),
        on_accent=QColor("white"),
    )


def dark_palette() -> QPalette:
    """A dark palette for Fusion, for desktops that ask for dark without giving one."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#1f2327"),
        (roles.WindowText, "#e3e7ea"),
        (roles.Base, "#171a1d"),
        (roles.AlternateBase, "#22272b"),
        (roles.Text, "#e3e7ea"),
        (roles.Button, "#2a2f34"),
        (roles.ButtonText, "#e3e7ea"),
        (roles.ToolTipBase, "#2a2f34"),
        (roles.ToolTipText, "#e3e7ea"),
        (roles.PlaceholderText, "#8a949c"),
        (roles.Highlight, DARK_ACCENT),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#7fc0de"),
        (roles.BrightText, "#ffffff"),
        (roles.Mid, "#3a4047"),
        (roles.Dark, "#101214"),
        (roles.Light, "#3b4249"),
        (roles.Midlight, "#343a40"),
        (roles.Shadow, "#000000"),
    ):
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#6b737a"))
    return palette


def wants_dark() -> bool:
    """Dark if asked for (ALLIANCE_DESK_THEME, else Preferences → Appearance), else if the
    desktop says it is dark."""
    asked = os.environ.get(THEME_VARIABLE, "").strip().lower()
    if asked not in ("dark", "light"):
        from PySide6.QtCore import QSettings

        asked = str(QSettings().value(APPEARANCE, "")).strip().lower()
    if asked in ("dark", "light"):
        return asked == "dark"
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def themed_palette(base: QPalette, dark: bool) -> QPalette:
    """The desktop's palette (or the dark one) with the app's accent for selections."""
    palette = dark_palette() if dark else QPalette(base)
    palette.setColor(QPalette.ColorRole.Highlight, QColor(DARK_FILL if dark else ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    return palette


def stylesheet(palette: QPalette, font: QFont) -> str:
    """The app's stylesheet: every colour from `palette`, every size relative to `font`."""
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    c = colours(palette)
    text, muted = c.text.name(), c.muted.name()
    window = palette.color(QPalette.ColorRole.Window)
    base = c.base.name()
    surface = mixed(palette.color(QPalette.ColorRole.Text), window, 0.04).name()
    border = mixed(palette.color(QPalette.ColorRole.Text), window, 0.18).name()
    hover = mixed(c.accent, window, 0.14).name()
    dark = is_dark(palette)
    accent = c.accent.name()
    fill = DARK_FILL if dark else accent  # under white text: 4.5:1 or better on both
    fill_dark = QColor(fill).darker(125).name()
    disabled = mixed(palette.color(QPalette.ColorRole.Text), window, 0.14).name()
    faded = mixed(palette.color(QPalette.ColorRole.Text), window, 0.42).name()  # reads "off"
    error = DARK_ERROR if dark else ERROR
    # Fusion on Linux points the arrow down for a column sorted ascending: drawn here as most
    # desktops draw it, up for ascending (A to Z, oldest first) and down for descending.
    shade = ("light", "dark")[dark]  # which arrows: drawn in each palette's muted grey
    ascending = resource_path("icons", f"sort-ascending-{shade}.svg").as_posix()
    descending = resource_path("icons", f"sort-descending-{shade}.svg").as_posix()
    return (
        f"""
QLabel#heading {{ font-size: {size * 1.6:.1f}pt; font-weight: 600; color: {text}; }}
QLabel#subheading {{ font-size: {size * 1.15:.1f}pt; font-weight: 600; color: {text};
    margin-top: 6px; }}
QLabel#body, QLabel#muted {{ color: {muted}; }}
QLabel#fieldError {{ color: {error}; }}
QLabel#problem {{ color: {error}; }}
QLabel#cardNumber {{ font-size: {size * 1.9:.1f}pt; font-weight: 600; color: {text}; }}
QLabel#cardNumber[alert="true"] {{ color: {c.overdue.name()}; }}
QPushButton#card {{ background: {base}; border: 1px solid {border}; border-radius: 8px;
    text-align: left; padding: 0; }}
QPushButton#card:hover {{ border-color: {accent}; }}
QPushButton#card:checked {{ background: {hover}; border: 2px solid {accent}; }}
QPushButton#card:focus {{ border: 2px solid {accent}; }}
QListWidget#navigation {{
    background: {surface}; border: none; border-right: 1px solid {border};
    padding-top: 8px; outline: 0;
}}
QListWidget#navigation::item {{ padding: 8px 10px; margin: 1px 6px; border-radius: 6px;
    color: {text}; }}
QListWidget#navigation::item:selected {{ background: {fill}; color: white; }}
QListWidget#navigation::item:hover:!selected {{ background: {hover}; }}
QPushButton#primary {{
    background: {fill}; color: white; border: none; border-radius: 6px; padding: 6px 14px;
    font-weight: 600;
}}
QPushButton#primary:hover {{ background: {fill_dark}; }}
QPushButton#primary:focus {{ border: 2px solid {text}; }}
QPushButton#secondary {{
    background: {base}; color: {accent}; border: 1px solid {accent}; border-radius: 6px;
    padding: 6px 14px;
}}
QPushButton#secondary:focus {{ border: 2px solid {accent}; }}
QPushButton#primary:disabled {{ background: {disabled}; color: {muted}; }}
QPushButton#secondary:disabled {{ color: {faded}; border-color: {border};
    background: {window.name()}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 1px solid {error}; }}
QFrame#card {{ background: {base}; border: 1px solid {border}; border-radius: 8px; }}
QTableView {{ gridline-color: {c.line.name()}; }}
QHeaderView::section {{ background: {surface}; border: none; border-bottom: 1px solid {border};
    padding: 4px 6px; font-weight: 600; color: {text}; }}
QToolBar {{ border-bottom: 1px solid {border}; spacing: 6px; padding: 4px; }}
QListWidget#chooser::item {{ padding: 5px 8px; }}
QListWidget#entries::item {{ padding: 6px 8px; border-bottom: 1px solid {border}; }}
QHeaderView::up-arrow {{ image: url({ascending}); }}
QHeaderView::down-arrow {{ image: url({descending}); }}
"""
        + scroll_bars(palette, accent)
        + (_dark_controls(palette, size, fill) if dark else "")
    )


def scroll_bars(palette: QPalette, accent: str) -> str:
    """Flat scroll bars: a rounded handle on a faint track, no arrows, as most desktops draw
    them now. Fusion's own, drawn through the stylesheet, took 1.3–2.4 ms to paint a table's
    bar (gradients, arrows, grip) — every time a section with a long list was shown or
    scrolled; these take a few hundredths of that. The handle stands out from the window at
    3:1 or better (as WCAG asks of a control) on either palette, darker under the pointer."""
    text, window = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Window)
    track = mixed(text, window, 0.05).name()
    handle = mixed(text, window, 0.5).name()
    hover = mixed(text, window, 0.65).name()
    sides = (("vertical", "height", "width"), ("horizontal", "width", "height"))
    return (
        "".join(
            f"""
QScrollBar:{side} {{ background: {track}; {extent}: {SCROLL_BAR}px; margin: 0; border: none; }}
QScrollBar::handle:{side} {{ background: {handle}; border-radius: 4px; min-{length}: 32px;
    margin: 3px; }}
QScrollBar::handle:{side}:hover {{ background: {hover}; }}
QScrollBar::handle:{side}:pressed {{ background: {accent}; }}
QScrollBar::add-line:{side}, QScrollBar::sub-line:{side} {{ {length}: 0; border: none;
    background: none; }}
QScrollBar::add-page:{side}, QScrollBar::sub-page:{side} {{ background: none; }}"""
            for side, length, extent in sides
        )
        + "\n"
    )


SCROLL_BAR = 14  # px across: Fusion's own extent, so no layout changes width


def _dark_controls(palette: QPalette, size: float, fill: str) -> str:
    """Fusion outlines text fields, number boxes and check boxes in a shade of the window
    colour, which on a dark palette is all but black on black: there they get a visible edge
    (3:1 against the window), lists a fainter one, and a check box a filled, ticked box when
    checked. A number box styled here draws its own step buttons: the sort arrows'
    triangles, in the muted grey."""
    window = palette.color(QPalette.ColorRole.Window)
    edge = mixed(palette.color(QPalette.ColorRole.Text), window, 0.42).name()
    faint = mixed(palette.color(QPalette.ColorRole.Text), window, 0.2).name()
    base = palette.color(QPalette.ColorRole.Base).name()
    tick = resource_path("icons", "check-mark.svg").as_posix()
    up = resource_path("icons", "sort-ascending-dark.svg").as_posix()
    down = resource_path("icons", "sort-descending-dark.svg").as_posix()
    # at a limit the arrow is dimmed, as Fusion greys it, not taken away (a box then looked
    # as if it had lost a button)
    up_off = resource_path("icons", "step-up-off-dark.svg").as_posix()
    down_off = resource_path("icons", "step-down-off-dark.svg").as_posix()
    part = resource_path("icons", "part-mark.svg").as_posix()
    box = round(size * 4 / 3)  # the font's size in pixels at 96 dpi, as Fusion's box is
    indicators = ("QCheckBox::indicator", "QAbstractItemView::indicator", "QGroupBox::indicator")
    boxes = ", ".join(indicators)
    checked = ", ".join(f"{box}:checked" for box in indicators)
    partly = ", ".join(f"{box}:indeterminate" for box in indicators)
    unusable = ", ".join(f"{box}:disabled" for box in indicators)
    return f"""
QLineEdit, QPlainTextEdit, QTextEdit {{ border: 1px solid {edge}; border-radius: 3px;
    background: {base}; }}
QLineEdit {{ padding: 2px 3px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border-color: {DARK_ACCENT}; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled {{ border-color: {faint}; }}
QListView {{ border: 1px solid {faint}; }}
QAbstractSpinBox {{ border: 1px solid {edge}; border-radius: 3px; background: {base};
    padding: 0 18px 0 5px; }}
QAbstractSpinBox QLineEdit {{ border: none; padding: 0; background: transparent; }}
QAbstractSpinBox:focus {{ border-color: {DARK_ACCENT}; }}
QAbstractSpinBox:disabled {{ border-color: {faint}; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: padding;
    width: 16px; border-left: 1px solid {faint}; background: {base}; }}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-arrow {{ image: url({up}); width: 8px; height: 8px; }}
QAbstractSpinBox::down-arrow {{ image: url({down}); width: 8px; height: 8px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{ image: url({up_off}); }}
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{
    image: url({down_off}); }}
{boxes} {{ width: {box}px; height: {box}px; border: 1px solid {edge};
    border-radius: 3px; background: {base}; }}
{checked} {{ background: {fill}; border-color: {fill}; image: url({tick}); }}
{partly} {{ background: {fill}; border-color: {fill}; image: url({part}); }}
{unusable} {{ border-color: {faint}; }}
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


_applied: tuple[str, str] | None = None  # (stylesheet, style) last applied


def apply_theme(app: QApplication, *, dark: bool | None = None) -> None:
    """Fusion, the system's palette (dark when the desktop or ALLIANCE_DESK_THEME asks), and
    the stylesheet made from them. Applied again when the desktop's colour scheme changes."""
    global _applied
    from alliance_desk.ui import app_events, window_sheet

    app_events.install(app)
    if _applied is None:
        register_fonts(app)
        app.setStyle("Fusion")
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
        _system[0] = QPalette(app.palette())
    dark = wants_dark() if dark is None else dark
    palette = themed_palette(_system[0], dark)
    sheet = stylesheet(palette, app.font())
    if _applied == (sheet, palette.color(QPalette.ColorRole.Window).name()):
        return  # setting it again re-polishes every widget alive: half a second for nothing
    app.setPalette(palette)
    window_sheet.use(app, sheet)  # on each window, not the application: see window_sheet
    _applied = (sheet, palette.color(QPalette.ColorRole.Window).name())


_system: list[QPalette] = [QPalette()]  # the desktop's own palette, as found at start


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons/NAME.svg (an empty icon if the file is missing); SVG, so
    it is drawn sharp at any scale."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
