"""Today's to-do list on screen: a model over the ranked tasks core/today.py made, and a
delegate drawing each as a two-line item — what, and how late, on the first line; its kind,
alliance and why now on the second. The full text is the tooltip and the accessible text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from alliance_desk.core.dates import shown_short
from alliance_desk.core.task import Task
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.theme import OVERDUE, muted_colour, readable

_Index = QModelIndex | QPersistentModelIndex
TASK_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 50  # tasks written out at a time: a screenful and more
MOST_LINES = 3  # of a row's second line, wrapped: why now fits in one or two at 1024 wide

# What kind of thing to do, first on each row's second line (translated where shown).
KIND_LABELS = {
    "call": QT_TRANSLATE_NOOP("TaskKind", "Call"),
    "onboarding": QT_TRANSLATE_NOOP("TaskKind", "Onboarding"),
    "escalation": QT_TRANSLATE_NOOP("TaskKind", "Escalation"),
    "risk": QT_TRANSLATE_NOOP("TaskKind", "Risk review"),
    "obligation": QT_TRANSLATE_NOOP("TaskKind", "Obligation"),
    "decision": QT_TRANSLATE_NOOP("TaskKind", "Decision"),
    "action": QT_TRANSLATE_NOOP("TaskKind", "Action"),
    "meeting": QT_TRANSLATE_NOOP("TaskKind", "Meeting"),
    "milestone": QT_TRANSLATE_NOOP("TaskKind", "Milestone"),
    "rhythm": QT_TRANSLATE_NOOP("TaskKind", "Rhythm"),  # the why says the tier
}


def kind_line(task: Task) -> str:
    """A row's second line: why now — the key fact, first so it is never the part cut off —
    then what kind of task and on which alliance."""
    kind = KIND_LABELS.get(task.kind)
    words = translate("TaskKind", kind) if kind is not None else task.kind
    return f"{task.why}  ·  {words}  ·  {task.alliance}"


def wrapped(text: str, metrics: QFontMetrics, width: int, most: int = MOST_LINES) -> list[str]:
    """`text` broken at spaces into lines no wider than `width`, at most `most` of them (the
    last elided if there is more); a word wider than a line is elided."""
    lines: list[str] = []
    words = text.split(" ")
    while words and len(lines) < most:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if words and len(lines) == most - 1:
            line = " ".join([line, *words])
            words = []
        lines.append(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
    return lines


def describe(task: Task) -> str:
    """The whole task in one sentence: the tooltip, the accessible text."""
    if task.snoozed_until:
        text = translate("TaskModel", "{what} — {alliance}. {why}. {when} (snoozed until {until}).")
    else:
        text = translate("TaskModel", "{what} — {alliance}. {why}. {when}.")
    return text.format(
        what=task.what,
        alliance=task.alliance,
        why=task.why,
        when=task.when[:1].upper() + task.when[1:],  # capitalize() would lower the rest
        until=shown_short(task.snoozed_until) if task.snoozed_until else "",
    )


class TaskModel(QAbstractListModel):
    """The tasks listed, best first, written out a page at a time as the list is scrolled
    (`canFetchMore` / `fetchMore`): a team store has tens of thousands. Never queries."""

    def __init__(self, parent=None, *, page: int = PAGE) -> None:
        super().__init__(parent)
        self.page = page
        self.source: Sequence[Task] = ()
        self.tasks: list[Task] = []  # the ones written out so far, the first rows
        self._exhausted = False  # the store found fewer than it counted (changed since)

    def set_tasks(self, tasks: Sequence[Task]) -> None:
        """List `tasks` (a ranked `TaskList`, or any sequence), the first page written out."""
        self.beginResetModel()
        self.source = tasks
        self.tasks = list(tasks[: self.page])
        self._exhausted = False
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and len(self.tasks) < len(self.source)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        start = len(self.tasks)
        more = list(self.source[start : start + self.page])
        if not more:  # removed since it was counted: the next refresh counts again
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self.tasks.extend(more)
        self.endInsertRows()

    def total(self) -> int:
        """Every task listed, written out or not yet."""
        return len(self.source)

    def task_at(self, row: int) -> Task | None:
        return self.tasks[row] if 0 <= row < len(self.tasks) else None

    def row_of(self, key: str) -> int:
        """The row of the task `key`, written out up to it if it is further down; -1: none."""
        found = next((row for row, task in enumerate(self.tasks) if task.key == key), -1)
        keys = getattr(self.source, "keys", None)
        if found >= 0 or keys is None:
            return found
        try:
            wanted = keys().index(key)
        except ValueError:
            return -1
        while len(self.tasks) <= wanted and self.canFetchMore():
            self.fetchMore()
        return wanted

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.tasks)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.tasks):
            return None
        task = self.tasks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return task.what
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe(task)
        if role == TASK_ROLE:
            return task
        return None


class TaskDelegate(QStyledItemDelegate):
    """A task per item: what, and how late, on the first line (the late ones in the overdue
    colour); why now, its kind and alliance below, wrapped rather than cut."""

    PADDING = 6
    GAP = 4  # between the first line and the rest

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: dict[tuple[str, str, int], tuple[str, ...]] = {}  # see `second_lines`

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = option.widget
        if isinstance(view, QAbstractScrollArea):
            width = view.viewport().width()  # the list's: a row is drawn across it
        else:
            width = option.rect.width()
        return max(width - 2 * self.PADDING - 8, 80)

    def second_lines(self, task: Task, font: QFont, width: int) -> list[str]:
        """The row's second line, as drawn at `width`: wrapped, never cut mid-fact. Kept by
        text, font and width: each row is measured and drawn again every time Today is shown
        (a thousand and more text measurements), mostly the same lines as the last time."""
        text = kind_line(task)
        key = (text, font.key(), width)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) >= 2048:
                self._lines.clear()
            found = self._lines[key] = tuple(wrapped(text, QFontMetrics(font), width))
        return list(found)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        task: Task | None = index.data(TASK_ROLE)
        lines = 1 + (
            len(self.second_lines(task, option.font, self._text_width(option))) if task else 1
        )
        return QSize(200, lines * metrics.height() + 2 * self.PADDING + self.GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        task: Task | None = index.data(TASK_ROLE)
        if task is None:
            return super().paint(painter, option, index)
        painter.save()
        style = option.widget.style() if option.widget else None
        self.initStyleOption(option, index)
        option.text = ""
        if style is not None:  # the selection and focus, as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = text if selected else muted_colour(palette)
        rect = option.rect.adjusted(
            self.PADDING + 4, self.PADDING, -self.PADDING - 4, -self.PADDING
        )
        bold = QFont(option.font)
        bold.setBold(True)
        metrics, bold_metrics = QFontMetrics(option.font), QFontMetrics(bold)
        line = metrics.height()
        when = (
            task.when
            if not task.snoozed_until
            else translate("TaskModel", "snoozed to {until}").format(
                until=shown_short(task.snoozed_until)
            )
        )
        when_width = bold_metrics.horizontalAdvance(when) + 8
        painter.setFont(bold)
        painter.setPen(readable(OVERDUE, palette) if task.late and not selected else text)
        painter.drawText(
            QRect(rect.right() - when_width, rect.top(), when_width, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            when,
        )
        painter.setPen(text)
        what_width = rect.width() - when_width - 8
        painter.drawText(
            QRect(rect.left(), rect.top(), what_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bold_metrics.elidedText(task.what, Qt.TextElideMode.ElideRight, what_width),
        )
        painter.setFont(option.font)
        painter.setPen(muted)
        top = rect.top() + line + self.GAP
        for number, words in enumerate(self.second_lines(task, option.font, rect.width())):
            painter.drawText(
                QRect(rect.left(), top + number * line, rect.width(), line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                words,
            )
        painter.restore()
