"""Onboarding on a laptop: the checklist has room for twelve lines of text at 1024×700 (it
had 9, its rows squeezed below their check boxes), every item's text whole — wrapped, never
elided. (The split between the plans and the checklist stays where the user leaves it:
tests/ui/test_fits.py.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from tests.ui.test_fits import SIZES, settle


def _checklist(window, size):
    window.resize(*size)
    window.show_section("onboarding")
    settle()
    view = window.view("onboarding")
    assert view.detail.plan is not None, "the first plan is shown"
    return view.detail.items


def _rows(tree):
    for top in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(top)
        yield group
        for child in range(group.childCount()):
            yield group.child(child)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_checklist_shows_nine_whole_rows_or_more(demo_window, size) -> None:
    tree = _checklist(demo_window, size)
    viewport = tree.viewport().rect()
    assert viewport.height() >= 12 * tree.fontMetrics().height(), "room for 12 lines"
    whole = [row for row in _rows(tree) if viewport.contains(tree.visualItemRect(row))]
    assert len(whole) >= 9, f"{len(whole)} rows shown whole"
    check = tree.style().pixelMetric(tree.style().PixelMetric.PM_IndicatorHeight)
    for row in whole:  # and none squeezed below its check box (rows were 14 pixels)
        assert tree.visualItemRect(row).height() >= check, row.text(0)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_item_text_is_elided(demo_window, size) -> None:
    """Each item's text, wrapped at its column's width, fits the height of its row."""
    tree = _checklist(demo_window, size)
    delegate = tree.itemDelegate()
    assert tree.textElideMode() == Qt.TextElideMode.ElideNone
    wrapped_rows = 0
    for row in _rows(tree):
        if row.parent() is None:
            continue
        index = tree.indexFromItem(row, 0)
        room = delegate.text_rect(QStyleOptionViewItem(), index)
        metrics = tree.fontMetrics()
        needed = metrics.boundingRect(
            QRect(0, 0, room.width(), 10_000), Qt.TextFlag.TextWordWrap, row.text(0)
        )
        longest_word = max(metrics.horizontalAdvance(word) for word in row.text(0).split())
        assert longest_word <= room.width(), row.text(0)
        assert needed.height() <= tree.visualItemRect(row).height(), f"{row.text(0)!r} is cut"
        wrapped_rows += needed.height() > metrics.height() * 1.5
    if size[0] < 1200:
        assert wrapped_rows >= 1, "at 1024 a long item wraps (the test measures something)"


def test_at_any_width_of_its_column_no_item_ends_in_dots(demo_window) -> None:
    """Qt draws an item's words inside a focus margin on each side of its text rectangle; a
    row sized for the rectangle itself lost its last words ("… and meeting ...") whenever a
    line fitted the rectangle but not the room within. Swept over column widths, every row
    is as tall as its words wrapped where Qt wraps them."""
    from PySide6.QtWidgets import QStyle

    tree = _checklist(demo_window, SIZES[0])
    delegate, header, metrics = tree.itemDelegate(), tree.header(), tree.fontMetrics()
    style = tree.style()
    inset = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
    for window_width in range(1024, 1144, 3):  # the item column stretches with the window
        demo_window.resize(window_width, SIZES[0][1])
        settle()
        width = header.sectionSize(0)
        for row in _rows(tree):
            if row.parent() is None:
                continue
            index = tree.indexFromItem(row, 0)
            cell = QStyleOptionViewItem()
            cell.initFrom(tree)
            delegate.initStyleOption(cell, index)
            levels = 1 + tree.rootIsDecorated()  # an item under its group, and the marks
            cell.rect = QRect(0, 0, width - tree.indentation() * levels, 10_000)
            text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, cell, tree)
            drawn = metrics.boundingRect(
                QRect(0, 0, text.width() - inset, 10_000), Qt.TextFlag.TextWordWrap, row.text(0)
            )
            assert drawn.height() <= tree.visualItemRect(row).height(), (width, row.text(0))


def _cut_cells(table) -> list[tuple[str, str]]:
    """(column, text) of the shown cells drawn shorter than they are ("HALO-7 oncology
    co-de…")."""
    model = table.model()
    return [
        (model.headerData(column, Qt.Orientation.Horizontal), model.index(row, column).data())
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        if not table.isColumnHidden(column)
        and table.sizeHintForIndex(model.index(row, column)).width() > table.columnWidth(column)
    ]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_with_room_to_spare_every_plan_reads_whole(demo_window, size) -> None:
    """The person's column stood 455 px wide for "Laura Nieminen" at 1440×900 while the
    alliance beside it read "HALO-7 oncology co-de…" and the next item was cut: the room the
    names leave goes to the columns that need it (only the next item, a sentence, may
    still be too long: whole in its tooltip)."""
    _checklist(demo_window, size)
    table = demo_window.view("onboarding").table
    assert table.model().rowCount() >= 3
    assert [cut for cut in _cut_cells(table) if cut[0] != "Next item"] == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_plan_shows_whole_above_the_checklist(demo_window, size) -> None:
    """The plans were given four rows' height that showed three and a half (the fourth plan
    cut through its middle, even at 1440×900), the checklist's spare room below them."""
    _checklist(demo_window, size)
    view = demo_window.view("onboarding")
    table = view.table
    rows = view.model.rowCount()
    assert 2 <= rows <= 6, "the demo has a few plans"
    viewport = table.viewport().rect()
    for row in range(rows):
        cell = table.visualRect(view.model.index(row, 0))
        assert viewport.contains(cell), f"plan {row + 1} of {rows} cut"
