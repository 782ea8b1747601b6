"""Beside time to decision on the Value section: the questions still waiting for a decision,
slowest first, for the alliance selected (or the whole portfolio), read a page at a time as
the list is scrolled. Enter opens one in the decision log, where it is decided."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.dates import shown
from alliance_desk.core.i18n import by_count
from alliance_desk.core.records import Opens
from alliance_desk.core.time_cost import OpenQuestion
from alliance_desk.store.paging import Page
from alliance_desk.ui.i18n import translate

ROWS_SHOWN = 4  # the list's height in rows: the table above keeps the room

# cursor (None: from the start) -> the next page of questions, slowest first
Questions = Callable[[Any], Page[OpenQuestion]]


def question_line(question: OpenQuestion, alliance: str = "") -> str:
    """ "Supply price — Aurora — open 95 days (raised 1 Sep 2026)"."""
    raised = question.decision.draft.raised_on
    title = f"{question.title} — {alliance}" if alliance else question.title
    return by_count(
        question.days_open,
        translate("questions", "{title} — open {days} day (raised {raised})"),
        translate("questions", "{title} — open {days} days (raised {raised})"),
    ).format(title=title, days=question.days_open, raised=shown(raised))


class OpenQuestions(QWidget):
    opened = Signal(object)  # core.records.Opens of the decision

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)  # a long alliance name in it wraps, never cut
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Open questions, slowest first"))
        self.list.setToolTip(self.tr("Enter opens the question in the decision log to decide it"))
        self.caption.setBuddy(self.list)
        self.list.itemActivated.connect(self._open)
        # A long question wraps onto more lines: read whole, never cut in the middle.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.verticalScrollBar().valueChanged.connect(self._scrolled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.list)
        self._read: Questions | None = None
        self._names: Mapping[int, str] = {}
        self._cursor: Any = None
        self._more = False

    def show_questions(
        self, read: Questions, count: int, names: Mapping[int, str], scope: str
    ) -> None:
        """The first page `read` gives (of `count` questions, slowest first); `scope`: whose
        they are ("Aurora", "the portfolio"); `names`: alliance names to show beside each."""
        self.caption.setText(
            self.tr("&Open questions, slowest first — {scope} ({count})").format(
                scope=scope, count=count
            )
        )
        self.list.clear()
        self._read, self._names, self._cursor, self._more = read, names, None, False
        if count:
            self.fetch_more()
        if not self.list.count():
            self.list.addItem(self.tr("None: every question raised is decided."))
        self._fit()

    def _fit(self) -> None:
        """As tall as the first few questions, each wrapped to the list's width."""
        rows = range(min(max(self.list.count(), 1), ROWS_SHOWN))
        self.list.doItemsLayout()
        height = sum(self.list.visualItemRect(self.list.item(r)).height() for r in rows)
        self.list.setFixedHeight(height + 2 * self.list.frameWidth())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()  # narrower: more lines per question

    def fetch_more(self) -> None:
        """The next page of questions, added below those listed."""
        if self._read is None:
            return
        page = self._read(self._cursor)
        self._cursor, self._more = page.cursor, page.more
        for question in page.rows:
            line = question_line(question, self._names.get(question.alliance_id, ""))
            item = QListWidgetItem(line)
            item.setToolTip(line)
            item.setData(Qt.ItemDataRole.UserRole, question.decision.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, question.alliance_id)
            self.list.addItem(item)

    def _scrolled(self, value: int) -> None:
        if self._more and value >= self.list.verticalScrollBar().maximum():
            self.fetch_more()

    def _open(self, item: QListWidgetItem) -> None:
        decision_id = item.data(Qt.ItemDataRole.UserRole)
        if decision_id is not None:
            alliance_id = item.data(Qt.ItemDataRole.UserRole + 1)
            self.opened.emit(Opens("decisions", alliance_id, decision_id))
