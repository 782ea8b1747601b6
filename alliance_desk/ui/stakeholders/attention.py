"""The Stakeholders section's "Needs attention" tab: one line per thing to do about a person —
who, why, since or by when, and what to do — worst first; Enter or a double-click opens the
person."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from alliance_desk.core import wall
from alliance_desk.core.coverage import GapKind, coverage_gaps
from alliance_desk.core.dates import shown, shown_short
from alliance_desk.core.i18n import by_count
from alliance_desk.core.stakeholders import Stakeholder, due_within
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.table_model import Column, RowTableModel
from alliance_desk.ui.table_view import make_table
from alliance_desk.ui.theme import OVERDUE

CALL_DAYS = 7  # calls falling due this far ahead are listed

# Why, in a word or three: the column stays narrow enough to scan (the tooltip says it all).
WHY = {
    GapKind.NO_COUNTERPART: QT_TRANSLATE_NOOP("Attention", "No counterpart"),
    GapKind.CONTACT_OVERDUE: QT_TRANSLATE_NOOP("Attention", "Contact overdue"),
    GapKind.NO_PLAN: QT_TRANSLATE_NOOP("Attention", "No contact plan"),
    GapKind.NOT_ONBOARDED: QT_TRANSLATE_NOOP("Attention", "Not onboarded"),
}


@dataclass(frozen=True, slots=True)
class AttentionLine:
    """A thing to do about a person: who, why, since (or by) when, and what to do."""

    stakeholder_id: int
    name: str
    why: str
    when: date | None
    late: bool  # past its day
    todo: str
    about: str = ""  # why, whole ("High power, no communication plan"), where `why` is short


def _when_text(line: AttentionLine, today: date) -> str:
    """Short enough to sit beside the name on a laptop: "3 days late", "Tue 8 Dec"."""
    if line.when is None:
        return ""
    if line.late:
        days = (today - line.when).days
        return by_count(
            days,
            translate("Attention", "{days} day late"),
            translate("Attention", "{days} days late"),
        ).format(days=days)
    if line.when == today:
        return translate("Attention", "today")
    return shown_short(line.when, today)


def _when_tip(line: AttentionLine) -> str | None:
    if line.when is None:
        return None
    if line.late:
        return translate("Attention", "Due {day}").format(day=shown(line.when))
    return translate("Attention", "Due by {day}").format(day=shown(line.when))


def attention_lines(
    people: Sequence[Stakeholder], today: date, onboarded: Collection[int] | None = None
) -> list[AttentionLine]:
    """Calls due within a week (overdue first), then each gap in the coverage; a contact
    overdue is listed once, as its call."""
    lines = []
    for person in due_within(people, today, CALL_DAYS):
        due = person.next_due(today)
        assert due is not None  # due_within lists only people with a contact due
        late = due < today
        lines.append(
            AttentionLine(
                person.id,
                person.name,
                translate("Attention", "Call overdue")
                if late
                else translate("Attention", "Call due"),
                due,
                late,
                translate("Attention", "Call them and log it (Ctrl+I)"),
            )
        )
    called = {line.stakeholder_id for line in lines}
    for gap in coverage_gaps(people, today, onboarded=onboarded):
        if gap.kind is GapKind.CONTACT_OVERDUE and gap.stakeholder_id in called:
            continue  # the same fact as its call above
        # What to do, not why again: "No counterpart on our side: Pair them with someone"
        # beside "No counterpart" was cut at 1440, its news the part after the colon.
        todo = gap.detail
        if gap.kind is GapKind.CONTACT_OVERDUE:
            todo = translate("Attention", "Get in touch and log it (Ctrl+I)")
        why = translate("Attention", WHY[gap.kind])
        late = gap.since is not None
        lines.append(
            AttentionLine(gap.stakeholder_id, gap.name, why, gap.since, late, todo, gap.kind.label)
        )
    return lines


def columns(today: date) -> tuple[Column[AttentionLine], ...]:
    return (
        Column(QT_TRANSLATE_NOOP("Column", "Person"), lambda line: line.name, priority=0),
        Column(
            QT_TRANSLATE_NOOP("Column", "Why"),
            lambda line: line.why,
            tooltip=lambda line: line.about or line.todo,
            colour=lambda line: OVERDUE if line.late else None,
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "When"),
            lambda line: _when_text(line, today),
            tooltip=_when_tip,
            colour=lambda line: OVERDUE if line.late else None,
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "What to do"),
            lambda line: line.todo,
            tooltip=lambda line: line.todo,
            priority=2,
        ),
    )


class AttentionList(QWidget):
    """The lines, one per row; Enter or a double-click on one opens its person."""

    opened = Signal(int)  # stakeholder id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RowTableModel[AttentionLine] = RowTableModel(columns(wall.today()), self)
        self.table = make_table(self.model, None, stretch=1, name=self.tr("Needs attention"))
        self.table.setToolTip(self.tr("Enter or double-click opens the person"))
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        self.empty = QLabel(
            self.tr("Nothing needs attention: everyone is paired, planned and in touch.")
        )
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        # The chosen line whole, under the list: on a laptop its When and What to do step
        # aside, and a long one was cut at 1440 while the room below stood empty.
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAccessibleName(self.tr("The chosen line"))
        self.today = wall.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.empty)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

    def show_lines(self, lines: Sequence[AttentionLine], today: date) -> None:
        self.today = today
        self.model.columns = list(columns(today))
        self.model.set_rows(list(lines))
        self.table.setVisible(bool(lines))
        self.detail.setVisible(bool(lines))
        self.empty.setVisible(not lines)
        if lines and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_detail(self.table.currentIndex())

    def _show_detail(self, index) -> None:
        line = self.model.row_at(index.row()) if index.isValid() else None
        if line is None:
            self.detail.clear()
            return
        when = _when_text(line, self.today)
        why = line.about or line.why
        said = (
            self.tr("{name} — {why}, {when}").format(name=line.name, why=why, when=when)
            if when
            else self.tr("{name} — {why}").format(name=line.name, why=why)
        )
        todo = self.tr("What to do: {todo}").format(todo=line.todo)
        self.detail.setText(f"{said}\n{todo}")

    def count(self) -> int:
        return self.model.rowCount()

    def texts(self) -> list[str]:
        """Each line as read aloud: "Why · Person — when — what to do"."""
        return [
            " · ".join((line.why, line.name))
            + " — "
            + " — ".join(self.model.index(row, column).data() for column in (2, 3))
            for row, line in enumerate(self.model.visible_rows())
        ]

    def _open(self, index) -> None:
        line = self.model.row_at(index.row())
        if line is not None:
            self.opened.emit(line.stakeholder_id)
