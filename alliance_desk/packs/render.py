"""Drawing a pack as a PDF with ReportLab platypus.

Every piece of user text goes through `markup()`: it is XML-escaped (so `<b>`, `&amp;` or
`<img src=…>` print literally and ReportLab never reads a file), and split into runs so that
Chinese, Japanese and Korean characters use the bundled WenQuanYi Micro Hei while everything
else uses DejaVu Sans — ReportLab does no per-character font fallback of its own. A line with
Hebrew or Arabic is put in visual order first (`visual()`), wrapped to its width beforehand
where the width is known, since ReportLab itself neither reorders nor joins letters.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors, pdfencrypt
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.tableofcontents import TableOfContents

from alliance_desk.core.bundle import resource_path
from alliance_desk.core.files import write_private
from alliance_desk.core.packs import BarChart, Grid, Kpis, LineChart, Pack, Section, Table, Text

ACCENT = colors.HexColor("#2f6f8f")
INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#5c6b77")
RULE = colors.HexColor("#d5dde3")
SIDES = {"internal": colors.HexColor("#2f6f8f"), "partner": colors.HexColor("#c0772b")}

# Chinese, Japanese and Korean ranges (CJK punctuation, kana, ideographs, Hangul, full-width).
CJK = re.compile(
    "([\u2e80-\u2fff\u3000-\u30ff\u3130-\u318f\u31c0-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+)"
)


# Right-to-left letters: Hebrew, Arabic with its supplements, Syriac, Thaana, N'Ko, and the
# Hebrew and Arabic presentation forms.
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def visual(line: str) -> str:
    """One line of text in the order the PDF draws it: Arabic letters in their joined forms
    (arabic-reshaper), then the whole line reordered by the Unicode bidi algorithm
    (python-bidi). A line with no right-to-left letter comes back as it is."""
    if not RTL.search(line):
        return line
    from arabic_reshaper import reshape
    from bidi.algorithm import get_display

    return get_display(reshape(line))


def reads_right_to_left(text: str) -> bool:
    """Whether the first letter with a direction is Hebrew or Arabic (the text's own base
    direction in the Unicode bidi algorithm)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _wrap(line: str, width: float, size: float) -> list[str]:
    """A right-to-left line broken into lines that fit `width`, in reading order: ReportLab
    would break the reordered line, putting the end of the sentence first."""
    lines, current = [], ""
    for word in line.split(" "):
        trial = f"{current} {word}" if current else word
        if current and pdfmetrics.stringWidth(visual(trial), "DejaVu", size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]


@cache
def register_fonts() -> None:
    fonts = resource_path("fonts")
    pdfmetrics.registerFont(TTFont("DejaVu", str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("WQY", str(fonts / "wqy-microhei.ttc"), subfontIndex=0))
    pdfmetrics.registerFontFamily(
        "DejaVu", normal="DejaVu", bold="DejaVu-Bold", italic="DejaVu", boldItalic="DejaVu-Bold"
    )


def markup(text: object, width: float | None = None, size: float = 9.5) -> str:
    """User text made safe for a Paragraph, with CJK runs in the CJK font and right-to-left
    lines in visual order (wrapped first to `width` at font `size`, when given)."""
    lines = []
    for line in str(text).split("\n"):
        if RTL.search(line):
            lines += [visual(part) for part in (_wrap(line, width, size) if width else [line])]
        else:
            lines.append(line)
    parts = CJK.split("\n".join(lines))
    out = []
    for index, part in enumerate(parts):
        if not part:
            continue
        safe = escape(part, {'"': "&quot;"}).replace("\n", "<br/>")
        out.append(f'<font name="WQY">{safe}</font>' if index % 2 else safe)
    return "".join(out)


def _font_for(text: str) -> str:
    """The bundled font for a one-font label: WenQuanYi for CJK, else DejaVu."""
    return "WQY" if CJK.search(text) else "DejaVu"


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="DejaVu", fontSize=9.5, leading=13, textColor=INK)
    return {
        "body": base,
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED, fontSize=9),
        "quote": ParagraphStyle("quote", parent=base, leftIndent=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.3, leading=10.5),
        "head": ParagraphStyle(
            "head",
            parent=base,
            fontName="DejaVu-Bold",
            fontSize=8.3,
            leading=10.5,
            textColor=colors.white,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName="DejaVu-Bold",
            fontSize=15,
            leading=19,
            spaceBefore=4,
            spaceAfter=8,
            textColor=ACCENT,
            keepWithNext=1,  # a heading never ends a page alone
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName="DejaVu-Bold", fontSize=26, leading=32
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=14, leading=19, textColor=MUTED
        ),
        "toc": ParagraphStyle("toc", parent=base, fontSize=11, leading=18, alignment=TA_LEFT),
    }


def _numbered_canvas(marking: str):
    """A canvas that knows the page count when it draws each footer ("page X of Y")."""

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = A4
            self.setStrokeColor(RULE)
            self.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
            self.setFont("DejaVu", 7.5)
            self.setFillColor(MUTED)
            self.drawString(18 * mm, 9.5 * mm, visual(marking))
            self.drawRightString(width - 18 * mm, 9.5 * mm, f"Page {self._pageNumber} of {total}")

    return NumberedCanvas


