"""The Value section on a laptop and in either palette: the scorecard shows at a glance which
KPIs are off target (a mark and a word, not colour alone)."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from alliance_desk.core import wall
from alliance_desk.core.value import KpiStatus
from tests.ui.test_fits import SIZES, settle, title_room
from tests.ui.test_theme import contrast, themed  # noqa: F401 (a fixture)


def _value_tab(window, size, name: str):
    """The window at `size` on the Value section's tab `name` (an attribute of the view)."""
    window.resize(*size)
    window.show()
    window.show_section("value")
    tab = getattr(window.value, name)
    window.value.tabs.setCurrentWidget(tab)
    settle()
    return tab


def _column_on_screen(table, title: str) -> None:
    model = table.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = titles.index(title)
    assert not table.isColumnHidden(column), title
    right = table.columnViewportPosition(column) + table.columnWidth(column)
    assert right <= table.viewport().width(), f"{title} needs a sideways scroll"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_scorecard_marks_and_colours_kpis_off_target(themed, make_window, size) -> None:  # noqa: F811
    """Each KPI's latest value carries ✓ / ≈ / ✗ and a colour legible on the palette (off
    target amber, on target green), a tooltip says it in words, and the column is on screen."""
    window, _error = make_window(demo=True)
    view = window.value
    _value_tab(window, size, "kpis")
    table, model = view.kpis.table, view.kpis.table.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    latest = titles.index("Latest")
    for title in ("KPI", "Target", "Latest"):
        _column_on_screen(table, title)
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    seen = {}
    for row in range(model.rowCount()):
        kpi = model.row_at(row)
        cell = model.index(row, latest)
        text = cell.data(Qt.ItemDataRole.DisplayRole)
        mark = {KpiStatus.ON_TARGET: "✓", KpiStatus.CLOSE: "≈", KpiStatus.OFF_TARGET: "✗"}
        if kpi.status in mark:
            assert text.startswith(mark[kpi.status]), text
        assert kpi.status.label in cell.data(Qt.ItemDataRole.ToolTipRole)
        colour = cell.data(Qt.ItemDataRole.ForegroundRole)
        if kpi.status in (KpiStatus.ON_TARGET, KpiStatus.OFF_TARGET):
            assert colour is not None and contrast(colour, base) >= 4.5, kpi.name
            seen[kpi.status] = colour.name()
            width = table.fontMetrics().horizontalAdvance(text) + 8
            assert width <= table.columnWidth(latest), f"{text!r} is cut"
    assert len(seen) == 2 and seen[KpiStatus.ON_TARGET] != seen[KpiStatus.OFF_TARGET]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_risk_value_explains_itself_in_a_line_and_shows_risk_beside_value(
    demo_window, size, qtbot
) -> None:
    """The formula is a short line with the detail a click (or a hover) away, not a block of
    ten lines; the table keeps the Risk and Value columns on screen without scrolling."""
    tab = _value_tab(demo_window, size, "quadrant")
    assert not tab.formula.isVisible()
    formula = tab.formula.text()  # the whole of it, shown on asking
    assert len(formula) > 300 and "Value" in formula and "Risk" in formula
    line = tab.how.parentWidget().findChildren(
        QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly
    )
    shown = [label for label in line if label.isVisible() and label.toolTip() == formula]
    assert len(shown) == 1 and shown[0].height() <= 2.5 * shown[0].fontMetrics().height()
    assert tab.how.isVisible() and formula in tab.how.toolTip()
    assert tab.how.width() >= tab.how.fontMetrics().horizontalAdvance(tab.how.text())
    qtbot.mouseClick(tab.how, Qt.MouseButton.LeftButton)
    settle()
    assert tab.formula.isVisible() and tab.formula.text() == formula
    qtbot.mouseClick(tab.how, Qt.MouseButton.LeftButton)
    settle()
    assert not tab.formula.isVisible()
    for title in ("Alliance", "Value", "Risk"):
        _column_on_screen(tab.table, title)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_baselines_show_every_foundation_without_scrolling(demo_window, size) -> None:
    """The list of baselines shows the date and all four foundations' scores side by side,
    each header whole (not three areas and the rest behind a sideways scroll); the note takes
    the room they leave (whole on hovering the date), and the date only what it needs (it
    took 255 px at 1024, 370 at 1440, while the note stepped aside)."""
    tab = _value_tab(demo_window, size, "baseline")
    table, model = tab.table, tab.table.model()
    header = table.horizontalHeader()
    assert model.columnCount() == 6  # taken on, four foundations, note
    note = model.columnCount() - 1
    assert not table.isColumnHidden(note)
    assert table.columnWidth(0) <= 2 * title_room(header, 0)
    noted = next(row for row in range(model.rowCount()) if model.row_at(row).note)
    assert model.row_at(noted).note in model.index(noted, 0).data(Qt.ItemDataRole.ToolTipRole)
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        if column == note and table.isColumnHidden(note):
            continue
        _column_on_screen(table, title)
        assert table.columnWidth(column) >= title_room(header, column) - 4
        lines = title.split("\n")
        assert header.height() >= len(lines) * header.fontMetrics().height(), title
    assert table.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_milestones_keep_their_slip_and_status_on_a_laptop(demo_window, size) -> None:
    """Whether a milestone slipped is the point of the list: Slip and Status stay on screen
    (Whose, Value and Shared step aside first)."""
    _value_tab(demo_window, size, "milestones")
    for title in ("Milestone", "Planned", "Slip", "Status"):
        _column_on_screen(demo_window.value.milestones.table, title)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_slipped_milestones_status_is_whole_and_says_by_how_much_on_hovering(
    demo_window, size
) -> None:
    """ "At risk, slipped" held the Status column wide enough that the alliance stepped aside
    on a laptop: the cell says its word whole (the Slip beside it says how late, in the same
    colour) and its tooltip says the rest."""

    _value_tab(demo_window, size, "milestones")
    table = demo_window.value.milestones.table
    model = table.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    status = titles.index("Status")
    slipped = 0
    for row in range(model.rowCount()):
        milestone, cell = model.row_at(row), model.index(row, status)
        assert table.sizeHintForIndex(cell).width() <= table.columnWidth(status), cell.data()
        if milestone.draft.status.open and milestone.slip_days(wall.today()):
            slipped += 1
            assert "later than planned" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert slipped, "the demo has open milestones that slipped"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_recording_an_actual_shows_its_fields_whole(demo_window, size) -> None:
    """The date and value fields under a KPI's chart are wide enough for a date and a
    number, and the chart's scale ("12.7") is not cut at its left edge."""
    tab = _value_tab(demo_window, size, "kpis")
    day, number = tab.day, tab.number
    assert day.isVisible() and number.isVisible() and tab.record_button.isVisible()
    assert day.width() >= day.fontMetrics().horizontalAdvance(day.text()) + 8
    assert number.width() >= number.fontMetrics().horizontalAdvance("4,300.5") + 8
    button = tab.record_button
    assert button.width() >= button.fontMetrics().horizontalAdvance(button.text())
    tab.chart.lowest, tab.chart.highest = 4.3, 12.7
    metrics = tab.chart.fontMetrics()
    for rect, text in tab.chart.scale_labels():
        assert rect.left() >= 0 and rect.width() >= metrics.horizontalAdvance(text), text


