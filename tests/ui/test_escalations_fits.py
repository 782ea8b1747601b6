"""The escalations' age chart reads on either palette and uses its page; the log's panel
sets its steps in tidy rows, and its SLA column says how late in a few words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyle

from alliance_desk.ui.escalations.chart import BUCKET_COLOURS, AgeChart, ink_on
from tests.ui.test_fits import SIZES, settle
from tests.ui.test_theme import contrast


def test_the_counts_on_every_bar_read_at_4_5_to_1() -> None:
    """White on the light blue of a young escalation was 1.9:1."""
    for fill in BUCKET_COLOURS:
        assert contrast(ink_on(QColor(fill)), QColor(fill)) >= 4.5, fill


def _age_chart(window):
    """The escalations' age chart, on screen."""
    window.show()
    window.show_section("escalations")
    view = window.view("escalations")
    view.tabs.setCurrentIndex(1)
    settle()
    return view.chart


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_bars_grow_into_the_page(demo_window, size) -> None:
    """A few alliances get tall bars, not a strip at the top of an empty page."""
    demo_window.resize(*size)
    chart = _age_chart(demo_window)
    assert isinstance(chart, AgeChart) and 1 <= len(chart.counts) <= 6
    page = chart.parentWidget()
    assert chart.height() >= 0.8 * page.height()
    image = chart.grab().toImage()
    young = QColor(BUCKET_COLOURS[1])  # every demo alliance has an 8–30-day escalation
    column = next(
        x
        for x in range(image.width())
        if any(image.pixelColor(x, y) == young for y in range(image.height()))
    )
    top = next(y for y in range(image.height()) if image.pixelColor(column, y) == young)
    bottom = next(y for y in range(top, image.height()) if image.pixelColor(column, y) != young)
    assert bottom - top >= 28, "the first bar is taller than a text line"


def test_on_a_wide_screen_every_alliance_is_named_whole(demo_window) -> None:
    """ "Asia licensing of Halcyon immunology …" was cut with room to spare at 1440×900."""
    demo_window.resize(1440, 881)
    chart = _age_chart(demo_window)
    metrics = chart.fontMetrics()
    assert all(metrics.horizontalAdvance(name) <= chart.label_width() - 10 for name in chart.counts)


def _log(window, size):
    """The escalation log at `size` on "All alliances", its first issue in the panel."""
    window.resize(*size)
    window.desk.select_alliance(None)
    window.show_section("escalations")
    view = window.view("escalations")
    view.tabs.setCurrentIndex(0)
    settle()
    view.table.selectRow(0)
    settle()
    return view


@pytest.mark.parametrize(("size", "rows"), [(SIZES[0], 3), (SIZES[1], 2)], ids=["1024", "1440"])
def test_the_panels_steps_sit_in_tidy_rows(demo_window, size, rows) -> None:
    """Two a row took three rows on a wide screen: there it is three a row, on a laptop two;
    each button whole, and the buttons above one another lined up in columns."""
    view = _log(demo_window, size)
    buttons = list(view.panel.buttons.values())
    assert all(b.isVisible() for b in buttons)
    tops = sorted({b.y() for b in buttons})
    assert len(tops) == rows, f"{len(tops)} rows of buttons"
    for button in buttons:
        assert button.width() >= button.minimumSizeHint().width(), button.text()
    lefts = {b.x() for b in buttons}
    assert len(lefts) == len(buttons) // rows, "the rows' buttons line up"
    right = max(b.mapTo(view.panel, b.rect().topRight()).x() for b in buttons)
    assert right <= view.panel.width(), "no button runs past the panel"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_sla_column_says_how_late_in_short_and_whole_on_hovering(demo_window, size) -> None:
    """ "Past by 7 business days" held the column 155 px wide: the cell says "7 d late" (or
    "3 d left", "Due today"), its tooltip the whole sentence, and the cell is never cut."""
    view = _log(demo_window, size)
    table, model = view.table, view.table.model()
    sla = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "SLA"
    )
    said = set()
    for row in range(model.rowCount()):
        line, cell = model.row_at(row), model.index(row, sla)
        tip = cell.data(Qt.ItemDataRole.ToolTipRole)
        assert line.sla in tip, tip
        assert table.sizeHintForIndex(cell).width() <= table.columnWidth(sla), cell.data()
        said.add(cell.data().split()[-1])
    # The demo has issues late and one due today or soon: which, depends on the weekday (the
    # clock counts business days, and on a weekend or a Monday its day may fall on Saturday).
    assert "late" in said and said & {"today", "left"}, said


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_short_history_shows_every_entry_whole(demo_window, size) -> None:
    """In the laptop's narrower panel "Raised: at level 0 (working team)" wraps to a third
    line: the box is as tall as its entries wrapped, not as their unwrapped lines."""
    view = _log(demo_window, size)
    history = view.panel.history
    assert 1 <= history.count() <= 3
    for row in range(history.count()):
        rect = history.visualItemRect(history.item(row))
        assert rect.bottom() < history.viewport().height(), history.item(row).text()
    assert history.verticalScrollBar().maximum() == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_choice_in_the_details_reads_whole(demo_window, size) -> None:
    """'By its level: yes from level 1 (all…' was cut in the combo at 1440×900: each of the
    app's own choices fits its combo (the rule behind a choice is in its tooltip). People's
    names are the user's and may be long: their combo's tooltip names the chosen one whole."""
    view = _log(demo_window, size)
    form = view.panel.form
    people = (form.raised_by, form.owner, form.counterpart)
    for person in people:
        assert person.toolTip() == person.currentText() != ""
    for combo in form.findChildren(QComboBox):
        if combo in people:
            continue
        room = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            _combo_option(combo),
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        for row in range(combo.count()):
            text = combo.itemText(row)
            assert combo.fontMetrics().horizontalAdvance(text) <= room.width(), text


def _combo_option(combo):
    from PySide6.QtWidgets import QStyleOptionComboBox

    option = QStyleOptionComboBox()
    option.initFrom(combo)
    return option