class PackDocument(BaseDocTemplate):
    """Bookmarks each section heading in the outline and the contents."""

    def __init__(self, path: str, **kwargs) -> None:
        super().__init__(path, pagesize=A4, **kwargs)
        frame = Frame(18 * mm, 20 * mm, A4[0] - 36 * mm, A4[1] - 38 * mm, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._sections = 0

    def afterFlowable(self, flowable) -> None:
        title = getattr(flowable, "section_title", None)
        if title is None:
            return
        key = f"section-{getattr(flowable, 'section_number', 0)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=0, closed=False)
        self.notify("TOCEntry", (0, markup(title), self.page, key))


def _heading(text: str, number: int, styles) -> Paragraph:
    paragraph = Paragraph(markup(text), styles["h1"])
    paragraph.section_title = text
    paragraph.section_number = number
    return paragraph


def column_widths(block: Table, width: float) -> list[float]:
    """Widths from the block's relative weights, but never narrower than a column's longest
    word (so "Supporter" or a date never breaks mid-word); the room comes from wider columns."""
    weights = block.widths or tuple(1 for _ in block.headers)
    widths = [width * w / sum(weights) for w in weights]
    minimum = []
    for index, header in enumerate(block.headers):
        words = str(header).split() + [
            word for row in block.rows for word in str(row[index]).split()
        ]
        bold = max(
            (pdfmetrics.stringWidth(w, "DejaVu-Bold", 8.3) for w in str(header).split()), default=0
        )
        longest = max((pdfmetrics.stringWidth(w, "DejaVu", 8.3) for w in words), default=0)
        minimum.append(min(max(bold, longest) + 14, width / 2))  # + cell padding
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < minimum[i]]
        if not short:
            break
        needed = sum(minimum[i] - widths[i] for i in short)
        for i in short:
            widths[i] = minimum[i]
        roomy = [i for i, w in enumerate(widths) if i not in short and w > minimum[i]]
        spare = sum(widths[i] - minimum[i] for i in roomy)
        if spare <= 0:
            break
        for i in roomy:
            widths[i] -= needed * (widths[i] - minimum[i]) / spare
    scale = width / sum(widths)
    return [w * scale for w in widths]


def _table(block: Table, width: float, styles) -> PdfTable:
    widths = column_widths(block, width)
    room = [w - 12 for w in widths]  # less the cell's default 6 pt padding either side
    cell_style = styles["cell"]

    def cell(value: object, column: int):
        """Text that fits on one line is drawn as it is (no markup, nothing to escape);
        only text that must wrap, or holds CJK, pays for a Paragraph, twice per build."""
        text = str(value)
        if (
            "\n" in text
            or CJK.search(text)
            or RTL.search(text)
            or pdfmetrics.stringWidth(text, "DejaVu", cell_style.fontSize) > room[column]
        ):
            return Paragraph(markup(text, room[column], cell_style.fontSize), cell_style)
        return text

    data = [[Paragraph(markup(h), styles["head"]) for h in block.headers]]
    data += [[cell(value, column) for column, value in enumerate(row)] for row in block.rows]
    table = PdfTable(data, colWidths=widths, repeatRows=1)
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


def _kpis(block: Kpis, width: float, styles) -> PdfTable:
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


