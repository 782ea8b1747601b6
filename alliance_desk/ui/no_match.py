"""A list its filter has emptied says so, over the list: "Nothing matches “zzz”." An empty
white table left the user to wonder whether the portfolio was empty or the filter too narrow
(the Portfolio list, a screenshot review)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit

from alliance_desk.ui.i18n import translate


class NoMatch(QObject):
    """Watches `table` and the `line` filtering it."""

    def __init__(self, table: QAbstractItemView, line: QLineEdit) -> None:
        super().__init__(table)
        self.table, self.line = table, line
        self.label = QLabel(table.viewport())
        self.label.setObjectName("muted")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.label.hide()
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update)
        model.layoutChanged.connect(self.update)
        line.textChanged.connect(self.update)
        table.viewport().installEventFilter(self)
        self.update()

    def update(self, *_args) -> None:
        typed = self.line.text().strip()
        empty = self.table.model().rowCount() == 0 and bool(typed)
        if empty:
            self.label.setText(
                translate(
                    "NoMatch", "Nothing matches “{typed}”. Clear the filter to see all."
                ).format(typed=typed[:60])
            )
            self._place()
        self.label.setVisible(empty)

    def _place(self) -> None:
        viewport = self.table.viewport()
        margin = 2 * self.label.fontMetrics().height()
        width = max(viewport.width() - 2 * margin, 80)
        self.label.setGeometry(margin, margin, width, self.label.heightForWidth(width))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.label.isVisible():
            self._place()
        return False
