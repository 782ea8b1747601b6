"""What a pack will contain, shown under the Packs form before exporting: its sections in
order, what each holds for the chosen alliance, meeting or period, and the marking every page
carries (who may read it). Built from the same pack the export lays out, so it cannot differ."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from alliance_desk.core.governance import ComingMeeting
from alliance_desk.core.packs import (
    NOTHING,
    BarChart,
    Block,
    Grid,
    Kpis,
    LineChart,
    Pack,
    Section,
    SmallCharts,
    Table,
    Text,
)
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.table_model import Column, RowTableModel
from alliance_desk.ui.table_view import make_table
from alliance_desk.ui.widgets import heading

QUIET = "#6c7178"  # a section with nothing to report: grey, still 4.5:1 (lightened on dark)
SKIPPED = {"#", "Date", "Noted", "Raised"}  # a column that does not say what a table lists


def _listed(block: Table) -> str:
    """A table by what it lists: "Obligation: 3" (its first telling column and the count)."""
    header = next((h for h in block.headers if h not in SKIPPED), block.headers[0])
    return translate("PackPreview", "{what}: {count}").format(what=header, count=len(block.rows))


# Each kind of block a section has no summary for: what it shows, in words for one and more.
COUNTED: tuple[tuple[type, Callable[[Any], int], str, str], ...] = (
    (
        Kpis,
        lambda b: len(b.figures),
        QT_TRANSLATE_NOOP("PackPreview", "one key figure"),
        QT_TRANSLATE_NOOP("PackPreview", "{count} key figures"),
    ),
    (
        Grid,  # people by power and interest, or alliances by risk and value: named apart
        lambda b: len(b.people),
        QT_TRANSLATE_NOOP("PackPreview", "a {title} map of one"),
        QT_TRANSLATE_NOOP("PackPreview", "a {title} map of {count}"),
    ),
    (
        SmallCharts,
        lambda b: len(b.charts),
        QT_TRANSLATE_NOOP("PackPreview", "the trend of one measure"),
        QT_TRANSLATE_NOOP("PackPreview", "the trend of {count} measures"),
    ),
)


def describe(block: Block) -> str:
    """A block of a pack in a few words: "Risk: 8", "9 key figures", its chart's title, or
    its text whole."""
    if isinstance(block, Table):
        return _listed(block)
    for kind, count, one, many in COUNTED:
        if isinstance(block, kind):
            number = count(block)
            title = getattr(block, "title", "").lower()
            if number == 1:
                return translate("PackPreview", one).format(title=title)
            return translate("PackPreview", many).format(count=number, title=title)
    if isinstance(block, BarChart | LineChart):
        return block.title
    assert isinstance(block, Text)  # the only kind left
    return " ".join(block.text.split())


def empty(section: Section) -> bool:
    """Only the "nothing recorded" line (or its like) in it."""
    return (
        len(section.blocks) == 1
        and isinstance(section.blocks[0], Text)
        and (section.blocks[0].style == "muted" or section.blocks[0].text == NOTHING)
    )


def contents(section: Section) -> str:
    """What the section holds, in the reader's words: its summary ("3 open, oldest 12
    days"), else each block described."""
    if empty(section):
        text = section.blocks[0]
        assert isinstance(text, Text)  # empty() says so
        return text.text
    # A text's own full stop ends its part, not the line: "tier 1; North Star: …", not
    # "tier 1.; North Star: …".
    said = section.summary or "; ".join(describe(b).rstrip(" .;") for b in section.blocks)
    return said[:1].upper() + said[1:]  # a line of its own, begun as one ("None achieved")


COLUMNS: tuple[Column[Section], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Section"), lambda s: s.title),
    Column(
        QT_TRANSLATE_NOOP("Column", "What it holds"),
        contents,
        tooltip=contents,
        colour=lambda s: QUIET if empty(s) else None,
        priority=1,
    ),
)


def meeting_columns(names: dict[int, str]) -> tuple[Column[ComingMeeting], ...]:
    return (
        Column(
            QT_TRANSLATE_NOOP("Column", "When"),
            lambda m: m.when,
            key=lambda m: m.starts_at,
        ),
        Column(QT_TRANSLATE_NOOP("Column", "Committee"), lambda m: m.body_name, priority=1),
        Column(QT_TRANSLATE_NOOP("Column", "Alliance"), lambda m: names.get(m.alliance_id, "")),
    )


class PackPreview(QWidget):
    """The sections of the pack the form describes; before an alliance is chosen, the coming
    meetings of every alliance, each a double-click (or Enter) from its pack."""

    meeting_chosen = Signal(int, int)  # alliance id, meeting id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: dict[int, str] = {}
        self.meetings_model: RowTableModel[ComingMeeting] = RowTableModel(
            meeting_columns(self.names), self
        )
        self.meetings = make_table(
            self.meetings_model, None, stretch=1, name=self.tr("Coming meetings")
        )
        self.meetings.activated.connect(self._chosen)
        self.meetings.doubleClicked.connect(self._chosen)
        self.title = heading(self.tr("What the pack will contain"), level=2)
        self.marking = QLabel()
        self.marking.setObjectName("muted")
        self.marking.setWordWrap(True)
        self.marking.setTextFormat(Qt.TextFormat.PlainText)
        self.model: RowTableModel[Section] = RowTableModel(COLUMNS, self)
        self.table = make_table(self.model, None, stretch=1, name=self.tr("Sections of the pack"))
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)  # a summary is read whole, on two lines if need be
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.marking)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.meetings, 1)
        layout.addStretch(0)  # takes the room while there is no table: the line stays on top
        self.layout_ = layout

    def show_pack(
        self,
        pack: Pack | None,
        why_not: str = "",
        coming: Sequence[ComingMeeting] = (),
        names: dict[int, str] | None = None,
    ) -> None:
        """List `pack`'s sections; with none, say `why_not` (what to choose first) above the
        `coming` meetings, if any (`names`: alliance id -> name)."""
        self.model.set_rows(list(pack.sections) if pack is not None else [])
        self.table.setVisible(pack is not None)
        self.names.clear()
        self.names.update(names or {})
        self.meetings_model.set_rows(list(coming) if pack is None else [])
        self.meetings.setVisible(pack is None and bool(coming))
        # Over a list of meetings the heading names them: "What the pack will contain" above
        # a table of committees read as if the pack held them.
        self.title.setText(
            self.tr("Coming meetings")
            if pack is None and coming
            else self.tr("What the pack will contain")
        )
        self.layout_.setStretch(4, 0 if pack is not None or coming else 1)
        if pack is None:
            self.marking.setText(
                why_not
                + (
                    " " + self.tr("Or double-click a coming meeting for its governance pack:")
                    if coming
                    else ""
                )
            )
            return
        self.marking.setText(
            self.tr("“{title}” — {subtitle}. Every page is marked: {marking}.").format(
                title=pack.title, subtitle=pack.subtitle, marking=pack.marking
            )
            if pack.subtitle
            else self.tr("“{title}”. Every page is marked: {marking}.").format(
                title=pack.title, marking=pack.marking
            )
        )

    def _chosen(self, index) -> None:
        meeting = self.meetings_model.row_at(index.row())
        if meeting is not None:
            self.meeting_chosen.emit(meeting.alliance_id, meeting.meeting_id)
