"""What a narrowed table left out, said where the user looks for it.

A table too narrow for all its columns drops the least important ones (`ColumnFitter`):
at 1024 pixels the escalation log shows its issue, level and due date but not its owner.
Nothing said so. Now the header's tooltip names the columns left out and how to see them,
and a row's tooltip reads their values for that row ("Owner: Mara Lindqvist"), after the
cell's own tooltip if it has one — so nothing is out of reach at any width.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect
from PySide6.QtGui import QHelpEvent, Qt
from PySide6.QtWidgets import QTableView, QToolTip

from alliance_desk.ui.i18n import translate

_HORIZONTAL = Qt.Orientation.Horizontal
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def left_out(table: QTableView, by_the_model: Callable[[int], bool]) -> list[int]:
    """The columns the table's width left out (not those its model hides on purpose)."""
    return [
        column
        for column in range(table.model().columnCount())
        if table.isColumnHidden(column) and not by_the_model(column)
    ]


def _title(table: QTableView, column: int) -> str:
    return str(table.model().headerData(column, _HORIZONTAL, _DISPLAY) or "")


def header_tip(table: QTableView, section: int, columns: list[int]) -> str:
    """The header section's own tooltip, if any, then the columns left out."""
    own = table.model().headerData(section, _HORIZONTAL, _TOOLTIP) if section >= 0 else None
    titles = ", ".join(_title(table, column) for column in columns)
    said = "\n".join(
        (
            translate("left_out", "Not shown at this width: {titles}.").format(titles=titles),
            translate("left_out", "Point at a row to read them, or widen the window."),
        )
    )
    return f"{own}\n{said}" if own else said


def row_tip(table: QTableView, index: QModelIndex, columns: list[int]) -> str:
    """The cell's own tooltip, then each left-out column of its row that has a value."""
    model = table.model()
    own = index.data(_TOOLTIP)
    lines = [str(own)] if own else []
    for column in columns:
        value = model.index(index.row(), column).data(_DISPLAY)
        if value not in (None, ""):
            lines.append(
                translate("left_out", "{title}: {value}").format(
                    title=_title(table, column), value=value
                )
            )
    return "\n".join(lines)


def tooltip(
    table: QTableView, watched: QObject, event: QEvent, by_the_model: Callable[[int], bool]
) -> bool:
    """Show the tooltip a ToolTip `event` on the table's viewport or header asks for, when
    columns are left out (True: shown here, Qt's own is not wanted)."""
    columns = left_out(table, by_the_model)
    if not columns or not isinstance(event, QHelpEvent):
        return False
    header = table.horizontalHeader()
    if watched is header.viewport():
        section = header.logicalIndexAt(event.pos())
        text = header_tip(table, section, columns)
        at = header.sectionViewportPosition(section)
        area = QRect(at, 0, header.sectionSize(section), header.height())
    elif watched is table.viewport():
        index = table.indexAt(event.pos())
        if not index.isValid():
            return False
        text = row_tip(table, index, columns)
        area = table.visualRect(index)  # the tip goes when the pointer leaves the cell
    else:
        return False
    if not text:
        return False
    QToolTip.showText(event.globalPos(), plain(text), watched, area)
    return True


def plain(text: str) -> str:
    """`text` shown as typed: a name with what looks like markup ("<b>") would otherwise be
    drawn as rich text, and the lines would run together."""
    return Qt.convertFromPlainText(text) if Qt.mightBeRichText(text) else text
