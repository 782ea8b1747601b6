"""The sidebar's icons read: 3:1 or better against what is behind them (WCAG's bar for
graphics), selected on the accent fill and not, on the light and the dark palette, and sharp
on a high-DPI screen."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage

from alliance_desk.ui.icons import section_icon
from alliance_desk.ui.sections import SECTIONS
from tests.ui.test_fits import settle
from tests.ui.test_theme import contrast, themed  # noqa: F401 — a fixture


def _icon_contrast(image: QImage, rect) -> tuple[float, int]:
    """(the contrast of the icon's ink with its background, how many pixels reach 3:1) in the
    left part of `rect`, where the icon is drawn; the background is the rect's commonest colour."""
    colours = Counter(
        image.pixel(x, y)
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
    )
    background = QColor.fromRgb(colours.most_common(1)[0][0])
    ratios = [
        contrast(QColor.fromRgb(image.pixel(x, y)), background)
        for x in range(rect.left(), rect.left() + 44)
        for y in range(rect.top(), rect.bottom())
    ]
    return max(ratios), sum(ratio >= 3 for ratio in ratios)


def test_every_section_icon_reads_at_3_to_1_selected_and_not(themed, demo_window) -> None:  # noqa: F811
    """The selected section's icon was 1.3:1 on the blue; the others 2:1 on the dark sidebar."""
    navigation = demo_window.navigation
    for selected in range(navigation.count()):
        navigation.setCurrentRow(selected)
        settle()
        image = navigation.viewport().grab().toImage()
        for row in range(navigation.count()):
            rect = navigation.visualItemRect(navigation.item(row))
            ratio, strong = _icon_contrast(image, rect)
            where = f"{SECTIONS[row].key} ({'selected' if row == selected else 'not selected'})"
            assert ratio >= 3, f"{where}: its icon is {ratio:.1f}:1 on its background"
            assert strong >= 20, f"{where}: only {strong} pixels of its icon reach 3:1"


def test_icons_are_drawn_at_the_screens_pixel_ratio(qapp) -> None:
    """On a 2× screen the icon is drawn with 40 pixels for 20, not 20 blown up."""
    icon = section_icon("today")
    pixmap = icon.pixmap(QSize(20, 20), 2.0)
    assert pixmap.width() == 40 and pixmap.devicePixelRatio() == 2.0
    image = pixmap.toImage()
    ink = [(x, y) for x in range(40) for y in range(40) if QColor(image.pixelColor(x, y)).alpha()]
    assert ink, "the icon draws something"
    # A stroke 1.8/24 of the icon wide is 3 device pixels at 2×: an upscaled 1× drawing
    # would have no fully opaque pixel run that thin, a sharp one has many opaque pixels.
    opaque = sum(image.pixelColor(x, y).alpha() == 255 for x, y in ink)
    assert opaque >= 40
    selected = icon.pixmap(QSize(20, 20), 2.0, QIcon.Mode.Selected).toImage()
    assert selected.pixelColor(
        *next((x, y) for x, y in ink if image.pixelColor(x, y).alpha() == 255)
    ) == QColor("white")


def test_an_icon_is_drawn_from_its_svg_once_per_size_and_colour(demo_window) -> None:
    """Each change of section repainted six sidebar icons from their SVG (≈ 0.1 ms each); a
    picture of each is kept, drawn again only for another size, scale or colour."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from alliance_desk.ui import icons

    navigation = demo_window.navigation
    navigation.setCurrentRow(1)
    settle()
    navigation.viewport().grab()
    drawn = icons._drawn.cache_info().misses
    for row in (2, 1, 2):
        navigation.setCurrentRow(row)
        settle()
        navigation.viewport().grab()
    assert icons._drawn.cache_info().misses == drawn  # the same icons, copied
    app = QApplication.instance()
    previous = app.palette()
    other = QPalette(previous)
    other.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffee00"))
    app.setPalette(other)
    try:
        navigation.viewport().grab()
        assert icons._drawn.cache_info().misses > drawn  # the selected one, in its new ink
    finally:
        app.setPalette(previous)
