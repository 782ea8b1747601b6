"""The dark palette: coloured text in every table stays legible on the dark background."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QTableView

from alliance_desk.store import portfolio
from alliance_desk.ui.sections import SECTIONS


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def themed(qapp, request, monkeypatch):
    """The light or the dark palette, as the desktop would ask for it."""
    from alliance_desk.ui.theme import THEME_VARIABLE, apply_theme

    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # restyle only this test's window
    monkeypatch.setenv(THEME_VARIABLE, "dark" if request.param else "light")
    apply_theme(qapp)
    yield request.param
    monkeypatch.delenv(THEME_VARIABLE)
    apply_theme(qapp)


def test_coloured_cells_are_legible(themed, make_window) -> None:
    """Overdue, tier, side and on-target colours read at 4.5:1 or better (WCAG AA)."""
    window, _error = make_window(demo=True)
    window.desk.select_alliance(portfolio.list_alliances(window.desk.store)[0].id)
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    assert (base.lightness() < 128) == themed
    coloured = []
    for section in SECTIONS:
        window.show_section(section.key)
        for table in window.view(section.key).findChildren(QTableView):
            model = table.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    colour = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
                    if colour is not None:
                        coloured.append((contrast(colour, base), colour.name(), section.key))
    assert len({name for _ratio, name, _where in coloured}) >= 3, "the demo colours cells"
    faint = {(name, where, round(ratio, 1)) for ratio, name, where in coloured if ratio < 4.5}
    assert faint == set()


def _shown(qtbot, *widgets):
    """`widgets` laid out in a window of their own, shown (drawn as the theme draws them);
    the window, for the caller to keep while it looks at them."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    holder = QWidget()
    layout = QVBoxLayout(holder)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    return holder


def _edge_contrast(widget, background: QColor, columns: int) -> float:
    """The strongest contrast against `background` among the pixels of the widget's left
    `columns` pixels: what outlines it (a box's or a field's edge) as drawn."""
    image = widget.grab().toImage()
    return max(
        contrast(image.pixelColor(x, y), background)
        for x in range(min(columns, image.width()))
        for y in range(image.height())
    )


def test_selections_and_filled_buttons_carry_white_text_at_4_5_to_1(themed) -> None:
    from alliance_desk.ui.theme import DARK_FILL

    palette = QApplication.palette()
    highlight = palette.color(QPalette.ColorRole.Highlight)
    assert contrast(highlight, palette.color(QPalette.ColorRole.HighlightedText)) >= 4.5
    assert contrast(QColor(DARK_FILL), QColor("white")) >= 4.5
    from alliance_desk.ui import window_sheet

    assert f"background: {highlight.name()}; color: white" in window_sheet.sheet()  # selected


def test_check_boxes_and_text_fields_show_their_edges_on_either_palette(themed, qtbot) -> None:
    """Fusion outlines them in a shade of the window colour: black on black in the dark
    palette. An unchecked box and an empty field must stand out (3:1, as WCAG asks of a
    control's edge), or the user cannot see there is something to tick or type in."""
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    box, field = QCheckBox("Only stalled"), QLineEdit()
    _holder = _shown(qtbot, box, field)
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    assert _edge_contrast(box, window, 24) >= 3.0
    assert _edge_contrast(field, window, 4) >= (3.0 if themed else 1.2)
    box.setChecked(True)
    assert _edge_contrast(box, window, 24) >= 3.0


