"""What a pack will contain, shown under the Packs form before exporting: its sections in
order, what each holds for the chosen alliance, meeting or period, and the marking every page
carries (who may read it). Built from the same pack the export lays out, so it cannot differ."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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
from alliance_desk.ui.table_model import Column, RowTableModel, make_table
from alliance_desk.ui.widgets import heading

SAID = 60  # characters of a paragraph quoted
QUIET = "#6c7178"  # a section with nothing to report: grey, still 4.5:1 (lightened on dark)


def _count(number: int, one: str, many: str) -> str:
    return (
        translate("PackPreview", one)
        if number == 1
        else translate("PackPreview", many).format(count=number)
    )


def describe(block: Block) -> str:
    """A block of a pack in a few words: "12 rows", "9 key figures", "a chart"."""
    if isinstance(block, Table):
        return _count(
            len(block.rows),
            QT_TRANSLATE_NOOP("PackPreview", "one row"),
            QT_TRANSLATE_NOOP("PackPreview", "{count} rows"),
        )
    if isinstance(block, Kpis):
        return _count(
            len(block.figures),
            QT_TRANSLATE_NOOP("PackPreview", "one key figure"),
            QT_TRANSLATE_NOOP("PackPreview", "{count} key figures"),
        )
    if isinstance(block, Grid):
        return _count(
            len(block.people),
            QT_TRANSLATE_NOOP("PackPreview", "a map of one person"),
            QT_TRANSLATE_NOOP("PackPreview", "a map of {count} people"),
        )
    if isinstance(block, SmallCharts):
        return _count(
            len(block.charts),
            QT_TRANSLATE_NOOP("PackPreview", "one small chart"),
            QT_TRANSLATE_NOOP("PackPreview", "{count} small charts"),
        )
    if isinstance(block, BarChart | LineChart):
        return translate("PackPreview", "a chart")
    text = " ".join(block.text.split())
    return f"“{text[: SAID - 1]}…”" if len(text) > SAID else f"“{text}”"


def empty(section: Section) -> bool:
    """Only the "nothing recorded" line (or its like) in it."""
    return (
        len(section.blocks) == 1
        and isinstance(section.blocks[0], Text)
        and (section.blocks[0].style == "muted" or section.blocks[0].text == NOTHING)
    )


def contents(section: Section) -> str:
    if empty(section):
        text = section.blocks[0]
        assert isinstance(text, Text)  # empty() says so
        return text.text
    return ", ".join(describe(block) for block in section.blocks)


COLUMNS: tuple[Column[Section], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Section"), lambda s: s.title),
    Column(
        QT_TRANSLATE_NOOP("Column", "What it holds"),
        contents,
        colour=lambda s: QUIET if empty(s) else None,
        priority=1,
    ),
)


class PackPreview(QWidget):
    """The sections of the pack the form describes, or a line saying what to choose first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(self.tr("What the pack will contain"), level=2)
        self.marking = QLabel()
        self.marking.setObjectName("muted")
        self.marking.setWordWrap(True)
        self.marking.setTextFormat(Qt.TextFormat.PlainText)
        self.model: RowTableModel[Section] = RowTableModel(COLUMNS, self)
        self.table = make_table(self.model, None, stretch=1, name=self.tr("Sections of the pack"))
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.marking)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)  # takes the room while there is no table: the line stays on top
        self.layout_ = layout

    def show_pack(self, pack: Pack | None, why_not: str = "") -> None:
        """List `pack`'s sections; with none, say `why_not` (what to choose first)."""
        self.model.set_rows(list(pack.sections) if pack is not None else [])
        self.table.setVisible(pack is not None)
        self.layout_.setStretch(3, 0 if pack is not None else 1)
        if pack is None:
            self.marking.setText(why_not)
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
