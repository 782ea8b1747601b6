"""Cells showing the words a search matched in bold (the Ctrl+K palette's snippets).

A snippet carries `core.search.MARK_START` / `MARK_END` around its matched words; everything
else in it is the user's own text, escaped, so a note holding `<b>` or `&` shows as typed."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from alliance_desk.core.search import MARK_END, MARK_START, snippet_parts

Index = QModelIndex | QPersistentModelIndex


def elided(snippet: str, font: QFont, width: float) -> str:
    """`snippet` cut with "…" where it would run past `width` pixels in `font` (its matched
    words measured in bold), marks kept."""
    bold = QFont(font)
    bold.setBold(True)
    plain_metrics, bold_metrics = QFontMetricsF(font), QFontMetricsF(bold)
    room = width - plain_metrics.horizontalAdvance("…")
    kept = []
    for text, matched in snippet_parts(snippet):
        metrics = bold_metrics if matched else plain_metrics
        needed = metrics.horizontalAdvance(text)
        if needed <= room:
            kept.append(f"{MARK_START}{text}{MARK_END}" if matched else text)
            room -= needed
            continue
        cut = text
        while cut and metrics.horizontalAdvance(cut) > room:
            cut = cut[:-1]
        if cut:
            kept.append(f"{MARK_START}{cut}{MARK_END}" if matched else cut)
        return "".join(kept) + "…"
    return snippet


def marked_html(snippet: str) -> str:
    """`snippet` as rich text: its matched words bold, every character of it shown as typed."""
    pieces = (
        f"<b>{escape(text, quote=False)}</b>" if matched else escape(text, quote=False)
        for text, matched in snippet_parts(snippet)
    )
    return f"<span style='white-space: pre'>{''.join(pieces)}</span>"


class MarkedTextDelegate(QStyledItemDelegate):
    """Draws a cell from `marked(index)` (a snippet with marks) with its matches in bold; a
    cell without marks is drawn as any other."""

    def __init__(self, marked: Callable[[Index], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marked = marked

    def document(
        self, option: QStyleOptionViewItem, index: Index, width: float | None = None
    ) -> QTextDocument | None:
        """The cell's text laid out as it is drawn, cut to `width` pixels (None: a plain
        cell)."""
        snippet = self.marked(index)
        if MARK_START not in snippet:
            return None
        if width is not None:
            snippet = elided(snippet, option.font, width)
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        document.setHtml(marked_html(snippet))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        view = QStyleOptionViewItem(option)
        self.initStyleOption(view, index)
        style = view.widget.style() if view.widget else QApplication.style()
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, view, view.widget)
        # The margin Qt leaves either side of a plain cell's text, so both line up.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view.widget) + 1
        area.adjust(margin, 0, -margin, 0)
        document = self.document(view, index, area.width())
        if document is None:
            super().paint(painter, option, index)
            return
        view.text = ""  # background, selection and focus as usual; the words drawn below
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view, painter, view.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(view.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, view.palette.color(role))
        painter.save()
        top = area.top() + max(0.0, (area.height() - document.size().height()) / 2)
        painter.translate(QPointF(area.left(), top))
        painter.setClipRect(QRectF(0, 0, area.width(), area.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        view = QStyleOptionViewItem(option)
        self.initStyleOption(view, index)
        document = self.document(view, index)
        if document is None:
            return size
        return QSize(max(size.width(), int(document.idealWidth()) + 8), size.height())
