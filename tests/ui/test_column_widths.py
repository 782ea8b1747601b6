"""Columns are measured as Qt measures them, for less: the width each column's contents need
is what `QTableView.sizeHintForColumn` gives over the same rows (so no text is cut that Qt's
own measure would show whole), in every table of every section, with texts in many scripts."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from alliance_desk.ui.table_fit import FIT_ROWS, ColumnFitter, content_width, title_widths
from tests.ui.test_fits import screens, settle


def test_every_table_measures_its_columns_as_qt_does(demo_window) -> None:
    window = demo_window
    window.resize(1440, 881)
    measured = 0
    for _where in screens(window):
        settle()
        for table in window.findChildren(QTableView):
            if not table.isVisible() or not table.findChildren(ColumnFitter):
                continue
            model = table.model()
            for column in range(model.columnCount()):
                assert content_width(table, column) == table.sizeHintForColumn(column), (
                    table.accessibleName(),
                    column,
                )
                measured += 1
    assert measured > 40


def test_the_widest_cell_is_found_whatever_its_place_or_script(qtbot) -> None:
    model = QStandardItemModel(FIT_ROWS, 1)
    for row in range(FIT_ROWS):
        model.setItem(row, 0, QStandardItem("short"))
    model.setItem(37, 0, QStandardItem("王芳 · Ελένη Παπαδοπούλου · جمال الدين"))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    assert content_width(table, 0) == table.sizeHintForColumn(0)


def test_a_fitted_table_is_measured_as_qt_measures_it_and_again_in_a_larger_font(qtbot) -> None:
    """The fitter reads the model's own texts and measures each distinct text once; what it
    finds for each column is still Qt's own measure, and a font set on the table is measured
    anew (the table's viewport is not always told of it: under the app's theme it was not,
    and every cell kept the smaller font's width)."""
    from alliance_desk.ui.table_model import Column, RowTableModel

    columns = [
        Column("Title", lambda row: row[0]),
        Column("Owner", lambda row: row[1]),
        Column("Due", lambda row: row[2]),
    ]
    model: RowTableModel[tuple[str, str, str]] = RowTableModel(columns)
    owners = ["王芳", "Ελένη Παπαδοπούλου", "Jamal", "Jamal"]
    model.set_rows(
        [
            (f"Risk {n} " + "x" * (n % 13), owners[n % 4], f"{n % 28 + 1} Dec 2026")
            for n in range(80)
        ]
    )
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    fitter = ColumnFitter(table)
    table.resize(900, 400)
    table.show()

    def measured_as_qt() -> bool:
        header = table.horizontalHeader()
        titles = title_widths(header, len(columns))
        return bool(fitter.roomy) and all(
            fitter.roomy[c] == max(titles[c], table.sizeHintForColumn(c)) + 4
            for c in range(len(columns))
        )

    qtbot.waitUntil(measured_as_qt)
    before = list(fitter.roomy)
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    table.setFont(font)
    qtbot.waitUntil(lambda: fitter.roomy != before and measured_as_qt())
    assert all(after > was for after, was in zip(fitter.roomy[:2], before[:2], strict=True))


def test_a_column_the_user_widened_stays_when_the_table_only_grows_taller(qtbot) -> None:
    """A panel below a table gaining a line makes the table shorter, not narrower: the width
    the user dragged a column to stays. A change of width fits the columns again."""
    from alliance_desk.ui.table_model import Column, RowTableModel

    columns = [Column("Name", lambda row: row[0]), Column("Owner", lambda row: row[1])]
    model: RowTableModel[tuple[str, str]] = RowTableModel(columns)
    model.set_rows([(f"Alliance {n}", f"Owner {n}") for n in range(30)])
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    fitter = ColumnFitter(table, stretch=0)
    table.resize(600, 400)
    table.show()
    qtbot.waitUntil(lambda: bool(fitter.widths))
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(1) == fitter.widths[1])
    header.resizeSection(1, fitter.widths[1] + 60)  # dragged wider
    table.resize(600, 250)
    qtbot.wait(5)
    assert header.sectionSize(1) == fitter.widths[1] + 60
    table.resize(500, 250)
    qtbot.waitUntil(lambda: header.sectionSize(1) == fitter.widths[1])