def test_number_boxes_show_their_edges_and_step_arrows_on_either_palette(themed, qtbot) -> None:
    """A number box (Likelihood, Criticality, a habit's target, every number in Preferences)
    had no visible edge in the dark palette where the text fields beside it had one; styled,
    its step buttons must stay inside its edge and keep their arrows."""
    from PySide6.QtWidgets import QSpinBox

    number = QSpinBox()
    number.setRange(1, 5)
    number.setValue(3)
    _holder = _shown(qtbot, number)
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    image = number.grab().toImage()
    width, height = image.width(), image.height()

    def strongest(xs) -> float:
        return max(contrast(image.pixelColor(x, y), window) for x in xs for y in range(height))

    least = 3.0 if themed else 1.2
    assert strongest(range(4)) >= least  # the left edge
    assert strongest(range(width - 3, width)) >= least  # the right edge, around the buttons
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    arrows = [
        contrast(image.pixelColor(x, y), base)
        for x in range(width - 16, width - 3)
        for y in range(2, height - 2)
    ]
    assert max(arrows) >= 3.0  # the step arrows are drawn
    # At its least the down arrow is dimmed, not gone: in the dark palette it vanished, and
    # the box looked as if it had lost a button.
    number.setValue(1)
    image = number.grab().toImage()

    def arrow(rows) -> float:
        return max(
            contrast(image.pixelColor(x, y), base)
            for x in range(width - 16, width - 3)
            for y in rows
        )

    assert arrow(range(2, height // 2)) >= 3.0  # up: still a step to take
    assert 1.2 <= arrow(range(height // 2 + 1, height - 2)) < arrow(range(2, height // 2))


def _arrow_widths(order, qtbot) -> list[int]:
    """Row by row, how wide the sort arrow of a one-column header is drawn, top to bottom."""
    from PySide6.QtWidgets import QTableWidget

    table = QTableWidget(3, 1)
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(["B"])
    table.horizontalHeader().setStretchLastSection(True)
    table.resize(400, 200)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSortIndicator(0, order)
    table.show()
    qtbot.waitExposed(table)
    image = table.horizontalHeader().grab().toImage()
    width, background = image.width(), image.pixelColor(image.width() - 3, 2)
    widths = []
    for y in range(image.height() - 2):
        drawn = sum(
            1
            for x in range(width * 3 // 4, width - 2)
            if abs(image.pixelColor(x, y).lightness() - background.lightness()) > 30
        )
        if drawn:
            widths.append(drawn)
    return widths


def test_the_sort_arrow_points_up_for_ascending_and_down_for_descending(themed, qtbot) -> None:
    """As desktops draw it (Fusion on Linux draws it the other way round)."""
    ascending = _arrow_widths(Qt.SortOrder.AscendingOrder, qtbot)
    descending = _arrow_widths(Qt.SortOrder.DescendingOrder, qtbot)
    assert len(ascending) >= 3 and len(descending) >= 3
    assert ascending[0] < ascending[-1]  # narrow at the top: ▲
    assert descending[0] > descending[-1]  # wide at the top: ▼


def test_a_long_list_s_scroll_bar_is_a_flat_handle_that_stands_out(themed, qtbot) -> None:
    """Drawn by the stylesheet, not by Fusion (whose bar, gradients, arrows and grip, took
    1.3–2.4 ms to paint each time a long list was shown or scrolled): no arrow buttons, so
    the handle reaches the ends of the bar; the handle outlined against the window at 3:1,
    as WCAG asks of a control, on either palette; the bar as wide as Fusion's."""
    from PySide6.QtWidgets import QTableWidget

    from alliance_desk.ui.theme import SCROLL_BAR

    table = QTableWidget(200, 2)
    qtbot.addWidget(table)
    table.resize(400, 300)
    table.show()
    qtbot.waitExposed(table)
    bar = table.verticalScrollBar()
    assert bar.isVisible() and bar.width() == SCROLL_BAR
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    image = bar.grab().toImage()
    middle = image.width() // 2
    drawn = [
        y for y in range(image.height()) if contrast(image.pixelColor(middle, y), window) >= 3.0
    ]
    assert drawn, "the handle stands out from the window"
    assert drawn[0] <= 4  # at the top of the list, the handle starts at the top: no arrow
    bar.setValue(bar.maximum())
    image = bar.grab().toImage()
    last = max(
        y for y in range(image.height()) if contrast(image.pixelColor(middle, y), window) >= 3.0
    )
    assert last >= image.height() - 5  # and ends at the bottom at the end of the list


def test_preferences_choose_the_dark_theme_and_back_at_once(demo_window, settings, qapp, qtbot):
    """A dark theme existed only for a desktop that asks for one (or an environment
    variable): Preferences → Appearance chooses it, for this computer, applied at once."""
    from alliance_desk.ui.preferences import PreferencesDialog
    from alliance_desk.ui.theme import APPEARANCE, apply_theme, is_dark

    def choose(value: str) -> None:
        dialog = PreferencesDialog(settings, "here", demo_window, None)
        qtbot.addWidget(dialog)
        dialog.appearance.setCurrentIndex(dialog.appearance.findData(value))
        dialog.accept()

    try:
        assert not is_dark(qapp.palette())
        choose("dark")
        assert settings.value(APPEARANCE) == "dark"
        assert is_dark(qapp.palette())
        assert "#1f2327" in demo_window.styleSheet().lower()  # the window restyled too
        again = PreferencesDialog(settings, "here", demo_window, None)
        qtbot.addWidget(again)
        assert again.appearance.currentData() == "dark"  # the choice is shown next time
        choose("light")
        assert not is_dark(qapp.palette())
    finally:
        settings.remove(APPEARANCE)
        apply_theme(qapp, dark=False)


def test_lists_show_their_edges_on_either_palette(themed, qtbot) -> None:
    """Meeting mode's attendance and agenda lists (and every chooser) had no edge in the dark
    palette: a list on a window of nearly its own colour, where a list ended nobody saw."""
    from PySide6.QtWidgets import QListWidget

    listing = QListWidget()
    listing.addItems(["1. Actions from the previous meeting", "2. Budget"])
    _holder = _shown(qtbot, listing)
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    assert _edge_contrast(listing, window, 2) >= 1.5
