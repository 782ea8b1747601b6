"""Drawing a pack as a PDF with ReportLab platypus: cover, contents, sections, a footer with
the pack's marking and "page X of Y", and outline bookmarks. Text goes through `text.markup`
(escaping, fonts per character, right-to-left order), tables through `tables`, charts through
`charts`; a password encrypts with AES-256 (`encryption`)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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

from alliance_desk.core.files import write_private
from alliance_desk.core.packs import (
    BarChart,
    Grid,
    Kpis,
    LineChart,
    Pack,
    Section,
    SmallCharts,
    Table,
    Text,
)
from alliance_desk.packs.charts import bar_chart, grid, line_chart, small_charts
from alliance_desk.packs.contents import Contents
from alliance_desk.packs.contents import key as section_key
from alliance_desk.packs.tables import column_widths, kpi_table, pdf_table
from alliance_desk.packs.text import markup, reads_right_to_left, register_fonts, visual

__all__ = ["column_widths", "markup", "register_fonts", "render", "visual"]

ACCENT = colors.HexColor("#2f6f8f")
INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#5c6b77")
RULE = colors.HexColor("#d5dde3")


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


def _numbered_canvas(marking: str, contents: Contents):
    """A canvas that knows the page count when it draws each footer ("page X of Y"), and
    fills in the contents' page numbers before it saves."""

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._marks: list[tuple[str, dict]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._marks = []
            self._startPage()

        def bookmarkPage(self, key: str, **options) -> None:
            # bound when the page is really written (in `save`): bound now, every bookmark,
            # outline entry and contents link would lead to the first page
            self._marks.append((key, options))

        def save(self) -> None:
            contents.fill(self)
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                for key, options in self._marks:
                    super().bookmarkPage(key, **options)
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
    """Bookmarks each section heading in the outline and notes its page for the contents."""

    def __init__(self, path: str | IO[bytes], **kwargs: Any) -> None:
        super().__init__(path, pagesize=A4, **kwargs)
        frame = Frame(18 * mm, 20 * mm, A4[0] - 36 * mm, A4[1] - 38 * mm, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self.section_pages: dict[str, int] = {}

    def afterFlowable(self, flowable) -> None:
        title = getattr(flowable, "section_title", None)
        if title is None:
            return
        key = section_key(getattr(flowable, "section_number", 0))
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=0, closed=False)
        self.section_pages[key] = self.page


def _heading(text: str, number: int, styles) -> Paragraph:
    paragraph = Paragraph(markup(text), styles["h1"])
    paragraph.section_title = text
    paragraph.section_number = number
    return paragraph


def _section(section: Section, number: int, width: float, styles) -> list:
    story: list = [PageBreak()] if section.new_page else []
    story.append(_heading(section.title, number, styles))
    for block in section.blocks:
        if isinstance(block, Text):
            style = styles.get(block.style, styles["body"])
            if reads_right_to_left(block.text):
                style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
            story.append(Paragraph(markup(block.text, width, style.fontSize), style))
        elif isinstance(block, Table):
            story.append(pdf_table(block, width, styles))
        elif isinstance(block, Kpis):
            story.append(kpi_table(block, width, styles))
        elif isinstance(block, BarChart):
            story.append(KeepTogether(bar_chart(block, width)))
        elif isinstance(block, LineChart):
            story.append(KeepTogether(line_chart(block, width)))
        elif isinstance(block, Grid):
            story.append(KeepTogether(grid(block, width)))
        elif isinstance(block, SmallCharts):
            story.append(KeepTogether(small_charts(block, width)))
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
    allow_printing: bool = False,
    allow_copying: bool = False,
    progress: Callable[[int], None] | None = None,
    before_writing: Callable[[], None] | None = None,
) -> Path:
    """Write the pack to `path` (a PDF). With a password it is encrypted with AES-256: the
    password opens it, and printing or copying text is allowed only when asked for.
    `before_writing` runs once the PDF is made in memory, before anything is written (it
    may raise to stop the writing)."""
    register_fonts()
    styles = _styles()
    path = Path(path)
    encrypt = None
    if password:
        from alliance_desk.packs.encryption import Aes256Encryption  # only when asked for

        encrypt = Aes256Encryption(
            password, allow_printing=allow_printing, allow_copying=allow_copying
        )
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
    titles = [markup(section.title) for section in pack.sections]
    contents = Contents(titles, styles["toc"], document.section_pages)
    story = _cover(pack, width, styles)
    story += [Paragraph("Contents", styles["h1"]), contents, PageBreak()]
    for number, section in enumerate(pack.sections, start=1):
        story += _section(section, number, width, styles)
    document.build(story, canvasmaker=_numbered_canvas(pack.marking, contents))
    if before_writing is not None:
        before_writing()
    return write_private(path, buffer.getvalue())