def test_rows_read_again_are_measured_as_qt_measures_them_asking_only_of_new_texts(
    qtbot,
) -> None:
    """A reload asks the delegate only of texts it has not measured in that column (a cell's
    hint depends on its column and text): after rows with wider and narrower texts the widths
    are still Qt's own, rows seen before cost no question, and a larger font asks anew."""
    from PySide6.QtWidgets import QStyledItemDelegate

    from alliance_desk.ui.table_model import Column, RowTableModel

    asked: list[str] = []

    class Counting(QStyledItemDelegate):
        def sizeHint(self, option, index):
            asked.append(index.data())
            return super().sizeHint(option, index)

    columns = [Column("Title", lambda row: row[0]), Column("Owner", lambda row: row[1])]
    model: RowTableModel[tuple[str, str]] = RowTableModel(columns)
    first = [(f"Risk {n}", "Jamal") for n in range(60)]
    wider = [(f"A longer risk title {n} " + "w" * (n % 9), "Ελένη Παπαδοπούλου") for n in range(60)]
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setItemDelegate(Counting(table))
    table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    fitter = ColumnFitter(table)
    table.resize(900, 400)
    table.show()

    def as_qt() -> list[int]:
        titles = title_widths(table.horizontalHeader(), len(columns))
        return [max(titles[c], table.sizeHintForColumn(c)) + 4 for c in range(len(columns))]

    def measured(rows) -> tuple[list[int], list[str]]:
        """The widths found for `rows`, and the texts the delegate was asked of for them."""
        before = list(fitter.roomy)
        asked.clear()
        model.set_rows(rows)
        qtbot.waitUntil(lambda: fitter.roomy != before)
        return list(fitter.roomy), list(asked)

    model.set_rows(first)
    qtbot.waitUntil(lambda: bool(fitter.roomy))
    assert fitter.roomy == as_qt()
    widths, new = measured(wider)
    assert widths == as_qt() and new  # new texts: asked
    widths, new = measured(first)
    assert widths == as_qt() and new == []  # seen before: not asked again
    widths, new = measured(wider)
    assert widths == as_qt() and new == []
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    before = list(fitter.roomy)
    asked.clear()
    table.setFont(font)
    qtbot.waitUntil(lambda: fitter.roomy != before)
    assert asked  # another font: every hint asked anew
    assert fitter.roomy == as_qt()


def test_only_the_sorted_column_keeps_room_for_the_arrow(demo_window, qtbot) -> None:
    """Qt keeps every title room for the sort arrow (20 px under Fusion), though the arrow
    shows on one column. At 1440 px the Portfolio cut a partner's name ("Hellenic
    BioResearch Insti…") while the Tier and Value columns held that room empty. Now each
    partner shows whole; the column sorted by gets the arrow's room, its title whole beside
    it, and the one it came from gives it back."""
    from tests.ui.test_fits import show_at, title_room

    view = show_at(demo_window, "portfolio", (1440, 881))
    table = view.table
    model, header = table.model(), table.horizontalHeader()
    titles = [model.headerData(c, header.orientation()) for c in range(model.columnCount())]
    partner, value = titles.index("Partner"), titles.index("Value (M)")
    qtbot.waitUntil(lambda: table.columnWidth(partner) >= table.sizeHintForColumn(partner))
    assert not table.isColumnHidden(value)
    with_arrow = header.sectionSizeFromContents(value).width()
    assert title_room(header, value) < with_arrow
    assert header.sortIndicatorSection() != value
    unsorted = table.columnWidth(value)
    assert unsorted < with_arrow  # the arrow's room is not kept where no arrow shows

    middle = QPoint(header.sectionViewportPosition(value) + 10, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert header.sortIndicatorSection() == value
    qtbot.waitUntil(lambda: table.columnWidth(value) >= with_arrow)
    assert table.columnWidth(value) > unsorted
    assert all(
        table.columnWidth(c) + 2 >= title_room(header, c)
        for c in range(model.columnCount())
        if not table.isColumnHidden(c)
    )