def _bar_chart(block: BarChart, width: float) -> Drawing:
    drawing = Drawing(width, 210)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 60, width - 60, 120
    chart.data = [list(values) for _, values in block.series]
    chart.categoryAxis.categoryNames = [visual(str(name)) for name in block.categories]
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.fontName = "DejaVu"
    for index, name in enumerate(block.categories):  # one font per label: CJK names too
        chart.categoryAxis.labels[index].fontName = _font_for(str(name))
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fontName = "DejaVu"
    chart.valueAxis.valueMin = 0
    palette = [ACCENT, SIDES["partner"], colors.HexColor("#6b8f3a")]
    for index in range(len(block.series)):
        chart.bars[index].fillColor = palette[index % len(palette)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.height = 230
    drawing.add(
        String(0, 218, visual(block.title), fontName="DejaVu-Bold", fontSize=9, fillColor=INK)
    )
    x = 0
    for index, (name, _) in enumerate(block.series):
        drawing.add(Rect(x, 202, 8, 8, fillColor=palette[index % len(palette)], strokeColor=None))
        drawing.add(
            String(x + 11, 203, visual(name), fontName=_font_for(name), fontSize=7, fillColor=MUTED)
        )
        x += 150
    return drawing


def _line_chart(block: LineChart, width: float) -> Drawing:
    drawing = Drawing(width, 160)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 60, 100
    chart.data = [[value for _, value in block.points]]
    chart.categoryAxis.categoryNames = [visual(label) for label, _ in block.points]
    chart.categoryAxis.labels.fontName = "DejaVu"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = block.low, block.high
    chart.valueAxis.labels.fontName = "DejaVu"
    chart.lines[0].strokeColor = ACCENT
    chart.lines[0].strokeWidth = 2
    drawing.add(chart)
    drawing.add(String(0, 145, block.title, fontName="DejaVu-Bold", fontSize=9, fillColor=INK))
    return drawing


def _grid(block: Grid, width: float) -> Drawing:
    """A small power × interest map; people sharing a cell are spread out inside it."""
    size = min(width, 320)
    cell = (size - 30) / 5
    drawing = Drawing(width, size + 20)
    left, bottom = 30, 20
    for i in range(6):
        drawing.add(
            Line(left + i * cell, bottom, left + i * cell, bottom + 5 * cell, strokeColor=RULE)
        )
        drawing.add(
            Line(left, bottom + i * cell, left + 5 * cell, bottom + i * cell, strokeColor=RULE)
        )
    split = 3 * cell
    drawing.add(Line(left + split, bottom, left + split, bottom + 5 * cell, strokeColor=MUTED))
    drawing.add(Line(left, bottom + split, left + 5 * cell, bottom + split, strokeColor=MUTED))
    drawing.add(String(left, 4, block.across, fontName="DejaVu", fontSize=7, fillColor=MUTED))
    drawing.add(
        String(0, bottom + 5 * cell + 4, block.up, fontName="DejaVu", fontSize=7, fillColor=MUTED)
    )
    groups: dict[tuple[int, int], list] = {}
    for person in block.people:
        groups.setdefault((person[1], person[2]), []).append(person)
    for (power, interest), people in groups.items():
        for index, (name, _, _, side) in enumerate(people[:6]):
            x = left + (interest - 0.5) * cell
            y = bottom + (power - 1) * cell + cell - 9 - index * (cell / 6.2)
            drawing.add(
                Circle(
                    x - cell / 2 + 6,
                    y + 2.5,
                    2.6,
                    fillColor=SIDES.get(side, MUTED),
                    strokeColor=None,
                )
            )
            label = name if len(name) <= 16 else name[:15] + "…"
            drawing.add(
                String(
                    x - cell / 2 + 11,
                    y,
                    visual(label),
                    fontName=_font_for(label),
                    fontSize=5.6,
                    fillColor=INK,
                )
            )
    return drawing


def _section(section: Section, number: int, width: float, styles) -> list:
    story: list = [_heading(section.title, number, styles)]
    for block in section.blocks:
        if isinstance(block, Text):
            style = styles.get(block.style, styles["body"])
            if reads_right_to_left(block.text):
                style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
            story.append(Paragraph(markup(block.text, width, style.fontSize), style))
        elif isinstance(block, Table):
            story.append(_table(block, width, styles))
        elif isinstance(block, Kpis):
            story.append(_kpis(block, width, styles))
        elif isinstance(block, BarChart):
            story.append(KeepTogether(_bar_chart(block, width)))
        elif isinstance(block, LineChart):
            story.append(KeepTogether(_line_chart(block, width)))
        elif isinstance(block, Grid):
            story.append(KeepTogether(_grid(block, width)))
        story.append(Spacer(1, 6))
    story.append(Spacer(1, 10))
    return story


def _cover(pack: Pack, width: float, styles) -> list:
    lines = [
        [
            Paragraph(markup(label), styles["muted"]),
            Paragraph(markup(value, width * 0.75 - 12), styles["body"]),
        ]
        for label, value in pack.cover_lines
    ]
    table = PdfTable(lines, colWidths=[width * 0.25, width * 0.75])
    table.setStyle(
        TableStyle(
            [("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    return [
        Spacer(1, 60 * mm),
        Paragraph(markup(pack.kind.label.upper()), styles["muted"]),
        Spacer(1, 4),
        Paragraph(markup(pack.title), styles["title"]),
        Paragraph(markup(pack.subtitle), styles["subtitle"]),
        Spacer(1, 14 * mm),
        table,
        Spacer(1, 12 * mm),
        Paragraph(f'<font color="#a8551a">{markup(pack.marking)}</font>', styles["body"]),
        PageBreak(),
    ]


def render(
    pack: Pack,
    path: str | Path,
    *,
    password: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write the pack to `path` (a PDF), optionally protected by a password."""
    register_fonts()
    styles = _styles()
    path = Path(path)
    encrypt = pdfencrypt.StandardEncryption(password, canPrint=1) if password else None
    buffer = io.BytesIO()  # the file is written privately and atomically once complete
    document = PackDocument(
        buffer,
        title=f"{pack.kind.label}: {pack.title}",
        author="Alliance Desk",
        subject=pack.subtitle,
        encrypt=encrypt,
    )
    if progress is not None:
        document.setProgressCallBack(
            lambda kind, value: progress(value) if kind == "PAGE" else None
        )
    width = document.width
    contents = TableOfContents()
    contents.levelStyles = [styles["toc"]]
    contents.dotsMinLevel = 0
    story = _cover(pack, width, styles)
    story += [Paragraph("Contents", styles["h1"]), contents, PageBreak()]
    for number, section in enumerate(pack.sections, start=1):
        story += _section(section, number, width, styles)
    document.multiBuild(story, canvasmaker=_numbered_canvas(pack.marking))
    return write_private(path, buffer.getvalue())
