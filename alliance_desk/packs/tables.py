"""Tables and key figures in a pack: columns wide enough for their words, rows that split
across pages.

Column widths start from the block's relative weights. A column is never made narrower than its
longest word — the room comes from columns that have more than their own longest word — unless
the words cannot all fit: then a token longer than its column's fair share (its weighted width,
or an equal share of the table, whichever is wider; a 120-letter name) wraps inside that share,
taking no room from the others. A cell taller than a page (a
10,000-character note) splits across pages.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Paragraph, TableStyle
from reportlab.platypus import Table as PdfTable

from alliance_desk.core.packs import Kpis, Table
from alliance_desk.packs.text import markup, one_font, width_of

ACCENT = colors.HexColor("#2f6f8f")
INK = colors.HexColor("#1f2a33")
RULE = colors.HexColor("#d5dde3")
CELL_SIZE = 8.3
PADDING = 12  # a cell's default 6 pt padding either side
SLACK = 2  # ReportLab measures a line a hair wider than the sum of its glyphs


def _words(text: str) -> list[str]:
    return text.split()


def column_widths(block: Table, width: float) -> list[float]:
    """Widths for the block's columns, filling `width` (see the module's docstring)."""
    count = len(block.headers)
    weights = block.widths or tuple(1 for _ in block.headers)
    widths = [width * w / sum(weights) for w in weights]
    need = []
    for index, header in enumerate(block.headers):
        longest = max(
            [width_of(w, CELL_SIZE, "DejaVu-Bold") for w in _words(str(header))]
            + [width_of(w, CELL_SIZE) for row in block.rows for w in _words(str(row[index]))],
            default=0,
        )
        need.append(longest + PADDING + SLACK)
    if sum(need) > width:  # some token is over-long: it wraps within its fair share
        need = [min(n, max(widths[i], width / count)) for i, n in enumerate(need)]
    if sum(need) > width:  # only when several columns each hold a long word: share alike
        return [n * width / sum(need) for n in need]
    for _ in range(count):
        short = [i for i in range(count) if widths[i] < need[i] - 0.01]
        if not short:
            break
        missing = sum(need[i] - widths[i] for i in short)
        for i in short:
            widths[i] = need[i]
        roomy = [i for i in range(count) if i not in short and widths[i] > need[i]]
        spare = sum(widths[i] - need[i] for i in roomy)
        for i in roomy:
            widths[i] -= missing * (widths[i] - need[i]) / spare
    return widths


def pdf_table(block: Table, width: float, styles) -> PdfTable:
    widths = column_widths(block, width)
    room = [w - PADDING for w in widths]
    cell_style = styles["cell"]

    def cell(value: object, column: int):
        """Text that fits on one line in DejaVu is drawn as it is (no markup, nothing to
        escape); only text that must wrap, or needs another font or reordering, pays for a
        Paragraph, twice per build."""
        text = str(value)
        if "\n" in text or not one_font(text) or width_of(text, CELL_SIZE) > room[column]:
            return Paragraph(markup(text, room[column], cell_style.fontSize), cell_style)
        return text

    data = [[Paragraph(markup(h), styles["head"]) for h in block.headers]]
    data += [[cell(value, column) for column, value in enumerate(row)] for row in block.rows]
    table = PdfTable(data, colWidths=widths, repeatRows=1, splitInRow=1)
    style = [
        ("FONT", (0, 1), (-1, -1), "DejaVu", cell_style.fontSize, cell_style.leading),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for row in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, row), (-1, row), colors.HexColor("#f4f7f9")))
    table.setStyle(TableStyle(style))
    return table


def kpi_table(block: Kpis, width: float, styles) -> PdfTable:
    cells, row = [], []
    for label, value, trend in block.figures:
        row.append(
            Paragraph(
                f'<font size="17" name="DejaVu-Bold">{markup(value)}</font>'
                f'  <font color="#5c6b77">{markup(trend)}</font><br/>{markup(label)}',
                styles["body"],
            )
        )
        if len(row) == 3:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (3 - len(row)))
    table = PdfTable(cells, colWidths=[width / 3] * 3)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table