def test_the_kpi_chart_has_round_ticks_and_a_labelled_target_line(demo_window) -> None:
    """The selected KPI's chart reads 0, 5, 10 rather than 4.3, 8.5, 12.7, and its target is
    a dashed line labelled with the target, inside the chart."""
    from alliance_desk.ui.charts import nice_ticks

    view = demo_window.value
    _value_tab(demo_window, (1024, 681), "kpis")
    tab = view.kpis
    model = tab.table.model()
    for row in range(model.rowCount()):
        tab.table.selectRow(row)
        settle()
        kpi = model.row_at(row)
        chart = tab.chart
        texts = [text for _rect, text in chart.scale_labels()]
        ticks = [float(text.replace(",", "")) for text in texts]
        steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
        assert len(steps) == 1, texts  # evenly spaced
        step = steps.pop()
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in (1, 2, 2.5, 5), texts
        assert all(round(t / step, 6) == round(t / step) for t in ticks), texts
        values = [v for _, v in kpi.actuals] + [kpi.draft.target]
        assert ticks[0] <= min(values) and ticks[-1] >= max(values)
        y, label = chart.target_line()
        assert chart.target_text == f"Target {kpi.show(kpi.draft.target)}"
        assert label.top() >= 0 and label.bottom() <= chart.height()
        assert 0 < y < chart.height()
    assert nice_ticks(4.3, 12.7) == [0, 5, 10, 15]  # the review saw 4.3, 8.5, 12.7


