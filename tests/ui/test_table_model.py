"""What a table cell shows as it is painted: its text, its column's alignment and colour, and
the whole text with the column's words when pointed at; nothing for the roles it has no
answer to (the model turns those away before it looks at the row)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from alliance_desk.ui.table_model import Column, RowTableModel
from alliance_desk.ui.theme import readable

COLUMNS = (
    Column("Name", lambda r: r[0], tooltip=lambda r: "the partner"),
    Column("Days", lambda r: str(r[1]), align_right=True, colour=lambda r: "#c0392b" * (r[1] > 5)),
)


def painted(model: RowTableModel, row: int, column: int) -> QStyleOptionViewItem:
    """The cell as a view's delegate prepares to paint it."""
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, model.index(row, column))
    return option


def test_a_cell_paints_its_text_aligned_and_coloured_as_its_column_says(qapp) -> None:
    model = RowTableModel(COLUMNS)
    model.set_rows([("Aurora", 9), ("Borealis", 2)])
    name, late, on_time = painted(model, 0, 0), painted(model, 0, 1), painted(model, 1, 1)
    assert (name.text, late.text, on_time.text) == ("Aurora", "9", "2")
    assert late.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert not name.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert late.palette.color(late.palette.ColorRole.Text) == QColor(readable("#c0392b"))
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None  # not late
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Aurora\nthe partner"
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "2"
    for role in (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.UserRole,
    ):
        assert model.index(0, 1).data(role) is None
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(5, 0)) is None