def _blue(image, accent, x: int, y: int) -> bool:
    """The pixel is of the values' line (its antialiased edges included)."""
    seen = image.pixelColor(x, y)
    return (
        abs(seen.red() - accent.red())
        + abs(seen.green() - accent.green())
        + abs(seen.blue() - accent.blue())
        < 90
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_target_label_sits_clear_of_the_target_line_and_the_values(
    themed,  # noqa: F811
    make_window,
    size,
) -> None:
    """ "Target 5 days" was written on the dashed line with the values' line running through
    it: for every KPI its label is clear of the target's line and of every value's line, no
    pixel of the values' colour inside it, and its amber reads on the chart's ground."""
    from alliance_desk.ui.theme import colours

    window, _error = make_window(demo=True)
    tab = _value_tab(window, size, "kpis")
    model = tab.table.model()
    checked = 0
    for row in range(model.rowCount()):
        tab.table.selectRow(row)
        settle()
        chart = tab.chart
        y, label = chart.target_line()
        assert chart.rect().toRectF().contains(label), chart.target_text
        metrics = chart.fontMetrics()
        assert label.width() >= metrics.horizontalAdvance(chart.target_text), "cut"
        assert y > label.bottom() + 2 or y < label.top() - 2, f"{chart.target_text} on its line"
        spots = chart.spots()
        for start, end in itertools.pairwise(spots):
            for step in range(41):  # along each stretch of the values' line, 2 px wide
                x = start.x() + (end.x() - start.x()) * step / 40
                at = start.y() + (end.y() - start.y()) * step / 40
                assert not label.adjusted(-2, -2, 2, 2).contains(x, at), (
                    f"the values' line runs through {chart.target_text!r}"
                )
        for scale, text in chart.scale_labels():
            assert not scale.intersects(label), f"{chart.target_text!r} covers {text}"
        image = chart.grab().toImage()
        accent = colours().accent

        inside = label.toRect()
        assert not any(
            _blue(image, accent, x, at)
            for x in range(inside.left(), inside.right())
            for at in range(inside.top(), inside.bottom())
        ), f"the values' line is drawn over {chart.target_text!r}"
        middle = spots[len(spots) // 2].toPoint()
        assert any(
            _blue(image, accent, middle.x() + dx, middle.y() + dy)
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
        ), "the values' line is drawn (and seen)"
        ground = chart.palette().color(chart.backgroundRole())
        assert contrast(colours().overdue, ground) >= 4.5
        checked += 1
    assert checked >= 5


def _apart(labels) -> list[str]:
    """Months written over (or touching) one another, or past the chart's edge."""
    found = []
    for (rect, text), (after, later) in itertools.pairwise(labels):
        if rect.right() + 6 > after.left():
            found.append(f"{text!r} runs into {later!r}")
    return found


def test_months_under_a_chart_never_run_into_each_other(demo_window, qtbot) -> None:
    """Under each KPI's chart the first and the last month are named and none is written over
    another; two values in one month name it once (a wide chart labelled each value in an 80
    pixel box: 1 and 15 January wrote "Jan 2026" twice, one over the other)."""
    from datetime import date

    from alliance_desk.ui.charts import TrendLine

    tab = _value_tab(demo_window, (1024, 681), "kpis")
    model = tab.table.model()
    for row in range(model.rowCount()):
        tab.table.selectRow(row)
        settle()
        chart = tab.chart
        labels = chart.month_labels()
        texts = [text for _rect, text in labels]
        assert texts[0] != texts[-1] and len(texts) >= 2, texts
        assert not _apart(labels), _apart(labels)
        metrics = chart.fontMetrics()
        for rect, text in labels:
            assert chart.rect().toRectF().contains(rect), text
            assert rect.width() >= metrics.horizontalAdvance(text), text
            for scale, number in chart.scale_labels():
                assert not scale.intersects(rect), f"{text!r} covers the scale's {number}"
    close = TrendLine(lowest=0, highest=10)
    qtbot.addWidget(close)
    close.resize(420, 160)
    close.set_points([(date(2026, 1, 1), 2), (date(2026, 1, 15), 3), (date(2026, 12, 1), 8)])
    labels = close.month_labels()
    assert [text for _rect, text in labels] == ["Jan 2026", "Dec 2026"]
    assert not _apart(labels)
